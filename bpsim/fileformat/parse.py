"""Bytes or text of a ``.bpsim`` file to plain parsed JSON (no schema yet).

Refuses oversized input, input with more JSON structure than any network file has (counted on
the raw text, so a hostile file is refused before the parser builds millions of objects),
non-UTF-8 bytes, binary files, invalid JSON (with line and column) and nesting deeper than the
JSON reader can follow. ``NaN``/``Infinity`` are kept as
:class:`~bpsim.fileformat.nodes.NonFinite` markers so the schema check can name their path.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from json.decoder import scanstring
from typing import Any, NoReturn

from bpsim.fileformat.errors import (
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_LAYERS,
    MAX_MEMBERS,
    MAX_OBJECTS,
    MAX_STRINGS,
    FileFormatError,
)
from bpsim.fileformat.nodes import NonFinite, make_object

_BRACKETS = re.compile(r'["\[\]{}]')
_MAX_DEPTH_REPORTED = 200
_LIMITS = (("{", MAX_OBJECTS, "JSON objects", f"a network has at most {MAX_LAYERS} layers"),
           (":", MAX_MEMBERS, "object keys", "a network file has a few per layer"),
           ("[,", MAX_ITEMS, "values", "more than the largest network file holds"))


def strings(text: str, pos: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of every string of a JSON text from ``pos`` on, skipped by json's own
    scanner (escapes included, constant memory: a regular expression that repeats a group
    keeps memory for every repetition); ends at an unterminated string (the parser reports
    it)."""
    find = text.find
    while (start := find('"', pos)) >= 0:
        try:
            pos = scanstring(text, start + 1, False)[1]
        except ValueError:
            return
        yield start, pos


def _fail(source: str, what: str, limit: int, why: str) -> NoReturn:
    raise FileFormatError(f"{source}: too large for a network file: more than {limit} {what} "
                          f"({why})")


def check_structure(text: str, source: str) -> None:
    """Refuse text with more objects, keys, values or strings than a network file can hold.

    The counts are upper bounds taken on the raw text ("{", ":", "[" and ",", quotes), which
    is fast. Only when one exceeds its limit is the text walked string by string (json's
    scanner jumps over each, in constant memory) to count exactly outside strings, stopping
    as soon as a count passes its limit: a hostile file costs little time and memory.
    """
    counts = [sum(text.count(c) for c in chars) for chars, *_ in _LIMITS]
    if (all(n <= limit for n, (_, limit, *_) in zip(counts, _LIMITS, strict=True))
            and text.count('"') <= 2 * MAX_STRINGS):
        return
    outside = [0] * len(_LIMITS)
    last = 0
    for n, (start, end) in enumerate(itertools.chain(strings(text), [(len(text), -1)])):
        for k, (chars, limit, what, why) in enumerate(_LIMITS):
            outside[k] += sum(text.count(c, last, start) for c in chars)
            if outside[k] > limit:
                _fail(source, what, limit, why)
        if n >= MAX_STRINGS and end >= 0:
            _fail(source, "strings", MAX_STRINGS, "a network file has a name or a label a unit")
        last = end


def decode(data: str | bytes | bytearray, source: str) -> str:
    """The text of a file: at most MAX_FILE_BYTES, within the structure limits, UTF-8 (a
    leading BOM is allowed)."""
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{source}: the file is too large ({len(data)} bytes; at most {MAX_FILE_BYTES})"
        )
    if isinstance(data, str):
        text = data
    else:
        try:
            text = str(data, "utf-8")
        except UnicodeDecodeError as e:
            raise FileFormatError(
                f"{source}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                "a .bpsim file is UTF-8 JSON"
            ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise FileFormatError(f"{source}: binary data (contains NUL bytes), not a .bpsim file")
    check_structure(text, source)
    return text


def _nonfinite(text: str) -> NonFinite:
    return NonFinite(text)


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _too_deep_offset(text: str) -> int:
    """The offset where the nesting first goes deeper than _MAX_DEPTH_REPORTED."""
    depth, pos = 0, 0
    while (match := _BRACKETS.search(text, pos)) is not None:
        token, pos = match.group(), match.end()
        if token == '"':
            try:
                pos = scanstring(text, pos, False)[1]
            except ValueError:
                return 0
        elif token in "[{":
            depth += 1
            if depth > _MAX_DEPTH_REPORTED:
                return match.start()
        else:
            depth -= 1
    return 0


def parse_json(text: str, source: str) -> Any:
    """Parse JSON text into plain Python data, or raise one FileFormatError."""
    try:
        return json.loads(text, parse_constant=_nonfinite, object_pairs_hook=make_object)
    except json.JSONDecodeError as e:
        raise FileFormatError(
            f"{source}: not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}"
        ) from None
    except RecursionError:
        where = _position(text, _too_deep_offset(text))
        raise FileFormatError(
            f"{source}: not a bpsim network: arrays or objects nested too deeply at {where}"
        ) from None
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        raise FileFormatError(f"{source}: not valid JSON: {e}") from None
