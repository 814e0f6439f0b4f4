"""The benchmarks say ratios the right way round and name the extra they need."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_common import compared, require  # noqa: E402


def test_a_slower_bpsim_is_called_slower_never_0_90x_faster():
    assert compared(2.0, 1.0) == "bpsim is  2.00x faster"
    assert compared(0.9, 1.0) == "bpsim is  1.11x slower"


def test_a_missing_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    with pytest.raises(SystemExit, match=r'this benchmark needs scikit-learn: pip install -e '
                                         r'"\.\[bench\]"'):
        require("sklearn")
