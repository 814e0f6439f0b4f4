"""Online training of tiny networks with Python floats: the seed's formulas, one unit at a time.

For the lessons' networks (a few dozen weights, batch size 1) NumPy spends far more time
dispatching ~35 tiny array operations per step than computing; plain Python floats are about
up to 1.5 times as fast there. This kernel runs the same algorithm as :class:`~bpsim.engine.network.
Network` + :class:`~bpsim.engine.optimizers.SGD` (verified against it to 1e-12 in the tests)
for whole epochs, and the :class:`~bpsim.engine.trainer.Trainer` uses it automatically when the
batch size is 1, there is no dropout and the network is small (see :data:`MAX_PARAMS`).

Per example (x, t), with W[l][q][p] the weight from unit p of layer l to unit q of layer l+1:

    z_q = sum_p W[l][q][p] o_p + b_q,  o_q = f(z_q)
    output delta = (t - o) f'(z) (t - o with cross-entropy)
    hidden delta_q = f'(z_q) sum_i w_qi delta_i
    dw(t) = eta delta_q o_p - eta lambda w + alpha dw(t-1);  w_new = w_old + dw(t)
"""

from __future__ import annotations

import math
from operator import add, mul

import numpy as np

from bpsim.engine.network import Network

# Crossover with the NumPy path, measured on 2-k-k-1 nets (CPU time per step, 2026-11-26):
# 37 params 14.4 us vs 20.7 us; 67 params 19.0 vs 21.1; 105 params 23.8 vs 21.0; with
# momentum the kernel costs ~30 % more, 67 params 25.5 vs 21.5.
MAX_PARAMS = 80
MAX_PARAMS_MOMENTUM = 48
_EPS = 1e-12


def _f(act: str, slope: float):
    exp = math.exp
    if act == "sigmoid":
        # as the NumPy sigmoid: -z clipped at 700, and NaN stays NaN (the divergence guard
        # must see it: a comparison with NaN is False, so NaN takes the exp branch)
        return lambda zs: [1.0 / (1.0 + exp(700.0 if z < -700.0 else -z)) for z in zs]
    if act == "tanh":
        tanh = math.tanh
        return lambda zs: [tanh(z) for z in zs]
    if act == "relu":
        return lambda zs: [0.0 if z <= 0.0 else z for z in zs]  # NaN stays NaN
    if act == "leaky_relu":
        return lambda zs: [z if z > 0.0 else slope * z for z in zs]
    if act == "linear":
        return lambda zs: zs

    def softmax(zs):
        m = max(zs)
        e = [exp(z - m) for z in zs]
        s = sum(e)
        return [v / s for v in e]
    return softmax


def _layer(act: str, slope: float):
    """o = f(W o_prev + b) for one layer, fused where that saves a pass."""
    if act == "tanh":
        tanh = math.tanh
        return lambda Wl, bl, o: [tanh(sum(map(mul, row, o)) + bq) for row, bq in zip(Wl, bl)]
    f = _f(act, slope)
    return lambda Wl, bl, o: f([sum(map(mul, row, o)) + bq for row, bq in zip(Wl, bl)])


def _back(act: str, slope: float):
    """delta_q = f'(z_q) sum_i w_qi delta_i for a hidden layer with outputs o (W: next layer)."""
    if act == "sigmoid":
        return lambda Wn, d, o: [oq * (1.0 - oq) * sum(map(mul, col, d))
                                 for oq, col in zip(o, zip(*Wn))]
    if act == "tanh":
        return lambda Wn, d, o: [(1.0 - oq * oq) * sum(map(mul, col, d))
                                 for oq, col in zip(o, zip(*Wn))]
    if act == "relu":
        return lambda Wn, d, o: [sum(map(mul, col, d)) * (1.0 if oq > 0.0 else 0.0)
                                 for oq, col in zip(o, zip(*Wn))]
    if act == "leaky_relu":
        return lambda Wn, d, o: [sum(map(mul, col, d)) * (1.0 if oq > 0.0 else slope)
                                 for oq, col in zip(o, zip(*Wn))]
    return lambda Wn, d, o: [sum(map(mul, col, d)) for col in zip(*Wn)]


