"""Runs side by side (issue 14): names, bounded curves, twins from identical weights and the
same order of examples, the overlay, paired lessons opening as comparisons."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bpsim import edits
from bpsim.gallery import COMPARISONS, comparison, examples_dir
from bpsim.gui.runs.model import RunList
from bpsim.gui.runs.record import KEPT_POINTS, MAX_RUNS, Run, RunCurves, run_names
from bpsim.gui.runs.variants import Changes, lesson_variant, twin_spec
from bpsim.spec import DataSpec, InitSpec

WAIT = 8000  # ms: generous, the machine is shared


def circles_spec(**training):
    spec = edits.new_network((2, 6, 1), "tanh", "sigmoid", InitSpec(seed=3), "sse")
    data = DataSpec(dataset="circles", params=(("samples", 40), ("seed", 2)))
    from bpsim.engine.build import initialized

    return initialized(replace(spec, data=data).with_training(
        **{"learning_rate": 0.3, "epochs": 10**6, "order": "shuffle", "seed": 5, **training}))


def _run(spec, pretrained=False) -> Run:
    return Run(spec, "#000000", pretrained=pretrained)


# -- names and bounded curves ------------------------------------------------------------
def test_names_say_what_differs():
    a = circles_spec()
    b = a.with_training(learning_rate=0.05)
    assert run_names([_run(a), _run(b)]) == ["η = 0.3", "η = 0.05"]
    leaky, _ = twin_spec(a, Changes(activation="leaky_relu"))
    assert run_names([_run(a), _run(leaky)]) == ["tanh", "Leaky ReLU"]
    assert run_names([_run(a), _run(a, pretrained=True)]) == [
        "random initial weights", "pre-trained"]
    c = a.with_training(momentum=0.9, learning_rate=0.05)
    assert run_names([_run(a), _run(c)]) == ["η = 0.3, α = 0", "η = 0.05, α = 0.9"]
    assert run_names([_run(a), _run(a)]) == ["run 1", "run 2"]
    dropout, _ = twin_spec(a, Changes(dropout=0.5))  # the hidden layers' (never the output's)
    assert run_names([_run(a), _run(dropout)]) == ["no dropout", "dropout 0.5"]


def test_finished_runs_keep_a_bounded_copy():
    curves = RunCurves()
    x = np.arange(1, 10001, dtype=float)
    rows = np.column_stack([1 / x, 2 / x, x / 1e4, x / 2e4, np.full_like(x, 0.1)])
    curves.extend(x, rows)
    kept = curves.decimated()
    assert len(kept) <= KEPT_POINTS
    assert kept.epochs == curves.epochs == 10000 and len(curves) <= 4096
    assert kept.x[0] == curves.x[0] and kept.x[-1] == curves.x[-1]
    assert kept.rows[-1, 0] == pytest.approx(curves.rows[-1, 0])
    assert np.all(np.diff(kept.x) > 0)


def test_at_most_max_runs_oldest_finished_first(qtbot):
    runs = RunList()
    spec = circles_spec()
    made = []
    for k in range(MAX_RUNS + 3):
        run = runs.start(spec.with_training(learning_rate=0.1 * (k + 1)))
        run.curves.extend([1.0], [[1.0, np.nan, np.nan, np.nan, 0.1]])
        if k < MAX_RUNS + 2:
            runs.finish(run)
        made.append(run)
    assert len(runs.runs) == MAX_RUNS
    assert runs.runs[-1] is made[-1] and made[-1].live  # the live run stays
    assert made[0] not in runs.runs and made[2] not in runs.runs and made[3] in runs.runs
    assert len({r.color for r in runs.runs}) == MAX_RUNS


def test_twin_keeps_weights_unless_init_changes():
    spec = circles_spec()
    twin, pretrained = twin_spec(spec, Changes(momentum=0.9, activation="leaky_relu"))
    assert not pretrained and twin.training.momentum == 0.9 and twin.training.seed == 5
    assert twin.layers[1].activation == "leaky_relu" and twin.layers[2].activation == "sigmoid"
    for a, b in zip(spec.layers[1:], twin.layers[1:]):
        assert np.array_equal(a.weights, b.weights) and np.array_equal(a.biases, b.biases)
    xavier, _ = twin_spec(spec, Changes(init="xavier_normal"))
    assert xavier.init.kind == "xavier_normal"
    assert not np.array_equal(xavier.layers[1].weights, spec.layers[1].weights)
    _, pre = twin_spec(spec, Changes(pretrain=True))
    assert pre


def test_paired_lessons_exist_and_open_as_variants():
    names = {p.stem for p in examples_dir().glob("*.bpsim")}
    for group in COMPARISONS:
        assert set(group) <= names, group
    assert comparison("learning-rate-good") == ("learning-rate-small", "learning-rate-large")
    assert comparison("xor") == ()
    spec, pretrained = lesson_variant(examples_dir() / "pretraining.bpsim")
    assert pretrained and spec.layers[1].weights is not None
    assert not lesson_variant(examples_dir() / "pretraining-none.bpsim")[1]


# -- twins training beside the document (real child processes) -----------------------------
def _final(c, epoch: int | None = None) -> bool:
    """The document's child sent a final snapshot (of that epoch)."""
    snap = c.latest  # None until the first snapshot after a comparison started
    return snap is not None and snap.final and (epoch is None or snap.epoch == epoch)


