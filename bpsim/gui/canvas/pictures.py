"""Per-unit pictures: each unit's output over the input plane (networks with 2 inputs).

The training child samples every hidden and output unit on a small grid over the data's
bounding box (see ``training.statistics.BoundaryGrid``); :func:`picture` turns one unit's
grid into an image in the canvas's fill colours (x1 to the right, x2 upwards), and
:class:`PicturePreview` shows the hovered unit's picture enlarged beside it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpsim.gui.canvas.labels import TextBoxItem
from bpsim.gui.canvas.style import CanvasStyle, lut_argb

PREVIEW_PX = 150  # side of the enlarged picture, in pixels
Z_PREVIEW = 30


def pictures(values: np.ndarray, lo: float, hi: float, diverging: bool
             ) -> list[tuple[QImage, QColor]]:
    """(image, mean colour) of every unit's ``values[k]`` (rows = x2 upwards, columns = x1)
    on the colour map spanning [lo, hi]; NaN reads as lo. One NumPy pass for the layer."""
    v = np.asarray(values, dtype=np.float32)
    span = hi - lo if hi > lo else 1.0
    with np.errstate(invalid="ignore", over="ignore"):
        t = np.nan_to_num((v - lo) / span, nan=0.0, posinf=1.0, neginf=0.0).clip(0.0, 1.0)
    lut = lut_argb(diverging)
    top = len(lut) - 1
    argb = np.ascontiguousarray(lut[(t * top + 0.5).astype(np.intp)][:, ::-1])
    means = lut[(t.mean(axis=(1, 2)) * top + 0.5).astype(np.intp)]
    n, h, w = argb.shape
    out = []
    for k in range(n):
        image = QImage(argb[k].data, w, h, 4 * w, QImage.Format.Format_ARGB32).copy()
        out.append((image, QColor.fromRgba(int(means[k]))))
    return out


class PicturePreview(QGraphicsItem):
    """The hovered unit's picture, enlarged, with a caption (fixed screen size)."""

    def __init__(self, style: CanvasStyle) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(Z_PREVIEW)
        self.style = style
        self.image: QImage | None = None
        self.caption = TextBoxItem(style, "", "top", boxed=False, parent=self)
        self.caption.setPos(0.0, PREVIEW_PX / 2 + 2)
        self._rect = QRectF(-PREVIEW_PX / 2, -PREVIEW_PX / 2, PREVIEW_PX, PREVIEW_PX)
        self.hide()

    def show_for(self, at: QPointF, image: QImage, caption: str) -> None:
        """Show ``image`` centred at ``at`` (scene) with ``caption`` below it."""
        self.image = image
        self.caption.set_text(caption)
        self.setPos(at)
        self.show()
        self.update()

    def texts(self) -> tuple[str, ...]:
        return ()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._rect.adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self.image is None:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(self._rect, self.image)
        painter.setPen(self.style.outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self._rect)
