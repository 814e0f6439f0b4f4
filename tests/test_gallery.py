"""The example gallery (resources/examples/*.bpsim): every file loads and is described, and each
lesson trains to the result its description states, with the file's own (seeded) settings.

Runs go through the runner and the engine in-process (Trainer.run), never through subprocesses,
so the whole file stays within a few seconds of CPU even on a loaded machine.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from bpsim import cli
from bpsim.compare import compare
from bpsim.engine.trainer import TrainResult
from bpsim.fileformat import load
from bpsim.gallery import examples_dir, list_examples
from bpsim.runner import Session, setup
from bpsim.spec import NetworkSpec, PretrainSpec

LESSONS = {
    "textbook", "xor", "xor-momentum",
    "learning-rate-small", "learning-rate-good", "learning-rate-large", "learning-rate-schedule",
    "momentum", "momentum-none", "initialisation-uniform", "initialisation-xavier",
    "presentation-sequential", "presentation-shuffle", "presentation-error-emphasis",
    "presentation-minibatch", "underfit", "goodfit", "overfit",
    "vanishing-gradients-sigmoid", "vanishing-gradients-leaky-relu", "dropout", "dropout-none",
    "pretraining", "pretraining-none", "spirals", "iris", "digits",
    "shared-weights", "convolution-shift", "convolution-shift-dense", "convolution-digits",
}
VARIANTS = [
    ("xor", "xor-momentum"),
    ("learning-rate-small", "learning-rate-good", "learning-rate-large", "learning-rate-schedule"),
    ("momentum", "momentum-none"),
    ("initialisation-uniform", "initialisation-xavier"),
    ("presentation-sequential", "presentation-shuffle", "presentation-error-emphasis",
     "presentation-minibatch"),
    ("underfit", "goodfit", "overfit"),
    ("dropout", "dropout-none"),
    ("vanishing-gradients-sigmoid", "vanishing-gradients-leaky-relu"),
    ("pretraining", "pretraining-none"),
    ("convolution-shift", "convolution-shift-dense"),
]
FILES = sorted(examples_dir().glob("*.bpsim"))
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
MAX_SUMMARY = 110  # characters: the summary is one line of `bpsim examples`


# -- helpers -------------------------------------------------------------------------------------
def path_of(name: str) -> Path:
    return examples_dir() / f"{name}.bpsim"


@cache
def spec_of(name: str) -> NetworkSpec:
    return load(path_of(name))


def session(name: str, **training) -> Session:
    """A fresh session of a gallery file, optionally with changed training settings."""
    spec = spec_of(name)
    if training:
        spec = spec.with_training(**training)
    return setup(spec, path_of(name).parent)


@cache
def trained(name: str) -> tuple[Session, TrainResult]:
    """The file trained once with its own settings (shared by the tests that compare files)."""
    s = session(name)
    return s, s.trainer.run()


def result(name: str) -> TrainResult:
    return trained(name)[1]


def validation_curve(name: str) -> np.ndarray:
    return trained(name)[0].trainer.history.column("validation_loss").astype(float)


def differences(a: str, b: str) -> set[str]:
    """Names of the training settings (and 'layers', 'init', 'data', 'pretraining') in which
    two files differ."""
    sa, sb = spec_of(a), spec_of(b)
    diff = {k for k in sa.training.__slots__
            if getattr(sa.training, k) != getattr(sb.training, k)}
    layers = [(x.size, x.activation, x.dropout, x.slope) for x in sa.layers]
    if layers != [(x.size, x.activation, x.dropout, x.slope) for x in sb.layers]:
        diff.add("layers")
    if sa.init != sb.init:
        diff.add("init")
    if json.dumps(_data_key(sa)) != json.dumps(_data_key(sb)):
        diff.add("data")
    if sa.pretraining != sb.pretraining:
        diff.add("pretraining")
    return diff


def _data_key(spec: NetworkSpec) -> list:
    d = spec.data
    arrays = [None if a is None else np.asarray(a).tolist() for a in (d.inputs, d.targets)]
    return [d.dataset, list(d.params), d.csv, d.target, d.preprocess, arrays]


# -- every file ----------------------------------------------------------------------------------
def test_the_gallery_has_every_lesson():
    names = {p.stem for p in FILES}
    assert names >= LESSONS, f"missing: {sorted(LESSONS - names)}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_file_loads_and_is_described(path: Path):
    spec = load(path)
    assert spec.name.strip()
    text = spec.description.strip()
    sentences = SENTENCE_END.findall(text)
    assert 2 <= len(sentences) <= 3, f"{path.stem}: {len(sentences)} sentences"
    assert text.endswith((".", "!", "?"))
    summary = next(e for e in list_examples() if e.name == path.stem).summary
    assert summary.endswith(".") and len(summary) <= MAX_SUMMARY, summary
    assert spec.data is not None
    s = setup(spec, path.parent)  # the data exists and fits the network
    assert len(s.prepared.X_train) > 0


def test_every_variant_says_what_to_compare_it_with():
    for group in VARIANTS:
        for name in group:
            text = spec_of(name).description
            assert any(other in text for other in group if other != name), name


# -- XOR: 95 of 100 seeds --------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["xor", "xor-momentum"])
def test_xor_converges_for_at_least_95_of_100_seeds(name: str):
    spec = spec_of(name)
    assert spec.sizes == (2, 2, 1) and spec.loss == "sse"
    assert {layer.activation for layer in spec.layers[1:]} == {"sigmoid"}
    assert not any(layer.weights is not None for layer in spec.layers[1:])
    assert spec.init.seed is None  # the weights are drawn from training.seed
    solved = [seed for seed in range(100)
              if session(name, seed=seed).trainer.run().train_accuracy == 1.0]
    assert len(solved) >= 95, f"{name}: {len(solved)} of 100 seeds converge"


def test_xor_momentum_differs_from_xor_only_in_momentum():
    assert differences("xor", "xor-momentum") == {"momentum"}
    assert spec_of("xor-momentum").training.momentum == 0.9
    assert spec_of("xor").training.momentum == 0.0


# -- learning rate -------------------------------------------------------------------------------
def test_learning_rates():
    small, good = result("learning-rate-small"), result("learning-rate-good")
    large, sched = result("learning-rate-large"), result("learning-rate-schedule")
    assert good.stopped_reason == "completed" and good.train_loss < 0.01
    assert small.stopped_reason == "completed" and small.train_loss > 2.5 * good.train_loss
    assert large.stopped_reason.startswith("diverged")
    assert sched.stopped_reason == "completed" and sched.train_loss < good.train_loss
    assert spec_of("learning-rate-schedule").training.schedule.kind != "constant"
    for other in ("learning-rate-small", "learning-rate-large"):
        assert differences("learning-rate-good", other) == {"learning_rate"}
    assert differences("learning-rate-good", "learning-rate-schedule") <= {
        "learning_rate", "schedule"}


# -- momentum ------------------------------------------------------------------------------------
def test_momentum_crosses_the_ravine():
    assert differences("momentum", "momentum-none") == {"momentum"}
    X = np.asarray(spec_of("momentum").data.inputs)
    assert X[:, 0].max() > 50 * X[:, 1].max()  # badly scaled inputs
    with_m, without = result("momentum"), result("momentum-none")
    assert with_m.train_loss < 0.01  # stated: about 0.005
    assert without.train_loss > 0.05  # stated: about 0.1
    assert without.train_loss > 10 * with_m.train_loss


# -- initialisation ------------------------------------------------------------------------------
def test_xavier_trains_a_deep_tanh_network_better_than_uniform():
    assert differences("initialisation-uniform", "initialisation-xavier") == {"init"}
    spec = spec_of("initialisation-xavier")
    assert len(spec.layers) - 2 >= 6 and spec.layers[1].activation == "tanh"
    assert spec.init.kind == "xavier_normal" and spec_of("initialisation-uniform").init == \
        replace(spec.init, kind="uniform")
    xavier = result("initialisation-xavier")
    assert xavier.train_accuracy >= 0.96 and xavier.train_loss < 0.1
    # One seed of a deep saturating net is chaotic: its result moves with the BLAS kernels of
    # the machine (seed 1 gave uniform 0.48 with Haswell kernels, 0.20 with SkylakeX). The
    # lesson's claim is about the initialisation, so it is asserted as a mean over seeds.
    seeds = range(1, 6)
    runs = {name: [session(name, seed=s).trainer.run() for s in seeds]
            for name in ("initialisation-uniform", "initialisation-xavier")}
    loss = {n: np.mean([r.train_loss for r in rs]) for n, rs in runs.items()}
    acc = {n: np.mean([r.train_accuracy for r in rs]) for n, rs in runs.items()}
    assert loss["initialisation-xavier"] < 0.1 and acc["initialisation-xavier"] >= 0.97
    assert loss["initialisation-uniform"] > 4 * loss["initialisation-xavier"]
    assert acc["initialisation-uniform"] <= acc["initialisation-xavier"] - 0.1


# -- presentation of the examples --------------------------------------------------------------
def test_presentation_orders():
    names = ["presentation-sequential", "presentation-shuffle", "presentation-error-emphasis",
             "presentation-minibatch"]
    for name in names[1:]:
        assert "data" not in differences(names[0], name) and "layers" not in \
            differences(names[0], name)
    assert [spec_of(n).training.order for n in names] == [
        "sequential", "shuffle", "error_emphasis", "shuffle"]
    assert spec_of("presentation-minibatch").training.batch_size > 1
    T = session("presentation-sequential").prepared.T_train[:, 0]
    assert np.count_nonzero(np.diff(T)) == 1  # sorted by class: where file order hurts
    seq, shuf = result("presentation-sequential"), result("presentation-shuffle")
    emph, mini = result("presentation-error-emphasis"), result("presentation-minibatch")
    # judged after each epoch on the held-out quarter (and on the training part at the end)
    assert shuf.validation_accuracy >= 0.95 and mini.validation_accuracy >= 0.95
    assert emph.validation_accuracy >= 0.9 and emph.train_accuracy >= 0.95
    assert seq.validation_loss > 3 * shuf.validation_loss
    assert seq.validation_accuracy <= shuf.validation_accuracy - 0.15
    assert seq.train_loss > 3 * shuf.train_loss
    assert seq.train_accuracy <= shuf.train_accuracy - 0.1


# -- under- and overfitting --------------------------------------------------------------------
def test_underfit_goodfit_overfit():
    for name in ("underfit", "overfit"):
        assert differences("goodfit", name) == {"layers"}
    assert spec_of("goodfit").training.validation_split > 0
    under, good, over = result("underfit"), result("goodfit"), result("overfit")
    # underfit: the training loss is clearly the highest, and validation is as bad
    assert under.train_loss > 1.5 * good.train_loss and under.train_loss > over.train_loss
    assert under.validation_loss > 1.5 * good.validation_loss
    # overfit: lower training loss than goodfit, validation loss far above its own minimum
    assert over.train_loss < 0.75 * good.train_loss
    v = validation_curve("overfit")
    assert over.validation_loss > 2 * v.min()
    assert int(v.argmin()) < len(v) // 4  # best early, then rising
    assert v[-100:].mean() > v[len(v) // 4: len(v) // 2].mean()  # still rising late
    # goodfit: validation ends near its best and near the training loss
    g = validation_curve("goodfit")
    assert good.validation_loss < 1.2 * g.min()
    assert good.validation_loss < 1.3 * good.train_loss
    assert good.validation_loss < 0.5 * over.validation_loss


def test_dropout_improves_the_validation_loss():
    assert differences("dropout", "dropout-none") == {"layers"}
    hidden = spec_of("dropout").layers[1:-1]
    assert all(layer.dropout > 0 for layer in hidden)
    assert not any(layer.dropout for layer in spec_of("dropout-none").layers)
    with_d, without = result("dropout"), result("dropout-none")
    assert with_d.validation_loss < 0.6 * without.validation_loss
    assert without.train_loss < with_d.train_loss  # no dropout fits the training set closer


# -- vanishing gradients ------------------------------------------------------------------------
def gradient_ratios(name: str, steps: int = 5) -> list[float]:
    """grad_norms[0] / grad_norms[-2] (first over last hidden layer) after each early step."""
    tr = session(name).trainer
    ratios = []
    for _ in range(steps):
        tr.step()
        g = tr.stats().grad_norms
        ratios.append(g[0] / g[-2])
    return ratios


def test_vanishing_gradients_sigmoid_versus_leaky_relu():
    assert differences("vanishing-gradients-sigmoid", "vanishing-gradients-leaky-relu") == {
        "layers"}
    for name, act in (("vanishing-gradients-sigmoid", "sigmoid"),
                      ("vanishing-gradients-leaky-relu", "leaky_relu")):
        hidden = spec_of(name).layers[1:-1]
        assert len(hidden) >= 8 and {layer.activation for layer in hidden} == {act}
    sig = gradient_ratios("vanishing-gradients-sigmoid")
    leaky = gradient_ratios("vanishing-gradients-leaky-relu")
    assert sig[0] < 1e-3 and np.mean(sig) < 1e-3, sig
    assert leaky[0] > 1e-1 and np.mean(leaky) > 1e-1, leaky
    assert result("vanishing-gradients-leaky-relu").train_accuracy >= 0.95
    assert result("vanishing-gradients-sigmoid").train_accuracy <= 0.6


# -- pre-training ---------------------------------------------------------------------------------
def test_pretraining_beats_random_initial_weights_over_ten_seeds():
    names = ("pretraining", "pretraining-none")
    assert differences(*names) == {"pretraining"}
    pre, none = (spec_of(n) for n in names)
    assert none.pretraining == PretrainSpec() and pre.pretraining.epochs > 0
    hidden = pre.layers[1:-1]
    assert len(hidden) >= 6 and {layer.activation for layer in hidden} == {"sigmoid"}
    assert pre.data.dataset == "digits" and pre.training.validation_split >= 0.8  # few labels
    assert not pre.has_weights and pre.init.seed is None  # each seed draws its own weights
    # Ten seeds each, in worker processes with one BLAS thread (a few seconds on two cores)
    results = compare([(n, spec_of(n), path_of(n).parent) for n in names], seeds=10,
                      jobs=os.cpu_count() or 1)
    acc = [c.summary("validation_accuracy") for c in results]
    assert acc[0].mean - acc[1].mean > max(acc[0].sd, acc[1].sd), acc
    assert 0.74 <= acc[0].mean <= 0.84 and acc[1].mean <= 0.35, acc  # stated: 79% and 27%
    assert all(run.stopped_reason == "completed" for c in results for run in c.runs)


# -- real problems -------------------------------------------------------------------------------
def test_spirals_reach_99_percent_training_accuracy():
    spec = spec_of("spirals")
    assert spec.data.dataset == "spirals" and len(spec.layers) >= 4
    assert result("spirals").train_accuracy >= 0.99


def test_iris_reaches_95_percent_validation_accuracy():
    spec = spec_of("iris")
    assert spec.training.validation_split > 0 and spec.data.preprocess == "standardize"
    assert result("iris").validation_accuracy >= 0.95


def test_digits_reach_97_percent_validation_accuracy():
    spec = spec_of("digits")
    assert spec.layers[-1].activation == "softmax" and spec.loss == "cross_entropy"
    assert spec.training.validation_split == 0.2 and spec.data.preprocess == "standardize"
    assert result("digits").validation_accuracy >= 0.97


# -- the command line ----------------------------------------------------------------------------
def test_bpsim_examples_lists_every_file_with_its_summary(capsys):
    assert cli.main(["examples"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = {line.split()[0]: line for line in lines if line.strip()}
    assert set(listed) == {p.stem for p in FILES}
    for e in list_examples():
        assert listed[e.name].rstrip().endswith(e.summary), e.name
        assert e.summary == e.description[: len(e.summary)]


def test_bpsim_train_accepts_a_gallery_name(capsys):
    assert cli.main(["train", "iris", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["epochs"] == spec_of("iris").training.epochs
    assert out["validation_accuracy"] == result("iris").validation_accuracy  # deterministic
    assert cli.main(["train", "learning-rate-large", "--json"]) == 4  # diverged
    assert json.loads(capsys.readouterr().out)["stopped_reason"].startswith("diverged")
