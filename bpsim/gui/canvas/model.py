"""Plain data of the canvas (no Qt): the step-by-step overlay, fill ranges, column titles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from bpsim.lang import tx
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
    units = (tx("{0} units") if lay.size != 1 else tx("{0} unit")).format(
        lay.size)
    if layer == 0:
        name, short = tx("Input"), tx("In")
        if lay.shape is not None:
            shape = times(lay.shape)
            return f"{name}\n{shape}", f"{name}\n{shape}", f"{short}\n{shape}"
        return f"{name}\n{units}", f"{name}\n{units}", f"{short}\n{lay.size}"
    if layer == n - 1:
        name, short = tx("Output"), tx("Out")
    else:
        name = tx("Hidden {0}").format(layer)
        short = tx("H{0}").format(layer)
    act = lay.activation.replace("_", " ")
    if lay.kind != "dense":
        return _map_heading(lay, name, short, act)
    return f"{name} · {act}\n{units}", f"{name}\n{act}\n{units}", f"{short}\n{lay.size}"


def times(values) -> str:
    """Sizes joined by a multiplication sign: "8×8", "3×3"."""
    return "×".join(str(v) for v in values)


def _map_heading(lay, name: str, short: str, act: str) -> tuple[str, str, str]:
    """The headings of a conv or max_pool layer: what it does and its maps."""
    maps, size = lay.out_shape[0], times(lay.out_shape[1:])
    count = (tx("{0} maps of {1}") if maps != 1 else tx("{0} map of {1}")).format(maps, size)
    if lay.kind == "conv":
        what, tiny = tx("conv · {0}").format(act), tx("conv {0}").format(maps)
        detail = tx("{0}, {1} kernels").format(count, times(lay.kernel))
    else:
        what = tiny = tx("max-pool {0}").format(times(lay.pool))
        detail = count
    return (f"{name} · {what}\n{detail}", f"{name}\n{what}\n{count}", f"{short}\n{tiny}")


def family(spec: NetworkSpec, layer: int) -> str:
    """Layers of one family share a colour scale: the inputs, or one activation (a max_pool
    layer: the family of the maps it pools, whose values it keeps)."""
    if layer > 0 and spec.layers[layer].kind == "max_pool":
        return family(spec, layer - 1)
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


def structure(spec: NetworkSpec) -> tuple:
    """What the canvas's items depend on (beyond weights, outputs and names): the sizes and
    the kind and geometry of every layer."""
    return tuple((la.size, la.kind, la.shape, la.kernel, la.stride, la.padding, la.pool)
                 for la in spec.layers)
