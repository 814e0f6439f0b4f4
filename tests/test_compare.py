"""``bpsim compare``: runs with consecutive seeds, their statistics against a direct
computation, the JSON shape, and the worker processes."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from bpsim import fileformat as ff
from bpsim.cli import main
from bpsim.compare import Summary, compare
from bpsim.runner import prepare_data, pretrained, setup

RNG = np.random.default_rng(3)
X = RNG.normal(size=(60, 3))
T = np.eye(2)[(X[:, 0] * X[:, 1] > 0).astype(int)]
NET = {
    "format": "bpsim-network", "version": 2,
    "layers": [{"size": 3}, {"size": 5, "activation": "tanh"},
               {"size": 2, "activation": "softmax"}],
    "loss": "cross_entropy",
    "training": {"learning_rate": 0.2, "momentum": 0.0, "batch_size": 6, "order": "shuffle",
                 "epochs": 8, "validation_split": 0.3, "seed": 11},
    "initialization": {"kind": "xavier_uniform"},
    "data": {"inputs": X.tolist(), "targets": T.tolist()},
}


def spec_of(**training):
    d = copy.deepcopy(NET)
    d["training"].update(training)
    return ff.from_dict(d)


def direct(spec, seeds):
    """Each run by hand: the figures of seeds s .. s+seeds-1 and their mean and sd."""
    figures = []
    for seed in range(spec.training.seed, spec.training.seed + seeds):
        s = spec.with_training(seed=seed)
        if s.pretraining.epochs:
            s, _ = pretrained(s, prepare_data(s))
        tr = setup(s).trainer
        r = tr.run()
        best = int(np.argmin(tr.history.column("validation_loss"))) + 1
        figures.append((r.train_loss, r.validation_loss, r.train_accuracy,
                        r.validation_accuracy, best))
    a = np.array(figures, float)
    return a.mean(axis=0), a.std(axis=0, ddof=1)


def test_statistics_are_the_mean_and_sample_sd_of_the_runs():
    plain, fast = spec_of(), spec_of(momentum=0.9)
    pre = ff.from_dict({**copy.deepcopy(NET), "pretraining": {"epochs": 5}})
    results = compare([("plain", plain, None), ("fast", fast, None), ("pre", pre, None)],
                      seeds=4, jobs=1)
    assert [c.file for c in results] == ["plain", "fast", "pre"]
    figures = ("train_loss", "validation_loss", "train_accuracy", "validation_accuracy",
               "best_epoch")
    for c, spec in zip(results, (plain, fast, pre)):
        assert [run.seed for run in c.runs] == [11, 12, 13, 14]
        mean, sd = direct(spec, 4)
        for k, figure in enumerate(figures):
            s = c.summary(figure)
            assert s.mean == pytest.approx(mean[k], rel=1e-12), (c.file, figure)
            assert s.sd == pytest.approx(sd[k], rel=1e-9), (c.file, figure)
    # the seeds really differ, and the files really differ
    assert len({run.validation_loss for run in results[0].runs}) == 4
    assert results[0].runs[0].validation_loss != results[1].runs[0].validation_loss


def test_summary_leaves_out_undefined_values():
    assert Summary.of([1.0, None, 3.0]) == Summary(2.0, pytest.approx(np.sqrt(2)))
    assert Summary.of([2.5]) == Summary(2.5, None)
    assert Summary.of([None, None]) == Summary(None, None)
    assert Summary.of([float("inf"), 1.0]) == Summary(1.0, None)


def test_json_shape_with_nulls_where_undefined(capsys):
    assert main(["compare", "xor", "iris", "--seeds", "2", "--epochs", "3", "--jobs", "1",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["runs"] and [r["file"] for r in out["runs"]] == ["xor", "iris"]
    keys = {"file", "seeds", "first_seed", "train_loss", "validation_loss", "train_accuracy",
            "validation_accuracy", "best_epoch", "diverged"}
    for r in out["runs"]:
        assert set(r) == keys and r["seeds"] == 2 and r["diverged"] == 0
        for figure in ("train_loss", "train_accuracy"):
            assert set(r[figure]) == {"mean", "sd"}
            assert isinstance(r[figure]["mean"], float) and isinstance(r[figure]["sd"], float)
    xor, iris = out["runs"]
    assert xor["validation_loss"] == {"mean": None, "sd": None}  # xor has no validation part
    assert xor["best_epoch"] == {"mean": None, "sd": None}
    assert iris["validation_accuracy"]["mean"] is not None
    assert 1 <= iris["best_epoch"]["mean"] <= 3


def test_one_seed_has_no_standard_deviation(capsys):
    assert main(["compare", "xor", "--seeds", "1", "--epochs", "2", "--json"]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["train_loss"]["sd"] is None and run["train_loss"]["mean"] is not None


def test_text_table(capsys):
    assert main(["compare", "xor", "xor-momentum", "--seeds", "3", "--epochs", "5",
                 "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    blocks = out.split("\n\n")
    assert len(blocks) == 2
    assert blocks[0].startswith("xor: 3 runs (seeds 0..2), mean ± sd")
    assert blocks[1].startswith("xor-momentum: 3 runs")
    loss_line = next(line for line in blocks[0].splitlines() if "train loss" in line)
    assert " ± " in loss_line
    assert "validation loss                  -" in blocks[0]


def test_worker_processes_give_the_same_figures():
    files = [("a", spec_of(), None), ("b", spec_of(momentum=0.5), None)]
    one = compare(files, seeds=3, jobs=1)
    two = compare(files, seeds=3, jobs=2)
    for a, b in zip(one, two):
        for ra, rb in zip(a.runs, b.runs):
            assert ra.seed == rb.seed and ra.best_epoch == rb.best_epoch
            assert ra.validation_loss == pytest.approx(rb.validation_loss, rel=1e-9)


@pytest.mark.parametrize(("args", "message"), [
    (["compare", "xor", "--seeds", "0"], "--seeds must be >= 1"),
    (["compare", "xor", "--epochs", "-1"], "--epochs must be >= 0"),
    (["compare", "xor", "--jobs", "0"], "--jobs must be >= 1"),
    (["compare", "xor", "no-such-file"], "no-such-file: no such file"),
])
def test_errors_are_one_line(args, message, capsys):
    code = main(args)
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1
