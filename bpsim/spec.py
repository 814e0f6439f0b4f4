"""The document: a network with its settings, as plain immutable data (no Qt, no NumPy maths).

A :class:`NetworkSpec` is what a ``.bpsim`` file holds and what the GUI's undo stack swaps:
every edit builds a new spec with :func:`dataclasses.replace`. The engine turns a spec into a
trainable :class:`bpsim.engine.network.Network` and back.

Shapes follow the seed: ``weights`` of layer l is (units of l, units of l-1); ``weights[j][i]``
is the weight from unit i of the previous layer to unit j of this layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax")
LOSSES = ("sse", "mse", "cross_entropy")
ORDERS = ("sequential", "shuffle", "error_emphasis")
SCHEDULES = ("constant", "step", "exponential", "inverse_time")
INITIALIZERS = ("uniform", "xavier_normal", "xavier_uniform", "he_normal")
DTYPES = ("float64", "float32")
DATASETS = (
    "xor", "and", "or", "textbook", "circles", "moons", "spirals", "gaussians",
    "checkerboard", "sine", "parity", "iris", "digits",
)
PREPROCESS = ("none", "standardize", "minmax")
DEFAULT_LEAKY_SLOPE = 0.01


def frozen_array(values: Any, dtype: Any = np.float64) -> np.ndarray:
    """A read-only float array copy of ``values`` (so specs can share it safely)."""
    a = np.array(values, dtype=dtype, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, slots=True, eq=False)
class LayerSpec:
    """One layer. The input layer (index 0) has only ``size`` and ``labels``.

    ``weights`` (size, previous size) and ``biases`` (size,) are read-only arrays or ``None``
    (then they are initialised from the document's :class:`InitSpec`). ``slope`` is the
    negative slope of ``leaky_relu``; ``dropout`` the probability of dropping a unit of this
    (hidden) layer during training.
    """

    size: int
    activation: str = "sigmoid"
    labels: tuple[str, ...] | None = None
    weights: np.ndarray | None = None
    biases: np.ndarray | None = None
    dropout: float = 0.0
    slope: float = DEFAULT_LEAKY_SLOPE

    def label(self, j: int) -> str:
        return self.labels[j] if self.labels else str(j + 1)


@dataclass(frozen=True, slots=True)
class ScheduleSpec:
    """Learning rate over epochs t = 0, 1, ... (eta0 is the training learning rate).

    constant: eta0; step: eta0 * factor ** (t // every); exponential: eta0 * factor ** t;
    inverse_time: eta0 / (1 + k t).
    """

    kind: str = "constant"
    factor: float = 0.5
    every: int = 10
    k: float = 0.01


@dataclass(frozen=True, slots=True)
class InitSpec:
    """How missing weights are drawn: uniform in [-scale, scale], or Xavier/He scaled by
    ``scale`` (1 = the textbook formula). ``seed`` None means: use the training seed."""

    kind: str = "uniform"
    scale: float = 1.0
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class TrainingSpec:
    learning_rate: float = 0.5
    momentum: float = 0.0
    batch_size: int = 1
    order: str = "sequential"
    epochs: int = 100
    validation_split: float = 0.0
    seed: int = 0
    weight_decay: float = 0.0
    schedule: ScheduleSpec = field(default_factory=ScheduleSpec)
    error_floor: float = 0.2
    dtype: str = "float64"


@dataclass(frozen=True, slots=True, eq=False)
class DataSpec:
    """Where the examples come from: exactly one of inline arrays, a named dataset or a CSV.

    ``inputs`` (N, n_in) and ``targets`` (N, n_out) are read-only arrays for inline data.
    ``dataset`` names a generator of :mod:`bpsim.data` with its ``params``; ``csv`` is a path
    relative to the network file with the ``target`` column. ``preprocess`` is "none",
    "standardize" or "minmax"; ``class_names`` name the one-hot target columns.
    ``shift`` and ``scale`` (n_in,) are the fitted input transform x' = (x - shift) / scale,
    fitted on the training split and stored so that predictions use the same transform.
    """

    inputs: np.ndarray | None = None
    targets: np.ndarray | None = None
    dataset: str | None = None
    params: tuple[tuple[str, Any], ...] = ()
    csv: str | None = None
    target: str | None = None
    preprocess: str = "none"
    class_names: tuple[str, ...] | None = None
    shift: np.ndarray | None = None
    scale: np.ndarray | None = None

    def param_dict(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True, slots=True, eq=False)
class NetworkSpec:
    """The whole document. ``state`` carries optional progress (epoch, step, velocities)."""

    layers: tuple[LayerSpec, ...]
    loss: str = "sse"
    training: TrainingSpec = field(default_factory=TrainingSpec)
    init: InitSpec = field(default_factory=InitSpec)
    data: DataSpec | None = None
    name: str = ""
    description: str = ""
    state: dict[str, Any] | None = None

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(layer.size for layer in self.layers)

    @property
    def has_weights(self) -> bool:
        return all(layer.weights is not None for layer in self.layers[1:])

    def with_training(self, **changes: Any) -> NetworkSpec:
        return replace(self, training=replace(self.training, **changes))

    def with_layer(self, index: int, **changes: Any) -> NetworkSpec:
        layers = list(self.layers)
        layers[index] = replace(layers[index], **changes)
        return replace(self, layers=tuple(layers))
