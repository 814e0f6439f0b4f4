"""The seed's worked example: 3-2-1 sigmoid, input (1, 0, 1), target 1, eta 0.9."""

import numpy as np
import pytest

from bpsim.engine.network import Network
from bpsim.engine.trace import trace_example
from bpsim.explain import explain

W1 = np.array([[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]])
B1 = np.array([-0.4, 0.2])
W2 = np.array([[-0.3, -0.2]])
B2 = np.array([0.1])
LABELS = [["1", "2", "3"], ["4", "5"], ["6"]]


@pytest.fixture
def trace():
    net = Network([3, 2, 1], ["sigmoid", "sigmoid"])
    net.set_weights([W1, W2], [B1, B2])
    return trace_example(net, [1, 0, 1], [1], eta=0.9)


def test_forward_values_at_the_seeds_precision(trace):
    assert round(trace.z[0][0], 3) == -0.7
    assert round(trace.o[1][0], 3) == 0.332
    assert round(trace.z[0][1], 3) == 0.1
    assert round(trace.o[1][1], 3) == 0.525
    assert round(trace.z[1][0], 3) == -0.105
    assert round(trace.o[2][0], 3) == 0.474


def test_output_delta(trace):
    # the seed prints 0.1311 from rounded intermediates; exact is 0.13117
    assert round(trace.delta[1][0], 3) == 0.131
    o6 = trace.o[2][0]
    assert trace.delta[1][0] == pytest.approx((1 - o6) * o6 * (1 - o6), rel=1e-15)


def test_hidden_deltas_and_the_textbooks_table_of_new_weights(trace):
    assert round(trace.delta[0][0], 4) == -0.0087
    assert round(trace.delta[0][1], 4) == -0.0065
    # Han & Kamber's table of updated weights and biases for this example
    np.testing.assert_allclose(trace.W_new[1], [[-0.261, -0.138]], atol=5e-4)
    np.testing.assert_allclose(trace.W_new[0], [[0.192, 0.4, -0.508], [-0.306, 0.1, 0.194]],
                               atol=5e-4)
    np.testing.assert_allclose(trace.b_new[0], [-0.408, 0.194], atol=5e-4)
    np.testing.assert_allclose(trace.b_new[1], [0.218], atol=5e-4)


def test_weight_change_is_eta_delta_o(trace):
    assert trace.dW[1][0, 0] == pytest.approx(0.9 * trace.delta[1][0] * trace.o[1][0], rel=1e-15)
    np.testing.assert_array_equal(trace.W_new[1], trace.W_old[1] + trace.dW[1])


def test_explanation_reads_like_the_seed(trace):
    text = "\n".join(line.text for line in explain(trace, LABELS, precision=3))
    assert "z4 = Σ w·o + b4 = 1*0.2 + 0*0.4 + 1*(-0.5) + (-0.4) = -0.7" in text
    assert "o4 = f(z4) = 1/(1+e^(-z4)) = 1/(1+e^0.7) = 0.332" in text
    assert "z6 = Σ w·o + b6 = 0.332*(-0.3) + 0.525*(-0.2) + 0.1 = -0.105" in text
    assert "(1 - 0.474) × 0.474 × (1 - 0.474)" in text
    assert "w46 = w46(old) + Δw46 = -0.3 + 0.0392 = -0.261" in text
