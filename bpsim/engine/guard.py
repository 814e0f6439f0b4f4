"""The divergence guard: when training stops because the numbers no longer mean anything.

A step is refused, and training stops as *diverged* with the weights from before that step,
when

1. its mini-batch loss is infinite or NaN, or larger than ``LOSS_FACTOR`` (1000) times the
   *reference loss*: the larger of the loss of the weights the run started from and the loss
   of always predicting the mean training target (a network that knows nothing); or
2. its update would make a weight or a bias larger than ``WEIGHT_BOUND`` (10^6) in absolute
   value, or infinite or NaN (saturated units can hide a runaway from the loss).

Both tests cost one comparison and one dot product per step (the exact weight test runs only
when the norm of all parameters passes the bound). For bounded outputs (sigmoid, softmax) the
loss test can only fire on absurd losses, so lessons that learn are never stopped by it; a
learning rate that is too large makes the loss grow by orders of magnitude within a few
steps and trips it while the weights are still of a readable size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bpsim.engine import losses

LOSS_FACTOR = 1000.0
WEIGHT_BOUND = 1e6
MIN_REFERENCE = 1e-3  # a reference loss of (almost) zero would make any loss "too large"


@dataclass(frozen=True, slots=True)
class Divergence:
    """Why and where a run diverged. ``step`` is the refused step (counted from 1); ``cause``
    is "loss" (too large), "nonfinite" (infinite or NaN loss) or "weights"; ``loss`` the
    refused step's loss and ``limit`` the loss it exceeded (``cause`` "loss")."""

    step: int
    learning_rate: float
    momentum: float
    weight_decay: float
    cause: str
    loss: float
    limit: float

    @property
    def text(self) -> str:
        """The stop reason (always starts with "diverged")."""
        what = {
            "loss": f"the mini-batch loss {self.loss:.3g} exceeded {LOSS_FACTOR:g} times the "
                    f"reference loss ({self.limit / LOSS_FACTOR:.3g})",
            "nonfinite": "the loss became " + ("NaN" if math.isnan(self.loss) else "infinite"),
            "weights": f"a weight would have exceeded {WEIGHT_BOUND:g} in size",
        }[self.cause]
        extra = "".join(f" with {name} {v:g}" for name, v in (
            ("momentum", self.momentum), ("weight decay", self.weight_decay)) if v)
        return (f"diverged at step {self.step}: learning rate {self.learning_rate:g}{extra} "
                f"is too large ({what}); the weights from before this step were kept. Try a "
                f"learning rate of {self.learning_rate / 10:g}.")


def reference_loss(net, X: np.ndarray, T: np.ndarray) -> float:
    """max(loss of ``net`` on (X, T), loss of predicting the mean target, MIN_REFERENCE)."""
    start = float(losses.per_example(net.loss, net.predict(X), T, net.activations[-1]).mean())
    mean = np.broadcast_to(T.mean(axis=0, keepdims=True), T.shape)
    naive = float(losses.per_example(net.loss, mean, T, net.activations[-1]).mean())
    candidates = [v for v in (start, naive) if math.isfinite(v)]
    return max([MIN_REFERENCE, *candidates])


def weights_out_of_bounds(params: np.ndarray) -> bool:
    """True if any parameter is beyond WEIGHT_BOUND, infinite or NaN (one dot product when
    all are well inside: the norm bounds every entry)."""
    if np.dot(params, params) <= WEIGHT_BOUND * WEIGHT_BOUND:
        return False
    return not bool(np.all(np.abs(params) <= WEIGHT_BOUND))


def lists_out_of_bounds(*nested: list) -> bool:
    """The same test for the scalar kernel's nested lists of floats."""
    return not all(abs(v) <= WEIGHT_BOUND for group in nested for layer in group
                   for row in layer for v in (row if isinstance(row, list) else (row,)))
