"""The explanation of one step: lazy lines, shortened sums, textbook rounding."""

import numpy as np
import pytest

from bpsim.engine.network import Network
from bpsim.engine.trace import trace_example
from bpsim.explain import Explanation, explain, fmt, shown, textbook_trace

LABELS = [["1", "2", "3"], ["4", "5"], ["6"]]


@pytest.fixture
def seed_trace():
    net = Network([3, 2, 1], ["sigmoid", "sigmoid"])
    net.set_weights([np.array([[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]]), np.array([[-0.3, -0.2]])],
                    [np.array([-0.4, 0.2]), np.array([0.1])])
    return trace_example(net, [1, 0, 1], [1], eta=0.9)


def _random_trace(sizes, acts, loss, alpha=0.0, decay=0.0, seed=0):
    rng = np.random.default_rng(seed)
    net = Network(sizes, acts, loss=loss)
    net.params[...] = rng.normal(size=len(net.params))
    velocity = rng.normal(size=len(net.params)) if alpha else None
    t = np.eye(sizes[-1])[0]
    return trace_example(net, rng.normal(size=sizes[0]), t, 0.5, alpha, velocity, decay)


def test_textbook_rounding_reads_exactly_like_the_seed_and_the_textbooks_table(seed_trace):
    lines = {ln.name: ln for ln in explain(seed_trace, LABELS, 3, textbook=True)}
    assert lines["δ6"].text.endswith("(1 - 0.474) × 0.474 × (1 - 0.474) = 0.1311")
    assert lines["δ4"].text.endswith("= -0.0087") and lines["δ5"].text.endswith("= -0.0065")
    table = {"w14": "0.192", "w15": "-0.306", "w24": "0.4", "w25": "0.1", "w34": "-0.508",
             "w35": "0.194", "w46": "-0.261", "w56": "-0.138", "b4": "-0.408", "b5": "0.194",
             "b6": "0.218"}
    for name, value in table.items():
        assert lines[name].phase == 6
        assert lines[name].text.endswith(f"= {value}"), lines[name].text
    # exact arithmetic prints 0.1312 for delta6; the exact trace is untouched
    exact = {ln.name: ln for ln in explain(seed_trace, LABELS, 3)}
    assert exact["δ6"].text.endswith("= 0.1312")


def test_textbook_trace_is_computed_from_shown_numbers(seed_trace):
    tb = textbook_trace(seed_trace, 3)
    assert tb.delta[1][0] == pytest.approx(0.1311)
    assert tb.o[2][0] == 0.474 and tb.z[1][0] == -0.105
    assert seed_trace.delta[1][0] == pytest.approx(0.13117, abs=1e-5)


@pytest.mark.parametrize("sizes, acts, loss, alpha, decay", [
    ([3, 2, 1], ["sigmoid", "sigmoid"], "sse", 0.0, 0.0),
    ([4, 5, 3, 2], ["tanh", "relu", "sigmoid"], "mse", 0.5, 0.01),
    ([4, 6, 3], ["leaky_relu", "softmax"], "cross_entropy", 0.9, 0.0),
    ([4, 6, 3], ["sigmoid", "softmax"], "sse", 0.0, 0.0),
    ([2, 3, 2], ["linear", "tanh"], "sse", 0.3, 0.0),
])
def test_every_activation_and_loss_explains_and_textbook_stays_close(sizes, acts, loss, alpha,
                                                                      decay):
    tr = _random_trace(sizes, acts, loss, alpha, decay)
    exp = Explanation(tr, [[str(j) for j in range(s)] for s in sizes], 4, textbook=True)
    lines = list(exp)
    assert [ln.phase for ln in lines] == sorted(ln.phase for ln in lines)
    for a, b in zip(exp.trace.W_new, tr.W_new, strict=True):
        np.testing.assert_allclose(a, b, atol=0.01)


def test_lazy_explanation_segments_and_phase_ranges(seed_trace):
    exp = Explanation(seed_trace, LABELS, 3)
    assert len(exp) == 6 + 2 + 1 + 2 + 11 + 11
    assert exp.phase_range(3) == range(8, 9)
    assert exp[-1].name == "b6" and exp[8].name == "δ6"
    assert [ln.text for ln in exp[0:3]] == [ln.text for ln in explain(seed_trace, LABELS, 3)[:3]]
    assert exp.segment_of(9).kind == "delta" and exp.segment_of(9).phase == 4


def test_wide_network_is_cheap_and_sums_are_shortened():
    tr = _random_trace([784, 256, 128, 10], ["relu", "relu", "softmax"], "cross_entropy")
    exp = Explanation(tr, [[str(j) for j in range(s)] for s in (784, 256, 128, 10)], 4,
                      max_terms=6)
    assert len(exp) == 2 * 394 + 11 + 10 + 384 + 2 * (785 * 256 + 257 * 128 + 129 * 10)
    z = exp[0].text
    assert "… 778 more terms …" in z and len(z) < 300
    assert len(exp[0].edges) == 784
    assert exp[len(exp) - 1].phase == 6


def test_shown_matches_fmt():
    values = np.array([0.13117, -0.0000123, 2.5e-7, 0.0, -0.70000001, 1234.56789])
    for v, s in zip(values, shown(values, 3), strict=True):
        assert fmt(s, 3) == fmt(v, 3)
