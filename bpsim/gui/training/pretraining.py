"""Train → Pre-train layer by layer, in the training child (Qt-free).

The child pre-trains the loaded network's dense hidden layers as autoencoders
(:func:`bpsim.runner.pretrained`, the algorithm of :mod:`bpsim.engine.pretrain`) and reports
its progress: a :class:`PretrainProgress` at most every ``PROGRESS_INTERVAL`` seconds and at
the end of every layer (the layer, the epoch, the mean reconstruction loss; for the first
layer also the reconstructions of a few training inputs), then one :class:`PretrainDone` with
the pre-trained document. Any command arriving meanwhile (Stop, Load, Quit) ends pre-training
after the current epoch; what the layers learnt so far is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from bpsim.spec import NetworkSpec

PROGRESS_INTERVAL = 0.05  # seconds between progress messages at least
SAMPLES = 8  # training inputs shown beside their reconstructions


@dataclass(frozen=True, slots=True)
class Pretrain:
    """Pre-train the loaded network layer by layer, ``epochs`` epochs a layer (0: the
    file's ``pretraining.epochs``)."""

    generation: int
    epochs: int = 0


@dataclass(frozen=True, slots=True)
class PretrainProgress:
    """Layer ``layer`` (among ``layers``) finished ``epoch`` of ``epochs``: mean
    reconstruction loss ``loss``; ``losses`` (m,) of its epochs ``epoch - m + 1 .. epoch``
    (every epoch since the previous message: none is lost); ``inputs`` and
    ``reconstructions`` (SAMPLES, n_0) of the first layer's autoencoder, else None."""

    generation: int
    layer: int
    layers: tuple[int, ...]
    epoch: int
    epochs: int
    loss: float
    losses: np.ndarray
    inputs: np.ndarray | None = None
    reconstructions: np.ndarray | None = None


@dataclass(frozen=True, slots=True)
class PretrainDone:
    """The pre-trained document (None if pre-training could not start: ``error``) and per
    layer (layer, loss before, loss after, why it stopped)."""

    generation: int
    spec: NetworkSpec | None
    results: tuple[tuple[int, float, float, str], ...] = ()
    error: str = ""


def pretrain_in_child(session, cmd: Pretrain, send: Callable[[object], None],
                      should_stop: Callable[[], bool]) -> None:
    """Pre-train ``session``'s network (see the module docstring); sends the messages."""
    from bpsim.runner import finished_spec, pretrained

    spec = finished_spec(session)
    if cmd.epochs > 0:
        spec = replace(spec, pretraining=replace(spec.pretraining, epochs=cmd.epochs))
    epochs = spec.pretraining.epochs
    layers = tuple(k for k in range(1, len(spec.layers) - 1) if spec.layers[k].kind == "dense")
    X = session.prepared.X_train
    samples = np.array(X[:SAMPLES], float)
    due, sent = [0.0], {}

    def on_epoch(k: int, trainer) -> None:
        now = time.perf_counter()
        if now < due[0] and trainer.epoch < epochs:
            return
        due[0] = now + PROGRESS_INTERVAL
        losses = trainer.history.column("train_loss")
        new, sent[k] = np.array(losses[sent.get(k, 0):], float), len(losses)
        loss = float(losses[-1]) if len(losses) else float("nan")
        recon = None
        if k == layers[0]:
            outs, _ = trainer.net.forward(samples.astype(trainer.net.dtype))
            recon = np.array(outs[-1], float)
        send(PretrainProgress(cmd.generation, k, layers, trainer.epoch, epochs, loss, new,
                              samples if recon is not None else None, recon))

    try:
        new, results = pretrained(spec, session.prepared, on_epoch, should_stop)
    except ValueError as exc:
        send(PretrainDone(cmd.generation, None, (), str(exc)))
        return
    # a start, not progress: training it counts from step 0, and it is not pre-trained again
    new = replace(new, state={"epoch": 0, "step": 0})
    send(PretrainDone(cmd.generation, new, tuple(
        (r.layer, float(r.loss_before), float(r.loss_after), r.stopped_reason)
        for r in results)))
