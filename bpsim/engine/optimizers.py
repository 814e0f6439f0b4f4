"""Gradient descent with momentum (seed section 8) and learning-rate schedules (section 7).

The update of every parameter (weights and biases alike; a bias is a weight from a constant
input 1) for a mini-batch of n examples is

    dw(t) = eta * (1/n) sum_batch delta_q o_p  -  eta * lambda * w   +  alpha * dw(t-1)
    w_new = w_old + dw(t)

where the weight-decay term (lambda) applies to weights only, never to biases.
"""

from __future__ import annotations

import numpy as np

from bpsim.spec import ScheduleSpec

SCHEDULES = ("constant", "step", "exponential", "inverse_time")


def learning_rate(schedule: ScheduleSpec, eta0: float, epoch: int) -> float:
    """eta for epoch t = 0, 1, ...: constant eta0; step eta0 factor^(t // every);
    exponential eta0 factor^t; inverse_time eta0 / (1 + k t)."""
    kind = schedule.kind
    if kind == "constant":
        return eta0
    if kind == "step":
        return eta0 * schedule.factor ** (epoch // max(1, schedule.every))
    if kind == "exponential":
        return eta0 * schedule.factor**epoch
    if kind == "inverse_time":
        return eta0 / (1.0 + schedule.k * epoch)
    raise ValueError(f"unknown schedule {kind!r}; choose one of {', '.join(SCHEDULES)}")


def schedule_curve(schedule: ScheduleSpec, eta0: float, epochs: int) -> np.ndarray:
    """eta over epochs 0 .. epochs-1 (for the schedule preview plot)."""
    return np.array([learning_rate(schedule, eta0, t) for t in range(max(0, epochs))])


class SGD:
    """Momentum SGD over a network's flat parameter vector.

    ``velocity`` holds dw(t-1) with the layout of ``Network.params``; ``n_weights`` is the
    length of the weights prefix (weight decay applies there only).
    """

    FLUSH_EVERY = 256  # updates between flushes of vanishing momentum to zero
    FLUSH_BELOW = 1e-150  # ... of |dw(t-1)| below this (a weight of 1e-150 changes nothing)

    def __init__(self, n_params: int, n_weights: int, dtype: np.dtype) -> None:
        self.velocity = np.zeros(n_params, dtype)
        self.n_weights = n_weights
        self._tmp = np.empty(n_params, dtype)
        self._updates = 0

    def _flush(self) -> None:
        """Momentum of parameters that get no gradient (dead ReLU units) decays as alpha^t
        towards the subnormal range, where every multiply costs ~100 cycles: a
        784-256-128-10 ReLU network slowed from 1.7 to 4.5 ms a step after ~8,000 steps.
        Such values go to zero before they get there (from 1e-150, alpha = 0.9 needs ~1,700
        updates to reach a subnormal, and this runs every 256)."""
        V = self.velocity
        np.copyto(V, 0.0, where=np.abs(V, out=self._tmp) < self.FLUSH_BELOW)

    def delta_w(self, G: np.ndarray, n: int, eta: float, alpha: float, weight_decay: float,
                params: np.ndarray) -> np.ndarray:
        """dw(t) from G = sum_batch delta o^T (flat) for a batch of n; stored as the velocity."""
        V = self.velocity
        if alpha:
            self._updates += 1
            if self._updates % self.FLUSH_EVERY == 0:
                self._flush()
            V *= alpha
            np.multiply(G, eta / n, out=self._tmp)
            V += self._tmp
        else:
            np.multiply(G, eta / n, out=V)
        if weight_decay:
            k = self.n_weights
            V[:k] -= (eta * weight_decay) * params[:k]
        return V
