"""The rows of a CSV file, read in blocks: fast, and within bounded memory (Qt-free).

:func:`text_blocks` streams a file as blocks of whole lines (UTF-8, any line ending, a quoted
cell spanning lines kept in one block) without ever holding the whole text, and enforces the
size limit on the bytes read. :class:`Rows` parses them a block at a time into one growing
float64 array: first with NumPy's C parser (``np.loadtxt``) and, only when that refuses a
block, record by record with the :mod:`csv` module, which is the reference: it gives the
exact message for every problem, and whatever it accepts is accepted. The target column is
kept as numbers while every target is a number; a text target raises :class:`TextTarget` so
the caller reads again with ``labels=True`` (class codes in order of appearance).
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import warnings
from collections.abc import Iterator
from typing import BinaryIO

import numpy as np

from bpsim.data.dataset import DataError
from bpsim.sanitize import excerpt

CHUNK = 4 << 20  # bytes read at a time: a block holds about this much text
MAX_LINE = 32 << 20  # bytes: 100,000 columns of 25 characters take 2.5 MB


class TextTarget(Exception):  # noqa: N818 - a signal to read again, not an error
    """The target column holds text: read the file again with ``labels=True``."""


def text_blocks(f: BinaryIO, name: str, limit: int) -> Iterator[tuple[int, str]]:
    """(number of its first line, text) of consecutive blocks of whole lines of ``f``.

    A leading UTF-8 BOM is skipped; a block never ends inside a quoted cell. Raises
    DataError for bytes that are not UTF-8 and when more than ``limit`` bytes are read.
    """
    buf, offset, line_no = bytearray(), 0, 1
    for block in _blocks(f, name, limit):
        buf += block
        if offset == 0 and buf.startswith(codecs.BOM_UTF8):
            del buf[:len(codecs.BOM_UTF8)]
            offset = len(codecs.BOM_UTF8)
        cut = len(buf) if not block else buf.rfind(b"\n") + 1
        if block and buf.count(b'"', 0, cut) % 2:
            cut = 0  # a quoted cell goes on past this block: read on
        if cut == 0:
            if len(buf) > MAX_LINE:
                raise DataError(f"{name} line {line_no}: a line (or a quoted cell) longer than "
                                f"{MAX_LINE // 2**20} MB; a CSV row of bpsim's largest network "
                                "is far shorter")
            continue
        with memoryview(buf) as view:
            text = _decode(view[:cut], name, offset, line_no)
        del buf[:cut]
        offset += cut
        if not block and line_no == 1 and "\n" not in text:
            text = text.replace("\r", "\n")  # old Mac line endings
        yield line_no, text
        line_no += text.count("\n")


def _blocks(f: BinaryIO, name: str, limit: int) -> Iterator[bytes]:
    """The file in blocks, the last one empty; DataError past ``limit`` bytes."""
    total = 0
    while True:
        block = f.read(CHUNK)
        total += len(block)
        if total > limit:
            raise DataError(f"{name} is larger than {limit / 2**20:.0f} MB; bpsim reads CSV "
                            f"files of at most {limit // 2**20} MB")
        yield block
        if not block:
            return


def _decode(data: memoryview, name: str, offset: int, line_no: int) -> str:
    try:
        return str(data, "utf-8")
    except UnicodeDecodeError as e:
        line = line_no + bytes(data[:e.start]).count(b"\n")
        raise DataError(f"{name} is not UTF-8 text: byte 0x{data[e.start]:02x} at offset "
                        f"{offset + e.start} (line {line}) cannot be decoded; save the file "
                        "as UTF-8") from None


def records(first_line: int, text: str, delimiter: str, name: str
            ) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped cells) of every record of a block with a non-empty cell."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        skipinitialspace=True)
    start = first_line
    try:
        for record in reader:
            row = [cell.strip() for cell in record]
            if any(row):
                yield start, row
            start = first_line + reader.line_num
    except csv.Error as e:
        raise DataError(f"{name} line {first_line + reader.line_num - 1}: {e}") from None


def cells(text: str, delimiter: str) -> list[str]:
    """The stripped cells of one logical line."""
    record = next(csv.reader([text], delimiter=delimiter, skipinitialspace=True), [])
    return [cell.strip() for cell in record]


def to_float(cell: str, decimal_comma: bool) -> float | None:
    """The number in ``cell`` (a decimal comma allowed if ``decimal_comma``), else None."""
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


def _loadtxt(text: str, delimiter: str, dtype: type, **options: object) -> np.ndarray:
    """np.loadtxt on a block: no comments, quoted cells, warnings kept quiet."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.loadtxt(io.StringIO(text), delimiter=delimiter, comments=None,
                          quotechar='"', dtype=dtype, ndmin=2, **options)


