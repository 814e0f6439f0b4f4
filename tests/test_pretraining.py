"""Pre-training end to end: the file's ``pretraining`` object, the runner (validation examples
are never seen) and the commands ``bpsim pretrain`` and ``bpsim train --pretrain``."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import numpy as np
import pytest

from bpsim import fileformat as ff
from bpsim.cli import main
from bpsim.cli.pretrain import layers_text
from bpsim.engine.build import initialized
from bpsim.engine.pretrain import LayerPretraining
from bpsim.engine.sampling import train_validation_split
from bpsim.runner import prepare_data, pretrained
from bpsim.spec import PretrainSpec

RNG = np.random.default_rng(5)
X = RNG.normal(size=(40, 5))
T = np.eye(2)[(X[:, 0] + X[:, 1] > 0).astype(int)]
NET = {
    "format": "bpsim-network", "version": 2,
    "layers": [{"size": 5}, {"size": 4, "activation": "sigmoid"},
               {"size": 3, "activation": "tanh"}, {"size": 2, "activation": "softmax"}],
    "loss": "cross_entropy",
    "training": {"learning_rate": 0.1, "momentum": 0.5, "batch_size": 4, "order": "shuffle",
                 "epochs": 5, "validation_split": 0.5, "seed": 2},
    "pretraining": {"epochs": 20, "learning_rate": 0.05, "noise": 0.1, "tied": True},
    "data": {"inputs": X.tolist(), "targets": T.tolist(), "preprocess": "standardize"},
}


def doc(**changes) -> dict:
    d = copy.deepcopy(NET)
    d.update(changes)
    return d


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def net_file(tmp_path):
    path = tmp_path / "net.bpsim"
    path.write_text(json.dumps(NET))
    return path


# -- the file ------------------------------------------------------------------------------------
def test_pretraining_is_read_and_written_back():
    spec = ff.from_dict(NET)
    assert spec.pretraining == PretrainSpec(epochs=20, learning_rate=0.05, noise=0.1, tied=True)
    again = ff.loads(ff.dumps(spec))
    assert again.pretraining == spec.pretraining
    assert ff.to_dict(again)["pretraining"] == NET["pretraining"]


def test_pretraining_is_optional_and_off_by_default():
    d = doc()
    del d["pretraining"]
    spec = ff.from_dict(d)
    assert spec.pretraining == PretrainSpec() and spec.pretraining.epochs == 0
    assert "pretraining" not in ff.to_dict(spec)  # files without it stay as they were
    assert ff.from_dict(doc(pretraining=None)).pretraining == PretrainSpec()
    assert ff.from_dict(doc(pretraining={})).pretraining == PretrainSpec()
    partial = ff.from_dict(doc(pretraining={"epochs": 3}))
    assert partial.pretraining == PretrainSpec(epochs=3)
    assert ff.to_dict(partial)["pretraining"] == {"epochs": 3, "learning_rate": None,
                                                  "noise": 0.0, "tied": False}


@pytest.mark.parametrize(("pretraining", "message"), [
    ({"epochs": -1}, "pretraining.epochs: must be >= 0"),
    ({"epochs": 2.0}, "pretraining.epochs: expected an integer, got 2.0"),
    ({"learning_rate": 0}, "pretraining.learning_rate: must be > 0"),
    ({"learning_rate": "0.1"}, "pretraining.learning_rate: expected a number"),
    ({"noise": 1.0}, "pretraining.noise: must be >= 0 and < 1, got 1.0"),
    ({"noise": -0.1}, "pretraining.noise: must be >= 0 and < 1"),
    ({"tied": 1}, "pretraining.tied: expected true or false, got 1"),
    ({"tied": "yes"}, "pretraining.tied: expected true or false"),
    ({"epoch": 3}, 'pretraining.epoch: unknown key (expected one of: epochs, learning_rate, '
                   'noise, tied); did you mean "epochs"?'),
    ([3], "pretraining: expected an object, got"),
])
def test_bad_pretraining_is_refused_with_its_json_path(pretraining, message):
    with pytest.raises(ff.FileFormatError) as e:
        ff.loads(json.dumps(doc(pretraining=pretraining)), "net.bpsim")
    assert str(e.value).startswith("net.bpsim: " + message), str(e.value)


# -- the runner ----------------------------------------------------------------------------------
def test_pretraining_changes_the_hidden_layers_only():
    spec = initialized(ff.from_dict(NET))
    out, layers = pretrained(spec, prepare_data(spec))
    assert [r.layer for r in layers] == [1, 2]
    assert all(r.loss_after < r.loss_before for r in layers)
    for k in (1, 2):
        assert not np.allclose(out.layers[k].weights, spec.layers[k].weights)
    np.testing.assert_array_equal(out.layers[3].weights, spec.layers[3].weights)
    np.testing.assert_array_equal(out.layers[3].biases, spec.layers[3].biases)
    assert out.state is None and out.pretraining == spec.pretraining


def test_validation_examples_are_never_seen():
    """Poisoning every validation example's inputs changes nothing in pre-training."""
    spec = ff.from_dict(NET)
    _, val = train_validation_split(T, 0.5, 2, stratify=True)
    assert len(val) == 20
    poisoned = X.copy()
    poisoned[val] = 1e6 * RNG.normal(size=(len(val), 5))
    spec_p = replace(spec, data=replace(spec.data, inputs=poisoned))
    prepared, prepared_p = prepare_data(spec), prepare_data(spec_p)
    np.testing.assert_array_equal(prepared.X_train, prepared_p.X_train)  # the same split
    assert np.abs(prepared_p.X_val).max() > 1e4  # the poison is there
    clean, clean_layers = pretrained(spec, prepared)
    dirty, dirty_layers = pretrained(spec_p, prepared_p)
    assert clean_layers == dirty_layers
    for a, b in zip(clean.layers[1:], dirty.layers[1:]):
        np.testing.assert_array_equal(a.weights, b.weights)


