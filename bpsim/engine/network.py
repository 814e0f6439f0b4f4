"""A layered network: parameters, forward pass and backpropagation.

Symbols follow the seed. For layer l (1..L) with n_l units and the previous layer's outputs
o_{l-1} of shape (batch, n_{l-1}), a dense layer computes

    z_l = o_{l-1} W_l^T + b_l          W_l: (n_l, n_{l-1}), b_l: (n_l,)
    o_l = f_l(z_l)

and a conv or max_pool layer computes its z_l from maps (see :mod:`bpsim.engine.dense`,
:mod:`bpsim.engine.conv`, :mod:`bpsim.engine.pool`: each layer kind's forward rule, backward
rule and gradient side by side); the network applies the activations, the loss and dropout.

Deltas are the seed's delta = -dE/dz (so that dw = +eta delta o):

    output:  delta_q = (t_q - o_q) f'(z_q)        (t - o for softmax/sigmoid + cross_entropy;
                                                   t - o sum_k t_k for softmax when a row of
                                                   targets does not sum to 1)
    hidden:  delta_q = f'(z_q) sum_i w_qi delta_i  (with the weights before this update;
                                                   the sum runs over the units that read q)

All weights and biases live in one flat buffer ``params`` ([W_1 .. W_L, b_1 .. b_L]) with
per-layer views ``W[l-1]``, ``b[l-1]`` in each layer's shape (conv weights F x C x kernel; a
max_pool layer's are empty), so that an update is one vector operation for the whole
network. A second buffer keeps the previous parameters (see :meth:`swap`), which is how the
trainer restores the last finite weights after a divergence without copying every step.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bpsim.engine import activations, losses
from bpsim.engine.conv import Conv
from bpsim.engine.dense import Dense
from bpsim.engine.pool import MaxPool

Layer = Dense | Conv | MaxPool


def _views(flat: np.ndarray, layers: Sequence[Layer]
           ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    W, b, pos = [], [], 0
    for layer in layers:
        n = int(np.prod(layer.weight_shape))
        W.append(flat[pos : pos + n].reshape(layer.weight_shape))
        pos += n
    for layer in layers:
        b.append(flat[pos : pos + layer.n_biases])
        pos += layer.n_biases
    return W, b


class Network:
    """Parameters and the forward/backward rules of a layered network.

    ``sizes`` includes the input layer; ``activations``, ``slopes`` and ``dropout`` have one
    entry per non-input layer. ``layers`` are the layers' geometries (:class:`Dense`,
    :class:`Conv`, :class:`MaxPool`; default: dense layers between ``sizes``). Weights are
    initialised to zero unless given; use :func:`bpsim.engine.build.network_from_spec` to
    build one from a document.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations_: Sequence[str],
        loss: str = "sse",
        slopes: Sequence[float] | None = None,
        dropout: Sequence[float] | None = None,
        dtype: str | np.dtype = "float64",
        layers: Sequence[Layer] | None = None,
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
        if layers is None:
            layers = [Dense(a, b) for a, b in zip(self.sizes[:-1], self.sizes[1:])]
        self.layers = tuple(layers)
        _check_layers(self.layers, self.sizes, activations_)
        self.activations = tuple(activations_)
        self.loss = loss
        n_layers = len(self.sizes) - 1
        default_slopes = (activations.DEFAULT_SLOPE,) * n_layers
        # Python floats: a NumPy float64 scalar would promote float32 arrays to float64 under
        # NumPy 2's promotion rules (slope * z, mask / (1 - p)), and the float32 path then fails
        self.slopes = tuple(map(float, slopes)) if slopes is not None else default_slopes
        self.dropout = tuple(map(float, dropout)) if dropout is not None else (0.0,) * n_layers
        self.dtype = np.dtype(dtype)
        self.n_weights = sum(int(np.prod(layer.weight_shape)) for layer in self.layers)
        n_params = self.n_weights + sum(layer.n_biases for layer in self.layers)
        self.cost = sum(layer.cost for layer in self.layers)  # multiply-adds per example
        self.is_dense = all(layer.kind == "dense" for layer in self.layers)
        self._buffers = [np.zeros(n_params, self.dtype), np.zeros(n_params, self.dtype)]
        self._views = [_views(buf, self.layers) for buf in self._buffers]
        self._P = [[layer.prepare(w) for layer, w in zip(self.layers, views[0])]
                   for views in self._views]
        self._current = 0
        self._f = [activations.get(a).f for a in self.activations]
        self._prime = [None if a == "linear" else activations.get(a).prime
                       for a in self.activations]
        out = self.activations[-1]
        self._fused = loss == "cross_entropy"  # delta = t - o at the output
        self._softmax_out = out == "softmax"
        # values one example holds in a forward pass (every layer's outputs, conv patches);
        # predict() goes through X in chunks of about 2^23 such values (64 MB)
        patches = max((layer.patch * layer.positions for layer in self.layers
                       if layer.kind == "conv"), default=0)
        self.values_per_example = sum(self.sizes) + patches
        self._chunk = max(1, 2**23 // self.values_per_example)

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

    def copy(self, dtype: str | np.dtype | None = None) -> Network:
        """A network with the same layers and parameters (in ``dtype``: default the same)."""
        other = Network(self.sizes, self.activations, self.loss, self.slopes, self.dropout,
                        self.dtype if dtype is None else dtype,
                        [layer.fresh() for layer in self.layers])
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
        P, b = self._P[self._current], self._views[self._current][1]
        for l, layer in enumerate(self.layers):
            o = self._f[l](layer.forward(o, P[l], b[l]), self.slopes[l])
            if raw is not None:
                raw.append(o)
                if masks[l] is not None:
                    o = o * masks[l]
            outs.append(o)
        return outs, raw

    def net_input(self, l: int, o: np.ndarray) -> np.ndarray:
        """z of layer l + 1 (index l of ``layers``) for its inputs o (a new array)."""
        return self.layers[l].forward(o, self._P[self._current][l], self.b[l])

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The outputs for inputs X, in chunks of examples (bounded memory for wide layers
        and conv layers)."""
        X = np.asarray(X, self.dtype)
        if len(X) <= self._chunk:
            return self.forward(X)[0][-1]
        return np.concatenate([self.forward(X[k : k + self._chunk])[0][-1]
                               for k in range(0, len(X), self._chunk)])

    def output_delta(self, o: np.ndarray, d: np.ndarray) -> np.ndarray:
        """delta at the output from o and d = t - o."""
        if self._fused:
            return d
        g = losses.neg_grad(self.loss, d, o.shape[1])
        if self._softmax_out:
            return activations.softmax_backward(o, g)
        prime = self._prime[-1]
        return g if prime is None else g * prime(o, self.slopes[-1])

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
            delta = self.layers[l].backward(delta, W[l], outs[l])  # sum_i w_qi delta_i
            prime = self._prime[l - 1]
            if prime is not None:  # linear (and max_pool): f' = 1
                o_l = raw[l] if raw is not None else outs[l]
                delta *= prime(o_l, self.slopes[l - 1])
            if masks is not None and masks[l - 1] is not None:
                delta *= masks[l - 1]
            deltas.append(delta)
        deltas.reverse()
        return loss_sum, d, deltas

    def layer_views(self, G: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per-layer views (W-shaped, b-shaped) of a flat array laid out like :attr:`params`
        (gradients, velocities)."""
        return _views(G, self.layers)

    def accumulate(self, outs: Sequence[np.ndarray], deltas: Sequence[np.ndarray],
                   G: tuple[list[np.ndarray], list[np.ndarray]]) -> None:
        """Write G = [sum_batch delta_l o_{l-1}^T .., sum_batch delta_l ..] into the views
        ``G = layer_views(flat)``; -flat / batch is then dE/dparams of the mean loss."""
        GW, Gb = G
        for l, delta in enumerate(deltas):
            self.layers[l].gradient(delta, outs[l], GW[l], Gb[l])

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


def _check_layers(layers: Sequence[Layer], sizes: tuple[int, ...],
                  activations_: Sequence[str]) -> None:
    if len(layers) != len(sizes) - 1:
        raise ValueError("one layer geometry per non-input layer")
    for l, layer in enumerate(layers):
        if (layer.n_in, layer.n_out) != (sizes[l], sizes[l + 1]):
            raise ValueError(f"layer {l + 1} maps {layer.n_in} values to {layer.n_out}, but "
                             f"the sizes say {sizes[l]} to {sizes[l + 1]}")
        if layer.kind == "max_pool" and activations_[l] != "linear":
            raise ValueError("a max_pool layer has no activation (use linear)")
        if layer.kind == "conv" and activations_[l] == "softmax":
            raise ValueError("softmax is allowed on a dense output layer only")


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
