"""Numbers a float32 network cannot hold: under ``"dtype": "float32"`` every stored number must
fit a float32 (magnitude at most 3.4e38), or training would start from infinite weights."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

import numpy as np

from bpsim.fileformat.errors import FileFormatError
from bpsim.spec import NetworkSpec

F32_MAX = float(np.finfo(np.float32).max)


def _arrays(spec: NetworkSpec) -> Iterator[tuple[str, np.ndarray]]:
    """(JSON path, array) of every stored array: layers, data, state."""
    for i, layer in enumerate(spec.layers):
        for f in fields(layer):
            value = getattr(layer, f.name)
            if isinstance(value, np.ndarray):
                yield f"layers[{i}].{f.name}", value
    if spec.data is not None:
        for f in fields(spec.data):
            value = getattr(spec.data, f.name)
            if isinstance(value, np.ndarray):
                yield f"data.{f.name}", value
    for key, value in (spec.state or {}).items():
        if isinstance(value, list | tuple):
            for i, a in enumerate(value):
                if isinstance(a, np.ndarray):
                    yield f"state.{key}[{i}]", a


def check_float32(spec: NetworkSpec, source: str) -> None:
    """FileFormatError at the first number too large for float32 when the spec trains in it."""
    if spec.training.dtype != "float32":
        return
    for path, a in _arrays(spec):
        big = np.abs(a) > F32_MAX
        if big.any():
            index = np.unravel_index(int(np.argmax(big)), a.shape)
            where = path + "".join(f"[{k}]" for k in index)
            raise FileFormatError(
                f"{source}: {where}: {float(a[index]):g} is too large for the float32 the "
                f"network computes in (training.dtype; at most {F32_MAX:.4g}); use \"float64\"")
