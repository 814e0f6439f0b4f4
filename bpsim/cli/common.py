"""What the commands share: the one-line error, argument types, loading a network and data."""

from __future__ import annotations

import argparse
import math
import os
from dataclasses import replace
from pathlib import Path


class CliError(Exception):
    """A problem to report in one line."""


def floats(text: str) -> list[float]:
    """Argument type: "1,0,1" -> [1.0, 0.0, 1.0] (finite numbers)."""
    try:
        values = [float(v) for v in text.replace(";", ",").split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected numbers separated by commas, got {text!r}") from None
    if not values or not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"expected finite numbers, got {text!r}")
    return values


def positive(text: str) -> float:
    """Argument type: a finite number > 0."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(v) and v > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return v


def load_network(name: str):
    """(spec, folder of the file) for a path or a gallery name."""
    from bpsim.fileformat import load
    from bpsim.gallery import resolve

    try:
        path = resolve(name)
    except FileNotFoundError as exc:
        raise CliError(str(exc)) from None
    return load(path), path.resolve().parent


def with_data(spec, data: str | None, target: str | None, base: Path | None = None):
    """The spec with ``--data NAME`` or ``--data PATH.csv [--target COLUMN]`` (or unchanged).

    A CSV's target is its last column unless given; a numeric target is a regression when
    the network's output is linear. The CSV the file already names (``base``: the file's
    folder) keeps the file's settings: target, task, classes, transform.
    """
    from bpsim.fromdata import data_source
    from bpsim.spec import DATASETS, DataSpec

    if data is None:
        if target is not None:
            raise CliError("--target needs --data PATH.csv")
        return spec
    if data in DATASETS:
        pre = "standardize" if data in ("iris", "digits") else "none"
        return replace(spec, data=DataSpec(dataset=data, preprocess=pre))
    if not Path(data).is_file():
        raise CliError(f"--data {data}: no such file and no data set of that name "
                       f"({', '.join(DATASETS)})")
    own = spec.data
    if own is not None and own.csv is not None and target in (None, own.target) \
            and _same_file(data, Path(base or ".") / own.csv):
        return replace(spec, data=replace(own, csv=str(Path(data).resolve())))
    task = "regression" if spec.layers[-1].activation == "linear" else None
    return replace(spec, data=data_source(data, target, task))


def _same_file(a: str | Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def unit_labels(spec) -> list[list[str]]:
    """The name of every unit, layer by layer, numbered across the network as the lecture
    does (:func:`bpsim.naming.unit_labels`)."""
    from bpsim.naming import unit_labels as names

    return names(spec)


def check_outputs(*paths: str | None) -> None:
    """The files a command will write (``--out``, ``--history``) checked before any work: an
    existing folder, not a FIFO or a device, not read-only (UnsafeFileError, an OSError)."""
    from bpsim.safeio import check_target

    for path in paths:
        if path:
            check_target(path)
