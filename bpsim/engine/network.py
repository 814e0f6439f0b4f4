"""A fully connected layered network: parameters, forward pass and backpropagation.

Symbols follow the seed. For layer l (1..L) with n_l units and the previous layer's outputs
o_{l-1} of shape (batch, n_{l-1}):

    z_l = o_{l-1} W_l^T + b_l          W_l: (n_l, n_{l-1}), b_l: (n_l,)
    o_l = f_l(z_l)

Deltas are the seed's delta = -dE/dz (so that dw = +eta delta o):

    output:  delta_q = (t_q - o_q) f'(z_q)        (t - o for softmax/sigmoid + cross_entropy;
                                                   t - o sum_k t_k for softmax when a row of
                                                   targets does not sum to 1)
    hidden:  delta_q = f'(z_q) sum_i w_qi delta_i  (with the weights before this update)

All weights and biases live in one flat buffer ``params`` ([W_1 .. W_L, b_1 .. b_L]) with
per-layer views ``W[l-1]``, ``b[l-1]``, so that an update is one vector operation for the whole
network. A second buffer keeps the previous parameters (see :meth:`swap`), which is how the
trainer restores the last finite weights after a divergence without copying every step.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bpsim.engine import activations, losses


def _views(flat: np.ndarray, sizes: Sequence[int]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    W, b, pos = [], [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W.append(flat[pos : pos + n_out * n_in].reshape(n_out, n_in))
        pos += n_out * n_in
    for n_out in sizes[1:]:
        b.append(flat[pos : pos + n_out])
        pos += n_out
    return W, b


class Network:
    """Parameters and the forward/backward rules of a layered network.

    ``sizes`` includes the input layer; ``activations``, ``slopes`` and ``dropout`` have one
    entry per non-input layer. Weights are initialised to zero unless given; use
    :func:`bpsim.engine.build.network_from_spec` to build one from a document.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations_: Sequence[str],
        loss: str = "sse",
        slopes: Sequence[float] | None = None,
        dropout: Sequence[float] | None = None,
        dtype: str | np.dtype = "float64",
    ) -> None:
        if len(sizes) < 2:
            raise ValueError("a network needs an input and an output layer")
        if len(activations_) != len(sizes) - 1:
            raise ValueError("one activation per non-input layer")
        for name in activations_[:-1]:
            if name == "softmax":
                raise ValueError("softmax is allowed on the output layer only")
        for name in activations_:
            activations.get(name)
        losses.check_output(loss, activations_[-1], sizes[-1])
        self.sizes = tuple(int(n) for n in sizes)
        self.activations = tuple(activations_)
        self.loss = loss
        n_layers = len(self.sizes) - 1
        default_slopes = (activations.DEFAULT_SLOPE,) * n_layers
        # Python floats: a NumPy float64 scalar would promote float32 arrays to float64 under
        # NumPy 2's promotion rules (slope * z, mask / (1 - p)), and the float32 path then fails
        self.slopes = tuple(map(float, slopes)) if slopes is not None else default_slopes
        self.dropout = tuple(map(float, dropout)) if dropout is not None else (0.0,) * n_layers
        self.dtype = np.dtype(dtype)
        n_params = sum(a * b + b for a, b in zip(self.sizes[:-1], self.sizes[1:]))
        self.n_weights = sum(a * b for a, b in zip(self.sizes[:-1], self.sizes[1:]))
        self._buffers = [np.zeros(n_params, self.dtype), np.zeros(n_params, self.dtype)]
        self._views = [_views(buf, self.sizes) for buf in self._buffers]
        self._WT = [[w.T for w in views[0]] for views in self._views]
        self._current = 0
        self._f = [activations.get(a).f for a in self.activations]
        self._prime = [activations.get(a).prime for a in self.activations]
        out = self.activations[-1]
        self._fused = loss == "cross_entropy"  # delta = t - o at the output
        self._softmax_out = out == "softmax"

    # -- parameters ----------------------------------------------------------------------
    @property
    def params(self) -> np.ndarray:
        """All parameters, flat: [W_1 .. W_L, b_1 .. b_L]."""
        return self._buffers[self._current]

    @property
    def spare(self) -> np.ndarray:
        """The other buffer: after :meth:`swap`, the parameters before the last update."""
        return self._buffers[1 - self._current]

    @property
    def W(self) -> list[np.ndarray]:
        return self._views[self._current][0]

    @property
    def b(self) -> list[np.ndarray]:
        return self._views[self._current][1]

    def swap(self) -> None:
        """Make the spare buffer current (the trainer writes W + dW into it first)."""
        self._current = 1 - self._current

    def set_weights(self, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]) -> None:
        for l, (w, bias) in enumerate(zip(weights, biases)):
            self.W[l][...] = w
            self.b[l][...] = bias

    def copy(self) -> Network:
        other = Network(self.sizes, self.activations, self.loss, self.slopes, self.dropout,
                        self.dtype)
        other.params[...] = self.params
        return other

    @property
    def n_layers(self) -> int:
        return len(self.sizes) - 1

    # -- forward / backward ----------------------------------------------------------------
    def forward(self, X: np.ndarray, masks: Sequence[np.ndarray | None] | None = None
                ) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        """Outputs of every layer for inputs X (batch, n_0).

        Returns ``(outs, raw)``: ``outs[0] = X`` and ``outs[l]`` is o_l (after dropout when a
        mask is given); ``raw[l]`` is o_l before its dropout mask (None without masks).
        ``masks[l-1]`` multiplies o_l (inverted dropout: 0 or 1/(1-p)).
        """
        outs = [X]
        raw = [X] if masks is not None else None
        o = X
        WT, b = self._WT[self._current], self._views[self._current][1]
        for l in range(len(WT)):
            z = o @ WT[l]
            z += b[l]
            o = self._f[l](z, self.slopes[l])
            if raw is not None:
                raw.append(o)
                if masks[l] is not None:
                    o = o * masks[l]
            outs.append(o)
        return outs, raw

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.forward(np.asarray(X, self.dtype))[0][-1]

    def output_delta(self, o: np.ndarray, d: np.ndarray) -> np.ndarray:
        """delta at the output from o and d = t - o."""
        if self._fused:
            return d
        g = losses.neg_grad(self.loss, d, o.shape[1])
        if self._softmax_out:
            return activations.softmax_backward(o, g)
        return g * self._prime[-1](o, self.slopes[-1])

    def backward(self, outs: Sequence[np.ndarray], T: np.ndarray,
                 raw: Sequence[np.ndarray] | None = None,
                 masks: Sequence[np.ndarray | None] | None = None,
                 unnormalized_targets: bool = True,
                 ) -> tuple[float, np.ndarray, list[np.ndarray]]:
        """Backpropagate for targets T (batch, n_L).

        Returns ``(loss_sum, d, deltas)``: the sum over the batch of the per-example losses,
        d = t - o at the output, and ``deltas[l-1]`` = delta_l of shape (batch, n_l).
        ``unnormalized_targets`` False promises that every row of T sums to 1 (the trainer
        checks its data once), which spares softmax + cross_entropy the check per batch.
        """
        o = outs[-1]
        d = T - o
        loss_sum = losses.total(self.loss, d, o, T, self.activations[-1])
        delta = self.output_delta(o, d)
        if unnormalized_targets and self._fused and self._softmax_out:
            # -dE/dz = t - o sum_k t_k: t - o only when the targets sum to 1 (one-hot rows)
            excess = T.sum(axis=1, keepdims=True) - 1.0
            if excess.any():
                delta = d - o * excess
        deltas = [delta]
        W = self._views[self._current][0]
        for l in range(len(W) - 1, 0, -1):
            back = delta @ W[l]                       # sum_i w_qi delta_i
            o_l = raw[l] if raw is not None else outs[l]
            delta = back * self._prime[l - 1](o_l, self.slopes[l - 1])
            if masks is not None and masks[l - 1] is not None:
                delta *= masks[l - 1]
            deltas.append(delta)
        deltas.reverse()
        return loss_sum, d, deltas

    def layer_views(self, G: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per-layer views (W-shaped, b-shaped) of a flat array laid out like :attr:`params`
        (gradients, velocities)."""
        return _views(G, self.sizes)

    def accumulate(self, outs: Sequence[np.ndarray], deltas: Sequence[np.ndarray],
                   G: tuple[list[np.ndarray], list[np.ndarray]]) -> None:
        """Write G = [sum_batch delta_l o_{l-1}^T .., sum_batch delta_l ..] into the views
        ``G = layer_views(flat)``; -flat / batch is then dE/dparams of the mean loss."""
        GW, Gb = G
        for l, delta in enumerate(deltas):
            np.matmul(delta.T, outs[l], out=GW[l])
            np.add.reduce(delta, axis=0, out=Gb[l])

    def loss_and_grad(self, X: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean loss and its gradient dE/dparams (flat), no dropout: for gradient checks."""
        outs, _ = self.forward(X)
        loss_sum, _, deltas = self.backward(outs, T)
        G = np.empty_like(self.params)
        self.accumulate(outs, deltas, self.layer_views(G))
        return loss_sum / len(X), -G / len(X)

    def evaluate(self, X: np.ndarray, T: np.ndarray, classification: bool | None = None
                 ) -> tuple[float, float | None]:
        """(mean loss, accuracy or None) on a data set without training-time dropout.

        ``classification`` None means: decide from T (slower; the trainer decides once)."""
        o = self.predict(X)
        loss = float(losses.per_example(self.loss, o, T, self.activations[-1]).mean())
        if classification is None:
            classification = is_classification(T)
        return loss, accuracy(o, T) if classification else None


def is_classification(T: np.ndarray) -> bool:
    """Targets are classes when every value is 0 or 1 and rows are one-hot (or one 0/1 column)."""
    if T.size == 0 or not np.isin(T, (0.0, 1.0)).all():
        return False
    return T.shape[1] == 1 or bool(np.all(T.sum(axis=1) == 1.0))


def count_correct(o: np.ndarray, T: np.ndarray) -> int:
    """How many rows of o predict the class of T (argmax, or o >= 0.5 for one output)."""
    if T.shape[1] == 1:
        return int(np.count_nonzero((o[:, 0] >= 0.5) == (T[:, 0] >= 0.5)))
    return int(np.count_nonzero(o.argmax(axis=1) == T.argmax(axis=1)))


def accuracy(o: np.ndarray, T: np.ndarray) -> float:
    """Fraction of examples whose predicted class is right (see :func:`count_correct`)."""
    return count_correct(o, T) / len(T)
