"""PlotDock: the common frame of the live plots (a control row, one pyqtgraph scene, export).

Each dock holds one :class:`pyqtgraph.GraphicsLayoutWidget` (one scene for all its plots),
a row of controls with an Export button, and the same export entries in its context menu:
PNG (the widget grabbed at 2x), SVG (``scene().render()`` into a QSvgGenerator: pyqtgraph's
own SVG exporter raises on Qt >= 6.11) and CSV (:meth:`PlotDock.csv_table`).

Subclasses implement :meth:`reset`, :meth:`add` (cheap: append data, set ``dirty``),
:meth:`redraw` (called by the controller at most ~30 times a second while the dock is on
screen: a tab behind another dock is "visible" to Qt but not :attr:`PlotDock.shown`) and
:meth:`csv_table`. A redraw hands pyqtgraph a bounded number of points (see
:mod:`bpsim.gui.plots.series`), so its cost does not grow with the run. The docks follow the
application palette (:meth:`PlotDock.apply_palette`) and show a sentence instead of empty
axes (:meth:`PlotDock.show_hint`).
"""

from __future__ import annotations

import csv
import html
import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, QTimer, Slot  # noqa: E402
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgGenerator  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bpsim.gui.i18n import translate  # noqa: E402
from bpsim.gui.panels.plots import CLASS_COLORS, palette_colors  # noqa: E402
from bpsim.gui.plots.axes import bounded_axes  # noqa: E402
from bpsim.spec import NetworkSpec  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
WIDE_SMOOTH = 200  # points up to which a wide curve is antialiased (see add_curve)


def layer_color(l: int) -> QColor:
    """A distinct colour per layer (Tableau 10, then pyqtgraph's hue wheel)."""
    if l < len(CLASS_COLORS):
        return QColor(CLASS_COLORS[l])
    return pg.intColor(l, hues=16)


def layer_name(l: int, n_layers: int) -> str:
    """"hidden 1", ..., "output" for non-input layer index l (0-based)."""
    if l == n_layers - 1:
        return translate("PlotDock", "output")
    return translate("PlotDock", "hidden {0}").format(l + 1)


def style_plot(plot: pg.PlotItem, left: str = "", bottom: str | None = None) -> None:
    """Palette colours, axis labels, a light grid, no pyqtgraph context menu, fixed ranges
    (the docks set them: pyqtgraph's auto range walks every point on every paint)."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.disableAutoRange()
    color_axes(plot)
    plot.showGrid(x=True, y=True, alpha=0.15)
    if bottom is None:
        bottom = translate("PlotDock", "step")
    if left:
        plot.setLabel("left", left)
    if bottom:
        plot.setLabel("bottom", bottom)


def color_axes(plot: pg.PlotItem) -> None:
    """Axis lines, ticks and labels in the palette's text colour."""
    _, fg = palette_colors()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(fg))
        axis.setTextPen(pg.mkPen(fg))
        if axis.label.toPlainText():
            axis.setLabel(axis.labelText, units=axis.labelUnits, color=fg.name())


def new_plot(graphics: pg.GraphicsLayoutWidget, row: int, col: int, left: str = "",
             bottom: str | None = None) -> pg.PlotItem:
    """A styled PlotItem with :class:`~bpsim.gui.plots.axes.BoundedAxis` axes."""
    plot = graphics.addPlot(row=row, col=col, axisItems=bounded_axes())
    style_plot(plot, left, bottom)
    return plot


def add_curve(plot: pg.PlotItem, color, width: float = 1.0, **kwargs) -> pg.PlotDataItem:
    """A curve whose paint cost stays small (fill it with :func:`set_points`).

    Qt strokes an antialiased pen wider than 1 px as one polygon, about 100 times slower on a
    noisy curve (1.4 s for 1600 points, measured): wide curves are drawn as separate segments
    and antialiased only while they have few points."""
    pen = pg.mkPen(color, width=width, capStyle=Qt.PenCapStyle.RoundCap)
    curve = plot.plot(pen=pen, antialias=width <= 1.0, **kwargs)
    if width > 1.0:
        curve.curve.setSegmentedLineMode("on")
    return curve


