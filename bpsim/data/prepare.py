"""The one entry point from a :class:`~bpsim.spec.DataSpec` to training arrays.

``prepare`` = load the raw examples, split them into training and validation (stratified for
classes), fit the input transform on the training part only (unless the spec stores one)
and apply it to both parts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bpsim.data.csvimport import read_csv
from bpsim.data.dataset import DataError, Dataset
from bpsim.data.generators import GENERATORS
from bpsim.data.preprocess import apply, check_transform, fit_transform
from bpsim.data.task import with_task
from bpsim.engine.network import is_classification
from bpsim.engine.sampling import train_validation_split
from bpsim.resources import resources_dir
from bpsim.safeio import inside_folder
from bpsim.sanitize import excerpt
from bpsim.spec import DataSpec

MAX_LISTED_CLASSES = 12


@dataclass(frozen=True, slots=True, eq=False)
class Prepared:
    """Training arrays for a network. All arrays are read-only.

    ``dataset`` is the raw data, before the split and the transform. ``X_train`` (N_t, n_in),
    ``T_train`` (N_t, n_out), ``X_val`` (N_v, n_in), ``T_val`` (N_v, n_out) are the split,
    the inputs transformed as x' = (x - shift) / scale with ``shift``, ``scale`` (n_in,).
    ``train_index`` (N_t,) and ``val_index`` (N_v,) are the sorted rows of ``dataset`` in
    each part.
    """

    dataset: Dataset = field(repr=False)
    X_train: np.ndarray = field(repr=False)
    T_train: np.ndarray = field(repr=False)
    X_val: np.ndarray = field(repr=False)
    T_val: np.ndarray = field(repr=False)
    shift: np.ndarray
    scale: np.ndarray
    train_index: np.ndarray = field(repr=False, default_factory=lambda: np.arange(0))
    val_index: np.ndarray = field(repr=False, default_factory=lambda: np.arange(0))

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Raw inputs X (M, n_in) as the network sees them: (X - shift) / scale."""
        return apply(X, self.shift, self.scale)


def _source_count(data: DataSpec) -> int:
    inline = data.inputs is not None or data.targets is not None
    return int(inline) + int(data.dataset is not None) + int(data.csv is not None)


def csv_path(csv: str, base_dir: str | os.PathLike[str] | None) -> Path:
    """The CSV file ``csv`` names. ``base_dir`` is the folder of the network file the path
    came from: the file must lie in it or below it (links resolved), so a network file cannot
    make bpsim read ``/etc/passwd`` or ``../../secret.csv``. A path the user gave (``bpsim
    train --data``, Choose CSV in the window) comes with ``base_dir`` None: read as it is.
    bpsim's own bundled data may be named from anywhere (a gallery example saved elsewhere)."""
    if base_dir is None:
        return Path(csv)
    if not inside_folder(csv, base_dir) and not inside_folder(
            os.path.join(base_dir, csv), resources_dir()):  # bpsim's own data: a gallery copy
        raise DataError(f"the data file {excerpt(csv, 60)} is outside the network file's folder "
                        f"({excerpt(str(base_dir), 60)}); bpsim reads a data file named by a "
                        "network file only from that folder or below. To use it, give it "
                        "yourself: bpsim train --data FILE --target COLUMN, or Choose CSV in "
                        "the Data dock")
    return Path(base_dir) / csv


def load_dataset(data: DataSpec, base_dir: Path | None = None) -> Dataset:
    """The raw examples of ``data``: inline arrays, a named generator with its params, or a
    CSV file (see :func:`csv_path`: relative to ``base_dir`` and inside it, or when
    ``base_dir`` is None a path the user gave, relative to the working directory).

    If ``data.class_names`` is given, a generated or CSV data set must have the same classes.
    """
    if _source_count(data) != 1:
        raise DataError("the data must come from exactly one of: inline arrays, a named data "
                        "set or a CSV file")
    if data.dataset is not None:
        if data.dataset not in GENERATORS:
            raise DataError(f"unknown data set {data.dataset!r}; choose one of "
                            f"{', '.join(GENERATORS)}")
        dataset = GENERATORS[data.dataset](**data.param_dict())
    elif data.csv is not None:
        if not data.target:
            raise DataError(f"the CSV data {excerpt(data.csv, 60)} needs a target column")
        dataset = read_csv(csv_path(data.csv, base_dir), data.target)
        dataset = with_task(dataset, data.task, f'the column "{data.target}"')
    else:
        return _inline(data)
    if data.class_names is not None and tuple(data.class_names) != dataset.class_names:
        raise DataError(f"{dataset.name} has the classes {_names(dataset.class_names)}; the "
                        f"network file expects {_names(tuple(data.class_names))}")
    return dataset


