"""The document, its undo commands and the pure spec edits behind every GUI action."""

import numpy as np
import pytest

from bpsim import edits
from bpsim.gui.document import Document
from bpsim.spec import InitSpec


@pytest.fixture
def spec():
    return edits.new_network((3, 2, 1), "sigmoid", "sigmoid", InitSpec(seed=1), "sse")


@pytest.fixture
def doc(qtbot, spec):
    return Document(spec)


def test_edit_undo_redo_and_signals(doc, spec, qtbot):
    new = spec.with_training(learning_rate=0.25)
    with qtbot.waitSignals([doc.specChanged, doc.modifiedChanged]):
        doc.edit(new, "Change learning rate to 0.25")
    assert doc.spec is new and doc.modified
    assert doc.undo_stack.undoText() == "Change learning rate to 0.25"
    doc.undo_stack.undo()
    assert doc.spec is spec and not doc.modified
    doc.undo_stack.redo()
    assert doc.spec is new


def test_same_control_edits_merge(doc, spec):
    for lr in (0.1, 0.2, 0.3):
        doc.edit(doc.spec.with_training(learning_rate=lr), f"Change learning rate to {lr}",
                 merge_key="learning_rate")
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Change learning rate to 0.3"
    doc.edit(doc.spec.with_training(momentum=0.5), "Change momentum", merge_key="momentum")
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.spec is spec


def test_no_merge_across_save(doc, tmp_path):
    doc.edit(doc.spec.with_training(learning_rate=0.1), "a", merge_key="lr")
    doc.mark_saved(tmp_path / "x.bpsim")
    doc.edit(doc.spec.with_training(learning_rate=0.2), "b", merge_key="lr")
    assert doc.undo_stack.count() == 2 and doc.modified
    assert doc.display_name == "x.bpsim" and doc.base_dir == tmp_path


def test_reset_clears_history(doc, spec):
    doc.edit(spec.with_training(epochs=5), "x")
    doc.reset(spec, None, untitled_name="textbook (example)")
    assert doc.undo_stack.count() == 0 and not doc.modified
    assert doc.display_name == "textbook (example)" and doc.path is None


def test_add_unit_keeps_overlap_and_draws_new(spec):
    s = edits.add_unit(spec, 1)
    assert s.sizes == (3, 3, 1)
    np.testing.assert_array_equal(s.layers[1].weights[:2], spec.layers[1].weights)
    np.testing.assert_array_equal(s.layers[2].weights[:, :2], spec.layers[2].weights)
    assert s.layers[1].weights.flags.writeable is False


def test_remove_unit_drops_row_and_column(spec):
    s = edits.remove_unit(spec, 1, 0)
    assert s.sizes == (3, 1, 1)
    np.testing.assert_array_equal(s.layers[1].weights[0], spec.layers[1].weights[1])
    np.testing.assert_array_equal(s.layers[2].weights[:, 0], spec.layers[2].weights[:, 1])
    with pytest.raises(ValueError, match="at least one unit"):
        edits.remove_unit(s, 1, 0)


def test_add_and_remove_layer(spec):
    s = edits.add_layer(spec, 2, 4, "tanh")
    assert s.sizes == (3, 2, 4, 1)
    assert [layer.weights.shape for layer in s.layers[1:]] == [(2, 3), (4, 2), (1, 4)]
    np.testing.assert_array_equal(s.layers[1].weights, spec.layers[1].weights)
    np.testing.assert_array_equal(s.layers[3].biases, spec.layers[2].biases)
    assert edits.remove_layer(s, 2).sizes == (3, 2, 1)
    with pytest.raises(ValueError):
        edits.remove_layer(spec, 2)
    with pytest.raises(ValueError, match="softmax"):
        edits.add_layer(spec, 1, 3, "softmax")


def test_labels_continue_the_numbering():
    s = edits.new_network((3, 2, 1), "sigmoid", "sigmoid", InitSpec(), "sse")
    s = s.with_layer(0, labels=("1", "2", "3")).with_layer(1, labels=("4", "5"))
    s = s.with_layer(2, labels=("6",))
    assert edits.add_unit(s, 1).layers[1].labels == ("4", "5", "7")
    assert edits.weight_name(s, 2, 0, 1) == "w(5→6)"


def test_activation_and_loss_pairs(spec):
    assert edits.set_activation(spec, 1, "tanh").layers[1].activation == "tanh"
    with pytest.raises(ValueError, match="cross_entropy"):
        edits.set_activation(edits.set_loss(spec, "cross_entropy"), 2, "linear")
    with pytest.raises(ValueError, match="softmax"):
        edits.set_activation(spec, 1, "softmax")
    with pytest.raises(ValueError):
        edits.set_loss(edits.set_activation(spec, 2, "linear"), "cross_entropy")


def test_weight_bias_io_sizes_and_reinit(spec):
    s = edits.set_weight(spec, 1, 1, 2, 0.5)
    assert s.layers[1].weights[1, 2] == 0.5 and spec.layers[1].weights[1, 2] != 0.5
    assert edits.set_bias(spec, 2, 0, -1.5).layers[2].biases[0] == -1.5
    assert edits.set_io_sizes(spec, 2, 3).sizes == (2, 2, 3)
    r = edits.reinitialise(spec.with_training(seed=9))
    assert r.layers[1].weights.shape == (2, 3)
    assert edits.parameter_count(spec) == 3 * 2 + 2 + 2 * 1 + 1


def test_parse_sizes():
    assert edits.parse_sizes("784-256-128-10") == (784, 256, 128, 10)
    for bad in ("3", "2-x-1", "2-0-1"):
        with pytest.raises(ValueError):
            edits.parse_sizes(bad)
