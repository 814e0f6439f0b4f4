"""Carry a network onward: ONNX, a NumPy archive, a short Python file (Qt-free).

``export(spec, {"onnx": path, ...}, base_dir)`` writes every requested format. Each format
is a module with one function per layer kind (``LAYER_WRITERS``); a new kind (conv,
max_pool) is one more function in each.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bpsim.export.model import ExportError, ExportModel, export_model
from bpsim.spec import NetworkSpec

FORMATS = {"onnx": "ONNX graph", "npz": "NumPy archive", "python": "Python file"}
SUFFIXES = {"onnx": ".onnx", "npz": ".npz", "python": ".py"}


def _writer(fmt: str):
    if fmt == "onnx":
        from bpsim.export.to_onnx import LAYER_WRITERS, write_onnx

        return write_onnx, tuple(LAYER_WRITERS)
    if fmt == "npz":
        from bpsim.export.to_npz import LAYER_WRITERS, write_npz

        return write_npz, tuple(LAYER_WRITERS)
    if fmt == "python":
        from bpsim.export.to_python import LAYER_WRITERS, write_python

        return write_python, tuple(LAYER_WRITERS)
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export(spec: NetworkSpec, targets: Mapping[str, str | Path],
           base_dir: Path | None = None) -> None:
    """Write ``spec`` in every format of ``targets`` (format -> path)."""
    writers = {fmt: _writer(fmt) for fmt in targets}
    kinds = set.intersection(*(set(k) for _, k in writers.values())) if writers else set()
    model = export_model(spec, base_dir, tuple(sorted(kinds)))
    for fmt, path in targets.items():
        writers[fmt][0](model, path)


__all__ = ["FORMATS", "SUFFIXES", "ExportError", "ExportModel", "export", "export_model"]