def _names(names: tuple[str, ...] | None) -> str:
    if names is None:
        return "none (regression)"
    listed = ", ".join(names[:MAX_LISTED_CLASSES])
    return listed + (f", ... ({len(names)} in all)" if len(names) > MAX_LISTED_CLASSES else "")


def _inline(data: DataSpec) -> Dataset:
    if data.inputs is None or data.targets is None:
        raise DataError("inline data needs both inputs and targets")
    X = np.asarray(data.inputs, dtype=np.float64)
    T = np.asarray(data.targets, dtype=np.float64)
    class_names = data.class_names
    if class_names is None and T.ndim == 2 and is_classification(T):
        class_names = tuple(str(c) for c in range(max(2, T.shape[1])))
    n_in = X.shape[1] if X.ndim == 2 else 0
    names = tuple(f"x{i + 1}" for i in range(n_in))
    return Dataset(X, T, "inline", names, class_names, "examples stored in the network file")


def prepare(data: DataSpec, validation_split: float, seed: int,
            base_dir: Path | None = None) -> Prepared:
    """Load ``data``, split off ``validation_split`` (0 <= f < 1) of it with ``seed``
    (stratified for classes; a data set with its own held-out part gives that part instead),
    fit or reuse the input transform, and apply it."""
    if not 0.0 <= validation_split < 1.0:
        raise DataError(f"the validation split must be at least 0 and below 1, "
                        f"got {validation_split!r}")
    dataset = load_dataset(data, base_dir)
    X, T = dataset.X, dataset.T
    if validation_split > 0.0 and dataset.validation is not None:  # the data set's own
        val = np.asarray(dataset.validation, int)
        train = np.setdiff1d(np.arange(len(X)), val)
    else:
        train, val = train_validation_split(T, validation_split, seed,
                                            stratify=is_classification(T))
    if (data.shift is None) != (data.scale is None):
        raise DataError("the input transform needs both shift and scale, or neither")
    if data.shift is not None and data.scale is not None:
        check_transform(data.shift, data.scale, dataset.n_inputs)
        shift, scale = _frozen(data.shift), _frozen(data.scale)
    else:
        shift, scale = fit_transform(X[train], data.preprocess)
    return Prepared(dataset, _frozen(apply(X[train], shift, scale)), _frozen(T[train]),
                    _frozen(apply(X[val], shift, scale)), _frozen(T[val]), shift, scale,
                    _frozen(train, int), _frozen(val, int))


def check_sizes(dataset: Dataset, n_in: int, n_out: int) -> None:
    """DataError unless a network with ``n_in`` inputs and ``n_out`` outputs fits the data."""
    if (dataset.n_inputs, dataset.n_outputs) == (n_in, n_out):
        return
    inputs = f"{dataset.n_inputs} input{'s' * (dataset.n_inputs != 1)}"
    targets = f"{dataset.n_outputs} target column{'s' * (dataset.n_outputs != 1)}"
    classes = f" (classes {_names(dataset.class_names)})" if dataset.class_names else ""
    raise DataError(f"the data has {inputs} and {targets}{classes}: the network needs an "
                    f"input layer of {dataset.n_inputs} and an output layer of "
                    f"{dataset.n_outputs}; it has {n_in} and {n_out}")


def check_targets(dataset: Dataset, loss: str) -> None:
    """DataError unless the loss can learn these targets: cross-entropy needs them in [0, 1]
    (probabilities); any other value would drive the loss below zero without end."""
    T = dataset.T
    if loss != "cross_entropy" or T.size == 0 or (T.min() >= 0.0 and T.max() <= 1.0):
        return
    raise DataError(f"{dataset.name}: cross-entropy needs targets between 0 and 1, but they go "
                    f"from {T.min():.6g} to {T.max():.6g}; numbers to predict need a linear "
                    "output with the mse loss (bpsim new --data makes one)")


def _frozen(a: np.ndarray, dtype: type = np.float64) -> np.ndarray:
    a = np.array(a, dtype=dtype)
    a.setflags(write=False)
    return a