def test_pretraining_off_or_without_hidden_layers_is_refused():
    spec = ff.from_dict(doc(pretraining={"epochs": 0}))
    with pytest.raises(ValueError, match="pre-training is off"):
        pretrained(spec, prepare_data(spec))
    flat = ff.from_dict(doc(layers=[{"size": 5}, {"size": 2, "activation": "softmax"}]))
    with pytest.raises(ValueError, match="no dense hidden layer"):
        pretrained(flat, prepare_data(flat))


def test_conv_and_pool_layers_are_skipped():
    conv = {
        "format": "bpsim-network", "version": 2,
        "layers": [{"shape": [1, 8, 8]},
                   {"type": "conv", "filters": 2, "kernel": [3, 3], "activation": "relu"},
                   {"type": "max_pool", "size": [2, 2]},
                   {"type": "dense", "size": 6, "activation": "sigmoid"},
                   {"type": "dense", "size": 10, "activation": "softmax"}],
        "loss": "cross_entropy",
        "training": {"batch_size": 10, "validation_split": 0.8, "seed": 1},
        "pretraining": {"epochs": 3},
        "data": {"dataset": "digits", "preprocess": "standardize"},
    }
    spec = initialized(ff.from_dict(conv))
    out, layers = pretrained(spec, prepare_data(spec))
    assert [r.layer for r in layers] == [3] and layers[0].loss_after < layers[0].loss_before
    np.testing.assert_array_equal(out.layers[1].weights, spec.layers[1].weights)
    assert not np.allclose(out.layers[3].weights, spec.layers[3].weights)
    conv["layers"][3:4] = []
    only_conv = ff.from_dict(conv)
    with pytest.raises(ValueError, match="no dense hidden layer .*conv and max_pool layers"):
        pretrained(only_conv, prepare_data(only_conv))


# -- bpsim pretrain, bpsim train --pretrain ------------------------------------------------------
def test_bpsim_pretrain_json_and_out(net_file, tmp_path, capsys):
    out_file = tmp_path / "pre.bpsim"
    code, out, err = run(["pretrain", str(net_file), "--json", "--out", str(out_file)], capsys)
    assert code == 0, err
    r = json.loads(out)
    assert set(r) == {"pretraining", "seconds", "stopped_reason"}
    assert r["stopped_reason"] == "completed"
    assert [set(x) for x in r["pretraining"]] == [{"layer", "loss_before", "loss_after"}] * 2
    assert [x["layer"] for x in r["pretraining"]] == [1, 2]
    assert all(x["loss_after"] < x["loss_before"] for x in r["pretraining"])
    saved = ff.load(out_file)
    spec = initialized(ff.load(net_file))
    assert not np.allclose(saved.layers[1].weights, spec.layers[1].weights)
    np.testing.assert_array_equal(saved.layers[3].weights, spec.layers[3].weights)
    assert saved.pretraining == spec.pretraining


