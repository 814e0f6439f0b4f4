"""Numeric arrays from parsed JSON: exact shapes, real numbers only, finite, read-only float64.

Shapes are checked on the lists before anything is converted, so a wrong or huge shape never
allocates an array. ``weights[j][i]`` style matrices are lists of rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bpsim.fileformat.nodes import Node, describe, is_array, number

_NUMBER_TYPES = frozenset((int, float))


def _shape_text(rows: int | None, cols: int) -> str:
    return f"rows of {cols} numbers" if rows is None else f"{rows}x{cols} numbers"


def _check_rows(node: Node, rows: int | None, cols: int, need: str) -> list[Any]:
    """The list of rows after checking the shape (not yet the elements)."""
    expected = _shape_text(rows, cols)
    items = node.value
    if not is_array(items):
        node.fail(f"expected {expected}, got {describe(items)}{need}")
    if rows is None and len(items) == 0:
        node.fail(f"expected {expected}, got no rows{need}")
    for i, row in enumerate(items):
        if not is_array(row):
            node.item(i).fail(f"expected an array of {cols} numbers, got {describe(row)}{need}")
    lengths = {len(row) for row in items}
    count_ok = rows is None or len(items) == rows
    if count_ok and lengths <= {cols}:
        return list(items)
    if len(lengths) <= 1:
        got = f"{len(items)}x{lengths.pop() if lengths else 0}"
        node.fail(f"expected {expected}, got {got}{need}")
    if not count_ok:
        node.fail(f"expected {expected}, got {len(items)} rows of different lengths{need}")
    i = next(i for i, row in enumerate(items) if len(row) != cols)
    node.item(i).fail(f"expected {cols} numbers, got {len(items[i])}{need}")


def _check_numbers(node: Node, values: Any) -> None:
    """Fail at the first element of ``values`` that is not a finite real number."""
    if set(map(type, values)) <= _NUMBER_TYPES:
        return
    for k, value in enumerate(values):
        if type(value) not in _NUMBER_TYPES:
            number(Node(value, f"{node.path}[{k}]", node.source))


def _fail_at_first_bad(node: Node, items: list[Any], is_matrix: bool) -> None:
    rows = items if is_matrix else [items]
    for i, row in enumerate(rows):
        row_node = node.item(i) if is_matrix else node
        for k, value in enumerate(row):
            number(Node(value, f"{row_node.path}[{k}]", node.source))


def _to_array(node: Node, items: list[Any], is_matrix: bool) -> np.ndarray:
    """Convert checked items; fail at the first number that is not finite as a float64."""
    try:
        array = np.array(items, dtype=np.float64)
    except OverflowError:
        array = None
    if array is None or not np.isfinite(array).all():
        _fail_at_first_bad(node, items, is_matrix)
        node.fail("expected finite numbers")  # not reached: the loop names the culprit
    array.setflags(write=False)
    return array


def matrix(node: Node, rows: int | None, cols: int, need: str = "") -> np.ndarray:
    """A (rows, cols) read-only float64 array; ``rows`` None accepts any count >= 1.

    ``need`` is appended to shape errors to say what the data must look like.
    """
    items = _check_rows(node, rows, cols, need)
    for i, row in enumerate(items):
        _check_numbers(node.item(i), row)
    return _to_array(node, items, True)


def vector(node: Node, size: int, need: str = "") -> np.ndarray:
    """A (size,) read-only float64 array."""
    items = node.value
    if not is_array(items):
        node.fail(f"expected {size} numbers, got {describe(items)}{need}")
    if len(items) != size:
        node.fail(f"expected {size} numbers, got {len(items)}{need}")
    _check_numbers(node, items)
    return _to_array(node, list(items), False)


def tensor(node: Node, shape: tuple[int, ...], need: str = "") -> np.ndarray:
    """A read-only float64 array of exactly ``shape`` from nested lists (C order): a vector,
    a matrix, or (3 or more axes, e.g. conv weights F x C x kh x kw) an array of ``shape[0]``
    such arrays. The caller has checked ``shape`` against the limits."""
    if len(shape) == 1:
        return vector(node, shape[0], need)
    if len(shape) == 2:
        return matrix(node, shape[0], shape[1], need)
    items = node.value
    inner = "x".join(map(str, shape[1:]))
    if not is_array(items):
        node.fail(f"expected {shape[0]} arrays of {inner} numbers, got {describe(items)}{need}")
    if len(items) != shape[0]:
        node.fail(f"expected {shape[0]} arrays of {inner} numbers, got {len(items)}{need}")
    if shape[0] == 0:
        return _to_array(node, [], False).reshape(shape)
    array = np.stack([tensor(item, shape[1:], need) for item in node.items()])
    array.setflags(write=False)
    return array
