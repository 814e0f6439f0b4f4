"""Preview of a data set: a scatter coloured by class for 2-D inputs (x against t for one
input and one target), a table of the first rows otherwise."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QStackedWidget, QTableWidget, QTableWidgetItem, QWidget

from bpsim.gui.panels.plots import CLASS_COLORS, themed_plot

MAX_TABLE_ROWS = 200


class DataPreview(QStackedWidget):
    """Shows a :class:`bpsim.data.Dataset`; :meth:`set_current` rings the current example."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = themed_plot()
        self.plot.setMinimumHeight(180)
        self.plot.setAspectLocked(False)
        self.scatter = pg.ScatterPlotItem(size=7, pen=None)
        self.ring = pg.ScatterPlotItem(size=16, brush=None)
        self.plot.follow_foreground(self.ring)
        self.plot.addItem(self.scatter)
        self.plot.addItem(self.ring)
        self.legend = self.plot.addLegend(offset=(5, 5))
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(140)
        self.addWidget(self.plot)
        self.addWidget(self.table)
        self._points: np.ndarray | None = None
        self.dataset = None

    def set_dataset(self, dataset: object | None) -> None:
        """Show ``dataset`` (a Dataset or None)."""
        self.dataset = dataset
        self._points = None
        self.legend.clear()
        if dataset is None:
            self.scatter.setData([], [])
            self.ring.setData([], [])
            self.table.clear()
            self.table.setRowCount(0)
            return
        X, T = dataset.X, dataset.T
        if X.shape[1] == 2 or (X.shape[1] == 1 and T.shape[1] == 1):
            self._show_scatter(dataset)
            self.setCurrentWidget(self.plot)
        else:
            self._show_table(dataset)
            self.setCurrentWidget(self.table)

    def _show_scatter(self, dataset: object) -> None:
        X, T = dataset.X, dataset.T
        if X.shape[1] == 2:
            points = X
            names = dataset.input_names
        else:
            points = np.column_stack([X[:, 0], T[:, 0]])
            names = (dataset.input_names[0], self.tr("target t"))
        self._points = points
        self.plot.setLabel("bottom", names[0])
        self.plot.setLabel("left", names[1])
        if dataset.class_names is not None and X.shape[1] == 2:
            labels = dataset.labels()
            brushes = [pg.mkBrush(CLASS_COLORS[c % len(CLASS_COLORS)]) for c in labels]
            self.scatter.setData(points[:, 0], points[:, 1], brush=brushes)
            for c, name in enumerate(dataset.class_names):
                item = pg.ScatterPlotItem(size=8, pen=None,
                                          brush=pg.mkBrush(CLASS_COLORS[c % len(CLASS_COLORS)]))
                self.legend.addItem(item, name)
        else:
            self.scatter.setData(points[:, 0], points[:, 1], brush=pg.mkBrush(CLASS_COLORS[0]))
        self.plot.autoRange()

    def _show_table(self, dataset: object) -> None:
        X, T = dataset.X, dataset.T
        rows = min(len(X), MAX_TABLE_ROWS)
        targets = [f"t{k + 1}" for k in range(T.shape[1])]
        if dataset.class_names is not None and T.shape[1] > 1:
            targets = [f"t:{name}" for name in dataset.class_names]
        header = list(dataset.input_names) + targets
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(rows)
        self.table.setHorizontalHeaderLabels(header)
        values = np.hstack([X[:rows], T[:rows]])
        for r in range(rows):
            for c in range(values.shape[1]):
                self.table.setItem(r, c, QTableWidgetItem(f"{values[r, c]:.4g}"))
        self.table.resizeColumnsToContents()

    def set_current(self, index: int) -> None:
        """Mark example ``index`` (0-based)."""
        if self._points is not None and 0 <= index < len(self._points):
            self.ring.setData([self._points[index, 0]], [self._points[index, 1]])
        elif self.currentWidget() is self.table and 0 <= index < self.table.rowCount():
            self.table.selectRow(index)
