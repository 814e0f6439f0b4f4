"""The document: a network with its settings, as plain immutable data (no Qt, no NumPy maths).

A :class:`NetworkSpec` is what a ``.bpsim`` file holds and what the GUI's undo stack swaps:
every edit builds a new spec with :func:`dataclasses.replace`. The engine turns a spec into a
trainable :class:`bpsim.engine.network.Network` and back.

Shapes follow the seed: ``weights`` of a dense layer l is (units of l, units of l-1);
``weights[j][i]`` is the weight from unit i of the previous layer to unit j of this layer.

Layers with a shape (format version 2): an input ``shape`` (C, L) or (C, H, W) (channels, then
the spatial axes), a ``conv`` layer (F filters sliding over the previous layer's maps, shared
weights F x C x kernel) and a ``max_pool`` layer. Their outputs are F (or C) maps whose values
are the layer's units, flattened in C order (channel, row, column); ``size`` is that count, so
that a dense layer after them reads them as an ordinary vector. :func:`conv_shape` and
:func:`pool_shape` are the geometry (PyTorch's conv1d/conv2d and max_pool1d/2d).
"""

from __future__ import annotations

from collections.abc import Sequence
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
    "checkerboard", "sine", "parity", "iris", "digits", "motif",
)
PREPROCESS = ("none", "standardize", "minmax")
TASKS = ("classes", "regression")
DEFAULT_LEAKY_SLOPE = 0.01
LAYER_KINDS = ("dense", "conv", "max_pool")
ONE_UNIT_SOFTMAX = ("a softmax output needs at least two units (a single unit always outputs 1 "
                    "and never learns); for two classes use one sigmoid unit")


def frozen_array(values: Any, dtype: Any = np.float64) -> np.ndarray:
    """A read-only float array copy of ``values`` (so specs can share it safely)."""
    a = np.array(values, dtype=dtype, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, slots=True, eq=False)
class LayerSpec:
    """One layer. The input layer (index 0) has only ``size``, ``labels`` and maybe ``shape``.

    ``weights`` and ``biases`` are read-only arrays or ``None`` (then they are initialised
    from the document's :class:`InitSpec`); their shapes are :func:`weight_shape` and
    (filters or units,). ``slope`` is the negative slope of ``leaky_relu``; ``dropout`` the
    probability of dropping a unit of this (hidden, dense) layer during training.

    ``kind`` is "dense", "conv" or "max_pool". ``shape`` is the output shape (channels,
    *spatial) of the input layer when it has one and of every conv and max_pool layer (None
    for dense layers), and ``size`` its product; build them with :func:`conv_layer`,
    :func:`pool_layer` or :func:`with_shapes`, which compute both. A conv layer has
    ``filters``, ``kernel``, ``stride`` and ``padding`` (one entry per spatial axis), a
    max_pool layer its window ``pool`` (stride = window). A max_pool layer has no weights and
    no activation ("linear" by convention: its output is the maximum itself).
    """

    size: int
    activation: str = "sigmoid"
    labels: tuple[str, ...] | None = None
    weights: np.ndarray | None = None
    biases: np.ndarray | None = None
    dropout: float = 0.0
    slope: float = DEFAULT_LEAKY_SLOPE
    kind: str = "dense"
    shape: tuple[int, ...] | None = None
    filters: int = 0
    kernel: tuple[int, ...] = ()
    stride: tuple[int, ...] = ()
    padding: tuple[int, ...] = ()
    pool: tuple[int, ...] = ()

    @property
    def has_parameters(self) -> bool:
        """Whether the layer has weights and biases (every layer but max_pool)."""
        return self.kind != "max_pool"

    @property
    def out_shape(self) -> tuple[int, ...]:
        """``shape``, or (size,) for a dense layer."""
        return self.shape if self.shape is not None else (self.size,)


def _axes(value: int | Sequence[int], n: int, what: str) -> tuple[int, ...]:
    """One integer per spatial axis from an integer or a sequence of n integers."""
    if isinstance(value, int):
        return (value,) * n
    values = tuple(int(v) for v in value)
    if len(values) != n:
        raise ValueError(f"{what} needs {n} number{'s' if n > 1 else ''} (one per spatial "
                         f"axis), got {len(values)}")
    return values


def dims(values: Sequence[int]) -> str:
    """Sizes as the messages write them: 8x8, 3."""
    return "x".join(str(v) for v in values)


