"""What every export format needs from a network file, in one plain object.

:func:`export_model` turns a spec into an :class:`ExportModel`: the layers with their weights
(initialised if the file has none) and the input transform x' = (x - shift) / scale the
network was trained with, so that an exported network takes the raw inputs (the CSV's
columns) and gives what bpsim's forward pass gives. Each format writes one function per layer
kind (``dense`` today; ``conv`` and ``max_pool`` slot in beside it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bpsim.engine.build import initialized
from bpsim.naming import unit_labels
from bpsim.spec import LayerSpec, NetworkSpec


class ExportError(ValueError):
    """The network cannot be exported (one line for the user)."""


@dataclass(frozen=True, slots=True, eq=False)
class ExportModel:
    """``layers``: the spec's non-input layers, weights present (``kind`` dense, conv or
    max_pool); ``input_shape`` the input maps (C, L) or (C, H, W), None for a flat input.
    ``shift``/``scale`` (n_in,) the input transform, or None when the network takes its
    inputs as they are. Inputs and outputs are flat vectors (maps in row-major order)."""

    name: str
    layers: tuple[LayerSpec, ...]
    input_shape: tuple[int, ...] | None
    n_inputs: int
    input_labels: tuple[str, ...]
    output_labels: tuple[str, ...]
    shift: np.ndarray | None
    scale: np.ndarray | None
    loss: str

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.n_inputs, *(layer.size for layer in self.layers))

    def in_shapes(self) -> list[tuple[int, ...]]:
        """The shape each layer receives: maps (C, ...) or (n,) for a flat vector."""
        shapes = [self.input_shape or (self.n_inputs,)]
        shapes += [layer.out_shape for layer in self.layers[:-1]]
        return shapes


def export_model(spec: NetworkSpec, base_dir: Path | None = None,
                 kinds: tuple[str, ...] = ("dense", "conv", "max_pool")) -> ExportModel:
    """The network of ``spec`` ready to export; ``kinds`` are the layer kinds the format
    writes (ExportError names any other)."""
    for l, layer in enumerate(spec.layers[1:], start=1):
        if layer.kind not in kinds:
            raise ExportError(f"layer {l} is a {layer.kind} layer; export writes "
                              f"{' and '.join(kinds)} layers only so far")
    spec = initialized(spec)
    shift, scale = _transform(spec, base_dir)
    names = unit_labels(spec)
    return ExportModel(
        name=spec.name or "network", layers=tuple(spec.layers[1:]),
        input_shape=spec.layers[0].shape, n_inputs=spec.sizes[0],
        input_labels=tuple(names[0]), output_labels=tuple(names[-1]),
        shift=shift, scale=scale, loss=spec.loss)


def _transform(spec: NetworkSpec, base_dir: Path | None
               ) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The stored input transform; else the one training fits (from the data); else none."""
    data = spec.data
    if data is None or (data.preprocess == "none" and data.shift is None):
        return None, None
    if data.shift is not None and data.scale is not None:
        return np.asarray(data.shift, float), np.asarray(data.scale, float)
    from bpsim.data import DataError
    from bpsim.runner import prepare_data

    try:
        prepared = prepare_data(spec, base_dir)
    except (DataError, OSError) as exc:
        raise ExportError(f"the network standardises its inputs ({data.preprocess}) but its "
                          f"data cannot be read to fit the transform: {exc}") from None
    return np.asarray(prepared.shift, float), np.asarray(prepared.scale, float)