def set_points(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """``curve.setData(x, y)``; a wide pen is antialiased up to WIDE_SMOOTH points."""
    wide = curve.opts["pen"].widthF() > 1.0
    curve.setData(x, y, antialias=not wide or len(x) <= WIDE_SMOOTH)


LINE, DASH, BOX = "━━", "╌╌", "■"  # legend swatches: a curve, a dashed curve, a fill


def legend_html(entries: list[tuple[object, str, str]]) -> str:
    """One line of coloured swatches and names, e.g. ``[("#1f77b4", LINE, "train")]``."""
    parts = []
    for color, swatch, text in entries:
        c = pg.mkColor(color)
        rgba = f"rgba({c.red()},{c.green()},{c.blue()},{max(c.alpha(), 90) / 255:.2f})"
        name = html.escape(text).replace(" ", "&nbsp;")  # a name never wraps inside
        parts.append(f'<span style="color:{rgba}">{swatch}</span>&nbsp;{name}')
    return "&nbsp;&nbsp;&nbsp; ".join(parts)


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
        self.legend = QLabel(body)  # the curves' names in one wrapped line (set_legend)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setContentsMargins(6, 0, 6, 0)
        self.legend.hide()
        layout.addWidget(self.legend)
        bg, _ = palette_colors()
        self.graphics = pg.GraphicsLayoutWidget(body)
        self.graphics.setBackground(bg)
        self.graphics.setMinimumSize(QSize(200, 150))
        self.graphics.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.graphics.customContextMenuRequested.connect(self._context_menu)
        for action in self.graphics.scene().contextMenu:  # pyqtgraph's own (not shown here)
            action.setText(self.tr("Export…"))
        layout.addWidget(self.graphics, 1)
        self.plot_area: QWidget = self.graphics  # what a hint replaces
        self.hint = QLabel(body)  # in place of empty axes (see show_hint)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setContentsMargins(16, 16, 16, 16)
        self.hint.hide()
        layout.addWidget(self.hint, 1)
        layout.addStretch(0)  # keeps the controls at the top when the plots are hidden
        self.setWidget(body)
        self.export_button = QToolButton(body)
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setMenu(self._export_menu(self.export_button))
        self.visibilityChanged.connect(self._on_visibility)

    def retranslate(self) -> None:
        """Texts built from several messages (the legend) again, in the new language; single
        messages follow by themselves (bpsim.gui.i18n)."""

    def finish_controls(self) -> None:
        """Subclasses call this after adding their controls: Export goes to the right."""
        self.controls.addStretch(1)
        self.controls.addWidget(self.export_button)

    def set_legend(self, entries: list[tuple[object, str, str]]) -> None:
        """The legend line above the plots (a pyqtgraph legend took a third of the width or
        of the height of a 1024x700 window's plots)."""
        self.legend.setText(legend_html(entries))
        self.legend.setVisible(bool(entries) and not self.hint.isVisibleTo(self))

    def show_hint(self, text: str | None) -> None:
        """A sentence in place of the plots (``None``: the plots)."""
        self.hint.setText(text or "")
        self.hint.setVisible(text is not None)
        self.plot_area.setVisible(text is None)
        self.legend.setVisible(text is None and bool(self.legend.text()))

    # -- the live-plot interface ------------------------------------------------------------
    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        """A new network or data set (the plots are reset separately)."""

    def reset(self) -> None:
        """Forget every sample (a new run, a reset, another file)."""
        self.dirty = True

    def add(self, snap) -> None:
        """Append one snapshot's data (cheap; drawing happens in :meth:`redraw`)."""

    def redraw(self) -> None:
        """Push the buffers into the plot items (at most ~2 points per pixel column)."""

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        """(column names, rows) of the plotted data."""
        return [], np.zeros((0, 0))

    @property
    def shown(self) -> bool:
        """On screen: visible and not a tab behind another dock (those stay "visible")."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def refresh(self) -> bool:
        """Redraw if something changed and the dock is on screen; True if it redrew."""
        if not self.dirty or not self.shown:
            return False
        self.dirty = False
        self.redraw()
        self.redraws += 1
        return True

    @Slot(bool)
    def _on_visibility(self, visible: bool) -> None:
        if visible:  # a tab brought to the front: show what changed while it was behind
            QTimer.singleShot(0, self, self.refresh)

    # -- the palette ----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        kinds = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in kinds and "graphics" in self.__dict__:
            self.apply_palette()

    def apply_palette(self) -> None:
        """Background, axes and legends in the current palette; subclasses add their items."""
        bg, fg = palette_colors()
        self.graphics.setBackground(bg)
        for item in self.graphics.scene().items():
            if isinstance(item, pg.PlotItem):
                color_axes(item)
        self.dirty = True
        self.refresh()

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
        filters = {"png": self.tr("PNG image (*.png)"), "svg": self.tr("SVG drawing (*.svg)"),
                   "csv": self.tr("CSV table (*.csv)")}
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
