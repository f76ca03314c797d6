"""One evaluation suite over every labelled dataset: `python -m benchmarks.eval` (see README.md).

The suite imports the older scripts' scoring as `benchmarks.<script>`; some of those scripts
import their siblings as top-level modules (they are run as `python benchmarks/x.py`), so their
folder also goes on the end of sys.path once here.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))
