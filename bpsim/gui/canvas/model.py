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
    return heading_forms(spec, layer)[0]


def heading_forms(spec: NetworkSpec, layer: int) -> tuple[str, str, str]:
    """A layer's heading, widest first: "Hidden 1 · sigmoid\n16 units", the same on three
    lines ("Hidden 1\nsigmoid\n16 units") and the shortest ("H1\n16")."""
    lay = spec.layers[layer]
    n = len(spec.layers)
    units = f"{lay.size} unit{'s' if lay.size != 1 else ''}"
    if layer == 0:
        return f"Input\n{units}", f"Input\n{units}", f"In\n{lay.size}"
    name, short = ("Output", "Out") if layer == n - 1 else (f"Hidden {layer}", f"H{layer}")
    act = lay.activation.replace("_", " ")
    return f"{name} · {act}\n{units}", f"{name}\n{act}\n{units}", f"{short}\n{lay.size}"


def family(spec: NetworkSpec, layer: int) -> str:
    """Layers of one family share a colour scale: the inputs, or one activation."""
    return "input" if layer == 0 else spec.layers[layer].activation


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
