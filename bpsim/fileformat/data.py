"""The ``data`` object (inline arrays, a named dataset or a CSV file) and the ``state``."""

from __future__ import annotations

import ntpath
import os
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from bpsim.fileformat.arrays import matrix, tensor, vector
from bpsim.fileformat.errors import MAX_DATA_NUMBERS, MAX_SEED, MAX_STEPS
from bpsim.fileformat.nodes import (
    Node,
    NonFinite,
    choice,
    describe,
    integer,
    is_array,
    is_number,
    number,
    string,
    strings,
)
from bpsim.safeio import inside_folder
from bpsim.sanitize import excerpt
from bpsim.spec import DATASETS, PREPROCESS, TASKS, DataSpec

LayerShape = tuple[tuple[int, ...], int]  # (weights' shape, number of biases)

COMMON_KEYS = ("preprocess", "shift", "scale", "class_names")
INLINE_KEYS = ("inputs", "targets")
CSV_KEYS = ("csv", "target")
CSV_OPTIONAL_KEYS = ("task",)
SOURCE_KEYS = ("inputs", "targets", "dataset", "csv", "target")
STATE_KEYS = ("epoch", "step", "velocity", "velocity_biases")
MAX_DATASET_PARAMS = 64
MAX_PATH = 4096
_PARAM_NAME = re.compile(r"[a-z_][a-z0-9_]{0,39}\Z")
_KNOWN_PARAMS = {
    "samples": lambda n: integer(n, 1, 1_000_000),
    "noise": lambda n: number(n, 0.0, 1e6),
    "seed": lambda n: integer(n, 0, MAX_SEED),
    "classes": lambda n: integer(n, 2, 1000),
    "bits": lambda n: integer(n, 1, 20),
}


def _sources(node: Node) -> list[str]:
    """Which of inline / dataset / csv the data object uses (exactly one)."""
    value = node.value
    if not isinstance(value, dict):
        node.fail(f"expected an object or null, got {describe(value)}")
    found = [
        name
        for name, keys in (("inline", INLINE_KEYS), ("dataset", ("dataset",)), ("csv", ("csv",)))
        if any(k in value for k in keys)
    ]
    if not found:
        node.fail("expected inputs and targets, a dataset or a csv")
    if len(found) > 1:
        node.fail(f"give exactly one source of examples, got {' and '.join(found)}")
    return found


def _param(node: Node) -> Any:
    """One dataset parameter: a known one with its range, or any finite scalar."""
    name = node.path.rsplit(".", 1)[-1]
    if name in _KNOWN_PARAMS:
        return _KNOWN_PARAMS[name](node)
    value = node.value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):  # an integer stays one (checkerboard cells, motif length)
        return integer(node)
    if is_number(value) or isinstance(value, NonFinite):
        return number(node)
    if isinstance(value, str):
        return string(node)
    node.fail(f"expected a number, string or boolean, got {describe(value)}")


def _dataset(node: Node) -> tuple[dict[str, Node], dict[str, Any]]:
    """``{"dataset": NAME, ...params}``: params sorted into DataSpec.params pairs."""
    members = node.obj(("dataset",), tuple(node.value))
    params = [key for key in members if key not in ("dataset", *COMMON_KEYS)]
    if len(params) > MAX_DATASET_PARAMS:
        node.fail(f"too many dataset parameters ({len(params)}; at most {MAX_DATASET_PARAMS})")
    for key in params:
        if key in SOURCE_KEYS:
            members[key].fail("not a dataset parameter (it belongs to another kind of data)")
        if not _PARAM_NAME.match(key):
            members[key].fail("unknown key (dataset parameters are short lowercase names)")
    name = choice(members["dataset"], DATASETS, "dataset")
    pairs = tuple(sorted((key, _param(members[key])) for key in params))
    return members, {"dataset": name, "params": pairs}


def _inline(members: dict[str, Node], n_in: int, n_out: int) -> dict[str, Any]:
    """``inputs`` (N, n_in) and ``targets`` (N, n_out), at most MAX_DATA_NUMBERS in all."""
    inputs, targets = members["inputs"], members["targets"]
    pairs = ((inputs, n_in), (targets, n_out))
    total = sum(len(m.value) * n for m, n in pairs if is_array(m.value))
    if total > MAX_DATA_NUMBERS:
        inputs.fail(f"too much inline data ({total} numbers; at most {MAX_DATA_NUMBERS})")
    x = matrix(
        inputs,
        None,
        n_in,
        f" (the input layer has {n_in} units, so each row of inputs needs {n_in} numbers)",
    )
    t = matrix(
        targets,
        len(x),
        n_out,
        f" (one row per row of inputs, each with {n_out} numbers for the {n_out} output units)",
    )
    return {"inputs": x, "targets": t}