class _Growing:
    """A float64 (n, width) array that grows in place (realloc) as rows are added.

    Growing zero-fills the new room, so the room is reserved from an estimate of the rows
    (:meth:`reserve`) rather than by doubling: memory stays near the final size."""

    def __init__(self, width: int, dtype: type = np.float64) -> None:
        self.a = np.empty((1024, width), dtype)
        self.n = 0

    def reserve(self, rows: int) -> None:
        if rows > len(self.a):
            self.a.resize((rows, self.a.shape[1]), refcheck=False)

    def extend(self, rows: np.ndarray) -> None:
        need = self.n + len(rows)
        if need > len(self.a):
            self.reserve(max(need, len(self.a) * 5 // 4))
        self.a[self.n:need] = rows
        self.n = need

    def array(self) -> np.ndarray:
        self.a.resize((self.n, self.a.shape[1]), refcheck=False)
        self.a.setflags(write=False)
        return self.a


class Rows:
    """Accumulates the data rows (see the module docstring). Problems (bad cells, ragged
    rows) are counted; :meth:`finish` raises the first one."""

    def __init__(self, name: str, header: list[str], t_col: int, delimiter: str,
                 labels: bool, max_classes: int, file_bytes: int = 0) -> None:
        self.name, self.header, self.t_col = name, header, t_col
        self.delimiter, self.decimal_comma = delimiter, delimiter == ";"
        self.in_cols = np.array([c for c in range(len(header)) if c != t_col])
        self.labels, self.max_classes = labels, max_classes
        self.X = _Growing(len(self.in_cols))
        self.T = _Growing(1)
        self.index: dict[str, int] = {}
        self.first_problem: str | None = None
        self.n_problems = 0
        self.bad_target: tuple[int, str] | None = None
        self.file_bytes = file_bytes

    def add(self, first_line: int, text: str) -> None:
        """The rows of a block of whole lines whose first is line ``first_line``."""
        table = self._fast(text)
        if table is None:
            for line, row in records(first_line, text, self.delimiter, self.name):
                self._row(line, row)
        else:
            self.X.extend(table[:, self.in_cols])
            self.T.extend(table[:, self.t_col:self.t_col + 1])
        if self.file_bytes and text:  # after the first block: room for the whole file
            rows = int(self.X.n * self.file_bytes / len(text) * 1.02) + 16
            self.X.reserve(rows)
            self.T.reserve(rows)
            self.file_bytes = 0

    # -- the fast path: NumPy's C parser --------------------------------------------------------
    def _fast(self, text: str) -> np.ndarray | None:
        """The block as numbers (targets as codes when labels), or None if anything is
        unusual: then the csv module decides, with exact messages."""
        if self.decimal_comma and "," in text:
            if self.labels and self._comma_in_labels(text):
                return None
            text = text.replace(",", ".")
        converters = {self.t_col: self._code} if self.labels else None
        try:
            table = _loadtxt(text, self.delimiter, np.float64, converters=converters)
        except ValueError:
            return None
        if table.shape[1:] != (len(self.header),) or not np.isfinite(table).all():
            return None
        return table

    def _comma_in_labels(self, text: str) -> bool:
        try:
            labels = _loadtxt(text, self.delimiter, str, usecols=[self.t_col])
        except ValueError:
            return True
        return any("," in label for label in labels.ravel().tolist())

    def _code(self, cell: str) -> float:
        cell = cell.strip()
        if not cell or cell.startswith('"'):
            raise ValueError("unusual: let the csv module read it")
        code = self.index.get(cell)
        if code is None:
            if len(self.index) > self.max_classes:
                raise ValueError("too many classes")
            code = self.index[cell] = len(self.index)
        return float(code)

    # -- the reference: the csv module, record by record -------------------------------------
    def _row(self, line: int, row: list[str]) -> None:
        if len(row) != len(self.header):
            self.problem(f"{self.name} line {line} has {len(row)} fields, the header has "
                         f"{len(self.header)}")
            return
        values = [self._number(line, c, row[c]) for c in self.in_cols]
        self.X.extend(np.array([values]))
        self.T.extend(np.array([[self._target(line, row[self.t_col])]]))

    def _number(self, line: int, c: int, cell: str) -> float:
        if not cell:
            self.problem(f"{self.name} line {line}, column \"{excerpt(self.header[c])}\" "
                         "is empty")
            return math.nan
        value = to_float(cell, self.decimal_comma)
        if value is None or not math.isfinite(value):
            what = "a number" if value is None else "a finite number"
            self.problem(f"{self.name} line {line}, column \"{excerpt(self.header[c])}\": "
                         f"\"{excerpt(cell)}\" is not {what}")
            return math.nan
        return value

    def _target(self, line: int, cell: str) -> float:
        if not cell:
            self.problem(f"{self.name} line {line}, column "
                         f"\"{excerpt(self.header[self.t_col])}\" is empty")
            return math.nan
        if self.labels:
            if cell not in self.index and len(self.index) <= self.max_classes:
                self.index[cell] = len(self.index)
            return float(self.index.get(cell, 0))
        value = to_float(cell, self.decimal_comma)
        if value is None:
            raise TextTarget
        if not math.isfinite(value) and self.bad_target is None:
            self.bad_target = (line, cell)
        return value

    def problem(self, message: str) -> None:
        self.n_problems += 1
        if self.first_problem is None:
            self.first_problem = message

    def finish(self) -> tuple[np.ndarray, np.ndarray]:
        """X (N, n_in) and the targets (N,): numbers, or class codes with ``labels``; or
        DataError for the first problem."""
        if self.first_problem is not None:
            more = self.n_problems - 1
            suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
            raise DataError(self.first_problem + suffix)
        if self.bad_target is not None:
            line, cell = self.bad_target
            raise DataError(f"{self.name} line {line}, column "
                            f"\"{excerpt(self.header[self.t_col])}\": \"{excerpt(cell)}\" "
                            "is not a finite number")
        if self.T.n == 0:
            raise DataError(f"{self.name} has a header but no data rows")
        return self.X.array(), self.T.array()[:, 0]
