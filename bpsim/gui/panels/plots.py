"""Small pyqtgraph plots that follow the system palette (light or dark)."""

from __future__ import annotations

import pyqtgraph as pg
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


def themed_plot(height: int | None = None) -> pg.PlotWidget:
    """A PlotWidget with the palette's background and text colour, no mouse menu."""
    bg, fg = palette_colors()
    plot = pg.PlotWidget(background=bg)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(fg))
        axis.setTextPen(pg.mkPen(fg))
    if height is not None:
        plot.setMinimumHeight(height)
        plot.setMaximumHeight(height)
    return plot
