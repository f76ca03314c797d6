"""Decode one record's bytes: UTF-8, else a detected legacy charset, else UTF-8 with U+FFFD."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Legacy encodings in order of use on the web; detection picks among these.
_LEGACY = (
    "cp1252", "cp1251", "cp1250", "shift_jis", "gb18030", "euc_kr", "big5", "euc_jp", "cp1256",
    "cp1253", "cp1254", "cp1255", "cp1257", "cp874", "koi8_r", "iso8859_2", "iso8859_15",
)  # fmt: skip
_DETECT_BYTES = 64 * 1024
_MAX_DETECTIONS = 16  # per file: a file of many bad records is detected a bounded number of times
# A character UTF-8 decoding produced from a multi-byte sequence (not a replacement): the bytes
# are UTF-8 with damage, not a legacy charset.
_WIDE = re.compile("[^\x00-\x7f\ufffd]")


@dataclass
class Decoder:
    """Decode the records of one file, remembering the legacy charset it detected."""

    codec: str | None = None
    detections: int = 0

    def decode(self, data: bytes) -> tuple[str, tuple[str, ...]]:
        """Return the text of one record and the warnings of what had to be repaired."""
        try:
            return data.decode("utf-8"), ()
        except UnicodeDecodeError:
            pass
        damaged = data.decode("utf-8", errors="replace")
        if not _WIDE.search(damaged):
            legacy = self._legacy(data)
            if legacy is not None:
                return legacy
        replaced = damaged.count("\ufffd") - data.count("\ufffd".encode())
        return damaged, (f"{replaced:,} byte(s) not valid UTF-8 replaced by U+FFFD",)

    def _legacy(self, data: bytes) -> tuple[str, tuple[str, ...]] | None:
        """Decode with the file's legacy charset (detected once), or None if it does not fit."""
        if self.codec is None and self.detections < _MAX_DETECTIONS:
            self.detections += 1
            best = from_bytes(data[:_DETECT_BYTES], cp_isolation=list(_LEGACY)).best()
            self.codec = best.encoding if best is not None else None
        if self.codec is None:
            return None
        try:
            text = data.decode(self.codec)
        except UnicodeDecodeError:
            self.codec = None  # detect again on the next record that needs it
            return None
        return text, (f"not valid UTF-8: decoded as {self.codec}",)
