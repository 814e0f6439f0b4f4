"""The network of a gallery thumbnail when it has maps (issue 13): each layer with maps as a
small deck of its first maps, coloured by the lesson's first example as on the canvas (a 2-D
map a square image, a 1-D map a strip), a conv layer's reading window as a cone from a patch
of the maps it reads, dense layers as dots, connected as in :mod:`bpsim.gui.thumbnails`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen

from bpsim.gui.canvas.mapitems import fill_argb, images
from bpsim.gui.canvas.model import family, fill_range

DECK = 3  # maps of a layer drawn, offset like a deck of cards
OFFSET = 3.0  # pixels between the maps of a deck
DOT_WIDTH = 8.0  # the width of a column of dots
MIN_GAP = 7.0  # pixels between two layers at least


def example_outputs(spec, dataset) -> list[np.ndarray] | None:
    """o of every layer for the lesson's first example (None without data)."""
    from bpsim.engine.build import network_from_spec

    if dataset is None or dataset.n_inputs != spec.sizes[0]:
        return None
    try:
        net = network_from_spec(spec)
        with np.errstate(all="ignore"):
            outs = net.forward(np.asarray(dataset.X[:1], dtype=net.dtype))[0]
    except (ValueError, FloatingPointError):
        return None
    return [np.asarray(o[0], dtype=float) for o in outs]


def map_rects(spec, rect: QRectF) -> list[QRectF | None]:
    """The front map's rectangle of every layer with maps (None for a dense layer): the
    layers side by side across ``rect`` with equal gaps, the maps smaller when they would
    not fit (a dense layer's dots take DOT_WIDTH)."""
    sizes = []  # (width, height, deck) per layer; None for dense
    for layer in spec.layers:
        shape = layer.shape
        if shape is None:
            sizes.append(None)
            continue
        h, w = (shape[1], 1) if len(shape) == 2 else shape[1:]
        deck = (min(shape[0], DECK) - 1) * OFFSET
        if len(shape) == 3:
            side = min(rect.height() * 0.7, 8.0 + 2.2 * max(h, w))
            sizes.append((side * w / max(h, w), side * h / max(h, w), deck))
        else:
            sizes.append((5.0, min(rect.height() * 0.85, 3.0 * h + 6.0), deck))
    widths = [DOT_WIDTH if s is None else s[0] + s[2] for s in sizes]
    room = rect.width() - MIN_GAP * (len(sizes) - 1)
    shrink = min(1.0, room / max(sum(widths), 1e-9))
    gap = (rect.width() - sum(widths) * shrink) / max(len(sizes) - 1, 1)
    out: list[QRectF | None] = []
    x = rect.left()
    for size, width in zip(sizes, widths, strict=True):
        if size is None:
            out.append(None)
        else:
            w, h, deck = size[0] * shrink, size[1] * shrink, size[2]
            out.append(QRectF(x, rect.center().y() - h / 2 + deck / 2, w, h))
        x += width * shrink + gap
    return out


def column_x(spec, rect: QRectF, maps: list[QRectF | None]) -> list[float]:
    """The x of every dense layer's dots, consistent with :func:`map_rects`."""
    sizes = [DOT_WIDTH if r is None else r.width() + (min(la.shape[0], DECK) - 1) * OFFSET
             for la, r in zip(spec.layers, maps, strict=True)]
    gap = (rect.width() - sum(sizes)) / max(len(sizes) - 1, 1)
    out, x = [], rect.left()
    for width in sizes:
        out.append(x + width / 2)
        x += width + gap
    return out


def draw_maps(p: QPainter, spec, rects: list[QRectF | None], outs: list[np.ndarray] | None,
              palette: QPalette) -> None:
    """The decks of maps (back maps first) with their images and frames."""
    text = palette.color(QPalette.ColorRole.Text)
    for l, rect in enumerate(rects):
        if rect is None:
            continue
        shape = spec.layers[l].shape
        maps = min(shape[0], DECK)
        images = _images(spec, l, outs)
        for k in reversed(range(maps)):
            r = rect.translated(k * OFFSET, -k * OFFSET)
            if images is not None:
                p.drawImage(r, images[k])
            else:
                p.fillRect(r, palette.color(QPalette.ColorRole.Base))
            p.setPen(QPen(text, 0.8))
            p.setBrush(QColor(0, 0, 0, 0))
            p.drawRect(r)


def _images(spec, l: int, outs: list[np.ndarray] | None) -> list[QImage] | None:
    if outs is None:
        return None
    shape = spec.layers[l].shape
    o = outs[l].reshape(shape[0], -1)[:DECK]
    act = None if l == 0 else spec.layers[l].activation
    if l > 0 and spec.layers[l].kind == "max_pool":
        act = family(spec, l)
    lo, hi, diverging = fill_range(act, outs[l])
    h, w = (shape[1], 1) if len(shape) == 2 else shape[1:]
    return images(fill_argb(o, lo, hi, diverging).reshape(len(o), h, w))


def cone(p: QPainter, spec, l: int, rects: list[QRectF | None], colour: QColor) -> None:
    """The window conv or max_pool layer l reads: from a patch at the top left of the maps
    of layer l-1 to the first cell of layer l's front map."""
    src, dst = rects[l - 1], rects[l]
    if src is None or dst is None:
        return
    layer, prev = spec.layers[l], spec.layers[l - 1].shape
    window = layer.kernel if layer.kind == "conv" else layer.pool
    h, w = (prev[1], 1) if len(prev) == 2 else prev[1:]
    kh, kw = window[0], window[1] if len(window) > 1 else 1
    patch = QRectF(src.left(), src.top(), src.width() * min(kw / w, 1),
                   src.height() * min(kh / h, 1))
    oh, ow = (layer.shape[1], 1) if len(layer.shape) == 2 else layer.shape[1:]
    cell = QPointF(dst.left() + dst.width() / ow / 2, dst.top() + dst.height() / oh / 2)
    pen = QPen(colour, 0.9)
    p.setPen(pen)
    p.drawLine(patch.topRight(), cell)
    p.drawLine(patch.bottomRight(), cell)
    p.drawRect(patch)
