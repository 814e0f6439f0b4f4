"""Train → Pre-train layer by layer (issue 14): in the training child, progress per layer,
reconstructions of image inputs, one undoable edit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bpsim import edits
from bpsim.engine.build import initialized
from bpsim.gui.training.pretrain_view import image_shape, mosaic
from bpsim.gui.training.pretraining import (
    Pretrain,
    PretrainDone,
    PretrainProgress,
    pretrain_in_child,
)
from bpsim.runner import prepare_data, pretrained, setup
from bpsim.spec import DataSpec, InitSpec, PretrainSpec

WAIT = 15000  # ms: generous, the machine is shared


def digits_spec(epochs: int = 3):
    spec = edits.new_network((64, 12, 8, 10), "sigmoid", "softmax", InitSpec(seed=2),
                             "cross_entropy")
    spec = replace(spec, data=DataSpec(dataset="digits", preprocess="minmax"),
                   pretraining=PretrainSpec(epochs=epochs, learning_rate=0.01))
    return initialized(spec.with_training(learning_rate=0.1, batch_size=10, order="shuffle",
                                          validation_split=0.5, epochs=10**6))


def test_child_side_reports_every_layer_and_matches_bpsim_pretrain():
    spec = digits_spec()
    session = setup(spec)
    sent = []
    pretrain_in_child(session, Pretrain(1), sent.append, lambda: False)
    progress = [m for m in sent if isinstance(m, PretrainProgress)]
    done = sent[-1]
    assert isinstance(done, PretrainDone) and done.error == ""
    assert {p.layer for p in progress} == {1, 2} and all(p.layers == (1, 2) for p in progress)
    assert [p.epoch for p in progress if p.layer == 2][-1] == 3  # each layer's last epoch
    for layer in (1, 2):  # every epoch's loss arrives, once
        assert sum(len(p.losses) for p in progress if p.layer == layer) == 3
    first = [p for p in progress if p.layer == 1]
    assert first[-1].reconstructions.shape == (8, 64) and first[-1].inputs.shape == (8, 64)
    assert all(p.reconstructions is None for p in progress if p.layer == 2)
    for _layer, before, after, reason in done.results:  # the loss falls in every layer
        assert after < before and reason == "completed"
    expected, _ = pretrained(spec, prepare_data(spec))
    for k in (1, 2, 3):
        np.testing.assert_allclose(done.spec.layers[k].weights, expected.layers[k].weights)
    assert done.spec.state == {"epoch": 0, "step": 0}


def test_image_inputs_and_mosaic():
    assert image_shape(digits_spec()) == (8, 8)
    spec = edits.new_network((64, 4, 1), "sigmoid", "sigmoid", InitSpec(seed=2), "sse")
    assert image_shape(spec) is None
    tiles = np.arange(2 * 4, dtype=float).reshape(2, 4)
    out = mosaic(tiles, (2, 2), 2)
    assert out.shape == (2, 5) and np.isnan(out[:, 2]).all()
    np.testing.assert_array_equal(out[:, 3:], [[4, 5], [6, 7]])


def test_pretraining_in_the_window_is_one_undoable_edit(qtbot, training_window):
    spec = replace(digits_spec(), pretraining=PretrainSpec())  # the file says 0 epochs
    w, c = training_window(spec)
    before = w.document.spec
    count = w.document.undo_stack.count()
    c.pretraining.start()
    view = c.pretraining.view
    qtbot.waitUntil(lambda: view.outcome is not None, timeout=WAIT)
    assert view.outcome.error == "" and len(view.outcome.results) == 2
    assert w.document.undo_stack.count() == count + 1
    after = w.document.spec
    assert after.pretraining.epochs == 10  # the default when the file says none
    assert not np.allclose(after.layers[1].weights, before.layers[1].weights)
    np.testing.assert_array_equal(after.layers[3].weights, before.layers[3].weights)
    assert view.samples_view.image is not None and view.weights_view.image is not None
    assert set(view.series) == {1, 2} and len(view.series[1]) == len(view.series[2]) == 10
    w.document.undo_stack.undo()
    assert w.document.spec is before
    # the child was reloaded with the pre-trained weights, and not pre-trained again
    w.document.undo_stack.redo()
    qtbot.waitUntil(lambda: c.latest is not None and c.base is w.document.spec, timeout=WAIT)
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.reason == "loaded",
                    timeout=WAIT)
    np.testing.assert_allclose(c.latest.weights[0], w.document.spec.layers[1].weights)
    view.close()
