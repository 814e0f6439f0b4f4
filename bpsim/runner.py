"""From a document to a running trainer and back (Qt-free; used by the CLI and the GUI worker).

:func:`setup` loads and prepares the document's data, checks that it fits the network, builds
the Network and a Trainer that resumes the saved progress (epoch, step, momentum).
:func:`finished_spec` writes the trained weights, the progress and the fitted input transform
back into a new document.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from bpsim.data import Prepared, check_sizes, prepare
from bpsim.data.dataset import DataError
from bpsim.data.prepare import check_targets
from bpsim.engine.build import initialized, network_from_spec, spec_with_network
from bpsim.engine.guard import WEIGHT_BOUND, weights_out_of_bounds
from bpsim.engine.network import Network
from bpsim.engine.pretrain import LayerPretraining, pretrain
from bpsim.engine.trainer import Trainer
from bpsim.spec import NetworkSpec, frozen_array


@dataclass(slots=True, eq=False)
class Session:
    spec: NetworkSpec  # initialised (every weight present)
    net: Network
    trainer: Trainer
    prepared: Prepared


def prepare_data(spec: NetworkSpec, base_dir: Path | None = None) -> Prepared:
    """The document's data, split and transformed, checked against the layer sizes."""
    if spec.data is None:
        raise DataError("the network has no data: give it a data set (the file's \"data\" "
                        "section, bpsim train --data NAME, or the Data dock)")
    t = spec.training
    prepared = prepare(spec.data, t.validation_split, t.seed, base_dir)
    check_sizes(prepared.dataset, spec.sizes[0], spec.sizes[-1])
    check_targets(prepared.dataset, spec.loss)
    return prepared


def flat_velocity(spec: NetworkSpec, net: Network) -> np.ndarray | None:
    """The saved momentum dw(t-1) in the flat layout of ``net.params`` (None if not saved)."""
    state = spec.state or {}
    if state.get("velocity") is None:
        return None
    flat = np.zeros(len(net.params), net.dtype)
    W, b = net.layer_views(flat)
    for l, v in enumerate(state["velocity"]):
        W[l][...] = v
    for l, v in enumerate(state.get("velocity_biases") or ()):
        b[l][...] = v
    return flat


def setup(spec: NetworkSpec, base_dir: Path | None = None,
          prepared: Prepared | None = None) -> Session:
    """A session of the document (``prepared``: its data, when already prepared)."""
    spec = initialized(spec)
    prepared = prepare_data(spec, base_dir) if prepared is None else prepared
    net = network_from_spec(spec)
    _check_precision(net, prepared)
    _check_guard(net)
    check_step_memory(net, len(prepared.X_train), spec.training.batch_size)
    state = spec.state or {}
    trainer = Trainer(net, prepared.X_train, prepared.T_train, spec.training,
                      prepared.X_val, prepared.T_val, flat_velocity(spec, net),
                      int(state.get("epoch", 0)), int(state.get("step", 0)))
    return Session(spec, net, trainer, prepared)