def _weights(snap):
    return [np.asarray(w) for w in snap.weights]


def test_twin_starts_from_identical_weights_and_order(qtbot, training_window):
    """A twin that changes nothing ends its first epoch with the document's weights (same
    start, same order of examples); a momentum twin's first step is the same too (no
    velocity yet), its second differs; a twin with another order differs after one epoch."""
    w, c = training_window(circles_spec(batch_size=1))
    start = _weights(c.latest)  # the document's starting point, as its child loaded it
    for changes in (Changes(), Changes(momentum=0.9), Changes(order="sequential")):
        c.runs.add_twin(changes)  # each starts the comparison again, with every twin
    twins = c.runs.twins
    same, momentum, order = twins
    assert [t.run.name for t in twins] == ["run 2", "α = 0.9", "sequential order"]
    assert c.runs.live.name == "α = 0, shuffled order"
    qtbot.waitUntil(lambda: all(t.loaded is not None for t in twins), timeout=WAIT)
    for t in twins:
        for a, b in zip(start, _weights(t.loaded)):
            np.testing.assert_array_equal(a, b)
    c.step_batch()  # one example, in every run
    qtbot.waitUntil(lambda: all(t.latest.final for t in twins) and _final(c), timeout=WAIT)
    after_one = _weights(c.latest)
    np.testing.assert_array_equal(after_one[0], _weights(momentum.latest)[0])
    c.step_epoch()
    qtbot.waitUntil(lambda: all(t.latest.final and t.latest.epoch == 1 for t in twins)
                    and _final(c, epoch=1), timeout=WAIT)
    main = _weights(c.latest)
    for a, b in zip(main, _weights(same.latest)):
        np.testing.assert_array_equal(a, b)
    assert not np.allclose(main[0], _weights(momentum.latest)[0])
    assert not np.allclose(main[0], _weights(order.latest)[0])


def test_overlay_draws_every_run_in_its_colour(qtbot, training_window):
    w, c = training_window(circles_spec(batch_size=4))
    c.runs.add_twin(Changes(learning_rate=0.05))
    c.runs.add_twin(Changes(learning_rate=1.0))
    c.start()
    qtbot.waitUntil(lambda: all(len(t.run.curves) >= 3 for t in c.runs.twins)
                    and c.runs.live is not None and len(c.runs.live.curves) >= 3, timeout=WAIT)
    c.pause()
    qtbot.waitUntil(lambda: not c.running and not c.runs.twins_running, timeout=WAIT)
    loss = c.docks[0]
    loss.redraw()
    overlay = loss.overlays[0]
    assert [r.name for r in overlay.runs] == ["η = 0.05", "η = 1"]
    for run, curves in zip(overlay.runs, overlay.curves):
        assert len(curves[0].xData) >= 3  # its training loss, per epoch
        assert curves[0].opts["pen"].color().name() == run.color
    assert loss.train_curve.opts["pen"].color().name() == c.runs.live.color
    assert not loss.raw_box.isEnabled() and len(loss.smooth_curve.xData or []) == 0
    legend = loss.legend.text()
    for name in ("η = 0.3", "η = 0.05", "η = 1"):
        assert name.replace(" ", "&nbsp;") in legend
    grads = c.docks[2]  # the gradient norms: every layer of each other run, in its colour
    grads.redraw()
    assert [r.name for r in grads.others] == ["η = 0.05", "η = 1"]
    assert [len(curves) for curves in grads.run_curves] == [2, 2]
    assert all(len(curve.xData) > 0 for curves in grads.run_curves for curve in curves)
    assert grads.run_curves[1][0].opts["pen"].color().name() == c.runs.twins[1].run.color
    assert "η&nbsp;=&nbsp;1" in grads.legend.text()
    # unticking a run takes its curves off the plots
    c.runs.runs.set_shown(c.runs.twins[0].run, False)
    assert [r.name for r in loss.overlays[0].runs] == ["η = 1"]
    assert [r.name for r in c.docks[3].overlay.runs] == ["η = 1"]  # the learning rate too
    assert [r.name for r in grads.others] == ["η = 1"]


