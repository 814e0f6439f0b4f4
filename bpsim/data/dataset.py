"""The :class:`Dataset` every data source produces, and the :class:`DataError` they raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bpsim.engine.network import is_classification


class DataError(ValueError):
    """A data source cannot be used; the message is one line meant for the user."""


def _frozen_2d(values: Any, what: str) -> np.ndarray:
    """A read-only float64 2-D copy of ``values``; an array that is already read-only, owns
    its data and is float64 is kept as it is (a large CSV's X is not copied)."""
    owned = (isinstance(values, np.ndarray) and values.dtype == np.float64
             and values.flags.owndata and not values.flags.writeable)
    a = values if owned else np.array(values, dtype=np.float64, copy=True)
    if a.ndim != 2:
        raise DataError(f"{what} must be a 2-D array (examples, columns), got shape {a.shape}")
    if not all(np.isfinite(a[i:i + 65536]).all() for i in range(0, len(a), 65536)):
        raise DataError(f"{what} contain NaN or infinite values")
    a.setflags(write=False)
    return a


@dataclass(frozen=True, slots=True, eq=False)
class Dataset:
    """Examples before any split or transform.

    ``X`` (N, n_in) and ``T`` (N, n_out) are read-only float64 copies. ``input_names`` has
    n_in entries. ``class_names`` is None for regression; for classification it names the
    classes: one per one-hot column of ``T``, or two (negative, positive) when ``T`` is a
    single 0/1 column. ``validation`` (sorted example indices, or None) is a data set's own
    held-out part: when a validation part is asked for, it is these examples, not a random
    draw (the ``motif`` sequences validate on positions training never sees).
    """

    X: np.ndarray = field(repr=False)
    T: np.ndarray = field(repr=False)
    name: str
    input_names: tuple[str, ...]
    class_names: tuple[str, ...] | None = None
    description: str = ""
    validation: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        X = _frozen_2d(self.X, "the inputs")
        T = _frozen_2d(self.T, "the targets")
        if len(X) != len(T) or len(X) == 0:
            raise DataError(f"{self.name}: {len(X)} input rows but {len(T)} target rows")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "T", T)
        object.__setattr__(self, "input_names", tuple(self.input_names))
        if len(self.input_names) != X.shape[1]:
            raise DataError(f"{self.name}: {len(self.input_names)} input names for "
                            f"{X.shape[1]} input columns")
        if self.class_names is not None:
            object.__setattr__(self, "class_names", tuple(self.class_names))
            self._check_classes()

    def _check_classes(self) -> None:
        names = self.class_names or ()
        wanted = 2 if self.T.shape[1] == 1 else self.T.shape[1]
        if len(names) != wanted:
            raise DataError(f"{self.name}: {len(names)} class names for {self.T.shape[1]} "
                            f"target column(s); expected {wanted}")
        if not is_classification(self.T):
            raise DataError(f"{self.name}: class targets must be one-hot rows or one 0/1 column")

    @property
    def is_classification(self) -> bool:
        """True when the targets are classes (``class_names`` is set)."""
        return self.class_names is not None

    @property
    def n_examples(self) -> int:
        return int(self.X.shape[0])

    @property
    def n_inputs(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_outputs(self) -> int:
        return int(self.T.shape[1])

    def labels(self) -> np.ndarray:
        """Class index of every example (N,) int; only for classification."""
        if self.class_names is None:
            raise DataError(f"{self.name} is a regression data set; it has no classes")
        if self.T.shape[1] == 1:
            return (self.T[:, 0] >= 0.5).astype(int)
        return self.T.argmax(axis=1)


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Targets for class indices ``labels`` (N,): one 0/1 column if n_classes == 2 (class 1
    is 1), else one-hot (N, n_classes)."""
    labels = np.asarray(labels, dtype=int)
    if n_classes == 2:
        return labels.astype(np.float64).reshape(-1, 1)
    T = np.zeros((len(labels), n_classes))
    T[np.arange(len(labels)), labels] = 1.0
    return T
