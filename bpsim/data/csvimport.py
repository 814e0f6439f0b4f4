"""Reading a data set from a CSV file (header row required; one named target column).

The target column decides the task:

* regression (one target column, kept as it is) when every value is a number AND there are
  more than 20 distinct values or any value is not an integer;
* classification otherwise: text labels, or at most 20 distinct integer labels. Class names
  are the labels, sorted naturally (numbers numerically, text alphabetically, "c2" before
  "c10"). Two classes give ONE 0/1 target column (the second class is 1), more give one-hot
  columns.

Every other column must be numeric (an input). Cells are stripped of whitespace; the
delimiter is a comma, a semicolon (then a decimal comma "5,1" is accepted too) or a tab,
whichever the header uses most. A UTF-8 byte order mark is allowed. Every problem raises
:class:`DataError` with one line naming the file, the line (the header is line 1) and the
column, e.g. ``iris.csv line 17, column "petal_width": "abc" is not a number``.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import math
import re
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from bpsim.data.dataset import DataError, Dataset, one_hot

MAX_BYTES = 200 * 1024 * 1024
MAX_INTEGER_CLASSES = 20
MAX_CLASSES = 1000
DELIMITERS = (",", ";", "\t")


def read_csv(path: str | Path, target: str) -> Dataset:
    """A Dataset from a CSV file: X (N, columns - 1) inputs, T (N, 1 or classes) targets.

    Raises DataError for the first problem in file order (with a count of any more).
    """
    path = Path(path)
    text = _read_text(path)
    delimiter = _delimiter(text.lstrip().partition("\n")[0])
    records = _records(text, delimiter, path.name)
    first = next(records, None)
    if first is None:
        raise DataError(f"{path.name} is empty")
    header = _check_header(first[1], path.name, first[0])
    t_col = _target_index(header, target, path.name)
    if len(header) < 2:
        raise DataError(f"{path.name}: the only column is the target; a network needs inputs")
    table = _Table(path.name, header, t_col, decimal_comma=delimiter == ";")
    for line, cells in records:
        table.add(line, cells)
    X, labels = table.finish()
    T, class_names = _targets(labels, header[t_col], table.lines, path.name, delimiter == ";")
    input_names = tuple(h for c, h in enumerate(header) if c != t_col)
    kind = f"{len(class_names)} classes" if class_names else "regression"
    description = f"{path.name}: {len(X)} rows, target \"{header[t_col]}\" ({kind})"
    return Dataset(X, T, path.stem, input_names, class_names, description)


class _Table:
    """Accumulates the data rows: input numbers row by row, target cells as text.

    Problems (bad cells, ragged rows) are counted; the first one is raised by :meth:`finish`.
    """

    def __init__(self, name: str, header: list[str], t_col: int, decimal_comma: bool) -> None:
        self.name, self.header, self.t_col = name, header, t_col
        self.in_cols = [c for c in range(len(header)) if c != t_col]
        self.decimal_comma = decimal_comma
        self.values = array("d")
        self.labels: list[str] = []
        self.lines = array("q")
        self.first_problem: str | None = None
        self.n_problems = 0

    def problem(self, message: str) -> None:
        self.n_problems += 1
        if self.first_problem is None:
            self.first_problem = message

    def add(self, line: int, cells: list[str]) -> None:
        if len(cells) != len(self.header):
            self.problem(f"{self.name} line {line} has {len(cells)} fields, "
                         f"the header has {len(self.header)}")
            return
        try:  # fast path: every input cell a plain finite number
            row = [float(cells[c]) for c in self.in_cols]
            ok = all(map(math.isfinite, row))
        except ValueError:
            ok = False
        if not ok:
            row = [self._number(line, c, cells[c]) for c in self.in_cols]
        self.values.extend(row)
        if not cells[self.t_col]:
            self.problem(f"{self.name} line {line}, column \"{self.header[self.t_col]}\" "
                         "is empty")
        self.labels.append(cells[self.t_col])
        self.lines.append(line)

    def _number(self, line: int, c: int, cell: str) -> float:
        value, problem = _number(cell, self.decimal_comma)
        if problem:
            self.problem(f"{self.name} line {line}, column \"{self.header[c]}\"{problem}")
        return value

    def finish(self) -> tuple[np.ndarray, list[str]]:
        """X (N, n_in) and the N target cells, or DataError for the first problem."""
        if self.first_problem is not None:
            more = self.n_problems - 1
            suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
            raise DataError(self.first_problem + suffix)
        if not self.labels:
            raise DataError(f"{self.name} has a header but no data rows")
        X = np.frombuffer(self.values, dtype=np.float64).reshape(-1, len(self.in_cols))
        return X.copy(), self.labels


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(f"{path.name} is {size / 2**20:.1f} MB; bpsim reads CSV files of "
                            f"at most {MAX_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as e:
        raise DataError(f"cannot read {path.name}: {e.strerror or e}") from e
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        offset = bom + e.start
        line = data.count(b"\n", 0, offset) + 1
        raise DataError(f"{path.name} is not UTF-8 text: byte 0x{data[offset]:02x} at offset "
                        f"{offset} (line {line}) cannot be decoded; save the file as UTF-8"
                        ) from None
    if not text.strip():
        raise DataError(f"{path.name} is empty")
    return text


def _delimiter(header_line: str) -> str:
    counts = [header_line.count(d) for d in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))] if max(counts) else ","


def _records(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped cells) of every non-blank row; the first is the header."""
    reader = csv.reader(_lines(text), delimiter=delimiter, skipinitialspace=True)
    try:
        for record in reader:
            cells = [cell.strip() for cell in record]
            if any(cells):
                yield reader.line_num, cells
    except csv.Error as e:
        raise DataError(f"{name} line {reader.line_num}: {e}") from None


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, one at a time (no copy of the whole text)."""
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line endings
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _check_header(cells: list[str], name: str, line: int) -> list[str]:
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if not cell:
            raise DataError(f"{name} line {line}: column {i + 1} of the header has no name")
        if cell in seen:
            raise DataError(f"{name} line {line}: the header names column \"{cell}\" twice "
                            f"(columns {seen[cell] + 1} and {i + 1})")
        seen[cell] = i
    return cells


def _target_index(header: list[str], target: str, name: str) -> int:
    if target in header:
        return header.index(target)
    listed = ", ".join(f'"{h}"' for h in header)
    close = [h for h in header if h.casefold() == target.casefold()]
    close = close or difflib.get_close_matches(target, header, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    raise DataError(f"{name} has no column \"{target}\"; its columns are {listed}{hint}")


def _number(cell: str, decimal_comma: bool) -> tuple[float, str]:
    """(value, "") for a finite number, else (nan, the problem as a message tail)."""
    if not cell:
        return math.nan, " is empty"
    value = _to_float(cell, decimal_comma)
    if value is None:
        return math.nan, f": \"{cell}\" is not a number"
    if not math.isfinite(value):
        return math.nan, f": \"{cell}\" is not a finite number"
    return value, ""


def _to_float(cell: str, decimal_comma: bool) -> float | None:
    try:
        return float(cell)
    except ValueError:
        pass
    if decimal_comma and cell.count(",") == 1:
        try:
            return float(cell.replace(",", "."))
        except ValueError:
            return None
    return None


def _targets(labels: list[str], col_name: str, lines: Sequence[int], name: str,
             decimal_comma: bool) -> tuple[np.ndarray, tuple[str, ...] | None]:
    """T (N, 1) for regression or (N, 1 or classes) 0/1 for classes, and the class names."""
    numbers = [_to_float(cell, decimal_comma) for cell in labels]
    if all(v is not None for v in numbers):
        values = np.array(numbers, dtype=np.float64)
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            raise DataError(f"{name} line {lines[bad[0]]}, column \"{col_name}\": "
                            f"\"{labels[bad[0]]}\" is not a finite number")
        integral = bool(np.all(values == np.round(values)))
        if not integral or len(np.unique(values)) > MAX_INTEGER_CLASSES:
            return values[:, None], None
        labels = [str(int(v)) for v in values]
    names = tuple(sorted(set(labels), key=natural_key))
    if len(names) < 2:
        raise DataError(f"{name}: the target column \"{col_name}\" has only one class "
                        f"(\"{names[0]}\"); a classifier needs at least two")
    if len(names) > MAX_CLASSES:
        raise DataError(f"{name}: the target column \"{col_name}\" has {len(names)} different "
                        f"values; bpsim handles at most {MAX_CLASSES} classes")
    index = {label: k for k, label in enumerate(names)}
    return one_hot(np.array([index[label] for label in labels]), len(names)), names


def natural_key(label: str) -> tuple[tuple[int, float, str], ...]:
    """Sort key: a number sorts numerically before text; text compares digit runs as numbers
    ("c2" < "c10") and letters case-insensitively."""
    try:
        value = float(label)
        if math.isfinite(value):
            return ((0, value, ""),)
    except ValueError:
        pass
    parts = re.split(r"([0-9]+)", label)
    return tuple((1, float(p), "") if p.isascii() and p.isdigit()
                 else (2, 0.0, p.casefold() + "\0" + p) for p in parts if p)
