"""Format versions: bring a parsed document of any readable version up to the current one.

``MIGRATIONS[v]`` takes a plain document (dict) of version ``v`` and returns it as version
``v + 1`` (a new dict: the input is never changed); the entry for the current version is the
identity. Migrations work on plain data, before any validation, so each one only needs to know
the two layouts it converts between.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bpsim.fileformat.errors import FORMAT_VERSION

Document = dict[str, Any]
Migration = Callable[[Document], Document]


def _identity(doc: Document) -> Document:
    return doc


def _v1_to_v2(doc: Document) -> Document:
    """Version 2 added layer types (conv, max_pool) and input shapes; a version 1 layer is a
    dense layer without a ``type`` and means the same in version 2, so nothing changes."""
    return doc


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _identity}


def migrate(
    doc: Document,
    version: int,
    table: Mapping[int, Migration] = MIGRATIONS,
    current: int = FORMAT_VERSION,
) -> Document:
    """``doc`` (of ``version``, 1 <= version <= current) upgraded to ``current``."""
    for v in range(version, current):
        doc = {**table[v](doc), "version": v + 1}
    return table[current](doc)