def conv_shape(in_shape: Sequence[int], filters: int, kernel: Sequence[int],
               stride: Sequence[int], padding: Sequence[int]) -> tuple[int, ...]:
    """(F, *spatial) of a convolution of maps ``in_shape`` = (C, *spatial):
    (n + 2p - k) // s + 1 per axis. ValueError (naming the sizes) when a kernel axis is larger
    than the padded input."""
    spatial = tuple(in_shape[1:])
    if len(kernel) != len(spatial):
        raise ValueError(f"a kernel of {len(kernel)} axes does not fit the input maps "
                         f"{dims(in_shape)} ({len(spatial)} spatial axes)")
    padded = tuple(n + 2 * p for n, p in zip(spatial, padding))
    if any(k > n for k, n in zip(kernel, padded)):
        pad = f" padded by {dims(padding)} to {dims(padded)}" if any(padding) else ""
        raise ValueError(f"the kernel {dims(kernel)} is larger than the input maps "
                         f"{dims(spatial)}{pad}")
    return (filters, *((n - k) // s + 1 for n, k, s in zip(padded, kernel, stride)))


def pool_shape(in_shape: Sequence[int], window: Sequence[int]) -> tuple[int, ...]:
    """(C, *spatial // window) of max-pooling maps ``in_shape``; ValueError when the window
    is larger than the maps."""
    spatial = tuple(in_shape[1:])
    if len(window) != len(spatial):
        raise ValueError(f"a pooling window of {len(window)} axes does not fit the input "
                         f"maps {dims(in_shape)} ({len(spatial)} spatial axes)")
    if any(w > n for w, n in zip(window, spatial)):
        raise ValueError(f"the pooling window {dims(window)} is larger than the input maps "
                         f"{dims(spatial)}")
    return (in_shape[0], *(n // w for n, w in zip(spatial, window)))


def _product(values: Sequence[int]) -> int:
    n = 1
    for v in values:
        n *= int(v)
    return n


def input_layer(shape: Sequence[int], labels: tuple[str, ...] | None = None) -> LayerSpec:
    """An input layer of maps (C, L) or (C, H, W)."""
    shape = tuple(int(v) for v in shape)
    return LayerSpec(size=_product(shape), shape=shape, labels=labels)


def conv_layer(previous: LayerSpec, filters: int, kernel: Sequence[int],
               stride: int | Sequence[int] = 1, padding: int | Sequence[int] = 0,
               **changes: Any) -> LayerSpec:
    """A conv layer after ``previous`` (which must have a shape) with its shape and size."""
    if previous.shape is None:
        raise ValueError("a conv layer needs maps as input (an input layer with a shape, or "
                         "a conv or max_pool layer), not a dense layer")
    n = len(previous.shape) - 1
    kernel = _axes(tuple(kernel), n, "kernel")
    stride, padding = _axes(stride, n, "stride"), _axes(padding, n, "padding")
    if filters < 1 or min(kernel) < 1 or min(stride) < 1 or min(padding) < 0:
        raise ValueError("a conv layer needs filters, kernel and stride >= 1 and padding >= 0")
    shape = conv_shape(previous.shape, filters, kernel, stride, padding)
    return LayerSpec(**{**changes, "size": _product(shape),
                        "kind": "conv", "shape": shape, "filters": int(filters),
                        "kernel": kernel, "stride": stride, "padding": padding})


def pool_layer(previous: LayerSpec, window: int | Sequence[int]) -> LayerSpec:
    """A max_pool layer after ``previous`` (which must have a shape)."""
    if previous.shape is None:
        raise ValueError("a max_pool layer needs maps as input (an input layer with a shape, "
                         "or a conv or max_pool layer), not a dense layer")
    window = _axes(window, len(previous.shape) - 1, "pooling window")
    if min(window) < 1:
        raise ValueError("a pooling window needs sizes >= 1")
    shape = pool_shape(previous.shape, window)
    return LayerSpec(size=_product(shape), activation="linear", kind="max_pool", shape=shape,
                     pool=window)


def with_shapes(layers: Sequence[LayerSpec]) -> tuple[LayerSpec, ...]:
    """The layers with every conv and max_pool layer's shape and size recomputed from the
    input's shape (after an edit of an earlier layer); ValueError when one no longer fits."""
    out = [layers[0]]
    for layer in layers[1:]:
        prev = out[-1]
        if layer.kind == "conv":
            layer = replace(layer, **_shape_fields(conv_layer(
                prev, layer.filters, layer.kernel, layer.stride, layer.padding)))
        elif layer.kind == "max_pool":
            layer = replace(layer, **_shape_fields(pool_layer(prev, layer.pool)))
        out.append(layer)
    return tuple(out)


def _shape_fields(layer: LayerSpec) -> dict[str, Any]:
    return {"size": layer.size, "shape": layer.shape}


def weight_shape(layer: LayerSpec, previous: LayerSpec) -> tuple[int, ...]:
    """The shape of ``layer.weights``: (size, previous size) for dense, (F, C, *kernel) for
    conv, (0,) for max_pool (no weights)."""
    if layer.kind == "conv":
        return (layer.filters, previous.out_shape[0], *layer.kernel)
    if layer.kind == "max_pool":
        return (0,)
    return (layer.size, previous.size)


def bias_count(layer: LayerSpec) -> int:
    """How many biases the layer has: one per unit (dense), per filter (conv), none (pool)."""
    return {"conv": layer.filters, "max_pool": 0}.get(layer.kind, layer.size)


def parameter_count(layers: Sequence[LayerSpec]) -> int:
    """Weights and biases of all layers."""
    return sum(_product(weight_shape(layer, prev)) + bias_count(layer)
               for prev, layer in zip(layers[:-1], layers[1:]))


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
    """Hyperparameters (see docs/file-format.md). ``epochs`` is the length of a headless run
    (``bpsim train``); the window trains until paused unless ``stop_after_epochs``."""

    learning_rate: float = 0.5
    momentum: float = 0.0
    batch_size: int = 1
    order: str = "sequential"
    epochs: int = 100
    stop_after_epochs: bool = False
    validation_split: float = 0.0
    seed: int = 0
    weight_decay: float = 0.0
    schedule: ScheduleSpec = field(default_factory=ScheduleSpec)
    error_floor: float = 0.2
    dtype: str = "float64"


@dataclass(frozen=True, slots=True)
class PretrainSpec:
    """Layer-wise autoencoder pre-training of the dense hidden layers (lecture section 10).

    ``epochs`` per hidden layer (0: off); ``learning_rate`` None means the training one;
    ``noise`` in [0, 1) is the probability of setting each input of an autoencoder to 0 (a
    denoising autoencoder); ``tied`` makes the decoder use the transpose of the encoder's
    weights. See :mod:`bpsim.engine.pretrain`.
    """

    epochs: int = 0
    learning_rate: float | None = None
    noise: float = 0.0
    tied: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class DataSpec:
    """Where the examples come from: exactly one of inline arrays, a named dataset or a CSV.

    ``inputs`` (N, n_in) and ``targets`` (N, n_out) are read-only arrays for inline data.
    ``dataset`` names a generator of :mod:`bpsim.data` with its ``params``; ``csv`` is a path
    relative to the network file with the ``target`` column; ``task`` ("classes",
    "regression" or None: as the CSV reader decides) says what a numeric target column
    means (see :mod:`bpsim.data.task`). ``preprocess`` is "none",
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
    task: str | None = None
    preprocess: str = "none"
    class_names: tuple[str, ...] | None = None
    shift: np.ndarray | None = None
    scale: np.ndarray | None = None

    def param_dict(self) -> dict[str, Any]:
        return dict(self.params)


RUN_CURVES = ("train_loss", "validation_loss", "train_accuracy", "validation_accuracy",
              "learning_rate")
RUN_SETTINGS = ("learning_rate", "momentum", "batch_size", "order", "activation", "init",
                "dropout")


@dataclass(frozen=True, slots=True, eq=False)
class SavedRun:
    """A training run kept with the document (the window's Runs panel): its name and colour,
    the settings it trained with (``settings``: pairs of :data:`RUN_SETTINGS` keys and
    values), whether it was pre-trained, and its decimated per-epoch curves: ``steps`` (n,)
    and ``rows`` (n, len(RUN_CURVES)), NaN where a value is not defined."""

    name: str
    color: str
    steps: np.ndarray
    rows: np.ndarray
    settings: tuple[tuple[str, Any], ...] = ()
    pretrained: bool = False
    epochs: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class NetworkSpec:
    """The whole document. ``state`` carries optional progress (epoch, step, velocities);
    ``pretraining`` the settings of layer-wise pre-training (off by default); ``runs`` the
    training runs kept with it (the window's Runs panel; none by default)."""

    layers: tuple[LayerSpec, ...]
    loss: str = "sse"
    training: TrainingSpec = field(default_factory=TrainingSpec)
    init: InitSpec = field(default_factory=InitSpec)
    data: DataSpec | None = None
    name: str = ""
    description: str = ""
    state: dict[str, Any] | None = None
    pretraining: PretrainSpec = field(default_factory=PretrainSpec)
    runs: tuple[SavedRun, ...] = ()

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(layer.size for layer in self.layers)

    @property
    def has_weights(self) -> bool:
        return all(layer.weights is not None for layer in self.layers[1:]
                   if layer.has_parameters)

    @property
    def is_dense(self) -> bool:
        """Whether every layer is dense and the input has no shape (a version 1 network)."""
        return self.layers[0].shape is None and all(layer.kind == "dense"
                                                    for layer in self.layers)

    def with_training(self, **changes: Any) -> NetworkSpec:
        return replace(self, training=replace(self.training, **changes))

    def with_layer(self, index: int, **changes: Any) -> NetworkSpec:
        layers = list(self.layers)
        layers[index] = replace(layers[index], **changes)
        return replace(self, layers=tuple(layers))
