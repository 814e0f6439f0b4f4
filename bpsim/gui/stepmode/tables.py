"""The Step mode's tables, like the textbook's: lines so far, units (z, o, error, δ) and
parameters (old, Δ, new). Models over the session: nothing is copied, rows are formatted when the
view asks for them, so a 784-256-128-10 network's 235k weight rows cost nothing up front.
"""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from bpsim.explain import fmt
from bpsim.gui.i18n import N_, translate
from bpsim.gui.stepmode.session import Known, StepSession
from bpsim.typeset import MINUS, unicode

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


class StepTable(QAbstractTableModel):
    """Base: a session, its ``known`` state and column headers; :meth:`refresh` resets."""

    headers: tuple[str, ...] = ()
    title = ""
    numeric_from = 1  # the first right-aligned (numeric) column

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: StepSession | None = None
        self.known: Known | None = None

    def refresh(self, session: StepSession | None) -> None:
        """Show ``session`` at its current position (None: empty)."""
        self.beginResetModel()
        self.session = session
        self.known = session.known() if session is not None else None
        self.endResetModel()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = _DISPLAY):
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return translate("StepTable", self.headers[section])
        return None

    def data(self, index: _Index, role: int = _DISPLAY):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= self.numeric_from:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not index.isValid() or self.session is None:
            return None
        if role == _DISPLAY:
            return self.shown(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.shown(index.row(), index.column())
        return None

    def cell(self, row: int, column: int) -> str:
        """The cell as exported (CSV, Markdown, the clipboard): ASCII minus signs."""
        raise NotImplementedError

    def shown(self, row: int, column: int) -> str:
        """The cell as shown: true minus signs, subscripts."""
        return self.cell(row, column).replace("-", MINUS)


class LinesTable(StepTable):
    """Every line computed so far, in order: phase, name, formula."""

    headers = (N_("StepTable", "Phase"), N_("StepTable", "Quantity"), N_("StepTable", "Formula"))
    title = N_("StepPanel", "Steps")
    numeric_from = 3

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.session is None else self.session.pos + 1

    def cell(self, row: int, column: int) -> str:
        line = self.session.explanation[row]
        return (str(line.phase), line.name, line.text)[column]

    def shown(self, row: int, column: int) -> str:
        line = self.session.explanation[row]
        return (str(line.phase), line.unicode.split(" = ")[0], line.unicode)[column]


class UnitsTable(StepTable):
    """One row per hidden and output unit: net input z, output o, error t - o, delta."""

    headers = (N_("StepTable", "Unit"), N_("StepTable", "Layer"), N_("StepTable", "Net input z"),
               N_("StepTable", "Output o"), N_("StepTable", "Error t - o"), "δ")
    title = N_("StepPanel", "Units")
    numeric_from = 2

    def refresh(self, session: StepSession | None) -> None:
        self._rows = [] if session is None else [
            (l, j) for l in range(1, len(session.trace.o)) for j in range(len(session.trace.o[l]))]
        super().refresh(session)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.session is None else len(self._rows)

    def cell(self, row: int, column: int) -> str:
        s, k = self.session, self.known
        tr, pr = s.shown, s.precision
        l, j = self._rows[row]
        output = l == len(tr.z)
        if column == 0:
            return s.labels[l][j]
        if column == 1:
            return "output" if output else f"hidden {l}"
        if column == 2:
            return fmt(tr.z[l - 1][j], pr) if j < k.z[l - 1] else ""
        if column == 3:
            return fmt(tr.o[l][j], pr) if j < k.o[l - 1] else ""
        if column == 4:
            return fmt(tr.error[j], pr) if output and j < k.errors else ""
        return fmt(tr.delta[l - 1][j], pr + 1) if j < k.delta[l - 1] else ""


class WeightsTable(StepTable):
    """One row per weight and bias change computed so far: old, Δ, new (once computed)."""

    headers = (N_("StepTable", "Weight or bias"), N_("StepTable", "Old"), "Δ",
               N_("StepTable", "New"))
    title = N_("StepPanel", "Weights")

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.known is None:
            return 0
        return sum(self.known.change)

    def _locate(self, row: int) -> tuple[int, int, int, bool]:
        """(l, j, i, new weight known) of row ``row`` (i = inputs of the layer: the bias)."""
        s, k = self.session, self.known
        for l, done in enumerate(k.change, start=1):
            if row < done:
                j, i = divmod(row, len(s.trace.o[l - 1]) + 1)
                return l, j, i, row < k.new[l - 1]
            row -= done
        raise IndexError(row)

    def cell(self, row: int, column: int) -> str:
        s = self.session
        l, j, i, new_known = self._locate(row)
        tr, pr = s.shown, s.precision
        bias = i == len(tr.o[l - 1])
        if column == 0:
            return s.explanation.param_name(l, j, i)
        if column == 1:
            return fmt(tr.b_old[l - 1][j] if bias else tr.W_old[l - 1][j, i], pr)
        if column == 2:
            return fmt(tr.db[l - 1][j] if bias else tr.dW[l - 1][j, i], pr + 1)
        if not new_known:
            return ""
        return fmt(tr.b_new[l - 1][j] if bias else tr.W_new[l - 1][j, i], pr)

    def shown(self, row: int, column: int) -> str:
        if column == 0:
            l, j, i, _known = self._locate(row)
            return unicode(self.session.explanation.param_markup(l, j, i))
        return super().shown(row, column)


def rows(model: StepTable, selection: list[QModelIndex] | None = None) -> list[list[str]]:
    """The header and the rows of ``model`` (only the selected cells' rectangle if given)."""
    if selection:
        r0, r1 = min(i.row() for i in selection), max(i.row() for i in selection)
        c0, c1 = min(i.column() for i in selection), max(i.column() for i in selection)
    else:
        r0, r1, c0, c1 = 0, model.rowCount() - 1, 0, model.columnCount() - 1
    cols = range(c0, c1 + 1)
    out = [[model.headers[c] for c in cols]]
    out += [[model.cell(r, c) for c in cols] for r in range(r0, r1 + 1)]
    return out


def to_tsv(table: list[list[str]]) -> str:
    """Tab-separated text (what spreadsheets paste)."""
    return "".join("\t".join(row) + "\n" for row in table)


def to_csv(table: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table)
    return buf.getvalue()


def to_markdown(table: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table (| escaped in cells)."""
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n"

    head, body = table[0], table[1:]
    align = ["---"] + ["---:"] * (len(head) - 1)
    return line(head) + line(align) + "".join(line(r) for r in body)
