"""The Step mode's side panel: the example, the navigation buttons, the current formula with its
numbers (large) and the tables so far (copyable, exportable as CSV and Markdown).

The panel is a view: it shows a :class:`StepSession` given to :meth:`StepPanel.show_session`
and reports the user's choices through signals; the controller owns the session and the actions.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bpsim import typeset
from bpsim.explain import PHASES
from bpsim.gui.flow import FlowLayout, group
from bpsim.gui.stepmode.session import StepSession
from bpsim.gui.stepmode.tables import (
    LinesTable,
    StepTable,
    UnitsTable,
    WeightsTable,
    rows,
    to_csv,
    to_markdown,
    to_tsv,
)
from bpsim.lang import tx
from bpsim.numfmt import number

NAV = ("restart", "previous", "next", "end_of_phase", "to_end", None, "apply", "discard")


class TableView(QTableView):
    """A table whose Ctrl+C copies the selected cells (or the whole table) as tab-separated."""

    def __init__(self, model: StepTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def copy(self) -> str:
        model: StepTable = self.model()  # type: ignore[assignment]
        text = to_tsv(rows(model, self.selectionModel().selectedIndexes()))
        QApplication.clipboard().setText(text)
        return text

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            event.accept()
            return
        super().keyPressEvent(event)


class StepPanel(QWidget):
    """See the module docstring. ``actions`` are the controller's navigation actions."""

    exampleChanged = Signal(int)  # noqa: N815
    typedChanged = Signal()  # noqa: N815
    formatChanged = Signal()  # noqa: N815

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepPanel")
        self.plain_text = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.addLayout(self._source_row())
        outer.addLayout(self._nav_row(actions))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self._formula_box())
        split.addWidget(self._tables_box())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)

    # -- construction ------------------------------------------------------------------------
    def _source_row(self) -> FlowLayout:
        self.use_example = QRadioButton(self.tr("Example"))
        self.example = QSpinBox()
        self.example.setRange(0, 0)
        self.example.setKeyboardTracking(False)
        self.example_count = QLabel()
        self.use_typed = QRadioButton(self.tr("Typed"))
        self.typed_input = QLineEdit()
        self.typed_input.setPlaceholderText(self.tr("input: 1, 0, 1"))
        self.typed_target = QLineEdit()
        self.typed_target.setPlaceholderText("1")
        self.typed_input.setMinimumWidth(90)
        self.typed_input.setMaximumWidth(160)
        self.typed_target.setMaximumWidth(70)
        self.use_example.setChecked(True)
        self.decimals = QSpinBox()
        self.decimals.setRange(1, 10)
        self.decimals.setValue(4)
        self.decimals.setToolTip(self.tr("Decimals shown (deltas and changes get one more)"))
        self.textbook = QCheckBox(self.tr("Round like the textbook"))
        self.textbook.setToolTip(self.tr(
            "Compute every shown result from the rounded numbers shown before it, as the "
            "textbook does by hand. Apply always uses the exact values."))
        row = FlowLayout()
        row.addWidget(group(self.use_example, self.example, self.example_count))
        row.addWidget(group(self.use_typed, self.typed_input, QLabel(self.tr("target")),
                            self.typed_target, stretch=self.typed_input))
        row.addWidget(group(QLabel(self.tr("Decimals")), self.decimals))
        row.addWidget(self.textbook)
        self.example.valueChanged.connect(self._on_example)
        self.use_example.toggled.connect(lambda _on: self.typedChanged.emit())
        self.typed_input.editingFinished.connect(self._on_typed)
        self.typed_target.editingFinished.connect(self._on_typed)
        self.decimals.valueChanged.connect(lambda _v: self.formatChanged.emit())
        self.textbook.toggled.connect(lambda _on: self.formatChanged.emit())
        return row

    def _nav_row(self, actions: dict[str, QAction]) -> FlowLayout:
        row = FlowLayout()
        self.buttons: dict[str, QToolButton] = {}
        for name in NAV:
            if name is None:
                continue
            button = QToolButton()
            button.setDefaultAction(actions[name])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            row.addWidget(button)
            self.buttons[name] = button
        self._text_widths = {name: b.sizeHint().width() for name, b in self.buttons.items()}
        self.position = QLabel()
        row.addWidget(self.position)
        return row

    def _formula_box(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.formula = QLabel()
        self.formula.setObjectName("StepFormula")
        big = QFont(self.font())
        big.setPointSizeF(max(13.0, self.font().pointSizeF() * 1.45))
        self.formula.setFont(big)
        self.formula.setWordWrap(True)
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.formula.setMinimumWidth(260)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(mid);")
        lay.addWidget(self.heading)
        lay.addWidget(self.formula, 1)
        lay.addWidget(self.note)
        return box

    def _tables_box(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.models = (LinesTable(self), UnitsTable(self), WeightsTable(self))
        self.views = tuple(TableView(m) for m in self.models)
        for model, view in zip(self.models, self.views, strict=True):
            self.tabs.addTab(view, self.tr(model.title))
        self.views[0].setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the result stays
        self.views[0].setColumnWidth(0, 50)
        self.views[0].setColumnWidth(1, 70)
        lay.addWidget(self.tabs, 1)
        buttons = FlowLayout()
        for text, tip, slot in (
                (self.tr("Copy"), self.tr("Copy the table (tab-separated) to the clipboard"),
                 self.copy_table),
                (self.tr("CSV…"), self.tr("Export the table as a CSV file"),
                 lambda: self.export_dialog("csv")),
                (self.tr("Markdown…"), self.tr("Export the table as a Markdown file"),
                 lambda: self.export_dialog("md"))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, slot=slot: slot())
            buttons.addWidget(button)
        lay.addLayout(buttons)
        box.setMinimumWidth(250)
        return box

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """The navigation buttons lose their words when the row would not hold them (their
        tooltips and shortcuts stay), so the controls keep to two rows in a narrow dock."""
        super().resizeEvent(event)
        style = Qt.ToolButtonStyle
        wide = sum(self._text_widths.values()) + self.position.sizeHint().width() + 80
        want = (style.ToolButtonTextBesideIcon if self.width() >= wide
                else style.ToolButtonIconOnly)
        for button in self.buttons.values():
            if button.toolButtonStyle() != want:
                button.setToolButtonStyle(want)

    # -- user input --------------------------------------------------------------------------
    def _on_example(self, value: int) -> None:
        if not self.use_example.isChecked():
            self.use_example.setChecked(True)  # emits typedChanged: the controller rebuilds
        else:
            self.exampleChanged.emit(value)

    def _on_typed(self) -> None:
        if self.use_typed.isChecked():
            self.typedChanged.emit()

    def typed_values(self) -> tuple[list[float], list[float]]:
        """The typed input and target; ValueError names the field that does not parse."""
        def parse(text: str, what: str) -> list[float]:
            parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
            try:
                return [float(p) for p in parts]
            except ValueError:
                raise ValueError(f"the {what} must be numbers separated by commas") from None

        return parse(self.typed_input.text(), "input"), parse(self.typed_target.text(), "target")

    # -- showing -----------------------------------------------------------------------------
    def show_session(self, session: StepSession | None, note: str = "") -> None:
        """Show ``session`` at its position (None: only ``note``, e.g. why there is no step)."""
        for model in self.models:
            model.refresh(session)
        self.note.setText(note)
        if session is None:
            self.heading.setText(self.tr("No step"))
            self.formula.setText("")
            self.plain_text = ""
            self.position.setText("")
            return
        line, n = session.line, len(session)
        if line is None:
            t = session.shown
            self.heading.setText(self.tr("Ready: {0}").format(session.description))
            self.plain_text = self.tr("Press Next (→) to start the forward pass of input x = "
                                      "({0}) with target t = ({1}).").format(
                _short(t.x, session.precision), _short(t.t, session.precision))
            self.formula.setText(html.escape(self.plain_text).replace("-", typeset.MINUS))
        else:
            self.heading.setText(self.tr("{0}. {1}").format(line.phase, tx(PHASES[line.phase])))
            self.plain_text = line.text
            self.formula.setText(_formula_html(line.markup or line.text))
        self.position.setText(self.tr("line {0} of {1} · {2}").format(
            f"{session.pos + 1:,}", f"{n:,}", session.description))
        if session.pos >= 0:
            self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        """Select and show the current line in the Steps table (after the view's relayout)."""
        view, model = self.views[0], self.models[0]
        if model.rowCount():
            index = model.index(model.rowCount() - 1, 0)
            view.selectionModel().select(index, view.selectionModel().SelectionFlag.ClearAndSelect
                                         | view.selectionModel().SelectionFlag.Rows)
            view.scrollToBottom()  # the current line is the last row; lays the view out first

    # -- tables out --------------------------------------------------------------------------
    def current_table(self) -> list[list[str]]:
        return rows(self.models[self.tabs.currentIndex()])

    def copy_table(self) -> str:
        """Copy the current tab's selection (or whole table) as tab-separated text."""
        return self.views[self.tabs.currentIndex()].copy()

    def export_table(self, path: str | Path, kind: str) -> None:
        """Write the current tab's table to ``path`` as "csv" or "md" (Markdown)."""
        table = self.current_table()
        text = to_csv(table) if kind == "csv" else to_markdown(table)
        Path(path).write_text(text, encoding="utf-8")

    def ask_export_path(self, kind: str) -> str:
        filt = self.tr("CSV files (*.csv)") if kind == "csv" else self.tr("Markdown (*.md)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export table"), "", filt)
        return path

    def export_dialog(self, kind: str) -> None:
        path = self.ask_export_path(kind)
        if path:
            self.export_table(path, kind)

    def current_index(self) -> QModelIndex:
        return self.views[self.tabs.currentIndex()].currentIndex()


def _short(values, precision: int, limit: int = 8) -> str:
    text = ", ".join(number(v, precision, trim=True, sig=precision) for v in values[:limit])
    return text + (f", … {len(values) - limit} more" if len(values) > limit else "")


def _formula_html(markup: str) -> str:
    """A formula (markup, :mod:`bpsim.typeset`) as a textbook derivation, typeset: one
    "= ..." per line, the result in bold."""
    parts = [typeset.html(p) for p in markup.split(" = ")]
    if len(parts) < 2:
        return parts[0]
    if len(parts) > 2:  # "o4 = f(z4)" stays on the first line
        parts[:2] = [parts[0] + " = " + parts[1]]
    first, rest = parts[0], parts[1:]
    rest[-1] = f"<b>{rest[-1]}</b>"
    pad = "&nbsp;" * 4
    return first + "<br>" + "<br>".join(f"{pad}= {p}" for p in rest)
