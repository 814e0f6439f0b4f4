"""Checking the keyword parameters of the data generators (one clear message per mistake)."""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable
from typing import Any, TypeVar

from bpsim.data.dataset import DataError

F = TypeVar("F", bound=Callable[..., Any])

MAX_SEED = 2**63 - 1


def check_int(where: str, name: str, value: Any, lo: int, hi: int) -> int:
    """``value`` as an int in [lo, hi], else DataError "where: name must be an integer ..."."""
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or not lo <= int(value) <= hi:
        raise DataError(f"{where}: {name} must be an integer between {lo} and {hi}, "
                        f"got {value!r}")
    return int(value)


def check_float(where: str, name: str, value: Any, lo: float, hi: float) -> float:
    """``value`` as a float in [lo, hi], else DataError "where: name must be a number ..."."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not lo <= float(value) <= hi:
        raise DataError(f"{where}: {name} must be a number between {lo:g} and {hi:g}, "
                        f"got {value!r}")
    return float(value)


def check_seed(where: str, seed: Any) -> int:
    return check_int(where, "seed", seed, 0, MAX_SEED)


def keyword_params(where: str) -> Callable[[F], F]:
    """Make a generator take keyword parameters only and reject unknown ones by name."""

    def decorate(fn: F) -> F:
        valid = tuple(inspect.signature(fn).parameters)

        @functools.wraps(fn)
        def wrapper(*args: Any, **params: Any) -> Any:
            if args:
                raise DataError(f"{where}: parameters must be given by name "
                                f"({', '.join(valid) or 'none'})")
            unknown = sorted(set(params) - set(valid))
            if unknown:
                listed = ", ".join(valid) if valid else "none"
                raise DataError(f"{where}: unknown parameter {unknown[0]!r}; "
                                f"valid parameters: {listed}")
            return fn(**params)

        return wrapper  # type: ignore[return-value]

    return decorate
