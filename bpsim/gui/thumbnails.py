"""Gallery thumbnails, drawn from the lesson itself: its network and a glimpse of its data.

Left, the network: one column per layer (at most :data:`MAX_DOTS` units drawn, a "⋮" for the
rest), edges coloured by the sign of the weight as on the canvas (conv and max_pool layers:
only a local window, conv edges coloured by the shared kernel). Right, the data: a scatter of
the first two inputs coloured by class (one input: x against the target), the first images
for image data, strips for sequences and other long rows, the example itself for a
one-example lesson. Nothing is stored on disk; pictures are cached per file and palette.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap

from bpsim.gui.canvas.style import NEGATIVE, POSITIVE_DARK, POSITIVE_LIGHT
from bpsim.gui.thumbmaps import column_x, cone, draw_maps, example_outputs, map_rects

SIZE = QSize(176, 96)
MAX_DOTS = 6
CLASS_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
                 "#999999", "#000000", "#882255")
_cache: dict[tuple, QPixmap] = {}


def thumbnail(path: Path, palette: QPalette, ratio: float = 1.0) -> QPixmap:
    """The picture of the gallery file ``path`` (SIZE logical pixels at ``ratio``)."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    key = (str(path), stamp, palette.color(QPalette.ColorRole.Base).rgb(), ratio)
    if key not in _cache:
        _cache[key] = _render(path, palette, ratio)
    return _cache[key]


