"""The real data sets bundled in ``resources/data/`` (read with NumPy; no scikit-learn).

* ``iris.csv``: Fisher's Iris, 150 rows: sepal_length, sepal_width, petal_length,
  petal_width (cm) and species (setosa, versicolor, virginica), 50 of each.
* ``digits.npz``: the UCI optical recognition of handwritten digits test set, 1797 8x8
  images: ``pixels`` (1797, 64) uint8 in 0..16 (row-major, pixel_r_c = row r, column c) and
  ``labels`` (1797,) uint8 in 0..9.

See ``resources/data/README.md`` for the sources and licence (CC BY 4.0).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from bpsim.data.csvimport import read_csv
from bpsim.data.dataset import DataError, Dataset, one_hot
from bpsim.resources import resources_dir

IRIS_DESCRIPTION = ("Fisher's Iris (1936): 4 flower measurements in cm, 3 species, "
                    "50 of each. UCI Machine Learning Repository, CC BY 4.0")
DIGITS_DESCRIPTION = ("UCI optical recognition of handwritten digits (Alpaydin & Kaynak "
                      "1998): 8x8 images, pixels 0..16, 10 classes. CC BY 4.0")


def data_file(name: str) -> Path:
    """The path of a bundled data file, or DataError if it is missing."""
    path = resources_dir() / "data" / name
    if not path.is_file():
        raise DataError(f"the bundled data file {path} is missing; reinstall bpsim or set "
                        "BPSIM_RESOURCES to the resources directory")
    return path


def load_iris() -> Dataset:
    """Iris: X (150, 4), T (150, 3) one-hot for setosa, versicolor, virginica."""
    dataset = read_csv(data_file("iris.csv"), target="species")
    return replace(dataset, name="iris", description=IRIS_DESCRIPTION)


def load_digits() -> Dataset:
    """Digits: X (1797, 64) pixel values 0..16, T (1797, 10) one-hot for "0" .. "9"."""
    with np.load(data_file("digits.npz"), allow_pickle=False) as archive:
        pixels, labels = archive["pixels"], archive["labels"]
    names = tuple(f"pixel_{r}_{c}" for r in range(8) for c in range(8))
    classes = tuple(str(d) for d in range(10))
    return Dataset(pixels.astype(np.float64), one_hot(labels, 10), "digits", names, classes,
                   DIGITS_DESCRIPTION)
