"""Plain data of the canvas (no Qt): the step-by-step overlay, fill ranges, column titles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from bpsim.spec import NetworkSpec


@dataclass(frozen=True, slots=True)
class Annotations:
    """Step-by-step overlay: texts beside units / on edges and highlighted units / edges.

    Keys are (layer, unit) for units and (l, j, i) for edges (weight from unit i of layer
    l-1 to unit j of layer l).
    """

    unit_text: Mapping[tuple[int, int], str] = field(default_factory=dict)
    edge_text: Mapping[tuple[int, int, int], str] = field(default_factory=dict)
    highlight_units: frozenset[tuple[int, int]] = frozenset()
    highlight_edges: frozenset[tuple[int, int, int]] = frozenset()


@dataclass(frozen=True, slots=True)
class FillRange:
    """How outputs of some layers map to fill colours (one colour bar of the legend)."""

    lo: float
    hi: float
    diverging: bool
    layers: tuple[str, ...]


def layer_title(spec: NetworkSpec, layer: int) -> str:
    """Column header: "Input", "Hidden 1 · sigmoid", "Output · softmax" plus the size."""
    lay = spec.layers[layer]
    n = len(spec.layers)
    if layer == 0:
        title = "Input"
    else:
        name = "Output" if layer == n - 1 else f"Hidden {layer}"
        title = f"{name} · {lay.activation.replace('_', ' ')}"
    return f"{title}\n{lay.size} unit{'s' if lay.size != 1 else ''}"


def fill_range(activation: str | None, o: np.ndarray) -> tuple[float, float, bool]:
    """(lo, hi, diverging) of the fill colour map for a layer's outputs ``o``.

    sigmoid/softmax: 0..1; tanh: -1..1; relu and non-negative inputs: 0..max(1, max o);
    otherwise symmetric around 0 by the largest |o|.
    """
    finite = o[np.isfinite(o)] if o.size else o
    top = float(np.abs(finite).max()) if finite.size else 1.0
    if activation in ("sigmoid", "softmax"):
        return 0.0, 1.0, False
    if activation == "tanh":
        return -1.0, 1.0, True
    if activation == "relu" or (activation is None and (not finite.size or finite.min() >= 0)):
        return 0.0, max(1.0, top), False
    return -max(top, 1e-12), max(top, 1e-12), True
