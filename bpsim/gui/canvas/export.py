"""The canvas as a PNG or an SVG: the whole network with its texts and the legend below it.

Texts keep their on-screen size relative to the units at the export's scale (a 2x PNG has
2x texts), so an exported picture reads like the canvas at that zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from bpsim.gui.canvas.legend import legend_size, paint_legend
from bpsim.gui.canvas.scene import CanvasScene
from bpsim.gui.canvas.style import CanvasStyle
from bpsim.gui.canvas.texts import margins

MAX_PIXELS = 8000.0


def _geometry(scene: CanvasScene, style: CanvasStyle, scale: float
              ) -> tuple[QRectF, QRectF, QSize, float]:
    """(scene source, target rect, image size, scale) of an export at ``scale`` (the texts
    are fitted for it)."""
    rect = scene.network_rect
    scale = min(scale, MAX_PIXELS / max(rect.width() + 400, rect.height() + 200, 1.0))
    scene.set_view_scale(scale, zoom=max(scale, 1.0), force=True)
    left, top, right, bottom = margins(scene, scale)
    source = rect.adjusted(-left / scale, -top / scale, right / scale, bottom / scale)
    target = QRectF(0, 0, source.width() * scale, source.height() * scale)
    ls = max(scale, 1.0)
    legend = legend_size(style, scene, target.width() / ls - 20)
    width = max(target.width(), (legend.width() + 20) * ls)
    height = target.height() + (legend.height() + 20) * ls
    return source, target, QSize(int(width), int(height)), scale


def _render(scene: CanvasScene, style: CanvasStyle, painter: QPainter, source: QRectF,
            target: QRectF, size: QSize, scale: float) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, target, source)
    ls = max(scale, 1.0)
    max_width = target.width() / ls - 20
    legend = legend_size(style, scene, max_width)
    painter.save()
    painter.translate(10 * ls, size.height() - (legend.height() + 10) * ls)
    painter.scale(ls, ls)
    paint_legend(painter, QPointF(0, 0), style, scene, max_width)
    painter.restore()


def export_png(scene: CanvasScene, style: CanvasStyle, path: str, view_scale: float) -> None:
    """Save the network and the legend as a PNG at 2x (at most 8000 px)."""
    try:
        source, target, size, scale = _geometry(scene, style, 2.0)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(style.background)
        painter = QPainter(image)
        _render(scene, style, painter, source, target, size, scale)
        painter.end()
    finally:
        scene.set_view_scale(view_scale, force=True)
    if not image.save(path, "PNG"):
        raise OSError(QCoreApplication.translate("Canvas", "could not write {0}").format(path))


def export_svg(scene: CanvasScene, style: CanvasStyle, path: str, view_scale: float) -> None:
    """Save the network and the legend as an SVG (vector, via QSvgGenerator)."""
    try:
        source, target, size, scale = _geometry(scene, style, 1.0)
        gen = QSvgGenerator()
        gen.setFileName(path)
        gen.setSize(size)
        gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
        gen.setTitle(scene.spec.name if scene.spec and scene.spec.name else "network")
        painter = QPainter(gen)
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), style.background)
        _render(scene, style, painter, source, target, size, scale)
        painter.end()
    finally:
        scene.set_view_scale(view_scale, force=True)
