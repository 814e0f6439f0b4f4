"""The networks a comparison trains: twins of the document (*Compare…*) and the other
lessons of a gallery comparison (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from bpsim import edits, fileformat
from bpsim.engine.build import initialized
from bpsim.spec import NetworkSpec

DEFAULT_PRETRAIN_EPOCHS = 10  # a twin asked to be pre-trained whose file says 0 epochs


def wants_pretraining(spec: NetworkSpec) -> bool:
    """Training it in the window pre-trains first: the file asks for it (epochs > 0) and it
    has not been trained yet (no training state)."""
    return spec.pretraining.epochs > 0 and not spec.state


def lesson_variant(path: Path) -> tuple[NetworkSpec, bool]:
    """A gallery lesson as the window opens it, and whether it is pre-trained first."""
    spec = edits.csv_absolute(initialized(fileformat.load(path)), path.parent)
    return spec, wants_pretraining(spec)


@dataclass(frozen=True, slots=True)
class Changes:
    """What a twin changes (None: as the document)."""

    learning_rate: float | None = None
    momentum: float | None = None
    activation: str | None = None  # of every hidden layer
    init: str | None = None  # new initial weights of that kind (same seed)
    batch_size: int | None = None
    order: str | None = None
    dropout: float | None = None  # of every hidden layer
    pretrain: bool | None = None


def twin_spec(spec: NetworkSpec, changes: Changes) -> tuple[NetworkSpec, bool]:
    """The twin of ``spec`` with ``changes``, and whether it is pre-trained first.

    The twin keeps the document's weights, training state and seed (so the same order of
    examples), unless it changes the initialisation: then it starts afresh (step 0) from the
    initial weights of that kind, drawn with the document's seed."""
    t = spec.training
    training = replace(
        t, learning_rate=_pick(changes.learning_rate, t.learning_rate),
        momentum=_pick(changes.momentum, t.momentum),
        batch_size=_pick(changes.batch_size, t.batch_size), order=_pick(changes.order, t.order))
    layers = list(spec.layers)
    for k in range(1, len(layers) - 1):
        if layers[k].kind != "dense":
            continue
        layers[k] = replace(layers[k], activation=_pick(changes.activation, layers[k].activation),
                            dropout=_pick(changes.dropout, layers[k].dropout))
    twin = replace(spec, training=training, layers=tuple(layers))
    if changes.init is not None and changes.init != spec.init.kind:
        twin = initialized(replace(twin, state=None, init=replace(spec.init, kind=changes.init)),
                           force=True)
    pretrain = wants_pretraining(spec) if changes.pretrain is None else changes.pretrain
    if pretrain and twin.pretraining.epochs < 1:
        twin = replace(twin, pretraining=replace(twin.pretraining,
                                                 epochs=DEFAULT_PRETRAIN_EPOCHS))
    return twin, pretrain and not twin.state


def _pick(value, default):
    return default if value is None else value
