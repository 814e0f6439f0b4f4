"""Layer-wise pre-training of the hidden layers as autoencoders (lecture section 10).

For each hidden layer k = 1 .. L-1 in order (the output layer L is not pre-trained; the
caller may pass only some, e.g. the dense ones):

1. h_{k-1} = the training inputs propagated through the already pre-trained layers
   1 .. k-1 (no dropout); h_0 = X. Shape (N, n_{k-1}).
2. The autoencoder h_{k-1} -> layer k -> decoder -> r: its encoder is layer k (W_k, b_k, f_k);
   its decoder is a fresh layer of n_{k-1} units (drawn like the network's initial weights)
   whose activation is linear when k = 1 (the input layer) and f_{k-1} otherwise. With
   ``tied`` the decoder's weights are W_k^T (one shared matrix, whose gradient is the sum of
   the encoder's and the transposed decoder's; the decoder keeps biases of its own).
3. E epochs of backpropagation on the reconstruction loss, the seed's SSE
   E = 1/2 sum_i (h_i - r_i)^2 per example, with the file's momentum, batch size, order and
   seed (no weight decay, no dropout, a constant learning rate: the pre-training one, or the
   training one). With ``noise`` p > 0 every input of every presentation is set to 0 with
   probability p and the clean h_{k-1} stays the target (a denoising autoencoder).
4. The decoder is dropped; W_k, b_k keep what the autoencoder learned (unless it diverged:
   then they stay as they were, and pre-training stops there).

Only the training inputs are ever seen: callers pass the training part, never validation.
The reported loss is the mean over the training examples of the reconstruction loss of the
clean inputs, before and after the layer's epochs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from bpsim.engine.activations import DEFAULT_SLOPE
from bpsim.engine.history import finite_or_none
from bpsim.engine.initializers import init_layer
from bpsim.engine.network import Network
from bpsim.engine.trainer import Trainer
from bpsim.spec import InitSpec, PretrainSpec, ScheduleSpec, TrainingSpec


@dataclass(frozen=True, slots=True)
class LayerPretraining:
    """What pre-training did to layer ``layer`` (its index among the network's layers,
    1 = the first hidden layer): the mean reconstruction loss per example before and after
    ``epochs`` epochs, and why it stopped ("completed", "stopped", "diverged: ...")."""

    layer: int
    loss_before: float
    loss_after: float
    epochs: int
    stopped_reason: str

    def as_dict(self) -> dict[str, float | int | None]:
        """The JSON of ``bpsim pretrain --json``: layer, loss_before, loss_after (None
        where a loss is not finite)."""
        return {"layer": self.layer, "loss_before": finite_or_none(self.loss_before),
                "loss_after": finite_or_none(self.loss_after)}


class TiedAutoencoder(Network):
    """A one-hidden-layer autoencoder whose decoder weights are the encoder's transposed,
    W_2 = W_1^T. Both copies receive the gradient of the shared matrix, G_1 + G_2^T, so with
    the same update they stay equal (bit for bit)."""

    def accumulate(self, outs, deltas, G) -> None:
        super().accumulate(outs, deltas, G)
        GW = G[0]
        GW[0] += GW[1].T
        GW[1][...] = GW[0].T


def hidden_layers(net: Network) -> list[int]:
    """The layers pre-training trains: every hidden layer 1 .. L-1."""
    return list(range(1, net.n_layers))


def autoencoder(net: Network, k: int, init: InitSpec, rng: np.random.Generator,
                tied: bool = False) -> Network:
    """The autoencoder of layer k: encoder = a copy of layer k of ``net``, a fresh decoder
    back to n_{k-1} units (linear after the input layer, else f_{k-1}), SSE loss."""
    n_in, n_hidden = net.sizes[k - 1], net.sizes[k]
    act, slope = ("linear", DEFAULT_SLOPE) if k == 1 else (net.activations[k - 2],
                                                          net.slopes[k - 2])
    cls = TiedAutoencoder if tied else Network
    ae = cls((n_in, n_hidden, n_in), (net.activations[k - 1], act), loss="sse",
             slopes=(net.slopes[k - 1], slope), dtype=net.dtype)
    W, b = init_layer(init.kind, n_in, n_hidden, rng, init.scale)
    ae.set_weights((net.W[k - 1], net.W[k - 1].T if tied else W), (net.b[k - 1], b))
    return ae


def masking_noise(p: float, rng: np.random.Generator) -> Callable[[np.ndarray], np.ndarray]:
    """A function that returns a copy of X with every value set to 0 with probability p."""
    def corrupt(X: np.ndarray) -> np.ndarray:
        return X * (rng.random(X.shape) >= p)
    return corrupt


def propagate(net: Network, X: np.ndarray, l: int, chunk: int = 1024) -> np.ndarray:
    """o_l for the inputs X (N, n_0), without dropout, ``chunk`` examples at a time."""
    if l == 0:
        return X
    return np.concatenate([net.forward(X[i:i + chunk])[0][l]
                           for i in range(0, len(X), chunk)])


def reconstruction_loss(ae: Network, H: np.ndarray) -> float:
    """Mean over the rows of H of 1/2 sum_i (h_i - r_i)^2 (the clean inputs)."""
    return ae.evaluate(H, H, classification=False)[0]


def pretrain(net: Network, X: np.ndarray, settings: PretrainSpec, training: TrainingSpec,
             init: InitSpec | None = None, seed: int = 0, layers: Sequence[int] | None = None,
             on_epoch: Callable[[int, Trainer], None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> list[LayerPretraining]:
    """Pre-train the hidden ``layers`` of ``net`` (default: all) in place on the training
    inputs X (N, n_0), ``settings.epochs`` epochs each; see the module's docstring.

    ``init`` draws the decoders (default: uniform in [-1, 1]); ``seed`` seeds the decoders
    and the noise (layer k uses the stream [seed, k]); the order of the examples follows
    ``training.seed`` as in training.
    ``on_epoch(k, trainer)`` is called after every epoch; ``should_stop()`` between epochs
    ends pre-training (what the layer learnt so far is kept). A layer whose pre-training
    diverges keeps its weights from before it (its result says what happened, with the
    loss of the autoencoder's last finite weights) and ends pre-training: later layers are
    then not pre-trained.
    """
    X = np.ascontiguousarray(X, net.dtype)
    init = InitSpec() if init is None else init
    eta = training.learning_rate if settings.learning_rate is None else settings.learning_rate
    ae_training = replace(training, epochs=settings.epochs, validation_split=0.0,
                          weight_decay=0.0, schedule=ScheduleSpec(), learning_rate=eta)
    results: list[LayerPretraining] = []
    for k in hidden_layers(net) if layers is None else layers:
        H = propagate(net, X, k - 1)
        rng = np.random.default_rng([seed, k])
        ae = autoencoder(net, k, init, rng, settings.tied)
        corrupt = masking_noise(settings.noise, rng) if settings.noise > 0 else None
        trainer = Trainer(ae, H, H, ae_training, corrupt=corrupt)
        before = reconstruction_loss(ae, trainer.X)
        report = None if on_epoch is None else (lambda tr, k=k: on_epoch(k, tr))
        result = trainer.run(settings.epochs, should_stop, report)
        if not result.stopped_reason.startswith("diverged"):
            net.W[k - 1][...] = ae.W[0]
            net.b[k - 1][...] = ae.b[0]
        results.append(LayerPretraining(k, before, reconstruction_loss(ae, trainer.X),
                                        trainer.epoch, result.stopped_reason))
        if result.stopped_reason != "completed":
            break
    return results
