"""The network as a NumPy archive (``np.load`` reads it without pickle).

Keys: ``sizes`` (L+1,) int, ``activations`` (L,) str, ``kinds`` (L,) str (dense, conv,
max_pool), ``slopes`` (L,) (Leaky ReLU's negative slope), ``loss``, ``input_labels``,
``output_labels``; per dense layer l = 1..L ``W{l}`` (units, inputs) and ``b{l}`` (units,), so
that o_l = f_l(o_{l-1} @ W{l}.T + b{l}); per conv layer ``W{l}`` (filters, channels, *kernel),
``b{l}`` (filters,), ``stride{l}``, ``padding{l}``; per max_pool layer ``window{l}``; for
maps ``input_shape`` and ``shape{l}`` (channels, *spatial) of each map layer's output (flat
vectors are these maps in row-major order); ``shift`` and ``scale`` (inputs,) when the
network standardises its raw inputs: o_0 = (x - shift) / scale.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from bpsim.export.model import ExportModel
from bpsim.safeio import atomic_write


def _dense(l: int, layer) -> dict[str, np.ndarray]:
    return {f"W{l}": np.asarray(layer.weights, np.float64),
            f"b{l}": np.asarray(layer.biases, np.float64)}


def _conv(l: int, layer) -> dict[str, np.ndarray]:
    return {**_dense(l, layer), f"stride{l}": np.array(layer.stride, np.int64),
            f"padding{l}": np.array(layer.padding, np.int64),
            f"shape{l}": np.array(layer.shape, np.int64)}


def _max_pool(l: int, layer) -> dict[str, np.ndarray]:
    return {f"window{l}": np.array(layer.pool, np.int64),
            f"shape{l}": np.array(layer.shape, np.int64)}


LAYER_WRITERS = {"dense": _dense, "conv": _conv, "max_pool": _max_pool}


def npz_bytes(model: ExportModel) -> bytes:
    arrays: dict[str, np.ndarray] = {
        "sizes": np.array(model.sizes, dtype=np.int64),
        "activations": np.array([layer.activation for layer in model.layers]),
        "kinds": np.array([layer.kind for layer in model.layers]),
        "slopes": np.array([layer.slope for layer in model.layers], dtype=np.float64),
        "loss": np.array(model.loss),
        "input_labels": np.array(model.input_labels),
        "output_labels": np.array(model.output_labels),
    }
    for l, layer in enumerate(model.layers, start=1):
        arrays.update(LAYER_WRITERS[layer.kind](l, layer))
    if model.input_shape is not None:
        arrays["input_shape"] = np.array(model.input_shape, np.int64)
    if model.shift is not None:
        arrays["shift"], arrays["scale"] = model.shift, model.scale
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def write_npz(model: ExportModel, path: str | Path) -> None:
    atomic_write(path, npz_bytes(model))
