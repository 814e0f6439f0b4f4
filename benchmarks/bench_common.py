"""What the benchmark scripts share: which extra they need, and ratios said the right way."""

from __future__ import annotations

import importlib
import sys

BENCH_EXTRA = 'pip install -e ".[bench]"'


def require(module: str, what: str = "scikit-learn") -> None:
    """Exit with one line saying how to install ``module`` if it is missing."""
    try:
        importlib.import_module(module)
    except ImportError:
        sys.exit(f"this benchmark needs {what}: {BENCH_EXTRA}")


def compared(other: float, bpsim: float) -> str:
    """"bpsim is 2.10x faster" or "bpsim is 1.11x slower" from two times (never "0.90x
    faster")."""
    if other >= bpsim:
        return f"bpsim is {other / bpsim:5.2f}x faster"
    return f"bpsim is {bpsim / other:5.2f}x slower"
