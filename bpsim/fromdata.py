"""A network made for a data set: ``bpsim new --data``, the New dialog's CSV page and
``bpsim train --fit-sizes`` (Qt-free).

The data decide the ends of the network: one input unit per input column (labelled with the
column's name, inputs standardised), and an output layer for the target:

* several classes: one softmax unit per class (labelled with the class names), cross-entropy;
* two classes: one sigmoid unit (labelled with the second class, the one it predicts as 1),
  cross-entropy;
* numbers: linear units (labelled with the target column), mean squared error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from bpsim.data import Dataset, load_dataset
from bpsim.data.dataset import DataError
from bpsim.engine.build import initialized
from bpsim.spec import (
    DATASETS,
    DataSpec,
    InitSpec,
    LayerSpec,
    NetworkSpec,
    TrainingSpec,
    frozen_array,
)

DEFAULT_HIDDEN = (32,)
# ReLU learns classes best (closest to scikit-learn's MLP, see benchmarks/new_vs_sklearn.py);
# bounded tanh units keep a regression on unscaled numbers (e.g. 25..346) from diverging.
ACTIVATION_CLASSES, ACTIVATION_NUMBERS = "relu", "tanh"
# Dropout on the hidden layers (the lecture's section 10) lifts the validation accuracy of
# classes on every test file (benchmarks/new_vs_sklearn.py); for numbers it only adds noise.
DROPOUT_CLASSES = 0.1
LARGE_TARGET = 10.0  # a note suggests rescaling numbers beyond about this size
DEFAULT_VALIDATION = 0.2
UPDATES = 3000  # weight updates a new network trains for (at least MIN_EPOCHS epochs)
MIN_EPOCHS, MAX_EPOCHS = 10, 2000
BATCH = 16


def parse_hidden(text: str) -> tuple[int, ...]:
    """"16,8" -> (16, 8); "0" or "" -> no hidden layer; ValueError otherwise."""
    parts = [p.strip() for p in text.replace("-", ",").split(",") if p.strip()]
    if parts in ([], ["0"]):
        return ()
    if not all(p.isdigit() and 1 <= int(p) <= 100_000 for p in parts):
        raise ValueError(f"expected hidden layer sizes such as 16,8 (whole numbers from 1), "
                         f"got {text!r}")
    return tuple(int(p) for p in parts)


def network_summary(spec: NetworkSpec) -> str:
    """"a 13-32-3 network, relu hidden units (dropout 0.1), softmax output +
    cross_entropy"."""
    hidden = {layer.activation for layer in spec.layers[1:-1]}
    units = f"{', '.join(sorted(hidden))} hidden units" if hidden else "no hidden layer"
    dropout = max((layer.dropout for layer in spec.layers[1:-1]), default=0.0)
    units += f" (dropout {dropout:g})" if dropout else ""
    return (f"a {'-'.join(map(str, spec.sizes))} network, {units}, "
            f"{spec.layers[-1].activation} output + {spec.loss}")


@dataclass(frozen=True, slots=True)
class Output:
    """The output layer the target needs."""

    size: int
    activation: str
    loss: str
    labels: tuple[str, ...]


def output_for(dataset: Dataset, column: str) -> Output:
    """Softmax + cross-entropy for classes, one sigmoid unit for two, linear + mse for numbers."""
    names = dataset.class_names
    if names is None:
        labels = (column,) if dataset.n_outputs == 1 else tuple(
            f"{column} {k + 1}" for k in range(dataset.n_outputs))
        return Output(dataset.n_outputs, "linear", "mse", labels)
    if len(names) == 2:
        return Output(1, "sigmoid", "cross_entropy", (names[1],))
    return Output(len(names), "softmax", "cross_entropy", tuple(names))


def csv_header(path: str | Path) -> list[str]:
    """The column names of a CSV file (its first non-blank line; comma, semicolon or tab).
    Only a regular file is read, and only its first block (see bpsim.data.csvimport)."""
    from bpsim.data.csvimport import csv_header as header

    return header(path)


def data_source(source: str, target: str | None = None, task: str | None = None) -> DataSpec:
    """The DataSpec of a data set name (``iris``) or a CSV file (target: its last column
    unless given), with standardised inputs."""
    if source in DATASETS and not Path(source).is_file():
        if target is not None or task is not None:
            raise DataError(f"{source} is a built-in data set: its target is fixed")
        return DataSpec(dataset=source, preprocess="standardize")
    path = Path(source)
    if not path.is_file():
        raise DataError(f"{source}: no such file and no built-in data set of that name "
                        f"({', '.join(DATASETS)})")
    if target is None:
        header = csv_header(path)
        if not header or not header[-1]:
            raise DataError(f"{path.name}: no header row with column names")
        target = header[-1]
    return DataSpec(csv=str(path.resolve()), target=target, task=task,
                    preprocess="standardize")


