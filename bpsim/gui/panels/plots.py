"""Small pyqtgraph plots that follow the system palette (light or dark), also when it changes."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)

#: Class colours (Tableau 10): distinguishable and readable on light and dark backgrounds.
CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                "#7f7f7f", "#bcbd22", "#17becf")


def palette_colors() -> tuple[QColor, QColor]:
    """(background, foreground) of the application's palette."""
    pal = QApplication.palette()
    return pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)


class ThemedPlot(pg.PlotWidget):
    """A PlotWidget drawn in the palette's Base and Text colours, without the mouse menu.

    Items that use the foreground colour register with :meth:`follow_foreground`.
    """

    def __init__(self) -> None:
        from bpsim.gui.plots.axes import bounded_axes  # at most ~10 readable ticks

        super().__init__(axisItems=bounded_axes())
        self.setMenuEnabled(False)
        self.hideButtons()
        for action in self.scene().contextMenu:  # pyqtgraph's "Export..."
            action.setText(QCoreApplication.translate("PlotDock", "Export…"))
        self._followers: list = []
        self.apply_palette()

    def follow_foreground(self, item, width: float = 2.0) -> None:
        """Keep ``item``'s pen in the foreground colour (setPen)."""
        self._followers.append((item, width))
        item.setPen(pg.mkPen(palette_colors()[1], width=width))

    def apply_palette(self) -> None:
        bg, fg = palette_colors()
        self.setBackground(bg)
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(fg))
            axis.setTextPen(pg.mkPen(fg))
        for item, width in self._followers:
            item.setPen(pg.mkPen(fg, width=width))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        ready = "_followers" in self.__dict__  # Qt sends palette events during __init__
        kinds = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if ready and event.type() in kinds:
            self.apply_palette()


def themed_plot(height: int | None = None) -> ThemedPlot:
    """A :class:`ThemedPlot`, optionally of a fixed height."""
    plot = ThemedPlot()
    if height is not None:
        plot.setMinimumHeight(height)
        plot.setMaximumHeight(height)
    return plot
