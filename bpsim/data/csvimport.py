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

import difflib
import io
import itertools
import math
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from bpsim.data.csvrows import Rows, TextTarget, cells, records, text_blocks, to_float
from bpsim.data.dataset import DataError, Dataset, one_hot
from bpsim.safeio import UnsafeFileError, open_regular
from bpsim.sanitize import excerpt

MAX_BYTES = 200 * 1024 * 1024
MAX_INTEGER_CLASSES = 20
MAX_CLASSES = 1000
MAX_LISTED_COLUMNS = 12
DELIMITERS = (",", ";", "\t")


def read_csv(path: str | Path, target: str) -> Dataset:
    """A Dataset from a CSV file: X (N, columns - 1) inputs, T (N, 1 or classes) targets.

    Raises DataError for the first problem in file order (with a count of any more). Only a
    regular file of at most MAX_BYTES is read; memory stays near the size of X (the file is
    read in blocks, never whole).
    """
    path = Path(path)
    try:
        return _read(path, target, labels=None)
    except TextTarget:
        return _read(path, target, labels=True)


def _read(path: Path, target: str, labels: bool | None) -> Dataset:
    """One pass over the file; ``labels`` None: decided by the first data row."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(f"{name} is {size / 2**20:.1f} MB; bpsim reads CSV files of "
                            f"at most {MAX_BYTES // 2**20} MB")
        f = open_regular(path)
    except UnsafeFileError as e:
        raise DataError(str(e)) from None
    except OSError as e:
        raise DataError(f"cannot read {name}: {e.strerror or e}") from e
    with f:
        blocks = text_blocks(f, name, MAX_BYTES)
        header, delimiter, rest = _header(blocks, name)
        t_col = _target_index(header, target, name)
        if len(header) < 2:
            raise DataError(f"{name}: the only column is the target; a network needs inputs")
        rows = None
        for first_line, text in itertools.chain([rest], blocks):
            if labels is None:
                labels = _text_target(first_line, text, delimiter, t_col, name)
            if rows is None and labels is not None:
                rows = Rows(name, header, t_col, delimiter, labels, MAX_CLASSES, size)
            if rows is not None:
                rows.add(first_line, text)
    if rows is None:
        raise DataError(f"{name} has a header but no data rows")
    X, targets = rows.finish()
    if labels:
        T, class_names = _classes(rows.index, targets, header[t_col], name)
    else:
        T, class_names = _numeric_targets(targets)
    if class_names is not None and len(class_names) < 2:
        raise DataError(f"{name}: the target column \"{excerpt(header[t_col])}\" has only one "
                        f"class (\"{excerpt(class_names[0])}\"); a classifier needs at least two")
    input_names = tuple(h for c, h in enumerate(header) if c != t_col)
    kind = f"{len(class_names)} classes" if class_names else "regression"
    description = f"{name}: {len(X)} rows, target \"{header[t_col]}\" ({kind})"
    return Dataset(X, T, path.stem, input_names, class_names, description)


def _header(blocks: Iterator[tuple[int, str]], name: str
            ) -> tuple[list[str], str, tuple[int, str]]:
    """The header's cells (the first line with a non-empty cell), the delimiter it uses
    most, and the rest of its block (number of the next line, text)."""
    for first_line, text in blocks:
        pos = 0
        for line, row_text in enumerate(io.StringIO(text, newline="\n"), first_line):
            pos += len(row_text)
            if not row_text.strip():
                continue
            delimiter = _delimiter(row_text)
            header = cells(row_text, delimiter)
            if any(header):
                return _check_header(header, name, line), delimiter, (line + 1, text[pos:])
    raise DataError(f"{name} is empty")


def _text_target(first_line: int, text: str, delimiter: str, t_col: int, name: str
                 ) -> bool | None:
    """Whether the first data row's target is text (None: no data row in ``text``)."""
    for _, row in records(first_line, text, delimiter, name):
        cell = row[t_col] if t_col < len(row) else ""
        return bool(cell) and to_float(cell, delimiter == ";") is None
    return None


def _delimiter(header_line: str) -> str:
    counts = [header_line.count(d) for d in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))] if max(counts) else ","


def _check_header(cells: list[str], name: str, line: int) -> list[str]:
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if not cell:
            raise DataError(f"{name} line {line}: column {i + 1} of the header has no name")
        if cell in seen:
            raise DataError(f"{name} line {line}: the header names column \"{excerpt(cell)}\" "
                            f"twice (columns {seen[cell] + 1} and {i + 1})")
        seen[cell] = i
    return cells


def _target_index(header: list[str], target: str, name: str) -> int:
    if target in header:
        return header.index(target)
    listed = ", ".join(f'"{excerpt(h)}"' for h in header[:MAX_LISTED_COLUMNS])
    if len(header) > MAX_LISTED_COLUMNS:
        listed += f", ... ({len(header)} in all)"
    close = [h for h in header if h.casefold() == target.casefold()]
    close = close or difflib.get_close_matches(target, header[:10_000], n=1)
    hint = f'; did you mean "{excerpt(close[0])}"?' if close else ""
    raise DataError(f"{name} has no column \"{excerpt(target)}\"; its columns are "
                    f"{listed}{hint}")


def _numeric_targets(values: np.ndarray) -> tuple[np.ndarray, tuple[str, ...] | None]:
    """A numeric target column: classes if at most MAX_INTEGER_CLASSES distinct integers
    (named by the integers), else regression T (N, 1)."""
    distinct = np.unique(values)
    if len(distinct) > MAX_INTEGER_CLASSES or not np.all(distinct == np.round(distinct)):
        return values.reshape(-1, 1), None
    names = tuple(str(int(v)) for v in distinct)  # ascending: the natural order of numbers
    return one_hot(np.searchsorted(distinct, values), len(names)), names


def _classes(index: dict[str, int], codes: np.ndarray, col_name: str, name: str
             ) -> tuple[np.ndarray, tuple[str, ...]]:
    """Text labels (codes in order of appearance): classes sorted naturally, as targets."""
    if len(index) > MAX_CLASSES:
        raise DataError(f"{name}: the target column \"{excerpt(col_name)}\" has more than "
                        f"{MAX_CLASSES} different values; bpsim handles at most {MAX_CLASSES} "
                        "classes")
    names = tuple(sorted(index, key=natural_key))
    order = np.empty(len(names), np.int64)
    order[[index[label] for label in names]] = np.arange(len(names))
    return one_hot(order[codes.astype(np.int64)], len(names)), names


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


def csv_header(path: str | Path) -> list[str]:
    """The column names of a CSV file's header (for choosing a target column): only the
    first block of a regular file is read; DataError if it cannot be."""
    path = Path(path)
    try:
        f = open_regular(path)
    except UnsafeFileError as e:
        raise DataError(str(e)) from None
    except OSError as e:
        raise DataError(f"cannot read {path.name}: {e.strerror or e}") from e
    with f:
        return _header(text_blocks(f, path.name, MAX_BYTES), path.name)[0]
