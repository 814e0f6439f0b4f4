"""The Step lines of conv and max_pool layers: z, o and δ of every position, a shared weight's
change as the sum over positions whose printed terms add up to the printed Δw, and where
max-pooling sends each δ."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from bpsim.engine.build import initialized, network_from_spec
from bpsim.engine.trace import trace_example
from bpsim.explain import Explanation
from bpsim.explain_maps import MAP_TERMS
from bpsim.naming import unit_labels
from bpsim.spec import LayerSpec, NetworkSpec, conv_layer, input_layer, pool_layer


def network(layers, **training):
    spec = initialized(NetworkSpec(layers=layers, loss="cross_entropy").with_training(
        seed=3, **training))
    return spec, network_from_spec(spec)


def small_2d():
    """(2, 5, 5) -> conv 2 x 2x2 (4x4 maps: 16 positions > MAP_TERMS) -> pool 2 -> dense
    softmax 2."""
    inp = input_layer((2, 5, 5))
    conv = conv_layer(inp, 2, (2, 2), activation="tanh")
    return (inp, conv, pool_layer(conv, 2), LayerSpec(size=2, activation="softmax"))


def lines_of(spec, net, x, t, textbook=False, velocity=None, **kw):
    tr = spec.training
    trace = trace_example(net, x, t, tr.learning_rate, tr.momentum, velocity,
                          tr.weight_decay)
    return trace, Explanation(trace, unit_labels(spec), 4, textbook=textbook, **kw)


def values_and_total(text: str) -> tuple[list[Decimal], Decimal]:
    values, total = text.rsplit(" = ", 2)[1:]
    return [Decimal(v.strip("()")) for v in values.split(" + ")], Decimal(total)


@pytest.mark.parametrize("textbook", [False, True])
def test_shared_weight_sums_add_up_exactly_with_momentum_and_decay(textbook):
    inp = input_layer((1, 3, 3))
    layers = (inp, conv_layer(inp, 1, (2, 2), activation="sigmoid"),
              LayerSpec(size=1, activation="sigmoid"))
    spec, net = network(layers, momentum=0.9, weight_decay=0.01, learning_rate=0.5)
    rng = np.random.default_rng(0)
    velocity = rng.normal(0, 0.01, len(net.params))
    trace, lines = lines_of(spec, net, rng.uniform(0, 1, 9), [1.0], textbook, velocity)
    changes = [line for line in lines if line.phase == 5 and line.name.startswith("Δw1(")]
    assert len(changes) == 4  # the 2x2 kernel
    for k, line in enumerate(changes):
        assert "α·Δw_prev" in line.text and "η·λ·w" in line.text
        terms, total = values_and_total(line.text)
        assert len(terms) == 4 + 2  # 4 positions, momentum, decay
        assert sum(terms) == total, line.text
        if not textbook:
            assert abs(float(total) - trace.dW[0].ravel()[k]) <= 6 * 0.5e-5


def test_every_position_has_z_o_and_delta():
    spec, net = network(small_2d())
    rng = np.random.default_rng(1)
    _, lines = lines_of(spec, net, rng.uniform(-1, 1, 50), [1.0, 0.0])
    names = {line.name for line in lines}
    labels = unit_labels(spec)
    for j in range(spec.layers[1].size):  # 2 maps x 4 x 4
        assert {f"z{labels[1][j]}", f"o{labels[1][j]}", f"δ{labels[1][j]}"} <= names
    assert labels[1][:2] == ["1[1](1,1)", "1[1](1,2)"] and labels[0][25] == "0[2](1,1)"
    assert all(f"o{labels[2][j]}" in names for j in range(8))  # every pooled value


def test_large_maps_show_first_terms_and_the_count():
    spec, net = network(small_2d())
    trace, lines = lines_of(spec, net, np.linspace(-1, 1, 50), [0.0, 1.0])
    change = next(line for line in lines if line.name == "Δw1[1,1](1,1)")
    assert MAP_TERMS < 16 and "… (16 terms)" in change.text
    total = change.text.rsplit(" = ", 1)[1]
    assert float(total) == pytest.approx(trace.dW[0][0, 0, 0, 0], abs=5e-6)


def test_max_pool_says_where_each_delta_goes():
    inp = input_layer((1, 2, 2))
    layers = (inp, pool_layer(inp, 2), LayerSpec(size=1, activation="sigmoid"))
    spec = initialized(NetworkSpec(layers=layers, loss="sse"))
    net = network_from_spec(spec)
    _, lines = lines_of(spec, net, [0.1, 0.7, 0.7, -0.2], [1.0])
    pool = next(line for line in lines if line.phase == 1)
    assert pool.text.startswith("o1(1,1) = max(o0(1,1), o0(1,2), o0(2,1), o0(2,2)) = "
                                "max(0.1, 0.7, 0.7, -0.2) = 0.7, from o0(1,2)")
    # the input layer has no deltas; a conv layer in front shows the routing:
    inp = input_layer((1, 2, 2))
    conv = conv_layer(inp, 1, (1, 1), activation="linear")
    layers = (inp, conv, pool_layer(conv, 2), LayerSpec(size=1, activation="sigmoid"))
    spec = initialized(NetworkSpec(layers=layers, loss="sse"))
    net = network_from_spec(spec)
    net.W[0][...] = 1.0
    net.b[0][...] = 0.0
    trace, lines = lines_of(spec, net, [0.1, 0.7, 0.7, -0.2], [1.0])
    deltas = {line.name: line.text for line in lines if line.phase == 4}
    assert "is the maximum of its window, so δ2(1,1) comes here" in deltas["δ1(1,2)"]
    assert deltas["δ1(2,1)"] == ("δ1(2,1) = 0 (not the maximum of its window: δ2(1,1) goes "
                                 "to o1(1,2))")  # a tie: the first one wins
    assert trace.delta[0].tolist()[2] == 0.0 and trace.delta[0][1] != 0.0


def test_delta_through_a_conv_layer_sums_over_the_positions_that_read_it():
    inp = input_layer((1, 4))
    c1 = conv_layer(inp, 1, (2,), activation="tanh")
    c2 = conv_layer(c1, 2, (2,), activation="tanh")
    spec, net = network((inp, c1, c2, LayerSpec(size=2, activation="softmax")))
    trace, lines = lines_of(spec, net, [0.5, -1.0, 0.25, 1.0], [1.0, 0.0])
    line = next(ln for ln in lines if ln.name == "δ1(2)")
    # unit 2 of layer 1 is read by positions 1 (offset 2) and 2 (offset 1) of both filters
    assert "over the 4 positions of layer 2 that read o1(2)" in line.text
    W, d = trace.W_old[1], trace.delta[1].reshape(2, 2)
    s = W[0, 0, 1] * d[0, 0] + W[1, 0, 1] * d[1, 0] + W[0, 0, 0] * d[0, 1] + \
        W[1, 0, 0] * d[1, 1]
    assert trace.delta[0][1] == pytest.approx(s * (1 - trace.o[1][1] ** 2), rel=1e-12)
    assert line.text.split("Σ = ")[1].count("*") == 4  # w*δ, one per reading position


def test_lines_are_plain_text_with_typeset_markup():
    """The printed text has no typesetting marks (a relu layer before a pool leaked them)."""
    inp = input_layer((1, 4, 4))
    conv = conv_layer(inp, 2, (2, 2), 1, 1, activation="relu")
    spec, net = network((inp, conv, pool_layer(conv, 2), LayerSpec(size=2, activation="softmax")))
    _, lines = lines_of(spec, net, np.linspace(-1, 1, 16), [1.0, 0.0], velocity=None)
    marks = set("\x0e\x0f\x10\x11")
    assert all(not marks & set(line.text) and not marks & set(line.name) for line in lines)
    routed = next(line for line in lines if "comes here" in line.text)
    assert "<sub>" in routed.html and "f'(z1" in routed.text
