"""Classes or regression: what a numeric target column means.

The CSV reader decides by itself (text or at most 20 distinct integers: classes; other
numbers: regression). A network file can say otherwise with ``data.task``:

* ``regression``: numeric class labels (wine quality 3..9) become the numbers themselves,
  one target column, for a linear output;
* ``classes``: a column of integers with more than 20 distinct values becomes classes.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from bpsim.data.csvimport import MAX_CLASSES
from bpsim.data.dataset import DataError, Dataset, one_hot
from bpsim.spec import TASKS


def with_task(dataset: Dataset, task: str | None, column: str = "the target") -> Dataset:
    """``dataset`` as classes or as regression (``task`` None: as it is)."""
    if task is None or (task == "classes") == dataset.is_classification:
        return dataset
    if task == "regression":
        return _as_regression(dataset, column)
    if task == "classes":
        return _as_classes(dataset, column)
    raise DataError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")


def _as_regression(dataset: Dataset, column: str) -> Dataset:
    names = dataset.class_names or ()
    try:
        values = np.array([float(n) for n in names])
    except ValueError:
        raise DataError(f"{dataset.name}: {column} holds text ({', '.join(names[:5])}"
                        f"{', ...' if len(names) > 5 else ''}): it can only be classes, "
                        "not numbers for regression") from None
    if not np.isfinite(values).all():
        raise DataError(f"{dataset.name}: {column} has values that are not finite numbers")
    T = values[dataset.labels()][:, None]
    return replace(dataset, T=T, class_names=None)


def _as_classes(dataset: Dataset, column: str) -> Dataset:
    if dataset.T.shape[1] != 1:
        raise DataError(f"{dataset.name}: {column} has {dataset.T.shape[1]} columns; classes "
                        "come from one column")
    values = dataset.T[:, 0]
    if not np.all(values == np.round(values)):
        k = int(np.flatnonzero(values != np.round(values))[0])
        raise DataError(f"{dataset.name}: {column} holds fractions ({values[k]:g} in row "
                        f"{k + 1}); only whole numbers or text can be classes")
    classes, labels = np.unique(values, return_inverse=True)
    if len(classes) < 2 or len(classes) > MAX_CLASSES:
        raise DataError(f"{dataset.name}: {column} has {len(classes)} different values; "
                        f"classes need 2 to {MAX_CLASSES}")
    names = tuple(str(int(v)) if math.isfinite(v) else str(v) for v in classes)
    return replace(dataset, T=one_hot(labels, len(classes)), class_names=names)


def describe_task(dataset: Dataset, column: str) -> str:
    """What the target means, in one phrase: "classes: 3 (cultivar)", "two classes:
    benign, malignant (diagnosis)", "regression on price"."""
    names = dataset.class_names
    if names is None:
        return f"regression on {column}"
    if len(names) == 2:
        return f"two classes: {names[0]}, {names[1]} ({column})"
    return f"classes: {len(names)} ({column})"
