"""A fully connected layer: every unit q of the layer reads every output p of the previous one.

For a batch, with o (batch, n_in) the previous layer's outputs and W (n_out, n_in):

    forward:   z_q = sum_p w_qp o_p + b_q                      z = o W^T + b
    backward:  sum_i w_iq delta_i for each input unit q        delta W
    gradient:  G_qp = sum_batch delta_q o_p, G_b = sum delta   delta^T o

(delta is the seed's -dE/dz, so dw = +eta G / batch.) The network applies the activation.
"""

from __future__ import annotations

import numpy as np


class Dense:
    """The geometry of a dense layer; the parameters live in the network's flat buffer."""

    kind = "dense"

    def __init__(self, n_in: int, n_out: int) -> None:
        self.n_in = int(n_in)
        self.n_out = int(n_out)
        self.weight_shape: tuple[int, ...] = (self.n_out, self.n_in)
        self.n_biases = self.n_out
        self.cost = self.n_in * self.n_out  # multiply-adds per example

    def fresh(self) -> Dense:
        """This layer: it keeps no state between calls."""
        return self

    @staticmethod
    def prepare(W: np.ndarray) -> np.ndarray:
        """The weights as forward uses them (W^T, a view), computed once per buffer."""
        return W.T

    @staticmethod
    def forward(o: np.ndarray, WT: np.ndarray, b: np.ndarray) -> np.ndarray:
        """z = o W^T + b, shape (batch, n_out)."""
        z = o @ WT
        z += b
        return z

    @staticmethod
    def backward(delta: np.ndarray, W: np.ndarray, o: np.ndarray) -> np.ndarray:
        """sum_i w_iq delta_i for every input q, shape (batch, n_in) (o is not needed)."""
        return delta @ W

    @staticmethod
    def gradient(delta: np.ndarray, o: np.ndarray, GW: np.ndarray, Gb: np.ndarray) -> None:
        """GW = sum_batch delta o^T, Gb = sum_batch delta, written in place."""
        np.matmul(delta.T, o, out=GW)
        np.add.reduce(delta, axis=0, out=Gb)