def test_bpsim_pretrain_epochs_and_text(net_file, capsys):
    code, out, _ = run(["pretrain", str(net_file), "--epochs", "2"], capsys)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("layer 1 (4 sigmoid): reconstruction loss ")
    assert lines[0].endswith("(2 epochs)") and lines[1].startswith("layer 2 (3 tanh)")


def test_the_text_says_when_a_loss_did_not_fall(tmp_path, capsys):
    path = tmp_path / "steep.bpsim"
    steep = doc(pretraining={"epochs": 5, "learning_rate": 2.0},
                training={**NET["training"], "momentum": 0.9, "batch_size": 1})
    path.write_text(json.dumps(steep))
    code, out, _ = run(["pretrain", str(path)], capsys)
    assert code == 4 and "diverged: the layer keeps its weights from before its" in out
    spec = ff.from_dict(NET)
    rose = LayerPretraining(2, 1.5, 2.5, 5, "completed")
    assert layers_text(spec, [rose]) == (
        "layer 2 (3 tanh): reconstruction loss 1.5 -> 2.5 (5 epochs); it did not fall: try a "
        "smaller pretraining.learning_rate (the SSE sums over every reconstructed value)")


def test_bpsim_train_pretrain_pretrains_then_trains(net_file, tmp_path, capsys):
    code, out, err = run(["train", str(net_file), "--pretrain", "--json"], capsys)
    assert code == 0, err
    r = json.loads(out)
    assert set(r) == {"epochs", "steps", "train_loss", "validation_loss", "train_accuracy",
                      "validation_accuracy", "seconds", "stopped_reason", "pretraining"}
    assert [x["layer"] for x in r["pretraining"]] == [1, 2] and r["epochs"] == 5
    # the same as pre-training to a file and training that file
    pre = tmp_path / "pre.bpsim"
    assert run(["pretrain", str(net_file), "--out", str(pre), "--json"], capsys)[0] == 0
    code, out, _ = run(["train", str(pre), "--json"], capsys)
    plain = json.loads(out)
    assert "pretraining" not in plain
    assert plain["validation_loss"] == r["validation_loss"]
    assert plain["train_loss"] == r["train_loss"]


@pytest.mark.parametrize("args", [["pretrain"], ["train", "--pretrain"]])
def test_pretraining_off_is_one_line(args, tmp_path, capsys):
    path = tmp_path / "off.bpsim"
    path.write_text(json.dumps(doc(pretraining={"epochs": 0})))
    code, out, err = run([args[0], str(path), *args[1:]], capsys)
    assert code == 1 and out == ""
    assert err == ("bpsim: pre-training is off: pretraining.epochs is 0 (set the epochs per "
                   "hidden layer in the file, or bpsim pretrain --epochs E)\n")


def test_diverged_pretraining_stops_before_training(tmp_path, capsys):
    path = tmp_path / "wild.bpsim"
    wild = doc(pretraining={"epochs": 5, "learning_rate": 1e6},
               data={"inputs": (X * 1e100).tolist(), "targets": T.tolist()})
    path.write_text(json.dumps(wild))
    code, out, _ = run(["train", str(path), "--pretrain", "--json"], capsys)
    r = json.loads(out)
    assert code == 4 and r["epochs"] == 0
    assert r["stopped_reason"].startswith("diverged") and "(pre-training layer 1)" in \
        r["stopped_reason"]
    assert len(r["pretraining"]) == 1
    code, out, _ = run(["pretrain", str(path), "--json"], capsys)
    assert code == 4 and json.loads(out)["stopped_reason"].startswith("diverged")


def test_pretrain_needs_data(tmp_path, capsys):
    path = tmp_path / "nodata.bpsim"
    d = doc()
    del d["data"]
    path.write_text(json.dumps(d))
    code, _, err = run(["pretrain", str(path)], capsys)
    assert code == 1 and "the network has no data" in err


def test_bpsim_pretrain_checks_out_before_the_work(net_file, tmp_path, capsys, monkeypatch):
    def work(*args, **kwargs):
        raise AssertionError("pre-trained before checking --out")

    monkeypatch.setattr("bpsim.runner.pretrained", work)
    code, out, err = run(["pretrain", str(net_file), "--out", str(tmp_path / "no" / "x.bpsim")],
                         capsys)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "pre-trained before" not in err


def test_bpsim_pretrain_epochs_must_be_positive(net_file, capsys):
    code, _, err = run(["pretrain", str(net_file), "--epochs", "0"], capsys)
    assert code == 1 and "--epochs must be >= 1" in err

