"""Data sets for bpsim: generators, CSV import, the bundled real sets (Qt-free).

Use :func:`prepare` to turn a :class:`~bpsim.spec.DataSpec` into training arrays.
"""

from __future__ import annotations

from typing import Any

from bpsim.data.csvimport import read_csv
from bpsim.data.dataset import DataError, Dataset
from bpsim.data.generators import GENERATORS
from bpsim.data.prepare import Prepared, check_sizes, load_dataset, prepare


def generate(name: str, **params: Any) -> Dataset:
    """The data set ``name`` of :data:`GENERATORS`, made with ``params``."""
    if name not in GENERATORS:
        raise DataError(f"unknown data set {name!r}; choose one of {', '.join(GENERATORS)}")
    return GENERATORS[name](**params)


__all__ = [
    "GENERATORS", "DataError", "Dataset", "Prepared", "check_sizes", "generate",
    "load_dataset", "prepare", "read_csv",
]