def network_for_data(data: DataSpec, dataset: Dataset, *, hidden: tuple[int, ...] = DEFAULT_HIDDEN,
                     activation: str | None = None,
                     validation: float = DEFAULT_VALIDATION, name: str = "",
                     seed: int = 0, dropout: float | None = None) -> NetworkSpec:
    """An initialised network for ``dataset`` (loaded from ``data``) with ``hidden`` layers of
    ``activation`` units (None: ReLU for classes, tanh for numbers) and ``dropout`` (None:
    DROPOUT_CLASSES for classes, 0 for numbers)."""
    column = data.target or "target"
    out = output_for(dataset, column)
    numbers = out.activation == "linear"
    if activation is None:
        activation = ACTIVATION_NUMBERS if numbers else ACTIVATION_CLASSES
    if dropout is None:
        dropout = 0.0 if numbers else DROPOUT_CLASSES
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"the dropout probability must be at least 0 and below 1, got {dropout}")
    if activation == "softmax":
        raise ValueError("softmax is allowed on the output layer only")
    if any(n < 1 for n in hidden):
        raise ValueError("every hidden layer needs at least one unit")
    if not 0.0 <= validation < 1.0:
        raise ValueError(f"the validation share must be at least 0 and below 1, got {validation}")
    layers = [LayerSpec(size=dataset.n_inputs, labels=tuple(dataset.input_names))]
    layers += [LayerSpec(size=n, activation=activation, dropout=dropout) for n in hidden]
    layers.append(LayerSpec(size=out.size, activation=out.activation, labels=out.labels))
    task = "regression" if out.activation == "linear" else "classes"
    data = replace(data, class_names=dataset.class_names,
                   task=task if data.csv is not None else None)
    n_train = max(1, round(dataset.n_examples * (1.0 - validation)))
    spec = NetworkSpec(
        layers=tuple(layers), loss=out.loss, data=data, name=name or dataset.name,
        description=describe(dataset, column, hidden, activation),
        init=InitSpec(kind="he_normal" if "relu" in activation else "xavier_uniform"),
        training=TrainingSpec(learning_rate=_learning_rate(out), momentum=0.9,
                              batch_size=min(BATCH, n_train), order="shuffle",
                              epochs=_epochs(n_train), validation_split=validation,
                              seed=seed))
    return _output_bias_at_mean(initialized(spec), dataset, out)


def _learning_rate(out: Output) -> float:
    return 0.01 if out.loss == "cross_entropy" else 0.002


def _epochs(n_train: int) -> int:
    steps_per_epoch = math.ceil(n_train / min(BATCH, n_train))
    return int(np.clip(math.ceil(UPDATES / steps_per_epoch), MIN_EPOCHS, MAX_EPOCHS))


def _output_bias_at_mean(spec: NetworkSpec, dataset: Dataset, out: Output) -> NetworkSpec:
    """A linear output starts at the mean target (so training learns the variation, not the
    level)."""
    if out.activation != "linear":
        return spec
    return spec.with_layer(len(spec.layers) - 1, biases=frozen_array(dataset.T.mean(axis=0)))


def target_note(dataset: Dataset, column: str) -> str:
    """A hint when numbers to predict are far from ±1 (training on them is slow or unstable),
    else ""."""
    if dataset.class_names is not None:
        return ""
    T = dataset.T
    size = max(float(np.abs(T.mean())), float(T.std()))
    if size <= LARGE_TARGET:
        return ""
    return (f"note: {column} goes from {T.min():.6g} to {T.max():.6g}; a network learns numbers "
            f"of about ±1 best, so dividing the column by {10 ** round(math.log10(size)):g} "
            "usually helps")


def describe(dataset: Dataset, column: str, hidden: tuple[int, ...], activation: str) -> str:
    from bpsim.data.task import describe_task

    sizes = "-".join(map(str, (dataset.n_inputs, *hidden, output_for(dataset, column).size)))
    return (f"A {sizes} {activation} network for {dataset.name} ({dataset.n_examples} "
            f"examples, {dataset.n_inputs} inputs), {describe_task(dataset, column)}.")


def fit_to_data(spec: NetworkSpec, base_dir: Path | None = None) -> NetworkSpec:
    """``--fit-sizes``: the input and output layers resized to the spec's data, labelled from
    it, and the output layer and loss chosen as :func:`network_for_data` chooses them (a
    numeric target stays a regression when the network's output is linear)."""
    from bpsim.edits import set_io_sizes

    if spec.data is None:
        raise DataError("--fit-sizes needs data: the file has none (use --data)")
    data = spec.data
    if data.csv is not None and data.task is None and spec.layers[-1].activation == "linear":
        data = replace(data, task="regression")
    data = replace(data, class_names=None)
    dataset = load_dataset(data, base_dir)
    out = output_for(dataset, data.target or "target")
    last = len(spec.layers) - 1
    spec = replace(spec.with_layer(last, activation=out.activation), loss=out.loss)
    spec = set_io_sizes(spec, dataset.n_inputs, out.size)
    spec = spec.with_layer(0, labels=tuple(dataset.input_names))
    spec = spec.with_layer(last, labels=out.labels)
    return replace(spec, data=replace(data, class_names=dataset.class_names))
