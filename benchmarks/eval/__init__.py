"""One evaluation suite over every labelled dataset: `python -m benchmarks.eval` (see README.md).

The older scripts in benchmarks/ import each other as top-level modules (they are run as
`python benchmarks/x.py`), so their folder goes on sys.path once here to reuse their scoring.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))
