"""The ``runs`` array: training runs kept with the document (the window's Runs panel), with
their settings and decimated per-epoch curves, bounded in number and size."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from bpsim.fileformat.errors import MAX_EPOCHS, MAX_LABEL, MAX_LEARNING_RATE, MAX_STEPS
from bpsim.fileformat.nodes import Node, boolean, choice, integer, number, string
from bpsim.spec import ACTIVATIONS, INITIALIZERS, ORDERS, RUN_CURVES, RUN_SETTINGS, SavedRun

MAX_RUNS = 8  # runs kept with a document (the window keeps as many)
MAX_RUN_POINTS = 512  # epochs of a run's curves (a finished run keeps a decimated copy)
RUN_KEYS = ("name", "color", "settings", "pretrained", "epochs", "curves")
CURVE_KEYS = ("step", *RUN_CURVES)
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")

_SETTING_READERS = {
    "learning_rate": lambda n: number(n, 0.0, MAX_LEARNING_RATE, lo_open=True),
    "momentum": lambda n: number(n, 0.0, 1.0, hi_open=True),
    "batch_size": lambda n: integer(n, 1, MAX_EPOCHS),
    "order": lambda n: choice(n, ORDERS, "order"),
    "activation": lambda n: choice(n, ACTIVATIONS, "activation"),
    "init": lambda n: choice(n, INITIALIZERS, "initialization"),
    "dropout": lambda n: number(n, 0.0, 1.0, hi_open=True),
}


def read_runs(node: Node | None) -> tuple[SavedRun, ...]:
    """``runs``: at most MAX_RUNS run objects (null or missing: none)."""
    if node is None or node.value is None:
        return ()
    items = node.array("an array of runs")
    if len(items) > MAX_RUNS:
        node.fail(f"{len(items)} runs; at most {MAX_RUNS} are kept with a network")
    return tuple(_run(item) for item in node.items())


def _run(node: Node) -> SavedRun:
    members = node.obj(("name", "color", "curves"), RUN_KEYS)
    name = string(members["name"])
    if len(name) > MAX_LABEL:
        members["name"].fail(f"a name of {len(name)} characters; at most {MAX_LABEL}")
    color = string(members["color"])
    if not _COLOR.fullmatch(color):
        members["color"].fail(f'expected a colour "#rrggbb", got {color[:20]!r}')
    settings: dict[str, Any] = {}
    if "settings" in members:
        for key, child in members["settings"].obj((), RUN_SETTINGS).items():
            settings[key] = _SETTING_READERS[key](child)
    pretrained = boolean(members["pretrained"]) if "pretrained" in members else False
    steps, rows = _curves(members["curves"])
    epochs = integer(members["epochs"], 0, MAX_STEPS) if "epochs" in members else len(steps)
    return SavedRun(name, color.lower(), steps, rows, tuple(settings.items()), pretrained,
                    epochs)


def _curves(node: Node) -> tuple[np.ndarray, np.ndarray]:
    """``curves``: "step" and any of RUN_CURVES, arrays of the same length (at most
    MAX_RUN_POINTS); steps are integers in increasing order, values numbers or null."""
    members = node.obj(("step",), CURVE_KEYS)
    step_node = members["step"]
    values = step_node.array("an array of steps")
    if len(values) > MAX_RUN_POINTS:
        step_node.fail(f"{len(values)} points; at most {MAX_RUN_POINTS} per run (the window "
                       "keeps a decimated copy)")
    steps = np.array([integer(item, 0, MAX_STEPS) for item in step_node.items()], float)
    if len(steps) > 1 and not np.all(np.diff(steps) > 0):
        k = int(np.argmin(np.diff(steps) > 0)) + 1
        step_node.item(k).fail(f"steps must increase, got {int(steps[k])} after "
                               f"{int(steps[k - 1])}")
    rows = np.full((len(steps), len(RUN_CURVES)), np.nan)
    for col, key in enumerate(RUN_CURVES):
        if key not in members:
            continue
        child = members[key]
        items = child.array("an array of numbers or null")
        if len(items) != len(steps):
            child.fail(f"expected {len(steps)} values (one per step), got {len(items)}")
        for k, item in enumerate(child.items()):
            if item.value is not None:
                rows[k, col] = number(item)
    return steps, rows


def runs_list(runs: tuple[SavedRun, ...]) -> list[dict[str, Any]]:
    """The runs as JSON-ready objects (null for NaN)."""
    out = []
    for run in runs[-MAX_RUNS:]:
        keep = slice(-MAX_RUN_POINTS, None)
        curves: dict[str, Any] = {"step": [int(s) for s in run.steps[keep]]}
        for col, key in enumerate(RUN_CURVES):
            column = run.rows[keep, col]
            if np.isfinite(column).any():
                curves[key] = [float(v) if np.isfinite(v) else None for v in column]
        obj: dict[str, Any] = {"name": run.name, "color": run.color}
        if run.settings:
            obj["settings"] = {k: v for k, v in run.settings}
        obj["pretrained"] = bool(run.pretrained)
        obj["epochs"] = int(run.epochs)
        obj["curves"] = curves
        out.append(obj)
    return out
