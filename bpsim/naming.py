"""Names of units and weights, as the lecture writes them (Qt-free; used everywhere).

Units are numbered across the whole network: the inputs 1..n0, then the first hidden layer,
..., the output layer last (a 3-2-1 network: inputs 1-3, hidden 4-5, output 6), unless the
file gives its own labels for a layer. Names are unique: a file's label that another unit
also bears (class names "0".."9" on the outputs beside inputs numbered 1..64) is qualified
by its layer, "1 (out)". A weight from unit p to unit q is ``w14`` when both
names are one character (the seed's notation), else ``w(12→3)``.

Units of maps (an input with a shape, conv and max_pool layers) are named by where they are:
layer, map (when there are several) and position counted from 1, ``1(3)`` (layer 1, position
3), ``2[4](1,3)`` (layer 2, map 4, row 1, column 3); see :func:`map_label`.
"""

from __future__ import annotations

from bpsim.spec import NetworkSpec
from bpsim.typeset import plain, sub


def unit_label(spec: NetworkSpec, layer: int, unit: int) -> str:
    """The name of unit ``unit`` (0-based) of layer ``layer``."""
    labels = spec.layers[layer].labels
    if labels:
        label = labels[unit]
        return f"{label} ({_layer_tag(spec, layer)})" if label in _clashes(spec) else label
    shape = spec.layers[layer].shape
    if shape is not None:
        return map_label(layer, shape, unit)
    return str(sum(spec.sizes[:layer]) + unit + 1)


def _layer_tag(spec: NetworkSpec, layer: int) -> str:
    return "in" if layer == 0 else "out" if layer == len(spec.layers) - 1 else f"h{layer}"


_CLASHES: dict[int, tuple[NetworkSpec, frozenset[str]]] = {}


def _clashes(spec: NetworkSpec) -> frozenset[str]:
    """The file labels that name more than one unit (among themselves or with the numbers
    of the unlabelled layers), cached per spec."""
    hit = _CLASHES.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    seen: dict[str, int] = {}
    numbered = []  # (first, last) numbers of the unlabelled layers
    offset = 0
    for layer in spec.layers:
        if layer.labels:
            for label in layer.labels:
                seen[label] = seen.get(label, 0) + 1
        elif layer.shape is None:
            numbered.append((offset + 1, offset + layer.size))
        offset += layer.size
    clashes = frozenset(
        label for label, count in seen.items()
        if count > 1 or (label.isdigit() and any(a <= int(label) <= b for a, b in numbered)))
    if len(_CLASHES) > 16:
        _CLASHES.clear()
    _CLASHES[id(spec)] = (spec, clashes)
    return clashes


def map_label(layer: int, shape: tuple[int, ...], unit: int) -> str:
    """The name of value ``unit`` (0-based, C order) of maps ``shape`` = (C, ...) in layer
    ``layer``: the layer, the map in brackets when there are several, the position from 1."""
    position = []
    for n in reversed(shape[1:]):
        unit, k = divmod(unit, n)
        position.append(str(k + 1))
    where = ",".join(reversed(position))
    return f"{layer}[{unit + 1}]({where})" if shape[0] > 1 else f"{layer}({where})"


def kernel_label(layer: int, filters: int, channels: int, f: int, c: int,
                 offsets: tuple[int, ...]) -> str:
    """The name of a conv layer's shared weight (without the w): layer, [filter, channel]
    when either is more than one, and the offset in the kernel from 1: ``1(2)``,
    ``1[3,1](2,1)``."""
    where = ",".join(str(a + 1) for a in offsets)
    which = f"[{f + 1},{c + 1}]" if filters > 1 or channels > 1 else ""
    return f"{layer}{which}({where})"


def unit_labels(spec: NetworkSpec) -> list[list[str]]:
    """Every unit's name: ``unit_labels(spec)[l][j]``."""
    return [[unit_label(spec, l, j) for j in range(size)] for l, size in enumerate(spec.sizes)]


def weight_markup(src: str, dst: str) -> str:
    """:func:`weight_symbol` with its subscript marked (:mod:`bpsim.typeset`)."""
    return "w" + sub(src + dst if len(src) == 1 and len(dst) == 1 else f"({src}→{dst})")


def weight_symbol(src: str, dst: str) -> str:
    """The seed's w_pq: "w14", or "w(12→3)" when a name is longer than one character."""
    return plain(weight_markup(src, dst))


def weight_name(spec: NetworkSpec, l: int, j: int, i: int) -> str:
    """The weight from unit i of layer l-1 to unit j of layer l, arrow form: "w(3→5)"."""
    return f"w({unit_label(spec, l - 1, i)}→{unit_label(spec, l, j)})"
