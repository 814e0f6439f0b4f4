"""bpsim.fileformat: the seed file, exact round trips, atomic saves and a malformed corpus."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bpsim import fileformat as ff
from bpsim.fileformat import FileFormatError
from bpsim.fileformat.migrate import migrate
from bpsim.spec import (
    DataSpec,
    InitSpec,
    LayerSpec,
    NetworkSpec,
    ScheduleSpec,
    TrainingSpec,
)

SEED_TEXT = """\
{"format": "bpsim-network", "version": 1, "name": "...", "description": "...",
 "layers": [{"size": 3, "labels": ["1", "2", "3"]},
            {"size": 2, "activation": "sigmoid", "labels": ["4", "5"],
             "weights": [[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]], "biases": [-0.4, 0.2]},
            {"size": 1, "activation": "sigmoid", "labels": ["6"], "weights": [[-0.3, -0.2]], "biases": [0.1]}],
 "loss": "sse",
 "training": {"learning_rate": 0.9, "momentum": 0.0, "batch_size": 1, "order": "sequential",
              "epochs": 1, "validation_split": 0.0, "seed": 0},
 "data": {"inputs": [[1, 0, 1]], "targets": [[1]]}}
"""  # noqa: E501 (the contract's example, verbatim)


def seed_doc() -> dict[str, Any]:
    return json.loads(SEED_TEXT)


def same_array(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    """Equal bit for bit (so -0.0 differs from 0.0), same shape and dtype."""
    if a is None or b is None:
        return a is None and b is None
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def assert_same_spec(a: NetworkSpec, b: NetworkSpec) -> None:
    """Every field equal; arrays bit for bit."""
    assert len(a.layers) == len(b.layers)
    for la, lb in zip(a.layers, b.layers, strict=True):
        for f in fields(LayerSpec):
            va, vb = getattr(la, f.name), getattr(lb, f.name)
            if isinstance(va, np.ndarray) or isinstance(vb, np.ndarray):
                assert same_array(va, vb), f.name
            else:
                assert va == vb, f.name
    assert (a.loss, a.training, a.init, a.name, a.description) == (
        b.loss,
        b.training,
        b.init,
        b.name,
        b.description,
    )
    assert (a.data is None) == (b.data is None)
    if a.data is not None:
        for f in fields(DataSpec):
            va, vb = getattr(a.data, f.name), getattr(b.data, f.name)
            if isinstance(va, np.ndarray) or isinstance(vb, np.ndarray):
                assert same_array(va, vb), f.name
            else:
                assert va == vb, f.name
    assert_same_state(a.state, b.state)


def assert_same_state(a: dict[str, Any] | None, b: dict[str, Any] | None) -> None:
    assert (a is None) == (b is None)
    if a is None or b is None:
        return
    assert a.keys() == b.keys()
    for key in a:
        if key.startswith("velocity"):
            assert all(same_array(x, y) for x, y in zip(a[key], b[key], strict=True))
        else:
            assert a[key] == b[key]


# --- the seed file ----------------------------------------------------------------------------


def test_seed_file_loads_with_exact_values() -> None:
    spec = ff.loads(SEED_TEXT, "net.bpsim")
    assert spec.sizes == (3, 2, 1)
    assert spec.name == "..." and spec.description == "..."
    assert spec.layers[0].labels == ("1", "2", "3")
    assert spec.layers[0].weights is None
    hidden, out = spec.layers[1], spec.layers[2]
    assert hidden.activation == "sigmoid" and hidden.labels == ("4", "5")
    assert hidden.weights.tolist() == [[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]]
    assert hidden.biases.tolist() == [-0.4, 0.2]
    assert out.weights.tolist() == [[-0.3, -0.2]] and out.biases.tolist() == [0.1]
    assert hidden.weights.dtype == np.float64 and not hidden.weights.flags.writeable
    assert hidden.dropout == 0.0 and hidden.slope == 0.01
    assert spec.loss == "sse"
    assert spec.training == TrainingSpec(
        learning_rate=0.9,
        momentum=0.0,
        batch_size=1,
        order="sequential",
        epochs=1,
        validation_split=0.0,
        seed=0,
    )
    assert spec.init == InitSpec()
    assert spec.data is not None
    assert spec.data.inputs.tolist() == [[1.0, 0.0, 1.0]]
    assert spec.data.targets.tolist() == [[1.0]]
    assert not spec.data.inputs.flags.writeable
    assert spec.state is None


def test_seed_file_from_bytes_and_with_bom() -> None:
    a = ff.loads(SEED_TEXT.encode("utf-8"))
    b = ff.loads(b"\xef\xbb\xbf" + SEED_TEXT.encode("utf-8"))
    assert_same_spec(a, b)


def test_missing_weights_stay_none_and_are_initialised_by_the_engine() -> None:
    from bpsim.engine.build import initialized

    doc = seed_doc()
    del doc["layers"][2]["weights"], doc["layers"][2]["biases"]
    doc["initialization"] = {"kind": "xavier_uniform", "scale": 0.5, "seed": 7}
    spec = ff.from_dict(doc)
    assert spec.layers[2].weights is None and spec.layers[2].biases is None
    assert spec.init == InitSpec("xavier_uniform", 0.5, 7)
    full = initialized(spec)
    assert full.layers[2].weights.shape == (1, 2)
    assert same_array(full.layers[1].weights, spec.layers[1].weights)


def test_to_dict_writes_the_contract_keys() -> None:
    doc = ff.to_dict(ff.loads(SEED_TEXT))
    for key in ("format", "version", "name", "description", "layers", "loss", "training", "data"):
        assert key in doc
    assert doc["format"] == "bpsim-network" and doc["version"] == ff.FORMAT_VERSION == 2
    assert doc["layers"][0] == {"size": 3, "labels": ["1", "2", "3"]}
    assert doc["layers"][1]["weights"] == [[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]]
    assert doc["training"]["learning_rate"] == 0.9
    assert doc["data"] == {"inputs": [[1.0, 0.0, 1.0]], "targets": [[1.0]]}
    json.dumps(doc, allow_nan=False)  # JSON-ready


def test_dumps_puts_each_weights_row_on_one_line() -> None:
    text = ff.dumps(ff.loads(SEED_TEXT))
    assert "\n    [0.2, 0.4, -0.5],\n    [-0.3, 0.1, 0.2]\n" in text
    assert json.loads(text)["layers"][2]["biases"] == [0.1]


# --- round trips ------------------------------------------------------------------------------


def random_layers(rng: np.random.Generator) -> list[LayerSpec]:
    """4-7-5-3 layers with random weights spanning 600 orders of magnitude and odd floats."""
    sizes = (4, 7, 5, 3)
    layers = [LayerSpec(size=4, labels=("x1", "x2", "é", "\u2603"))]
    acts = ("tanh", "leaky_relu", "softmax")
    for n_in, n, act in zip(sizes[:-1], sizes[1:], acts, strict=True):
        w = rng.standard_normal((n, n_in)) * 10.0 ** rng.integers(-300, 300, (n, n_in))
        layers.append(LayerSpec(n, act, None, w, rng.standard_normal(n), 0.0, 0.01))
    w = layers[1].weights.copy()
    w[0, :4] = [-0.0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2]
    layers[1] = replace(layers[1], weights=w, dropout=0.25)
    layers[2] = replace(layers[2], slope=0.3)
    return layers


ODD_TRAINING = TrainingSpec(
    learning_rate=0.123456789012345,
    momentum=0.9,
    batch_size=8,
    order="error_emphasis",
    epochs=12345,
    validation_split=0.2,
    seed=2**63 - 1,
    weight_decay=1e-4,
    schedule=ScheduleSpec("step", 0.7, 25, 0.003),
    error_floor=0.05,
    dtype="float64",  # float32 cannot hold the 1.8e308 weight (see test_float32_...)
)


def random_spec(rng: np.random.Generator) -> NetworkSpec:
    """A spec exercising every setting, with awkward floats in the weights."""
    layers = random_layers(rng)
    state = {
        "epoch": 17,
        "step": 12345,
        "velocity": tuple(rng.standard_normal(layer.weights.shape) for layer in layers[1:]),
        "velocity_biases": tuple(rng.standard_normal(layer.size) for layer in layers[1:]),
    }
    data = DataSpec(
        inputs=rng.standard_normal((6, 4)),
        targets=np.eye(3)[[0, 1, 2, 0, 1, 2]],
        preprocess="standardize",
        shift=rng.standard_normal(4),
        scale=rng.random(4) + 0.1,
        class_names=("a", "b", "c"),
    )
    init = InitSpec("he_normal", 2.0, 99)
    name, description = "rändom", 'line 1\nline 2 "quoted"'
    return NetworkSpec(
        tuple(layers), "cross_entropy", ODD_TRAINING, init, data, name, description, state
    )


def test_round_trip_is_exact_through_text() -> None:
    spec = random_spec(np.random.default_rng(1))
    back = ff.loads(ff.dumps(spec))
    assert_same_spec(spec_as_float64(spec), back)
    assert back.training.dtype == "float64"
    assert back.layers[1].weights[0, 0] == 0.0 and np.signbit(back.layers[1].weights[0, 0])
    assert back.layers[1].weights[0, 1] == 5e-324
    assert back.state["epoch"] == 17 and back.state["step"] == 12345
    assert not back.state["velocity"][0].flags.writeable


def spec_as_float64(spec: NetworkSpec) -> NetworkSpec:
    """What loading gives back: the same values as read-only float64 arrays."""
    return ff.from_dict(ff.to_dict(spec))


def test_round_trip_is_exact_through_a_file(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    for _ in range(3):
        spec = random_spec(rng)
        path = tmp_path / "net.bpsim"
        ff.save(path, spec)
        back = ff.load(path)
        assert_same_spec(spec_as_float64(spec), back)
        assert_same_spec(back, ff.load(_saved_again(tmp_path, back)))
    assert sorted(os.listdir(tmp_path)) == ["again.bpsim", "net.bpsim"]


def _saved_again(folder: Path, spec: NetworkSpec) -> Path:
    path = folder / "again.bpsim"
    ff.save(path, spec)
    return path


def test_round_trip_of_dataset_and_csv_data(tmp_path: Path) -> None:
    base = ff.loads(SEED_TEXT)
    moons = DataSpec(dataset="moons", params=(("noise", 0.2), ("samples", 300), ("seed", 4)))
    spec = replace(base, data=moons)
    back = ff.loads(ff.dumps(spec))
    assert back.data.dataset == "moons"
    assert back.data.params == (("noise", 0.2), ("samples", 300), ("seed", 4))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "iris.csv").write_text("a,b,c,species\n1,2,3,x\n", encoding="utf-8")
    csv = DataSpec(csv="sub/iris.csv", target="species", preprocess="minmax")
    ff.save(tmp_path / "net.bpsim", replace(base, data=csv))
    back = ff.load(tmp_path / "net.bpsim")
    assert (back.data.csv, back.data.target, back.data.preprocess) == (
        "sub/iris.csv",
        "species",
        "minmax",
    )


def test_dataset_params_are_stored_sorted() -> None:
    doc = seed_doc()
    doc["data"] = {
        "dataset": "gaussians",
        "seed": 3,
        "classes": 4,
        "samples": 100,
        "noise": 0.5,
        "flag": True,
        "mode": "fast",
        "preprocess": "standardize",
    }
    data = ff.from_dict(doc).data
    assert data.params == (
        ("classes", 4),
        ("flag", True),
        ("mode", "fast"),
        ("noise", 0.5),
        ("samples", 100),
        ("seed", 3),
    )
    assert data.preprocess == "standardize" and data.inputs is None


# --- atomic save ------------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "net.bpsim"
    path.write_text(SEED_TEXT, encoding="utf-8")
    return path


def _fail(*args: Any, **kwargs: Any) -> None:
    raise OSError("disk on fire")


@pytest.mark.parametrize("where", ["replace", "fsync"])
def test_failed_save_keeps_the_old_file_and_no_temp_file(
    saved: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    spec = random_spec(np.random.default_rng(3))
    monkeypatch.setattr(os, where, _fail)
    with pytest.raises(OSError, match="disk on fire"):
        ff.save(saved, spec)
    assert saved.read_text(encoding="utf-8") == SEED_TEXT
    assert os.listdir(saved.parent) == ["net.bpsim"]


def test_unsaveable_spec_keeps_the_old_file(saved: Path) -> None:
    spec = ff.loads(SEED_TEXT)
    bad = spec.with_layer(2, weights=np.array([[np.nan, 1.0]]))
    with pytest.raises(FileFormatError, match=r"layers\[2\]\.weights\[0\]\[0\]"):
        ff.save(saved, bad)
    assert saved.read_text(encoding="utf-8") == SEED_TEXT
    assert os.listdir(saved.parent) == ["net.bpsim"]


def test_save_replaces_and_keeps_the_file_mode(saved: Path) -> None:
    os.chmod(saved, 0o640)
    spec = ff.loads(SEED_TEXT).with_training(epochs=5)
    ff.save(saved, spec)
    assert ff.load(saved).training.epochs == 5
    assert saved.stat().st_mode & 0o777 == 0o640
    assert os.listdir(saved.parent) == ["net.bpsim"]


# --- malformed files: one precise message each --------------------------------------------------

Edit = Callable[[dict[str, Any]], Any]


def edited(edit: Edit) -> str:
    doc = seed_doc()
    result = edit(doc)
    return json.dumps(doc if result is None else result)


def text_edit(old: str, new: str) -> str:
    assert old in SEED_TEXT
    return SEED_TEXT.replace(old, new, 1)


def _set(path: str, value: Any) -> Edit:
    """An edit setting doc[a][b]... (dotted path, ints index arrays)."""

    def edit(doc: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = doc
        for p in parents:
            target = target[p]
        target[last] = value

    return edit


def _del(path: str) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = doc
        for p in parents:
            target = target[p]
        del target[last]

    return edit


DEEP = '{"format": "bpsim-network", "version": 1, "layers": ' + "[" * 100_000 + "]" * 100_000 + "}"
SOFTMAX_HIDDEN = _set("layers.1.activation", "softmax")

# (id, file content, expected message start "net.bpsim: <path>: ...", a fragment of the rest)
# fmt: off
CORPUS: list[tuple[str, str | bytes, str, str]] = [
    ("bad-json", text_edit('"sse",', '"sse"'), "not valid JSON at line 7, column 2",
     "Expecting ',' delimiter"),
    ("empty-file", "", "not valid JSON at line 1, column 1", "Expecting value"),
    ("not-an-object", "[1, 2]", "not a bpsim network", "expected a JSON object, got an array"),
    ("nan", text_edit("0.4", "NaN"), "layers[1].weights[0][1]", "NaN is not allowed"),
    ("infinity", text_edit("[0.1]", "[-Infinity]"), "layers[2].biases[0]", "-Infinity is not"),
    ("overflow", text_edit("0.2]}", "1e400]}"), "layers[1].biases[1]", "finite number, got inf"),
    ("bool-as-number", edited(_set("training.learning_rate", True)),
     "training.learning_rate", "expected a number, got true"),
    ("string-as-number", text_edit("[[0.2,", '[["0.2",'), "layers[1].weights[0][0]",
     "expected a number, got the string '0.2'"),
    ("null-as-number", edited(_set("training.momentum", None)), "training.momentum",
     "expected a number, got null"),
    ("wrong-shape", text_edit("[[-0.3, -0.2]]", "[[-0.3]]"), "layers[2].weights",
     "expected 1x2 numbers, got 1x1"),
    ("too-many-rows", edited(_set("layers.1.weights", [[1, 2, 3]] * 3)), "layers[1].weights",
     "expected 2x3 numbers, got 3x3"),
    ("ragged", text_edit("[-0.3, 0.1, 0.2]", "[-0.3, 0.1]"), "layers[1].weights[1]",
     "expected 3 numbers, got 2"),
    ("row-not-array", edited(_set("layers.1.weights", [1, 2])), "layers[1].weights[0]",
     "expected an array of 3 numbers, got 1"),
    ("weights-object", edited(_set("layers.1.weights", {})), "layers[1].weights",
     "expected 2x3 numbers, got an object"),
    ("biases-length", edited(_set("layers.1.biases", [1.0])), "layers[1].biases",
     "expected 2 numbers, got 1"),
    ("biases-without-weights", edited(_del("layers.1.weights")), "layers[1].biases",
     "biases given without weights"),
    ("unknown-top-key", edited(_set("colour", "red")), "colour",
     "unknown key (expected one of: format, version, layers"),
    ("unknown-odd-key", edited(_set("a b", 1)), "['a b']", "unknown key"),
    ("unknown-training-key", edited(_set("training.lerning_rate", 0.1)),
     "training.lerning_rate",
     'unknown key (expected one of: learning_rate, momentum, batch_size, order, epochs, '
     'stop_after_epochs, validation_split, seed, weight_decay, schedule, error_floor, dtype); '
     'did you mean "learning_rate"?'),
    ("duplicate-key", text_edit('"seed": 0}', '"seed": 0, "seed": 1}'), "training.seed",
     "duplicate key"),
    ("input-layer-activation", edited(_set("layers.0.activation", "tanh")),
     "layers[0].activation", "unknown key (the input layer has only size (or shape) and labels)"),
    ("unknown-activation", edited(_set("layers.1.activation", "sigmod")),
     "layers[1].activation",
     "unknown activation 'sigmod'; choose one of sigmoid, tanh, relu, leaky_relu, linear"),
    ("unknown-loss", edited(_set("loss", "hinge")), "loss",
     "choose one of sse, mse, cross_entropy"),
    ("unknown-order", edited(_set("training.order", "random")), "training.order",
     "choose one of sequential, shuffle, error_emphasis"),
    ("unknown-schedule", edited(_set("training.schedule", {"kind": "cosine"})),
     "training.schedule.kind", "choose one of constant, step, exponential, inverse_time"),
    ("unknown-init", edited(_set("initialization", {"kind": "zeros"})),
     "initialization.kind", "choose one of uniform, xavier_normal"),
    ("unknown-dtype", edited(_set("training.dtype", "float16")), "training.dtype",
     "choose one of float64, float32"),
    ("negative-learning-rate", edited(_set("training.learning_rate", -0.1)),
     "training.learning_rate", "must be > 0 and <= 1e+06, got -0.1"),
    ("momentum-one", edited(_set("training.momentum", 1.0)), "training.momentum",
     "must be >= 0 and < 1, got 1.0"),
    ("batch-size-zero", edited(_set("training.batch_size", 0)), "training.batch_size",
     "must be >= 1"),
    ("batch-size-float", edited(_set("training.batch_size", 2.0)), "training.batch_size",
     "expected an integer, got 2.0"),
    ("epochs-too-many", edited(_set("training.epochs", 10**9 + 1)), "training.epochs",
     "must be >= 0 and <= 1e+09"),
    ("stop-after-epochs-number", edited(_set("training.stop_after_epochs", 1)),
     "training.stop_after_epochs", "expected true or false, got 1"),
    ("validation-split", edited(_set("training.validation_split", 0.95)),
     "training.validation_split", "must be >= 0 and <= 0.9, got 0.95"),
    ("negative-seed", edited(_set("training.seed", -1)), "training.seed", "must be >= 0"),
    ("huge-seed", edited(_set("training.seed", 2**63)), "training.seed", "got 9223372036854775808"),
    ("error-floor", edited(_set("training.error_floor", 1.5)), "training.error_floor",
     "must be >= 0 and <= 1"),
    ("schedule-factor", edited(_set("training.schedule", {"kind": "step", "factor": 0})),
     "training.schedule.factor", "must be > 0 and <= 1"),
    ("dropout-one", edited(_set("layers.1.dropout", 1.0)), "layers[1].dropout",
     "must be >= 0 and < 1"),
    ("dropout-output", edited(_set("layers.2.dropout", 0.5)), "layers[2].dropout",
     "dropout is for hidden layers only"),
    ("slope", edited(_set("layers.1.slope", -0.1)), "layers[1].slope", "must be >= 0 and < 1"),
    ("size-float", edited(_set("layers.1.size", 2.5)), "layers[1].size",
     "expected an integer, got 2.5"),
    ("size-zero", edited(_set("layers.0.size", 0)), "layers[0].size", "must be >= 1"),
    ("size-huge", edited(_set("layers.1.size", 10**9)), "layers[1].size",
     "must be >= 1 and <= 100000, got 1000000000"),
    ("too-many-parameters", edited(_set("layers", [{"size": 100_000}] * 3)), "layers",
     "too many parameters (20000200000; at most 2000000 in all)"),
    ("too-many-layers", edited(_set("layers", [{"size": 1}] * 1001)), "layers",
     "too many layers (1001; at most 1000)"),
    ("missing-layers", edited(_del("layers")), "layers", "missing (required)"),
    ("one-layer", edited(_set("layers", [{"size": 3}])), "layers",
     "a network needs at least 2 layers (input and output), got 1"),
    ("layer-not-object", edited(_set("layers.1", [2])), "layers[1]",
     "expected an object, got an array"),
    ("labels-length", edited(_set("layers.1.labels", ["a"])), "layers[1].labels",
     "expected 2 labels"),
    ("label-not-string", edited(_set("layers.2.labels", [6])), "layers[2].labels[0]",
     "expected a string, got 6"),
    ("softmax-hidden", edited(SOFTMAX_HIDDEN), "layers[1].activation",
     "softmax is allowed on the output layer only"),
    ("cross-entropy-tanh", edited(lambda d: d.update(loss="cross_entropy") or
                                  d["layers"][2].update(activation="tanh")),
     "loss", "cross_entropy needs a softmax or sigmoid output layer (the output layer is tanh)"),
    ("data-inputs-size", edited(_set("data.inputs", [[1, 0]])), "data.inputs",
     "expected rows of 3 numbers, got 1x2 (the input layer has 3 units, so each row of inputs "
     "needs 3 numbers)"),
    ("data-targets-rows", edited(_set("data.targets", [[1], [0]])), "data.targets",
     "expected 1x1 numbers, got 2x1 (one row per row of inputs, each with 1 numbers"),
    ("data-empty", edited(_set("data.inputs", [])), "data.inputs", "got no rows"),
    ("data-missing-targets", edited(_del("data.targets")), "data.targets", "missing (required)"),
    ("data-two-sources", edited(_set("data.dataset", "xor")), "data",
     "give exactly one source of examples, got inline and dataset"),
    ("unknown-dataset", edited(_set("data", {"dataset": "mnist"})), "data.dataset",
     "unknown dataset 'mnist'; choose one of xor, and, or, textbook"),
    ("dataset-param-type", edited(_set("data", {"dataset": "moons", "samples": "many"})),
     "data.samples", "expected an integer, got the string 'many'"),
    ("dataset-param-list", edited(_set("data", {"dataset": "moons", "extra": [1]})),
     "data.extra", "expected a number, string or boolean, got an array"),
    ("dataset-target", edited(_set("data", {"dataset": "moons", "target": "y"})),
     "data.target", "not a dataset parameter"),
    ("csv-empty", edited(_set("data", {"csv": "", "target": "y"})), "data.csv",
     "expected a file path of 1 to 4096 characters"),
    ("csv-drive-relative", edited(_set("data", {"csv": "C:data.csv", "target": "y"})),
     "data.csv", "a drive-relative path such as C:data.csv is ambiguous"),
    ("csv-no-target", edited(_set("data", {"csv": "x.csv"})), "data.target",
     "missing (required)"),
    ("scale-zero", edited(lambda d: d["data"].update(shift=[0, 0, 0], scale=[1, 0, 1])),
     "data.scale[1]", "must be > 0, got 0"),
    ("shift-alone", edited(_set("data.shift", [0, 0, 0])), "data.shift",
     "given without scale (shift and scale go together)"),
    ("scale-alone", edited(lambda d: d["data"].update(shift=None, scale=[1, 1, 1])),
     "data.scale", "given without shift (shift and scale go together)"),
    ("class-names", edited(_set("data.class_names", ["a", "b", "c"])), "data.class_names",
     "expected 2 class names (one or two for the single output unit), got 3"),
    ("unknown-preprocess", edited(_set("data.preprocess", "whiten")), "data.preprocess",
     "choose one of none, standardize, minmax"),
    ("state-velocity-shape", edited(_set("state", {"velocity": [[[0, 0, 0]], [[0, 0]]],
                                                  "velocity_biases": [[0, 0], [0]]})),
     "state.velocity[0]", "expected 2x3 numbers, got 1x3"),
    ("state-velocity-alone", edited(_set("state", {"velocity": [[[0, 0, 0]] * 2, [[0, 0]]]})),
     "state.velocity", "given without velocity_biases"),
    ("state-unknown", edited(_set("state", {"epoch": 1, "rng": 5})), "state.rng",
     "unknown key"),
    ("wrong-format", edited(_set("format", "bpsim-dataset")), "format",
     "not a bpsim network: expected \"bpsim-network\", got the string 'bpsim-dataset'"),
    ("missing-format", edited(_del("format")), "format", "missing"),
    ("newer-version", edited(_set("version", 3)), "version",
     "made by a newer bpsim (version 3); this program reads version 2"),
    ("version-zero", edited(_set("version", 0)), "version", "0 is not a format version"),
    ("version-string", edited(_set("version", "1")), "version",
     "expected an integer, got the string '1'"),
    ("name-not-string", edited(_set("name", 5)), "name", "expected a string, got 5"),
    ("deep-nesting", DEEP, "not a bpsim network", "nested too deeply at line 1, column 252"),
    ("moderate-nesting", edited(_set("layers", [[[[[[[[[[[[]]]]]]]]]]]] * 2)), "layers[0]",
     "expected an object, got an array"),
    ("binary-garbage", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text",
     "byte 0x89 at offset 0"),
    ("nul-bytes", b'{"format": \x00}', "binary data", "contains NUL bytes"),
    ("non-utf8", text_edit('"name": "..."', '"name": "R\xe9seau"').encode("latin-1"),
     "not UTF-8 text", "byte 0xe9 at offset 52"),
    ("huge-integer", text_edit('"size": 3', '"size": 1' + "0" * 5000), "not valid JSON",
     "digits"),
    # hostile files (issue 11): refused from counts on the raw text, before parsing
    ("too-many-objects", edited(_set("layers", [{"size": 1}] * 9000)),
     "too large for a network file",
     "more than 8064 JSON objects (a network has at most 1000 layers)"),
    ("too-many-keys", edited(lambda d: d.update({f"k{i}": 0 for i in range(40_000)})),
     "too large for a network file", "more than 33024 object keys"),
    ("too-many-values", text_edit("[[-0.3, -0.2]]", "[[" + "0," * 11_000_000 + "0]]"),
     "too large for a network file", "more than 10500000 values (more than the largest"),
    ("state-step-overflow", edited(_set("state", {"step": 2**63 - 1})), "state.step",
     "must be >= 0 and <= 1e+15, got 9223372036854775807"),
    ("float32-weight", edited(lambda d: d["training"].update(dtype="float32")
                              or d["layers"][1]["weights"][1].__setitem__(2, -1e39)),
     "layers[1].weights[1][2]", "-1e+39 is too large for the float32 the network computes in"),
    ("label-huge", edited(_set("layers.1.labels", ["a", "b" * 1001])), "layers[1].labels[1]",
     "a label of 1001 characters; at most 1000"),
    ("float32-data", edited(lambda d: d["training"].update(dtype="float32")
                            or d["data"].update(inputs=[[1, 0, 4e38]])),
     "data.inputs[0][2]", "4e+38 is too large for the float32"),
]
# fmt: on


@pytest.mark.parametrize(
    ("content", "where", "fragment"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_malformed_file_gives_one_precise_message(
    content: str | bytes, where: str, fragment: str
) -> None:
    with pytest.raises(FileFormatError) as info:
        ff.loads(content, "net.bpsim")
    message = str(info.value)
    assert message.startswith(f"net.bpsim: {where}"), message
    assert fragment in message, message
    assert "\n" not in message and len(message) < 400
    assert isinstance(info.value, ValueError)


def test_corpus_is_large_and_ids_unique() -> None:
    ids = [c[0] for c in CORPUS]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)


def test_huge_size_is_refused_fast_without_allocating() -> None:
    doc = seed_doc()
    doc["layers"] = [{"size": 10**9}, {"size": 10**9, "weights": None}, {"size": 1}]
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(FileFormatError, match=r"^<dict>: layers\[0\]\.size: must be"):
        ff.from_dict(doc)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.05 and peak < 1_000_000


def test_parameter_limit_is_checked_before_any_weights() -> None:
    doc = seed_doc()
    doc["layers"] = [{"size": 50_000}, {"size": 1000, "weights": "not even an array"}, {"size": 1}]
    with pytest.raises(FileFormatError, match=r"^<dict>: layers: too many parameters"):
        ff.from_dict(doc)


def test_too_much_inline_data_is_refused_before_converting() -> None:
    doc = seed_doc()
    row = [1, 0, 1]
    doc["data"] = {"inputs": [row] * 3_400_000, "targets": [[1]] * 3_400_000}
    with pytest.raises(FileFormatError, match=r"data\.inputs: too much inline data \(13600000"):
        ff.from_dict(doc, "net.bpsim")


def test_csv_must_exist_next_to_the_file(tmp_path: Path) -> None:
    doc = seed_doc()
    doc["data"] = {"csv": "iris.csv", "target": "species"}
    (tmp_path / "net.bpsim").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"^net\.bpsim: data\.csv: file not found: "):
        ff.load(tmp_path / "net.bpsim")
    (tmp_path / "iris.csv").write_text("a,species\n1,x\n", encoding="utf-8")
    assert ff.load(tmp_path / "net.bpsim").data.csv == "iris.csv"
    assert ff.loads(json.dumps(doc)).data.target == "species"  # no base_dir: not checked


def test_load_names_the_file_and_passes_os_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.bpsim"
    path.write_bytes(b"{")
    with pytest.raises(FileFormatError, match=r"^broken\.bpsim: not valid JSON at line 1"):
        ff.load(path)
    with pytest.raises(FileNotFoundError):
        ff.load(tmp_path / "missing.bpsim")


def test_from_dict_does_not_change_its_argument() -> None:
    doc = seed_doc()
    before = copy.deepcopy(doc)
    ff.from_dict(doc)
    assert doc == before


def test_migrations_chain_to_the_current_version() -> None:
    table = {
        1: lambda d: {**d, "layers": d["nodes"]},
        2: lambda d: {k: v for k, v in d.items() if k != "nodes"},
    }
    old = {"format": "bpsim-network", "version": 1, "nodes": [1, 2]}
    new = migrate(old, 1, table, current=2)
    assert new == {"format": "bpsim-network", "version": 2, "layers": [1, 2]}
    assert old["version"] == 1 and "layers" not in old
    assert migrate(seed_doc(), 1) == {**seed_doc(), "version": 2}


def test_every_version_1_file_reads_as_it_did() -> None:
    """A version 1 document is a version 2 document of dense layers: the migration keeps it,
    and it reads to the same network as when it says version 2."""
    v1 = ff.from_dict(seed_doc())
    v2 = ff.from_dict({**seed_doc(), "version": 2})
    assert [layer.kind for layer in v1.layers] == ["dense"] * 3 and v1.is_dense
    assert ff.to_dict(v1) == ff.to_dict(v2)


def test_file_code_does_not_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys, bpsim.fileformat as ff; ff.save(sys.argv[2], ff.load(sys.argv[1])); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide', 'pyqtgraph', 'PyQt'))))"
    )
    seed = tmp_path / "seed.bpsim"
    seed.write_text(SEED_TEXT, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code, str(seed), str(tmp_path / "copy.bpsim")],
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip() == "[]"
    assert_same_spec(ff.load(tmp_path / "copy.bpsim"), ff.load(seed))


def test_the_examples_in_the_format_document_load() -> None:
    doc = Path(__file__).resolve().parents[1] / "docs" / "file-format.md"
    blocks = doc.read_text(encoding="utf-8").split("```json\n")[1:]
    specs = [ff.loads(block.split("```")[0], "example") for block in blocks]
    assert len(specs) == 5
    with_runs = [s for s in specs if s.runs]  # the example of the "runs" section
    assert len(with_runs) == 1 and with_runs[0].runs[0].name == "α = 0.9"
    assert with_runs[0].runs[0].rows[:, 0].tolist() == [0.31, 0.12, 0.05]
    specs = [s for s in specs if not s.runs]
    assert_same_spec(specs[0], ff.loads(SEED_TEXT))
    assert [layer.size for layer in specs[1].layers] == [64, 512, 128, 10]
    assert specs[2].data.params == (("noise", 0.15), ("samples", 400), ("seed", 3))
    assert specs[2].training.schedule == ScheduleSpec("step", 0.5, 100, 0.01)
    assert specs[3].data.csv == "data/iris.csv" and specs[3].state["epoch"] == 40
    assert specs[3].state["velocity"][1].shape == (3, 2)


def test_from_dict_refuses_python_values_json_cannot_hold() -> None:
    doc = seed_doc()
    doc["layers"][2]["weights"] = [[10**400, 0.0]]
    with pytest.raises(FileFormatError, match=r"^<dict>: layers\[2\]\.weights\[0\]\[0\]: 1000"):
        ff.from_dict(doc)
    doc["layers"][2]["weights"] = [[0.5, float("nan")]]
    with pytest.raises(FileFormatError, match=r"weights\[0\]\[1\]: expected a finite number"):
        ff.from_dict(doc)
    doc["layers"][2]["weights"] = [[np.int64(1), 0.0]]
    with pytest.raises(FileFormatError, match=r"got a value of type int64"):
        ff.from_dict(doc)
    doc["layers"][2]["weights"] = [[np.float64(0.25), 0.0]]  # a float subclass is a float
    assert ff.from_dict(doc).layers[2].weights.tolist() == [[0.25, 0.0]]


def test_specs_the_file_cannot_hold_are_refused_on_save() -> None:
    spec = ff.loads(SEED_TEXT)
    with pytest.raises(FileFormatError, match="cannot save: state keys rng have no place"):
        ff.dumps(replace(spec, state={"epoch": 1, "rng": object()}))
    half = replace(spec, data=replace(spec.data, targets=None))
    with pytest.raises(FileFormatError, match=r"^cannot save: data\.targets: missing"):
        ff.dumps(half)
    both = replace(spec, data=replace(spec.data, dataset="xor"))
    with pytest.raises(FileFormatError, match="^cannot save: data: give exactly one source"):
        ff.dumps(both)


def test_oversized_files_are_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bpsim.fileformat.parse
    import bpsim.fileformat.reader

    monkeypatch.setattr(bpsim.fileformat.parse, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(bpsim.fileformat.reader, "MAX_FILE_BYTES", 100)
    with pytest.raises(FileFormatError, match=r"^net\.bpsim: the file is too large \(625 bytes"):
        ff.loads(SEED_TEXT, "net.bpsim")
    path = tmp_path / "big.bpsim"
    path.write_text(SEED_TEXT, encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"^big\.bpsim: the file is too large"):
        ff.load(path)


def test_float32_weights_round_trip_exactly_as_float64(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    w32 = rng.standard_normal((2, 3)).astype(np.float32)
    spec = ff.loads(SEED_TEXT).with_layer(1, weights=w32).with_training(dtype="float32")
    ff.save(tmp_path / "net.bpsim", spec)
    back = ff.load(tmp_path / "net.bpsim")
    assert back.training.dtype == "float32"
    assert back.layers[1].weights.dtype == np.float64
    assert same_array(back.layers[1].weights.astype(np.float32), w32)
    assert np.array_equal(back.layers[1].weights, w32.astype(np.float64))


def test_save_keeps_csv_references_right_across_folders(tmp_path: Path) -> None:
    (tmp_path / "a" / "data").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    csv = tmp_path / "a" / "data" / "iris.csv"
    csv.write_text("x,species\n1,s\n", encoding="utf-8")
    spec = replace(ff.loads(SEED_TEXT), data=DataSpec(csv=str(csv), target="species"))
    ff.save(tmp_path / "a" / "net.bpsim", spec)  # absolute, below the folder: made relative
    loaded = ff.load(tmp_path / "a" / "net.bpsim")
    assert loaded.data.csv == "data/iris.csv"
    ff.save(tmp_path / "b" / "net.bpsim", loaded, base_dir=tmp_path / "a")  # elsewhere: absolute
    assert ff.load(tmp_path / "b" / "net.bpsim").data.csv == str(csv)
    ff.save(tmp_path / "b" / "same.bpsim", loaded)  # no base_dir: written as it is
    assert ff.loads((tmp_path / "b" / "same.bpsim").read_text("utf-8")).data.csv == "data/iris.csv"


def test_stop_after_epochs_round_trips_and_defaults_to_until_paused(tmp_path):
    """The window trains until paused unless the file says stop_after_epochs (issue 9)."""
    from bpsim.gallery import resolve

    doc = json.loads(resolve("xor").read_text())
    assert "stop_after_epochs" not in doc["training"]
    assert ff.loads(json.dumps(doc), "x.bpsim").training.stop_after_epochs is False
    doc["training"]["stop_after_epochs"] = True
    spec = ff.loads(json.dumps(doc), "x.bpsim")
    assert spec.training.stop_after_epochs is True
    ff.save(tmp_path / "x.bpsim", spec)
    saved = json.loads((tmp_path / "x.bpsim").read_text())
    assert saved["training"]["stop_after_epochs"] is True
    assert ff.load(tmp_path / "x.bpsim").training.stop_after_epochs is True
