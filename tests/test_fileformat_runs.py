"""The optional top-level ``runs`` key: runs kept with a network (issue 14)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from bpsim import edits, fileformat
from bpsim.fileformat.runs import MAX_RUN_POINTS, MAX_RUNS
from bpsim.spec import DataSpec, InitSpec, SavedRun


def _spec(runs=()):
    spec = edits.new_network((2, 3, 1), "sigmoid", "sigmoid", InitSpec(seed=1), "sse")
    return replace(spec, data=DataSpec(dataset="xor"), runs=tuple(runs))


def _run(n=5, name="α = 0.9", color="#ff7f0e"):
    steps = np.arange(1, n + 1, dtype=float) * 4
    rows = np.column_stack([1 / steps, np.full(n, np.nan), steps / steps[-1],
                            np.full(n, np.nan), np.full(n, 0.5)])
    return SavedRun(name, color, steps, rows, (("momentum", 0.9), ("order", "shuffle")),
                    pretrained=True, epochs=n)


def test_round_trip(tmp_path):
    path = tmp_path / "net.bpsim"
    fileformat.save(path, _spec([_run(), _run(3, "η = 0.05", "#2ca02c")]))
    back = fileformat.load(path).runs
    assert [r.name for r in back] == ["α = 0.9", "η = 0.05"]
    first = back[0]
    assert first.color == "#ff7f0e" and first.pretrained and first.epochs == 5
    assert dict(first.settings) == {"momentum": 0.9, "order": "shuffle"}
    np.testing.assert_array_equal(first.steps, _run().steps)
    np.testing.assert_array_equal(first.rows, _run().rows)  # NaN where not defined
    doc = json.loads(path.read_text())
    assert "validation_loss" not in doc["runs"][0]["curves"]  # all NaN: left out
    assert fileformat.dumps(fileformat.load(path)) == path.read_text()


def test_no_runs_no_key():
    assert "runs" not in json.loads(fileformat.dumps(_spec()))


def _with(runs):
    doc = json.loads(fileformat.dumps(_spec([_run()])))
    doc["runs"] = runs
    return json.dumps(doc)


def _good():
    return json.loads(fileformat.dumps(_spec([_run()])))["runs"][0]


@pytest.mark.parametrize("change, message", [
    (lambda r: r.update(color="red"), 'runs[0].color: expected a colour "#rrggbb"'),
    (lambda r: r.update(name=7), "runs[0].name: expected a string"),
    (lambda r: r.update(name="x" * 1001), "a name of 1001 characters; at most 1000"),
    (lambda r: r.update(speed=3), "runs[0].speed"),
    (lambda r: r["curves"].update(step=[4, 4, 12, 16, 20]),
     "runs[0].curves.step[1]: steps must increase, got 4 after 4"),
    (lambda r: r["curves"].update(train_loss=[1, 2]),
     "runs[0].curves.train_loss: expected 5 values (one per step), got 2"),
    (lambda r: r["curves"].update(train_loss=[1, 2, "x", 4, 5]),
     "runs[0].curves.train_loss[2]: expected a number"),
    (lambda r: r["settings"].update(order="random"), "runs[0].settings.order: unknown order"),
    (lambda r: r["settings"].update(momentum=1.0), "runs[0].settings.momentum: must be"),
    (lambda r: r["curves"].pop("step"), "runs[0].curves.step: missing"),
])
def test_precise_messages(change, message):
    run = _good()
    change(run)
    with pytest.raises(fileformat.FileFormatError) as info:
        fileformat.loads(_with([run]), "net.bpsim")
    assert message in str(info.value)


def test_limits():
    with pytest.raises(fileformat.FileFormatError, match=f"9 runs; at most {MAX_RUNS}"):
        fileformat.loads(_with([_good()] * 9), "net.bpsim")
    run = _good()
    n = MAX_RUN_POINTS + 1
    run["curves"] = {"step": list(range(1, n + 1)), "train_loss": [1.0] * n}
    with pytest.raises(fileformat.FileFormatError, match=f"{n} points; at most 512"):
        fileformat.loads(_with([run]), "net.bpsim")
    assert fileformat.loads(_with(None), "net.bpsim").runs == ()


def test_the_most_runs_fit_the_file_limits(tmp_path):
    """8 runs of 512 points with every setting: within the structure limits of a small net."""
    runs = [replace(_run(MAX_RUN_POINTS, f"run {k}"), settings=(
        ("learning_rate", 0.5), ("momentum", 0.0), ("batch_size", 4), ("order", "shuffle"),
        ("activation", "tanh"), ("init", "uniform"), ("dropout", 0.0)))
        for k in range(MAX_RUNS)]
    path = tmp_path / "many.bpsim"
    fileformat.save(path, _spec(runs))
    back = fileformat.load(path).runs
    assert len(back) == MAX_RUNS and all(len(r.steps) == MAX_RUN_POINTS for r in back)
    assert path.stat().st_size < 400_000
