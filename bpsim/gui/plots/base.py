"""PlotDock: the common frame of the live plots (a control row, one pyqtgraph scene, export).

Each dock holds one :class:`pyqtgraph.GraphicsLayoutWidget` (one scene for all its plots),
a row of controls with an Export button, and the same export entries in its context menu:
PNG (the widget grabbed at 2x), SVG (``scene().render()`` into a QSvgGenerator: pyqtgraph's
own SVG exporter raises on Qt >= 6.11) and CSV (:meth:`PlotDock.csv_table`).

Subclasses implement :meth:`reset`, :meth:`add` (cheap: append data, set ``dirty``),
:meth:`redraw` (called by the controller at most ~30 times a second while visible) and
:meth:`csv_table`.
"""

from __future__ import annotations

import csv
import math
import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Slot  # noqa: E402
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgGenerator  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bpsim.gui.panels.plots import CLASS_COLORS, palette_colors  # noqa: E402
from bpsim.spec import NetworkSpec  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)


def layer_color(l: int) -> QColor:
    """A distinct colour per layer (Tableau 10, then pyqtgraph's hue wheel)."""
    if l < len(CLASS_COLORS):
        return QColor(CLASS_COLORS[l])
    return pg.intColor(l, hues=16)


def layer_name(l: int, n_layers: int) -> str:
    """"hidden 1", ..., "output" for non-input layer index l (0-based)."""
    return "output" if l == n_layers - 1 else f"hidden {l + 1}"


def style_plot(plot: pg.PlotItem, left: str = "", bottom: str = "step") -> None:
    """Palette colours, axis labels, a light grid and no pyqtgraph context menu."""
    _, fg = palette_colors()
    plot.setMenuEnabled(False)
    plot.hideButtons()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(fg))
        axis.setTextPen(pg.mkPen(fg))
        axis.enableAutoSIPrefix(False)  # "(x0.001)" labels confuse more than they help
    plot.showGrid(x=True, y=True, alpha=0.15)
    if left:
        plot.setLabel("left", left)
    if bottom:
        plot.setLabel("bottom", bottom)


def set_log_ticks(axis: pg.AxisItem, lo: float, hi: float) -> None:
    """Readable ticks on a log axis from ``lo`` to ``hi`` (data units, > 0): every decade
    (every 2nd or 3rd over many decades), with 2 and 5 between decades over short ranges."""
    if not (lo > 0 and hi > 0 and math.isfinite(lo) and math.isfinite(hi)):
        axis.setTicks(None)
        return
    a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    step = 1 if b - a <= 6 else 2 if b - a <= 12 else 3
    major = [(float(k), f"{10.0 ** k:g}") for k in range(a, b + 1) if k % step == 0]
    minor = []
    if b - a <= 2:
        minor = [(math.log10(m * 10.0 ** k), f"{m * 10.0 ** k:g}")
                 for k in range(a, b + 1) for m in (2, 5)]
    axis.setTicks([major, minor])


def side_legend(graphics: pg.GraphicsLayoutWidget, row: int = 0, rowspan: int = 1
                ) -> pg.LegendItem:
    """A legend in its own column right of the plots (never covering a curve)."""
    _, fg = palette_colors()
    legend = _TopLegend(labelTextColor=fg, labelTextSize="8pt", verSpacing=-4)
    graphics.addItem(legend, row=row, col=1, rowspan=rowspan)
    graphics.ci.layout.setColumnStretchFactor(0, 10)
    graphics.ci.layout.setAlignment(legend, Qt.AlignmentFlag.AlignTop)
    return legend


class _TopLegend(pg.LegendItem):
    """A LegendItem that keeps its natural height in a layout cell (rows stay together)."""

    def updateSize(self) -> None:  # noqa: N802 - pyqtgraph override
        super().updateSize()
        self.setMaximumHeight(self.layout.preferredHeight() + 4)


class PlotDock(QDockWidget):
    """A dock with one pyqtgraph scene and export actions (see the module docstring)."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self.dirty = False
        self.redraws = 0
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(4, 0, 4, 0)
        layout.addLayout(self.controls)
        bg, _ = palette_colors()
        self.graphics = pg.GraphicsLayoutWidget(body)
        self.graphics.setBackground(bg)
        self.graphics.setMinimumSize(QSize(240, 180))
        self.graphics.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.graphics.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.graphics, 1)
        layout.addStretch(0)  # keeps the controls at the top when the plots are hidden
        self.setWidget(body)
        self.export_button = QToolButton(body)
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setMenu(self._export_menu(self.export_button))

    def finish_controls(self) -> None:
        """Subclasses call this after adding their controls: Export goes to the right."""
        self.controls.addStretch(1)
        self.controls.addWidget(self.export_button)

    # -- the live-plot interface ------------------------------------------------------------
    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        """A new network or data set (the plots are reset separately)."""

    def reset(self) -> None:
        """Forget every sample (a new run, a reset, another file)."""
        self.dirty = True

    def add(self, snap) -> None:
        """Append one snapshot's data (cheap; drawing happens in :meth:`redraw`)."""

    def redraw(self) -> None:
        """Push the buffers into the plot items."""

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        """(column names, rows) of the plotted data."""
        return [], np.zeros((0, 0))

    def refresh(self) -> bool:
        """Redraw if something changed and the dock is visible; True if it redrew."""
        if not self.dirty or not self.isVisible():
            return False
        self.dirty = False
        self.redraw()
        self.redraws += 1
        return True

    # -- export -------------------------------------------------------------------------------
    def _export_menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        menu.addAction(self.tr("Export as PNG…"), lambda: self._export("png"))
        menu.addAction(self.tr("Export as SVG…"), lambda: self._export("svg"))
        menu.addAction(self.tr("Export data as CSV…"), lambda: self._export("csv"))
        return menu

    @Slot(QPoint)
    def _context_menu(self, pos: QPoint) -> None:
        menu = self._export_menu(self)
        self.add_context_actions(menu)
        menu.exec(self.graphics.mapToGlobal(pos))

    def add_context_actions(self, menu: QMenu) -> None:
        """Subclasses add their toggles (log scale, ...) to the context menu."""

    def ask_path(self, kind: str) -> str | None:
        """The file to export to (a dialog; replaced in tests)."""
        filters = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)",
                   "csv": "CSV table (*.csv)"}
        name = self.objectName().removesuffix("Dock").lower() + "." + kind
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), name, filters[kind])
        if path and not path.lower().endswith("." + kind):
            path += "." + kind
        return path or None

    def _export(self, kind: str) -> None:
        path = self.ask_path(kind)
        if path:
            {"png": self.export_png, "svg": self.export_svg, "csv": self.export_csv}[kind](path)

    def export_png(self, path: str) -> bool:
        """Save the plots as a PNG (at twice the screen resolution)."""
        self.redraw()
        view = self.graphics
        image = pg.QtGui.QImage(view.size() * 2, pg.QtGui.QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(2.0)
        image.fill(view.backgroundBrush().color())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.render(painter)
        painter.end()
        return image.save(path)

    def export_svg(self, path: str) -> bool:
        """Save the plots as an SVG drawing (QSvgGenerator + scene().render())."""
        self.redraw()
        view = self.graphics
        rect = QRectF(view.sceneRect())
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(rect.size().toSize())
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(self.windowTitle())
        painter = QPainter(generator)
        ok = painter.isActive()
        if ok:
            view.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
            painter.end()
        return ok

    def export_csv(self, path: str) -> bool:
        """Save the plotted data as CSV (one header row; empty cells for missing values)."""
        header, rows = self.csv_table()
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if v != v else f"{v:.9g}" for v in row])
        return True