def test_paired_lesson_opens_as_a_comparison(qtbot, training_window):
    w, c = training_window(circles_spec())
    w.training = c  # as MainWindow's own install does
    assert w.load_file(examples_dir() / "momentum-none.bpsim")
    twins = c.runs.twins
    assert len(twins) == 1
    assert [r.name for r in c.runs.runs.runs] == ["α = 0", "α = 0.9"]
    qtbot.waitUntil(lambda: twins[0].loaded is not None and c.latest is not None, timeout=WAIT)
    for a, b in zip(_weights(c.latest), _weights(twins[0].loaded)):
        np.testing.assert_array_equal(a, b)
    assert c.runs.dock.list.count() == 2 and c.runs.dock.isVisible()
    assert w.load_file(examples_dir() / "xor.bpsim")  # not paired: the twins go
    assert c.runs.twins == [] and not twins[0].thread.isRunning()


def test_step_commands_reach_the_twins(qtbot, training_window):
    w, c = training_window(circles_spec())
    twin = c.runs.add_twin(Changes(learning_rate=0.1))
    qtbot.waitUntil(lambda: twin.loaded is not None, timeout=WAIT)
    c.step_epoch()
    qtbot.waitUntil(lambda: twin.latest.final and twin.latest.epoch == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: _final(c, epoch=1), timeout=WAIT)
    assert twin.latest.step == c.latest.step  # the same number of mini-batches


def test_runs_are_saved_with_the_document_and_come_back(qtbot, training_window, tmp_path):
    from bpsim import fileformat

    w, c = training_window(circles_spec())
    w.training = c
    c.runs.add_twin(Changes(momentum=0.9))
    twin = c.runs.twins[0]
    x = np.arange(1, 2001, dtype=float) * 10
    rows = np.column_stack([1 / x, np.full_like(x, np.nan), x / x[-1], np.full_like(x, np.nan),
                            np.full_like(x, 0.3)])
    twin.run.curves.extend(x, rows)  # as if it had trained 2000 epochs
    c.runs.live.curves.extend(x[:3], rows[:3])
    path = tmp_path / "compared.bpsim"
    assert w._write(path)
    saved = fileformat.load(path).runs
    assert [(r.name, r.color) for r in saved] == [
        (c.runs.live.name, c.runs.live.color), ("α = 0.9", twin.run.color)]
    assert len(saved[1].steps) <= KEPT_POINTS and saved[1].epochs == 2000
    assert dict(saved[1].settings)["momentum"] == 0.9
    assert w.load_file(path)
    back = c.runs.runs.runs
    assert [(r.name, r.color, r.live) for r in back] == [
        (saved[0].name, saved[0].color, False), ("α = 0.9", twin.run.color, False)]
    np.testing.assert_array_equal(back[1].curves.x, saved[1].steps)
    assert back[1].curves.x[-1] == x[-1] and back[1].figures().endswith("2000 epochs")
    assert c.runs.twins == []
    loss = c.docks[0]
    assert [r.name for r in loss.overlays[0].runs] == [saved[0].name, "α = 0.9"]


