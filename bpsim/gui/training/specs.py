"""Pure spec logic of live training (Qt-free): what changed, trained and reset documents."""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np

from bpsim.spec import LayerSpec, NetworkSpec, TrainingSpec, frozen_array

#: TrainingSpec fields a running Trainer can take from the next step on (set_training).
LIVE_FIELDS = ("learning_rate", "momentum", "batch_size", "order", "epochs", "weight_decay",
               "schedule", "error_floor")


def live_changes(old: NetworkSpec, new: NetworkSpec) -> dict | None:
    """The hyperparameter changes from ``old`` to ``new`` if that is all that changed (a
    running trainer can take them), else None (the trainer must be rebuilt)."""
    if (new.layers is not old.layers or new.data is not old.data or new.loss != old.loss
            or new.state is not old.state):
        return None
    a, b = old.training, new.training
    changes = {}
    for f in fields(TrainingSpec):
        if getattr(a, f.name) != getattr(b, f.name):
            if f.name not in LIVE_FIELDS:
                return None
            changes[f.name] = getattr(b, f.name)
    return changes


def structure(spec: NetworkSpec) -> tuple:
    """What makes weights of one spec meaningful for another: sizes, activations, loss, data."""
    return (spec.sizes, tuple(layer.activation for layer in spec.layers[1:]), spec.loss,
            spec.data)


def _with_weights(layers: tuple[LayerSpec, ...], source: tuple[LayerSpec, ...]
                  ) -> tuple[LayerSpec, ...]:
    out = [layers[0]]
    for layer, src in zip(layers[1:], source[1:]):
        w = None if src.weights is None else frozen_array(src.weights)
        b = None if src.biases is None else frozen_array(src.biases)
        out.append(replace(layer, weights=w, biases=b))
    return tuple(out)


def _frozen_state(state: dict | None) -> dict | None:
    if state is None:
        return None
    out = {}
    for key, value in state.items():
        if isinstance(value, list | tuple) and value and isinstance(value[0], np.ndarray):
            value = [frozen_array(v) for v in value]
        out[key] = value
    return out


def trained_spec(current: NetworkSpec, finished: NetworkSpec) -> NetworkSpec:
    """``current`` (the document, with its own settings) with the weights, progress and
    momentum of ``finished`` (runner.finished_spec of the child) and the fitted transform."""
    data = current.data
    if (data is not None and finished.data is not None and data.preprocess != "none"
            and data.shift is None):
        data = replace(data, shift=finished.data.shift, scale=finished.data.scale)
    return replace(current, layers=_with_weights(current.layers, finished.layers),
                   state=_frozen_state(finished.state), data=data)


def reset_spec(current: NetworkSpec, start: NetworkSpec) -> NetworkSpec | None:
    """``current`` with the weights and progress training started from, or None when the
    structure changed since (the start weights no longer fit)."""
    if structure(current)[:3] != structure(start)[:3]:
        return None
    return replace(current, layers=_with_weights(current.layers, start.layers),
                   state=start.state)


def train_text(epochs: int, steps: int) -> str:
    """The undo text of a training run: "Train 3 epochs (1200 steps)", "Step 1 mini-batch"."""
    s = "" if steps == 1 else "s"
    if epochs == 0:
        return f"Step {steps} mini-batch{s}" if steps < 10 else f"Train {steps} steps"
    e = "" if epochs == 1 else "s"
    return f"Train {epochs} epoch{e} ({steps} step{s})"
