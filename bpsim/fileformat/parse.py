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
from typing import Any, NoReturn

from bpsim.fileformat.errors import (
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_LAYERS,
    MAX_MEMBERS,
    MAX_OBJECTS,
    FileFormatError,
)
from bpsim.fileformat.nodes import NonFinite, make_object

_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_MAX_DEPTH_REPORTED = 200
_STRING_BYTES = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_STRING_TEXT = re.compile(_STRING_BYTES.pattern.decode())
_LIMITS = (("{", MAX_OBJECTS, "JSON objects", f"a network has at most {MAX_LAYERS} layers"),
           (":", MAX_MEMBERS, "object keys", "a network file has a few per layer"),
           ("[,", MAX_ITEMS, "values", "more than the largest network file holds"))


def _marks(data: str | bytes | bytearray) -> list[tuple]:
    """The characters each limit counts, as str or bytes like ``data``."""
    if isinstance(data, str):
        return [tuple(chars) for chars, *_ in _LIMITS]
    return [tuple(c.encode() for c in chars) for chars, *_ in _LIMITS]


def _fail(source: str, k: int) -> NoReturn:
    _, limit, what, why = _LIMITS[k]
    raise FileFormatError(f"{source}: too large for a network file: more than {limit} {what} "
                          f"({why})")


def check_structure(data: str | bytes | bytearray, source: str) -> None:
    """Refuse text with more objects, keys or values than a network file can hold.

    The counts are upper bounds taken on the raw text ("{", ":" and "[" / ","), which is fast.
    Only when one exceeds its limit are the characters outside strings counted exactly (a
    label or a description may contain commas): string by string, stopping as soon as a
    count outside strings passes its limit, so a hostile file costs little time and memory.
    """
    marks = _marks(data)
    if all(sum(data.count(c) for c in chars) <= limit
           for chars, (_, limit, *_) in zip(marks, _LIMITS, strict=True)):
        return
    outside = [0] * len(marks)
    last = 0
    pattern = _STRING_TEXT if isinstance(data, str) else _STRING_BYTES
    strings = (m.span() for m in pattern.finditer(data))
    for start, end in itertools.chain(strings, [(len(data), len(data))]):
        for k, chars in enumerate(marks):
            outside[k] += sum(data.count(c, last, start) for c in chars)
            if outside[k] > _LIMITS[k][1]:
                _fail(source, k)
        last = end


def decode(data: str | bytes | bytearray, source: str) -> str:
    """The text of a file: at most MAX_FILE_BYTES, within the structure limits, UTF-8 (a
    leading BOM is allowed)."""
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{source}: the file is too large ({len(data)} bytes; at most {MAX_FILE_BYTES})"
        )
    check_structure(data, source)
    if isinstance(data, str):
        text = data
    else:
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as e:
            raise FileFormatError(
                f"{source}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                "a .bpsim file is UTF-8 JSON"
            ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise FileFormatError(f"{source}: binary data (contains NUL bytes), not a .bpsim file")
    return text


def _nonfinite(text: str) -> NonFinite:
    return NonFinite(text)


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _too_deep_offset(text: str) -> int:
    """The offset where the nesting first goes deeper than _MAX_DEPTH_REPORTED."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > _MAX_DEPTH_REPORTED:
                return match.start()
        elif token in "]}":
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
