"""Pure spec logic of live training (Qt-free): what changed, trained and reset documents."""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np

from bpsim.lang import tx
from bpsim.spec import LayerSpec, NetworkSpec, TrainingSpec, frozen_array

#: TrainingSpec fields a running Trainer can take from the next step on (set_training).
LIVE_FIELDS = ("learning_rate", "momentum", "batch_size", "order", "epochs",
               "stop_after_epochs", "weight_decay", "schedule", "error_floor")


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


def snapshot_spec(base: NetworkSpec, weights: tuple[np.ndarray, ...],
                  biases: tuple[np.ndarray, ...], epoch: int, step: int) -> NetworkSpec:
    """``base`` with the weights and biases of a snapshot (one array per non-input layer, as
    the child's network holds them) and its progress: what the window keeps of a run whose
    child stopped answering or died. The momentum is not in snapshots: it starts again."""
    layers = [base.layers[0]]
    for layer, w, b in zip(base.layers[1:], weights, biases, strict=True):
        if layer.has_parameters:
            layer = replace(layer, weights=frozen_array(w), biases=frozen_array(b))
        layers.append(layer)
    return replace(base, layers=tuple(layers), state={"epoch": int(epoch), "step": int(step)})


def merge_edit(new: NetworkSpec, old: NetworkSpec, trained: NetworkSpec) -> NetworkSpec | None:
    """After an edit of ``old`` into ``new`` that kept the structure (a weight typed, a bias,
    an undo) during training: ``new`` with the trained weights, progress and momentum wherever
    the edit left a weight or bias as it was (None if it changed every one, e.g. a
    re-initialisation)."""
    merged = trained_spec(new, trained)
    layers, kept = [new.layers[0]], 0
    for a, b, t in zip(new.layers[1:], old.layers[1:], trained.layers[1:]):
        if a.weights is None or b.weights is None or a.weights.shape != b.weights.shape:
            layers.append(a)
            continue
        same_w, same_b = a.weights == b.weights, a.biases == b.biases
        kept += int(same_w.sum() + same_b.sum())
        layers.append(replace(a, weights=frozen_array(np.where(same_w, t.weights, a.weights)),
                              biases=frozen_array(np.where(same_b, t.biases, a.biases))))
    return replace(merged, layers=tuple(layers)) if kept else None


def carry_over(new: NetworkSpec, old: NetworkSpec, trained: NetworkSpec) -> NetworkSpec | None:
    """After a structural edit of ``old`` into ``new`` during training: ``new`` with the
    trained weights of every unit the edit kept (None if it kept none).

    The editor keeps units: a kept unit's row of W (on the kept input columns) and its bias
    are copied unchanged into ``new``. Layers are paired by index when the layer count is the
    same, else by the identity of their arrays (an inserted or removed layer). Units are paired
    by those equal rows; a same-size layer whose weights were re-drawn keeps its units by
    position, so that the layers after it keep theirs.
    """
    pairs = _layer_pairs(new, old)
    units: list[np.ndarray] = [np.arange(new.sizes[0]) if new.sizes[0] == old.sizes[0]
                               else np.full(new.sizes[0], -1)]
    layers, carried = list(new.layers), 0
    for ln in range(1, len(new.layers)):
        lo = pairs.get(ln)
        a = new.layers[ln]
        if lo is None or a.weights is None or old.layers[lo].weights is None:
            units.append(np.full(a.size, -1))
            continue
        b, t = old.layers[lo], trained.layers[lo]
        inputs = units[ln - 1]
        if pairs.get(ln - 1, 0) != lo - 1:  # the inputs are another old layer's units
            inputs = np.full(len(inputs), -1)
        rows = _match_rows(a, b, inputs)
        if (rows >= 0).any():
            cn = np.flatnonzero(inputs >= 0)
            co = inputs[cn]
            W, bias = np.array(a.weights, float), np.array(a.biases, float)
            for j in np.flatnonzero(rows >= 0):
                W[j, cn] = t.weights[rows[j], co]
                bias[j] = t.biases[rows[j]]
            layers[ln] = replace(a, weights=frozen_array(W), biases=frozen_array(bias))
            carried += int((rows >= 0).sum())
        if a.size == b.size:  # re-drawn inputs: the units themselves are still the old ones
            if (rows < 0).all() and _same_values(a.biases, b.biases):
                layers[ln] = replace(layers[ln], biases=frozen_array(t.biases))
                carried += a.size
            rows = np.where(rows >= 0, rows, np.arange(a.size))
        units.append(rows)
    return replace(new, layers=tuple(layers)) if carried else None


def _same_values(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return a is not None and b is not None and a.shape == b.shape and np.array_equal(a, b)


def _layer_pairs(new: NetworkSpec, old: NetworkSpec) -> dict[int, int]:
    """new layer index -> old layer index (see :func:`carry_over`)."""
    if len(new.layers) == len(old.layers):
        return {l: l for l in range(1, len(new.layers))}
    pairs = {}
    for ln, a in enumerate(new.layers[1:], 1):
        for lo, b in enumerate(old.layers[1:], 1):
            if (a.weights is not None and a.weights is b.weights) or (
                    a.biases is not None and a.biases is b.biases):
                pairs[ln] = lo
    # a layer whose inputs were re-drawn (after an inserted or removed layer): the old layer
    # just before the next pair (or the last one), if it is free and as large
    for ln in range(len(new.layers) - 1, 0, -1):
        lo = len(old.layers) if ln == len(new.layers) - 1 else pairs.get(ln + 1)
        if ln not in pairs and lo is not None and lo - 1 >= 1 and lo - 1 not in pairs.values() \
                and old.layers[lo - 1].size == new.layers[ln].size:
            pairs[ln] = lo - 1
    return pairs


def _match_rows(a: LayerSpec, b: LayerSpec, inputs: np.ndarray) -> np.ndarray:
    """For every unit of ``a``: the unit of ``b`` with the same bias and the same weights on
    the paired inputs (-1 if none)."""
    cn = np.flatnonzero(inputs >= 0)
    rows = np.full(a.size, -1)
    if len(cn) == 0 or a.biases is None or b.biases is None:
        return rows
    Wa, Wb = np.asarray(a.weights)[:, cn], np.asarray(b.weights)[:, inputs[cn]]
    same = (Wa[:, None, :] == Wb[None, :, :]).all(axis=2)
    same &= np.asarray(a.biases)[:, None] == np.asarray(b.biases)[None, :]
    used = np.zeros(b.size, bool)
    for j in range(a.size):
        free = np.flatnonzero(same[j] & ~used)
        if len(free):
            rows[j] = free[0]
            used[free[0]] = True
    return rows


def reset_spec(current: NetworkSpec, start: NetworkSpec) -> NetworkSpec | None:
    """``current`` with the weights and progress training started from, or None when the
    structure changed since (the start weights no longer fit)."""
    if structure(current)[:3] != structure(start)[:3]:
        return None
    return replace(current, layers=_with_weights(current.layers, start.layers),
                   state=start.state)


def train_text(epochs: int, steps: int) -> str:
    """The undo text of a training run: "Train 3 epochs (1200 steps)", "Step 1 mini-batch"."""
    if epochs == 0:
        if steps == 1:
            return tx("Step 1 mini-batch")
        text = (tx("Step {0} mini-batches") if steps < 10
                else tx("Train {0} steps"))
        return text.format(steps)
    if epochs == 1:
        return (tx("Train 1 epoch (1 step)") if steps == 1 else
                tx("Train 1 epoch ({0} steps)").format(steps))
    return tx("Train {0} epochs ({1} steps)").format(epochs, steps)
