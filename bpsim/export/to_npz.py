"""The network as a NumPy archive (``np.load`` reads it without pickle).

Keys: ``sizes`` (L+1,) int, ``activations`` (L,) str, ``kinds`` (L,) str, ``slopes`` (L,)
(Leaky ReLU's negative slope), ``loss``, ``input_labels``, ``output_labels``; per layer
l = 1..L ``W{l}`` (units, inputs) and ``b{l}`` (units,), so that o_l = f_l(o_{l-1} @ W{l}.T +
b{l}); ``shift`` and ``scale`` (inputs,) when the network standardises its raw inputs:
o_0 = (x - shift) / scale.
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


LAYER_WRITERS = {"dense": _dense}


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
    if model.shift is not None:
        arrays["shift"], arrays["scale"] = model.shift, model.scale
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def write_npz(model: ExportModel, path: str | Path) -> None:
    atomic_write(path, npz_bytes(model))
