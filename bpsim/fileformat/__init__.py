"""Network files (``.bpsim``): JSON, UTF-8, format version 1. Qt-free (NumPy + stdlib).

Reading parses to plain data first, checks ``format`` and ``version``, migrates older versions
(:mod:`bpsim.fileformat.migrate`), then validates every key and builds the
:class:`bpsim.spec.NetworkSpec`. Nothing in a file is trusted: each problem raises one
:class:`FileFormatError` naming the file and the JSON path. The format is documented in
``docs/file-format.md``.

Public API: :func:`load`, :func:`loads`, :func:`from_dict`, :func:`save`, :func:`dumps`,
:func:`to_dict`, :func:`check_savable`, :class:`FileFormatError`.
"""

from __future__ import annotations

from bpsim.fileformat.errors import FORMAT, FORMAT_VERSION, FileFormatError
from bpsim.fileformat.reader import from_dict, load, loads
from bpsim.fileformat.savable import check_savable
from bpsim.fileformat.writer import dumps, save, to_dict

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "FileFormatError",
    "check_savable",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "save",
    "to_dict",
]