def _prime(act: str, slope: float):
    if act == "sigmoid":
        return lambda os: [o * (1.0 - o) for o in os]
    if act == "tanh":
        return lambda os: [1.0 - o * o for o in os]
    if act == "relu":
        return lambda os: [1.0 if o > 0.0 else 0.0 for o in os]
    if act == "leaky_relu":
        return lambda os: [1.0 if o > 0.0 else slope for o in os]
    return lambda os: [1.0] * len(os)


class ScalarKernel:
    """Holds the parameters as nested lists while it trains; ``load``/``store`` sync them
    with the network's flat NumPy buffer."""

    def __init__(self, net: Network) -> None:
        self.net = net
        acts, slopes = net.activations, net.slopes
        self.layer = [_layer(a, s) for a, s in zip(acts, slopes)]
        self.back = [_back(a, s) for a, s in zip(acts, slopes)]
        self.prime = [_prime(a, s) for a, s in zip(acts, slopes)]
        self.loss, self.out_act = net.loss, acts[-1]
        self.W: list = []
        self.b: list = []
        self.VW: list = []
        self.Vb: list = []
        self.prev: tuple | None = None
        self.stale_velocity = False
        self.eta = self.decay = 0.0
        self.last: tuple | None = None  # (outputs, deltas) of the last step

    @staticmethod
    def eligible(net: Network, batch_size: int, momentum: float) -> bool:
        limit = MAX_PARAMS_MOMENTUM if momentum else MAX_PARAMS
        # a subclass (the tied autoencoder of pre-training) changes the rules: not here
        return batch_size == 1 and not any(net.dropout) and len(net.params) <= limit \
            and net.dtype == np.float64 and net.is_dense \
            and type(net) is Network

    def _unflatten(self, flat: list[float]) -> tuple[list, list]:
        """Nested lists (W rows per layer, b per layer) from the flat parameter layout."""
        W, b, pos = [], [], 0
        sizes = self.net.sizes
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            W.append([flat[pos + j * n_in: pos + (j + 1) * n_in] for j in range(n_out)])
            pos += n_in * n_out
        for n_out in sizes[1:]:
            b.append(flat[pos: pos + n_out])
            pos += n_out
        return W, b

    @staticmethod
    def _flatten(W: list, b: list) -> list[float]:
        return [v for Wl in W for row in Wl for v in row] + [v for bl in b for v in bl]

    def load(self, velocity: np.ndarray) -> None:
        self.W, self.b = self._unflatten(self.net.params.tolist())
        self.VW, self.Vb = self._unflatten(velocity.tolist())

    def store(self, velocity: np.ndarray) -> None:
        """Write the parameters and the velocity back into the network's buffers."""
        self.net.params[:] = self._flatten(self.W, self.b)
        if self.stale_velocity and self.last is not None:
            self._last_velocity(self.eta, self.decay)
            self.stale_velocity = False
        velocity[:] = self._flatten(self.VW, self.Vb)

    def last_gradients(self, G: np.ndarray) -> list[np.ndarray]:
        """Write G = [delta o^T .., delta ..] of the last step (for statistics); its deltas."""
        if self.last is None:
            return []
        outs, deltas = self.last
        GW, Gb = self.net.layer_views(G)
        for l, d in enumerate(deltas):
            np.multiply.outer(d, outs[l], out=GW[l])
            Gb[l][...] = d
        return [np.array([d]) for d in deltas]

    # -- one step ------------------------------------------------------------------------
    def forward(self, x: list[float]) -> list[list[float]]:
        outs = [x]
        o = x
        for Wl, bl, layer in zip(self.W, self.b, self.layer):
            o = layer(Wl, bl, o)
            outs.append(o)
        return outs

    def loss_and_output_delta(self, o: list[float], t: list[float]) -> tuple[float, list[float]]:
        d = [tk - ok for tk, ok in zip(t, o)]
        K = len(o)
        if self.loss == "sse":
            loss = 0.5 * sum(map(mul, d, d))
        elif self.loss == "mse":
            loss = sum(map(mul, d, d)) / K
        elif self.out_act == "softmax":
            loss = -sum(tk * math.log(max(ok, _EPS)) for tk, ok in zip(t, o))
            s = sum(t)  # -dE/dz = t - o sum_k t_k: t - o for targets that sum to 1
            return loss, (d if s == 1.0 else [tk - ok * s for tk, ok in zip(t, o)])
        else:
            oc = [min(max(ok, _EPS), 1.0 - _EPS) for ok in o]
            return -sum(tk * math.log(ok) + (1.0 - tk) * math.log(1.0 - ok)
                        for tk, ok in zip(t, oc)), d
        g = d if self.loss == "sse" else [2.0 * v / K for v in d]
        if self.out_act == "softmax":
            s = sum(map(mul, g, o))
            return loss, [ok * (gk - s) for ok, gk in zip(o, g)]
        return loss, list(map(mul, g, self.prime[-1](o)))

    def step(self, x: list[float], t: list[float], eta: float, alpha: float,
             decay: float) -> float:
        """One online step; returns the example's loss (the update is skipped if not finite)."""
        outs = self.forward(x)
        loss, delta = self.loss_and_output_delta(outs[-1], t)
        if not math.isfinite(loss):
            return loss
        deltas = [delta]
        W = self.W
        back = self.back
        for l in range(len(W) - 1, 0, -1):
            delta = back[l - 1](W[l], delta, outs[l])
            deltas.append(delta)
        deltas.reverse()
        self.prev = (W, self.b)
        self.eta, self.decay = eta, decay
        self.W, self.b, self.VW, self.Vb = self._update(outs, deltas, eta, alpha, decay)
        self.last = (outs, deltas)
        return loss

    def _update(self, outs, deltas, eta, alpha, decay):
        """New (W, b, VW, Vb). Without momentum the velocity is not needed for the next step,
        so it is only materialised for the last step (see :meth:`store`)."""
        if not alpha and not decay:  # the common case, in one pass per layer
            self.stale_velocity = True
            newW, newb, newVb = [], [], []
            for Wl, bl, d, o in zip(self.W, self.b, deltas, outs):
                s = [eta * dq for dq in d]
                newW.append([[w + sq * op for w, op in zip(row, o)] for row, sq in zip(Wl, s)])
                newb.append(list(map(add, bl, s)))
                newVb.append(s)
            return newW, newb, self.VW, newVb
        ed = eta * decay
        newW, newb, newVW, newVb = [], [], [], []
        for l, d in enumerate(deltas):
            o, Wl = outs[l], self.W[l]
            s = [eta * dq for dq in d]
            if alpha:
                VW = [[sq * op - ed * w + alpha * vp for op, w, vp in zip(o, row, vrow)]
                      for row, vrow, sq in zip(Wl, self.VW[l], s)]
                vb = [sq + alpha * vp for sq, vp in zip(s, self.Vb[l])]
                newW.append([list(map(add, row, v)) for row, v in zip(Wl, VW)])
                newVW.append(VW)
            else:
                vb = s
                if ed:
                    newW.append([[w + (sq * op - ed * w) for op, w in zip(o, row)]
                                 for row, sq in zip(Wl, s)])
                else:
                    newW.append([[w + sq * op for w, op in zip(row, o)] for row, sq in zip(Wl, s)])
            newVb.append(vb)
            newb.append(list(map(add, self.b[l], vb)))
        self.stale_velocity = not alpha
        return newW, newb, (newVW if alpha else self.VW), newVb

    def _last_velocity(self, eta: float, decay: float) -> None:
        """dw of the last step when it was not kept (no momentum)."""
        outs, deltas = self.last
        W_old = self.prev[0]
        self.VW = [[[eta * dq * op - eta * decay * w for op, w in zip(outs[l], row)]
                    for row, dq in zip(W_old[l], d)] for l, d in enumerate(deltas)]