def _render(path: Path, palette: QPalette, ratio: float) -> QPixmap:
    image = QImage(SIZE * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    base = palette.color(QPalette.ColorRole.Base)
    image.fill(base)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    frame = palette.color(QPalette.ColorRole.Mid)
    p.setPen(QPen(frame, 1))
    p.drawRect(QRectF(0.5, 0.5, SIZE.width() - 1, SIZE.height() - 1))
    try:
        spec, dataset = _lesson(path)
    except Exception:  # noqa: BLE001 - a broken file gets a plain frame, never an error
        spec = dataset = None
    if spec is not None:
        split = SIZE.width() * 0.56
        net_rect = QRectF(6, 8, split - 10, SIZE.height() - 16)
        if any(layer.shape is not None for layer in spec.layers):
            _draw_network(p, spec, net_rect, palette, example_outputs(spec, dataset))
        else:
            _draw_network(p, spec, net_rect, palette)
        if dataset is not None:
            _draw_data(p, dataset, QRectF(split + 4, 8, SIZE.width() - split - 12,
                                          SIZE.height() - 16), palette, spec.layers[0].shape)
    p.end()
    return QPixmap.fromImage(image)


def _lesson(path: Path):
    from bpsim.data import load_dataset
    from bpsim.engine.build import initialized
    from bpsim.fileformat import load

    spec = initialized(load(path))
    dataset = load_dataset(spec.data, path.parent) if spec.data is not None else None
    return spec, dataset


# -- the network -------------------------------------------------------------------------------
def _dot_rows(size: int) -> list[int]:
    """Which units of a layer get a dot (the first and last ones when there are many)."""
    if size <= MAX_DOTS:
        return list(range(size))
    half = MAX_DOTS // 2
    return list(range(half)) + list(range(size - half, size))


def _positions(spec, rect: QRectF, maps: list[QRectF | None] | None = None
               ) -> list[list[QPointF]]:
    """Where the dots of every layer go (a layer with maps: its front map's right edge,
    where the connections to a dense layer start)."""
    n = len(spec.layers)
    dx = rect.width() / max(n - 1, 1)
    xs = column_x(spec, rect, maps) if maps is not None else None
    out = []
    for l, layer in enumerate(spec.layers):
        if maps is not None and maps[l] is not None:
            r = maps[l]
            out.append([QPointF(r.right(), r.top() + r.height() * (k + 0.5) / 3)
                        for k in range(3)])
            continue
        rows = _dot_rows(layer.size)
        x = xs[l] if xs is not None else rect.left() + (l * dx if n > 1 else rect.width() / 2)
        step = min(rect.height() / max(len(rows), 1), 13.0)
        top = rect.center().y() - step * (len(rows) - 1) / 2
        out.append([QPointF(x, top + k * step) for k in range(len(rows))])
    return out


def _draw_network(p: QPainter, spec, rect: QRectF, palette: QPalette,
                  outs: list | None = None) -> None:
    """Columns of dots joined by edges; with ``outs`` (a network with maps: the first
    example's outputs) its layers with maps as decks of maps (:mod:`thumbmaps`)."""
    dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    positive = QColor(POSITIVE_DARK if dark else POSITIVE_LIGHT)
    negative = QColor(NEGATIVE)
    maps = map_rects(spec, rect) if any(la.shape is not None for la in spec.layers) else None
    pos = _positions(spec, rect, maps)
    for l in range(1, len(spec.layers)):
        if maps is not None and maps[l] is not None:
            continue  # conv and max_pool: a cone (drawn with the maps)
        for a, b, w, scale in _edges(spec, l, pos):
            t = min(abs(w) / scale, 1.0) if scale else 0.5
            colour = QColor(positive if w >= 0 else negative)
            if spec.layers[l].kind == "max_pool":
                colour = palette.color(QPalette.ColorRole.PlaceholderText)
            colour.setAlphaF(0.25 + 0.6 * t)
            p.setPen(QPen(colour, 0.6 + 1.2 * t))
            p.drawLine(b, a)
    text = palette.color(QPalette.ColorRole.Text)
    fill = palette.color(QPalette.ColorRole.Base)
    if maps is not None:
        draw_maps(p, spec, maps, outs, palette)
        for l in range(1, len(spec.layers)):
            cone(p, spec, l, maps, text)
    radius = 3.2 if max(len(c) for c in pos) > 4 or len(pos) > 6 else 4.2
    for l, column in enumerate(pos):
        if maps is not None and maps[l] is not None:
            continue
        p.setPen(QPen(text, 1))
        p.setBrush(fill)
        for point in column:
            p.drawEllipse(point, radius, radius)
        if spec.layers[l].size > MAX_DOTS:
            mid = (column[MAX_DOTS // 2 - 1].y() + column[MAX_DOTS // 2].y()) / 2
            for dy in (-2.5, 0.0, 2.5):
                p.drawEllipse(QPointF(column[0].x(), mid + dy), 0.6, 0.6)
    font = QFont(p.font())
    font.setPointSizeF(6.5)
    p.setFont(font)
    p.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
    p.drawText(QRectF(rect.left() - 4, rect.bottom() - 2, rect.width() + 8, 12),
               Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, _caption(spec))


def _caption(spec) -> str:
    """"2-16-16-1", "2-(10×8)-1", or with maps "64·conv 8·pool·10"."""
    if any(layer.kind != "dense" for layer in spec.layers):
        parts = [str(spec.sizes[0])]
        for layer in spec.layers[1:]:
            parts.append({"conv": f"conv {layer.filters}", "max_pool": "pool"}.get(
                layer.kind, str(layer.size)))
        return "·".join(parts)
    if len(spec.sizes) <= 5:
        return "-".join(map(str, spec.sizes))
    return f"{spec.sizes[0]}-({spec.sizes[1]}×{len(spec.sizes) - 2})-{spec.sizes[-1]}"


def _edges(spec, l: int, pos: list[list[QPointF]]):
    """(to, from, weight, scale) of the edges drawn into layer l: every pair for a dense
    layer; for conv and max_pool only neighbours (a local window), conv coloured by its
    shared kernel's weights in turn."""
    layer = spec.layers[l]
    rows, cols = _dot_rows(layer.size), _dot_rows(spec.layers[l - 1].size)
    W = layer.weights
    scale = float(np.abs(W).max()) if W is not None and W.size else 0.0
    if layer.kind == "dense":
        for j, a in zip(rows, pos[l]):
            for i, b in zip(cols, pos[l - 1]):
                yield a, b, float(W[j, i]) if W is not None else 0.0, scale
        return
    kernel = np.ravel(W) if W is not None and W.size else np.zeros(1)
    n_in = len(pos[l - 1])
    for k, a in enumerate(pos[l]):
        centre = round(k * (n_in - 1) / max(len(pos[l]) - 1, 1))
        for m, i in enumerate(range(max(centre - 1, 0), min(centre + 2, n_in))):
            yield a, pos[l - 1][i], float(kernel[(k + m) % len(kernel)]), scale


# -- the data ----------------------------------------------------------------------------------
def _draw_data(p: QPainter, dataset, rect: QRectF, palette: QPalette,
               shape: tuple[int, ...] | None = None) -> None:
    """``shape``: the input layer's maps (C, L) or (C, H, W), if it has them."""
    X, n_in = dataset.X, dataset.n_inputs
    if dataset.n_examples == 1:
        _draw_example(p, dataset, rect, palette)
    elif shape is not None and len(shape) == 2:
        _draw_images(p, X[:, : shape[1]], (1, shape[1]), rect, palette, cols=1, rows=6)
    elif shape is not None and len(shape) == 3:
        _draw_images(p, X[:, : shape[1] * shape[2]], shape[1:], rect, palette)
    elif n_in >= 36 and math.isqrt(n_in) ** 2 == n_in:  # square images (digits)
        _draw_images(p, X, (math.isqrt(n_in),) * 2, rect, palette)
    elif n_in > 8:  # many columns: each example a strip
        _draw_images(p, X, (1, n_in), rect, palette, cols=1, rows=6)
    elif n_in == 1:
        _scatter(p, X[:, 0], dataset.T[:, 0], None, rect, palette)
    else:
        _scatter(p, X[:, 0], X[:, 1], _classes(dataset), rect, palette)


def _classes(dataset) -> np.ndarray | None:
    if dataset.class_names is not None:
        return dataset.labels()
    return None


def _scatter(p: QPainter, x: np.ndarray, y: np.ndarray, classes: np.ndarray | None,
             rect: QRectF, palette: QPalette) -> None:
    def scaled(v: np.ndarray, lo: float, span: float, flip: bool) -> np.ndarray:
        a, b = float(v.min()), float(v.max())
        t = (v - a) / (b - a) if b > a else np.full(len(v), 0.5)
        return lo + span * (1 - t if flip else t)

    box = rect.adjusted(5, 5, -5, -5)
    px = scaled(x, box.left(), box.width(), False)
    py = scaled(y, box.top(), box.height(), True)
    p.setPen(Qt.PenStyle.NoPen)
    step = max(1, len(x) // 200)
    radius = 3.0 if len(x) <= 12 else 2.2 if len(x) <= 60 else 1.6
    neutral = palette.color(QPalette.ColorRole.Text)
    colours = list(CLASS_COLOURS)
    if palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5:
        colours[0] = POSITIVE_DARK  # the deep blue is too dim on a dark background
    for k in range(0, len(x), step):
        colour = QColor(colours[int(classes[k]) % len(colours)]
                        if classes is not None else neutral)
        colour.setAlphaF(0.8)
        p.setBrush(colour)
        p.drawEllipse(QPointF(px[k], py[k]), radius, radius)


def _draw_images(p: QPainter, X: np.ndarray, size: tuple[int, int], rect: QRectF,
                 palette: QPalette, cols: int = 3, rows: int = 2) -> None:
    """The first examples as grey pictures of ``size`` (height, width): images, or strips
    for sequences."""
    h, w = size
    cell_w = rect.width() / cols - 2
    cell_h = min(rect.height() / rows - 2, cell_w * h / w)
    lo, hi = float(X.min()), float(X.max())
    dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    for k in range(min(cols * rows, len(X))):
        image = QImage(w, h, QImage.Format.Format_Grayscale8)
        pixels = (X[k].reshape(h, w) - lo) / ((hi - lo) or 1.0) * 255
        pixels = np.clip(pixels if dark else 255 - pixels, 0, 255).astype(np.uint8)
        for r in range(h):
            for c in range(w):
                v = int(pixels[r, c])
                image.setPixel(c, r, QColor(v, v, v).rgb())
        x = rect.left() + (k % cols) * (cell_w + 2)
        y = rect.top() + (k // cols) * (cell_h + 2) + (rect.height() - rows * (cell_h + 2)) / 2
        p.drawImage(QRectF(x, y, cell_w, cell_h), image)


def _draw_example(p: QPainter, dataset, rect: QRectF, palette: QPalette) -> None:
    x = " ".join(f"{v:g}" for v in dataset.X[0])
    t = " ".join(f"{v:g}" for v in dataset.T[0])
    font = QFont(p.font())
    font.setPointSizeF(8.5)
    p.setFont(font)
    p.setPen(palette.color(QPalette.ColorRole.Text))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"x = ({x})\nt = {t}")