def _csv(members: dict[str, Node], base_dir: str | os.PathLike[str] | None) -> dict[str, Any]:
    """``csv``: a path relative to the network file's folder (or absolute);
    ``target``: a column name. With ``base_dir`` a file in that folder must exist; a path
    outside it is kept but not looked at (bpsim.data reads it only if the user gives it)."""
    node = members["csv"]
    path = string(node)
    if not path or len(path) > MAX_PATH:
        node.fail(f"expected a file path of 1 to {MAX_PATH} characters")
    if ntpath.splitdrive(path)[0] and not ntpath.isabs(path):
        node.fail("a drive-relative path such as C:data.csv is ambiguous; use C:/data.csv")
    if base_dir is not None and inside_folder(path, base_dir) and not os.path.isfile(
            os.path.join(base_dir, path)):
        node.fail(f"file not found: {excerpt(os.path.join(base_dir, path), 200)}")
    target = string(members["target"])
    if not target:
        members["target"].fail("expected the name of the target column, got an empty string")
    fields = {"csv": path, "target": target}
    task = members.get("task")
    if task is not None and task.value is not None:
        fields["task"] = choice(task, TASKS, "task")
    return fields


def _class_names(node: Node, n_out: int) -> tuple[str, ...]:
    """One name per output unit; a single 0/1 output unit may name its two classes."""
    if n_out == 1 and is_array(node.value) and len(node.value) in (1, 2):
        return strings(node, len(node.value), "class names")
    if n_out == 1:
        return strings(node, 2, "class names (one or two for the single output unit)")
    return strings(node, n_out, f"class names (one per output unit, there are {n_out})")


def _common(members: dict[str, Node], n_in: int, n_out: int) -> dict[str, Any]:
    """preprocess, shift/scale (the fitted input transform) and class names."""
    fields: dict[str, Any] = {}
    if "preprocess" in members:
        fields["preprocess"] = choice(members["preprocess"], PREPROCESS, "preprocess")
    shift, scale = members.get("shift"), members.get("scale")
    given = [m is not None and m.value is not None for m in (shift, scale)]
    if given[0] != given[1]:
        missing = "scale" if given[0] else "shift"
        (shift if given[0] else scale).fail(
            f"given without {missing} (shift and scale go together)"
        )
    if given[0]:
        need = f" (one per input unit, {n_in})"
        fields["shift"] = vector(shift, n_in, need)
        fields["scale"] = vector(scale, n_in, need)
        _check_positive(scale, fields["scale"])
    names = members.get("class_names")
    if names is not None and names.value is not None:
        fields["class_names"] = _class_names(names, n_out)
    return fields


def _check_positive(node: Node, values: np.ndarray) -> None:
    bad = np.flatnonzero(values <= 0)
    if bad.size:
        node.item(int(bad[0])).fail(f"must be > 0, got {describe(node.value[int(bad[0])])}")


def read_data(
    node: Node | None, n_in: int, n_out: int, base_dir: str | os.PathLike[str] | None
) -> DataSpec | None:
    """The examples: None when absent or null."""
    if node is None or node.value is None:
        return None
    (kind,) = _sources(node)
    if kind == "dataset":
        members, fields = _dataset(node)
    elif kind == "inline":
        members = node.obj(INLINE_KEYS, COMMON_KEYS)
        fields = _inline(members, n_in, n_out)
    else:
        members = node.obj(CSV_KEYS, COMMON_KEYS + CSV_OPTIONAL_KEYS)
        fields = _csv(members, base_dir)
    fields.update(_common(members, n_in, n_out))
    return DataSpec(**fields)


def _per_layer(node: Node, count: int) -> list[Node]:
    node.array("an array with one entry per non-input layer")
    if len(node.value) != count:
        node.fail(f"expected one entry per non-input layer ({count}), got {len(node.value)}")
    return node.items()


def _velocities(members: dict[str, Node], shapes: Sequence[LayerShape]) -> dict[str, Any]:
    v, vb = members.get("velocity"), members.get("velocity_biases")
    given = [m is not None and m.value is not None for m in (v, vb)]
    if given[0] != given[1]:
        missing = "velocity_biases" if given[0] else "velocity"
        (v if given[0] else vb).fail(f"given without {missing} (the two go together)")
    if not given[0]:
        return {}
    count = len(shapes)
    w = [tensor(n, shapes[i][0]) for i, n in enumerate(_per_layer(v, count))]
    b = [vector(n, shapes[i][1]) for i, n in enumerate(_per_layer(vb, count))]
    return {"velocity": tuple(w), "velocity_biases": tuple(b)}


def read_state(node: Node | None, shapes: Sequence[LayerShape]) -> dict[str, Any] | None:
    """Training progress: epoch, step and the momentum velocities. ``shapes`` has one
    (weights' shape, number of biases) per non-input layer (a max_pool layer's are (0,), 0:
    its velocities are empty arrays)."""
    if node is None or node.value is None:
        return None
    members = node.obj((), STATE_KEYS)
    state: dict[str, Any] = {"epoch": 0, "step": 0}
    for key in ("epoch", "step"):
        if key in members:
            state[key] = integer(members[key], 0, MAX_STEPS)
    state.update(_velocities(members, shapes))
    return state
