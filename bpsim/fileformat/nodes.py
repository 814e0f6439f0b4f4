"""Validated access to parsed JSON: a value with its JSON path, and typed getters.

Every getter either returns a checked Python value or raises :class:`FileFormatError` with
``"<source>: <path>: <problem>"``. Nothing here recurses into the data, so arbitrarily
nested input is safe.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from bpsim.fileformat.errors import MAX_LABEL, FileFormatError

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class NonFinite:
    """What the parser makes of ``NaN``, ``Infinity`` and ``-Infinity`` (reported later)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class JsonObject(dict):
    """A parsed JSON object that remembers the first key it saw twice (``duplicate``)."""

    duplicate: str | None = None


def make_object(pairs: list[tuple[str, Any]]) -> JsonObject:
    """``object_pairs_hook`` for :func:`json.loads`: keeps duplicate keys for the checks."""
    obj = JsonObject(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                obj.duplicate = key
                break
            seen.add(key)
    return obj


def is_array(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(value: Any) -> str:
    """A short description of a JSON value for messages (never the whole value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, NonFinite):
        return value.text
    if is_number(value):
        return short(repr(value))
    if isinstance(value, str):
        return f"the string {short(repr(value))}"
    if is_array(value):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a value of type {type(value).__name__} (not plain JSON data)"


def key_path(path: str, key: str) -> str:
    """``path`` extended by an object key (quoted when it is not a plain name)."""
    if not _IDENTIFIER.match(key):
        return f"{path}[{short(repr(key), 60)}]"
    return f"{path}.{key}" if path else key


def choices_text(names: Iterable[str]) -> str:
    return ", ".join(names)


def _unknown_key(key: str, known: Sequence[str], hint: str) -> str:
    """ "unknown key (expected one of: ...)", with a suggestion for a near miss."""
    message = f"unknown key ({hint or 'expected one of: ' + choices_text(known)})"
    close = difflib.get_close_matches(key, known, n=1)
    return f'{message}; did you mean "{close[0]}"?' if close else message


class Node:
    """A JSON value with where it came from: ``source`` (file name) and ``path``."""

    __slots__ = ("value", "path", "source")

    def __init__(self, value: Any, path: str, source: str) -> None:
        self.value = value
        self.path = path
        self.source = source

    def fail(self, problem: str) -> NoReturn:
        """Raise the one FileFormatError for this place."""
        where = f"{self.source}: {self.path}: " if self.path else f"{self.source}: "
        raise FileFormatError(where + problem)

    def key(self, name: str, value: Any = None) -> Node:
        return Node(value, key_path(self.path, name), self.source)

    def item(self, index: int) -> Node:
        return Node(self.value[index], f"{self.path}[{index}]", self.source)

    def items(self) -> list[Node]:
        return [self.item(i) for i in range(len(self.value))]

    def obj(
        self, required: Sequence[str] = (), optional: Sequence[str] = (), hint: str = ""
    ) -> dict[str, Node]:
        """Check this is an object with exactly the known keys; return its members."""
        value = self.value
        if not isinstance(value, dict):
            self.fail(f"expected an object, got {describe(value)}")
        for key in value:
            if not isinstance(key, str):
                self.fail(f"object keys must be strings, got {describe(key)}")
        duplicate = getattr(value, "duplicate", None)
        if duplicate is not None:
            self.key(duplicate).fail("duplicate key (given more than once)")
        known = (*required, *optional)
        for key in value:
            if key not in known:
                self.key(key).fail(_unknown_key(key, known, hint))
        for key in required:
            if key not in value:
                self.key(key).fail("missing (required)")
        return self.members()

    def members(self) -> dict[str, Node]:
        """The members of an object already checked with :meth:`obj`."""
        return {key: self.key(key, val) for key, val in self.value.items()}

    def array(self, what: str = "an array") -> list[Any]:
        if not is_array(self.value):
            self.fail(f"expected {what}, got {describe(self.value)}")
        return list(self.value)


def _bound(value: float, lo: float | None, hi: float | None, lo_open: bool, hi_open: bool) -> bool:
    if lo is not None and (value <= lo if lo_open else value < lo):
        return False
    return not (hi is not None and (value >= hi if hi_open else value > hi))


def range_text(lo: float | None, hi: float | None, lo_open: bool, hi_open: bool) -> str:
    parts = []
    if lo is not None:
        parts.append(f"{'>' if lo_open else '>='} {lo:g}")
    if hi is not None:
        parts.append(f"{'<' if hi_open else '<='} {hi:g}")
    return "must be " + " and ".join(parts)


def number(
    node: Node,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """A finite number (ints allowed, booleans not) in the given range, as a float."""
    value = node.value
    if isinstance(value, NonFinite):
        node.fail(f"{value.text} is not allowed (numbers must be finite)")
    if not is_number(value):
        node.fail(f"expected a number, got {describe(value)}")
    try:
        result = float(value)
    except OverflowError:
        node.fail(f"{short(str(value))} is too large")
    if not math.isfinite(result):
        node.fail(f"expected a finite number, got {describe(value)}")
    if not _bound(result, lo, hi, lo_open, hi_open):
        node.fail(f"{range_text(lo, hi, lo_open, hi_open)}, got {describe(value)}")
    return result


def integer(node: Node, lo: int | None = None, hi: int | None = None) -> int:
    """An integer (not a float such as 2.0, not a boolean) in [lo, hi]."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int):
        node.fail(f"expected an integer, got {describe(value)}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        node.fail(f"{range_text(lo, hi, False, False)}, got {describe(value)}")
    return int(value)


def boolean(node: Node) -> bool:
    """true or false (not 0 or 1)."""
    if not isinstance(node.value, bool):
        node.fail(f"expected true or false, got {describe(node.value)}")
    return bool(node.value)


def string(node: Node) -> str:
    """A string that can be written back as UTF-8 (no unpaired surrogates)."""
    value = node.value
    if not isinstance(value, str):
        node.fail(f"expected a string, got {describe(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        node.fail("the string contains an unpaired surrogate (\\ud800-\\udfff) escape")
    return str(value)


def choice(node: Node, names: Sequence[str], what: str) -> str:
    """One of ``names``; an unknown name lists the valid ones."""
    value = string(node)
    if value not in names:
        node.fail(f"unknown {what} {short(repr(value))}; choose one of {choices_text(names)}")
    return value


def strings(node: Node, count: int | None, what: str) -> tuple[str, ...]:
    """An array of ``count`` strings (any count when None)."""
    values = node.array(f"an array of {what}")
    if count is not None and len(values) != count:
        node.fail(f"expected {count} {what}, got {len(values)}")
    items = tuple(string(item) for item in node.items())
    for i, text in enumerate(items):
        if len(text) > MAX_LABEL:
            node.item(i).fail(f"a label of {len(text)} characters; at most {MAX_LABEL} (it is "
                              "shown on the canvas and in every explanation)")
    return items
