"""Bytes or text of a ``.bpsim`` file to plain parsed JSON (no schema yet).

Refuses oversized input, non-UTF-8 bytes, binary files, invalid JSON (with line and column)
and nesting deeper than the JSON reader can follow. ``NaN``/``Infinity`` are kept as
:class:`~bpsim.fileformat.nodes.NonFinite` markers so the schema check can name their path.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bpsim.fileformat.errors import MAX_FILE_BYTES, FileFormatError
from bpsim.fileformat.nodes import NonFinite, make_object

_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_MAX_DEPTH_REPORTED = 200


def decode(data: str | bytes | bytearray, source: str) -> str:
    """The text of a file: at most MAX_FILE_BYTES, UTF-8 (a leading BOM is allowed)."""
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{source}: the file is too large ({len(data)} bytes; at most {MAX_FILE_BYTES})"
        )
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