def memory_budget() -> int:
    """Bytes a training step may take: half of this computer's memory (4 GiB if unknown)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (AttributeError, ValueError, OSError):
        return 4 << 30


def check_step_memory(net: Network, examples: int, batch_size: int) -> None:
    """ValueError before training when one mini-batch would not fit in memory (a forward
    and backward pass hold about four values per unit and example: outputs, net inputs,
    deltas and temporaries), with the largest batch size that fits."""
    batch = min(max(1, batch_size), max(1, examples))
    per_example = 4 * net.dtype.itemsize * net.values_per_example
    budget = memory_budget()
    if batch * per_example > budget:
        raise ValueError(f"a mini-batch of {batch} examples through this network needs about "
                         f"{batch * per_example / 2**30:.0f} GiB, more than half of this "
                         f"computer's memory; use a batch size of at most "
                         f"{max(1, budget // per_example)}")


def _check_guard(net: Network) -> None:
    """Weights already beyond the divergence guard's bound would stop training at its first
    step, blamed on the learning rate: say what is wrong before any step instead."""
    if not weights_out_of_bounds(net.params):
        return
    big = float(np.max(np.abs(net.params)))
    raise ValueError(f"a weight or bias of size {big:.3g} is beyond the divergence guard's bound "
                     f"({WEIGHT_BOUND:g}): training would stop at once; re-initialise the "
                     "weights or scale them down")


def _check_precision(net: Network, prepared: Prepared) -> None:
    """A float32 network holds no number beyond float32 (3.4e38): weights or data that
    become infinite when cast would make training fail with an untrue cause."""
    if net.dtype == np.float64:
        return
    if not np.isfinite(net.params).all():
        raise ValueError("a weight is too large for float32 (at most 3.4e+38), the precision "
                         'the network computes in; use "dtype": "float64"')
    limit = float(np.finfo(net.dtype).max)
    for what, a in (("input", prepared.X_train), ("input", prepared.X_val),
                    ("target", prepared.T_train), ("target", prepared.T_val)):
        if a.size and float(np.abs(a).max()) > limit:
            raise DataError(f"an {what} value of {float(np.abs(a).max()):.3g} (after the input "
                            "transform) is too large for float32, the precision the network "
                            'computes in; use "dtype": "float64"')


def with_velocity(spec: NetworkSpec, net: Network, velocity: np.ndarray) -> NetworkSpec:
    """The spec whose state holds the momentum dw(t-1) (``velocity`` laid out like
    ``net.params``), as the file format stores it: per layer, like the weights and biases."""
    W, b = net.layer_views(np.asarray(velocity))
    return replace(spec, state={**(spec.state or {}),
                                "velocity": [frozen_array(w) for w in W],
                                "velocity_biases": [frozen_array(v) for v in b]})


def finished_spec(session: Session) -> NetworkSpec:
    """The document after training: weights, progress, momentum and the input transform."""
    tr, net = session.trainer, session.net
    spec = with_velocity(spec_with_network(session.spec, net), net, tr.optimizer.velocity)
    state = dict(spec.state)
    state.update(epoch=tr.epoch, step=tr.step_count)
    data = spec.data
    if data is not None and data.preprocess != "none":
        data = replace(data, shift=frozen_array(session.prepared.shift),
                       scale=frozen_array(session.prepared.scale))
    return replace(spec, state=state, data=data)


def pretrained(spec: NetworkSpec, prepared: Prepared,
               on_epoch: Callable[[int, Trainer], None] | None = None,
               should_stop: Callable[[], bool] | None = None,
               ) -> tuple[NetworkSpec, list[LayerPretraining]]:
    """The document with its dense hidden layers pre-trained as autoencoders on the training
    inputs only (``prepared.X_train``; see :mod:`bpsim.engine.pretrain`), and what each
    layer's pre-training did. Conv and max_pool layers keep their weights (a dense layer after
    them learns from their outputs). The training progress (``state``) is dropped: the weights are
    a new start. ValueError when pre-training is off or there is no hidden layer."""
    settings = spec.pretraining
    if settings.epochs < 1:
        raise ValueError("pre-training is off: pretraining.epochs is 0 (set the epochs per "
                         "hidden layer in the file, or bpsim pretrain --epochs E)")
    layers = [k for k in range(1, len(spec.layers) - 1) if spec.layers[k].kind == "dense"]
    if not layers:
        raise ValueError("the network has no dense hidden layer to pre-train (conv and "
                         "max_pool layers are not pre-trained)")
    spec = initialized(spec)
    net = network_from_spec(spec)
    results = pretrain(net, prepared.X_train, settings, spec.training, spec.init,
                       spec.training.seed, layers, on_epoch, should_stop)
    return replace(spec_with_network(spec, net), state=None), results