def test_a_file_asking_for_pretraining_is_pretrained_in_the_child(qtbot, training_window):
    from bpsim.runner import prepare_data, pretrained

    spec = circles_spec()
    spec = replace(spec, pretraining=replace(spec.pretraining, epochs=3, learning_rate=0.05))
    w, c = training_window(spec)
    expected, _ = pretrained(spec, prepare_data(spec))
    np.testing.assert_allclose(_weights(c.latest)[0], expected.layers[1].weights)
    assert not np.allclose(_weights(c.latest)[0], spec.layers[1].weights)
    np.testing.assert_array_equal(_weights(c.latest)[1], spec.layers[2].weights)  # output


def test_compare_dialog_returns_only_what_changed(qtbot):
    from bpsim.gui.runs.compare_dialog import CompareDialog

    dialog = CompareDialog(circles_spec())
    qtbot.addWidget(dialog)
    assert dialog.changes() == Changes()
    dialog.momentum.setValue(0.9)
    dialog.activation.setCurrentIndex(dialog.activation.findData("leaky_relu"))
    dialog.pretrain.setChecked(True)
    assert dialog.changes() == Changes(momentum=0.9, activation="leaky_relu", pretrain=True)


def test_reset_starts_the_comparison_again(qtbot, training_window):
    w, c = training_window(circles_spec(batch_size=4))
    c.runs.add_twin(Changes(momentum=0.9))
    c.start()
    qtbot.waitUntil(lambda: c.runs.live is not None and len(c.runs.live.curves) >= 2
                    and len(c.runs.twins[0].run.curves) >= 2, timeout=WAIT)
    first = list(c.runs.runs.runs)
    c.reset()
    runs = c.runs.runs.runs
    assert runs[:2] == first and not any(r.shown or r.live for r in first)  # kept, unticked
    assert [r.name for r in runs[2:]] == ["α = 0", "α = 0.9"]
    assert runs[2] is c.runs.live and runs[3] is c.runs.twins[0].run
    assert [r.color for r in runs[2:]] != [r.color for r in first]  # told apart
    qtbot.waitUntil(lambda: c.runs.twins[0].loaded is not None, timeout=WAIT)
    assert c.runs.twins[0].loaded.step == 0 and len(c.runs.twins[0].run.curves) == 0


def test_overlay_redraws_only_runs_that_changed(qtbot):
    import pyqtgraph as pg

    from bpsim.gui.plots.overlay import RunOverlay

    plot = pg.PlotItem()
    spec = circles_spec()
    done, live = Run(spec, "#ff7f0e", live=False), Run(spec, "#2ca02c")
    for run in (done, live):
        run.curves.extend(np.arange(1.0, 5001.0), np.full((5000, 5), 0.5))
    overlay = RunOverlay(plot, (0, 1))
    overlay.set_runs([done, live])
    calls = []
    for curves in overlay.curves:
        for curve in curves:
            curve.setData = lambda *a, curve=curve, **k: calls.append(curve)
    overlay.redraw(400)
    assert len(calls) == 4
    live.curves.extend([5001.0], [[0.4] * 5])
    last, values = overlay.redraw(400)
    assert calls[4:] == overlay.curves[1]  # the live run only
    assert last == 5001.0 and len(values) == 4


def test_a_single_run_is_not_overlaid_on_itself(qtbot, training_window):
    """Training without twins draws the document's curves as before (no run legend); a
    second run after Reset is drawn over by the first, named by what differs."""
    w, c = training_window(circles_spec(batch_size=4))
    c.start()
    qtbot.waitUntil(lambda: c.runs.live is not None and len(c.runs.live.curves) >= 2,
                    timeout=WAIT)
    loss = c.docks[0]
    assert loss.overlays[0].runs == [] and "run&nbsp;1" not in loss.legend.text()
    assert not c.runs.dock.isVisible()  # one run: nothing to compare yet
    c.pause()
    qtbot.waitUntil(lambda: not c.running, timeout=WAIT)
    c.reset()
    w.document.edit(w.document.spec.with_training(learning_rate=0.05), "η")
    c.start()
    qtbot.waitUntil(lambda: c.runs.live is not None and len(c.runs.live.curves) >= 1,
                    timeout=WAIT)
    assert [r.name for r in loss.overlays[0].runs] == ["η = 0.3"]
    assert c.runs.live.name == "η = 0.05"
    assert c.runs.dock.isVisible()  # a second run: the panel shows
