"""Bounded training history: every epoch's values and a decimated per-step loss curve.

Per epoch: one row of float64 columns (56 bytes), so a million epochs stay under 64 MB.
Per step: buckets of consecutive steps keeping (min, max, mean) of the loss; when the bucket
count reaches ``capacity``, neighbours merge and the bucket width doubles. The curve keeps its
extremes faithfully (a spike is never averaged away) in O(capacity) memory.
"""

from __future__ import annotations

import math

import numpy as np

EPOCH_COLUMNS = ("train_loss", "validation_loss", "train_accuracy", "validation_accuracy",
                 "learning_rate", "seconds")


class EpochHistory:
    """Growing columns: ``step`` (int64) and the float64 columns of EPOCH_COLUMNS."""

    def __init__(self) -> None:
        self._n = 0
        self._step = np.zeros(64, np.int64)
        self._cols = np.full((len(EPOCH_COLUMNS), 64), np.nan)
        self._last: tuple[float, ...] = ()

    def __len__(self) -> int:
        return self._n

    def append(self, step: int, values: tuple[float | None, ...]) -> None:
        if self._n == len(self._step):
            self._step = np.resize(self._step, 2 * self._n)
            cols = np.full((len(EPOCH_COLUMNS), 2 * self._n), np.nan)
            cols[:, : self._n] = self._cols
            self._cols = cols
        self._step[self._n] = step
        self._cols[:, self._n] = [np.nan if v is None else v for v in values]
        self._last = values
        self._n += 1

    @property
    def steps(self) -> np.ndarray:
        return self._step[: self._n]

    def column(self, name: str) -> np.ndarray:
        return self._cols[EPOCH_COLUMNS.index(name), : self._n]

    @property
    def nbytes(self) -> int:
        return self._step.nbytes + self._cols.nbytes


class DecimatedCurve:
    """Per-step values decimated into at most ``capacity`` buckets of equal width."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity - capacity % 2
        self.width = 1
        self._start: list[int] = []
        self._min: list[float] = []
        self._max: list[float] = []
        self._sum: list[float] = []
        self._count: list[int] = []

    def add(self, step: int, value: float) -> None:
        if self._count and self._count[-1] < self.width:
            self._count[-1] += 1
            self._sum[-1] += value
            if value < self._min[-1]:
                self._min[-1] = value
            elif value > self._max[-1]:
                self._max[-1] = value
            return
        if len(self._count) == self.capacity:
            self._merge()
            return self.add(step, value)
        self._start.append(step)
        self._min.append(value)
        self._max.append(value)
        self._sum.append(value)
        self._count.append(1)

    def extend(self, first_step: int, values: list[float]) -> None:
        """add(first_step + k, values[k]) for every k, a bucket at a time."""
        k, n = 0, len(values)
        while k < n:
            if self._count and self._count[-1] < self.width:
                take = min(self.width - self._count[-1], n - k)
                chunk = values[k : k + take]
                self._count[-1] += take
                self._sum[-1] += sum(chunk)
                self._min[-1] = min(self._min[-1], min(chunk))
                self._max[-1] = max(self._max[-1], max(chunk))
                k += take
            else:
                self.add(first_step + k, values[k])
                k += 1

    def _merge(self) -> None:
        def pairs(values: list, op) -> list:
            return [op(values[i], values[i + 1]) for i in range(0, len(values), 2)]

        self._start = self._start[::2]
        self._min = pairs(self._min, min)
        self._max = pairs(self._max, max)
        self._sum = pairs(self._sum, lambda a, b: a + b)
        self._count = pairs(self._count, lambda a, b: a + b)
        self.width *= 2

    def __len__(self) -> int:
        return len(self._count)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(first step, min, max, mean) of every bucket."""
        count = np.asarray(self._count, float)
        return (np.asarray(self._start), np.asarray(self._min), np.asarray(self._max),
                np.asarray(self._sum) / np.maximum(count, 1))


def finite_or_none(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value
