"""The training loop: steps, epochs, validation, statistics and the divergence guard.

One *step* presents one mini-batch (B examples, the last batch of an epoch may be smaller),
backpropagates, and updates every parameter once with the mean of the batch's gradients. One
*epoch* presents N examples in the order of :mod:`bpsim.engine.sampling`.

Per-epoch metrics: after each epoch the validation part is evaluated in full (no dropout). The
training part is evaluated in full too when that pass is cheap (at most
:data:`EXACT_TRAIN_BUDGET` multiply-adds: every lesson of the gallery), so that the curve shows
what the weights at the end of the epoch do (after sequential order on sorted data, say). For
larger problems the training loss and accuracy of an epoch are the means over its examples,
each measured when it was presented (as scikit-learn and Keras report it), which costs no
extra pass; ``Trainer.exact_train_metrics`` tells which. :meth:`Trainer.result` always
evaluates both parts in full with the final weights.

The hot loop allocates little and computes statistics only on request (:meth:`Trainer.stats`),
so that the per-step overhead stays small for the tiny networks of the lessons.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from bpsim.engine import losses
from bpsim.engine.guard import (
    LOSS_FACTOR,
    Divergence,
    lists_out_of_bounds,
    reference_loss,
    weights_out_of_bounds,
)
from bpsim.engine.history import DecimatedCurve, EpochHistory, finite_or_none
from bpsim.engine.network import Network, count_correct, is_classification
from bpsim.engine.optimizers import SGD, learning_rate
from bpsim.engine.sampling import epoch_order
from bpsim.engine.scalar import ScalarKernel
from bpsim.spec import TrainingSpec

HIST_EDGES = np.linspace(-3.0, 3.0, 41)
EXACT_TRAIN_BUDGET = 2_000_000  # multiply-adds: well under a millisecond


@dataclass(frozen=True, slots=True)
class TrainResult:
    epochs: int
    steps: int
    train_loss: float | None
    validation_loss: float | None
    train_accuracy: float | None
    validation_accuracy: float | None
    seconds: float
    stopped_reason: str

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True, slots=True, eq=False)
class Stats:
    """Statistics of the last step, per non-input layer (index 0 = first hidden layer).

    grad_norms: ||dE/dW_l|| (Frobenius, of the batch-mean loss); mean_abs_delta: mean |delta_l|;
    histograms: counts of W_l over ``bin_edges`` (values outside fall in the end bins).
    """

    step: int
    epoch: int
    learning_rate: float
    grad_norms: tuple[float, ...]
    mean_abs_delta: tuple[float, ...]
    histograms: tuple[np.ndarray, ...]
    bin_edges: np.ndarray


def histogram(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts over uniform ``edges`` with np.bincount (far cheaper than np.histogram)."""
    n = len(edges) - 1
    lo, width = float(edges[0]), float(edges[1] - edges[0])
    pos = np.clip((values.ravel() - lo) / width, 0, n - 1)
    idx = np.nan_to_num(pos, nan=0.0).astype(np.int64)
    return np.bincount(idx, minlength=n)


class Trainer:
    """Trains ``net`` in place on (X, T) with the settings of a TrainingSpec.

    X: (N, n_in), T: (N, n_out); optional validation (X_val, T_val). ``velocity`` resumes the
    momentum of a saved run; ``epoch``/``step`` resume its counters (and its schedule).
    ``corrupt`` returns a new, corrupted copy of an epoch's inputs (in presentation order)
    that the epoch presents instead, against the clean targets: the masking noise of a
    denoising autoencoder (exact per-epoch metrics and :meth:`result` use the clean inputs).
    """

    def __init__(self, net: Network, X: np.ndarray, T: np.ndarray, training: TrainingSpec,
                 X_val: np.ndarray | None = None, T_val: np.ndarray | None = None,
                 velocity: np.ndarray | None = None, epoch: int = 0, step: int = 0,
                 corrupt: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        if len(X) == 0:
            raise ValueError("there are no training examples")
        self.net = net
        self.X = np.ascontiguousarray(X, net.dtype)
        self.T = np.ascontiguousarray(T, net.dtype)
        self.X_val = None if X_val is None or len(X_val) == 0 else np.asarray(X_val, net.dtype)
        self.T_val = None if self.X_val is None else np.asarray(T_val, net.dtype)
        self.training = training
        self.rng = np.random.default_rng(training.seed)
        self.optimizer = SGD(len(net.params), net.n_weights, net.dtype)
        if velocity is not None:
            self.optimizer.velocity[...] = velocity
        self._G = np.zeros_like(net.params)
        self._G_views = net.layer_views(self._G)
        self._GW = [g.reshape(-1) for g in self._G_views[0]]  # weight gradients, flat views
        self.classification = is_classification(self.T)
        self.exact_train_metrics = len(self.X) * net.cost <= EXACT_TRAIN_BUDGET
        self._count_correct = self.classification and not self.exact_train_metrics
        self._unnormalized = not np.all(self.T.sum(axis=1) == 1.0)  # see Network.backward
        self.epoch = epoch
        self.step_count = step
        self.history = EpochHistory()
        self.curve = DecimatedCurve()
        self.errors = np.ones(len(self.X))  # last loss of every example (error emphasis)
        self.stopped_reason = ""
        self.divergence: Divergence | None = None
        self._loss_limit: float | None = None
        self.last_result: TrainResult | None = None
        self._order: np.ndarray | None = None
        self._pos = 0
        self._eta = learning_rate(training.schedule, training.learning_rate, epoch)
        self._epoch_loss = 0.0
        self._epoch_correct = 0
        self._last_deltas: list[np.ndarray] | None = []
        self._last_n = 1
        self._epoch_start = time.perf_counter()
        self._dropout = [(l, p) for l, p in enumerate(net.dropout[:-1]) if p > 0]
        self._kernel: ScalarKernel | None = None
        self._corrupt = corrupt

    # -- settings --------------------------------------------------------------------------
    def set_training(self, **changes) -> None:
        """Change hyperparameters; they apply from the next step (eta from the next step too)."""
        self.training = replace(self.training, **changes)
        self._eta = learning_rate(self.training.schedule, self.training.learning_rate, self.epoch)

    @property
    def eta(self) -> float:
        return self._eta

    @property
    def loss_limit(self) -> float:
        """The divergence guard's loss limit (see :mod:`bpsim.engine.guard`), fixed at the
        first step of this trainer."""
        if self._loss_limit is None:
            with np.errstate(all="ignore"):
                self._loss_limit = LOSS_FACTOR * reference_loss(self.net, self.X, self.T)
        return self._loss_limit

    # -- the hot loop ---------------------------------------------------------------------
    def _start_epoch(self) -> None:
        t = self.training
        self._eta = learning_rate(t.schedule, t.learning_rate, self.epoch)
        self._order = epoch_order(t.order, len(self.X), self.rng, self.errors, t.error_floor)
        if t.order == "sequential":
            self._Xe, self._Te = self.X, self.T
        else:
            self._Xe, self._Te = self.X[self._order], self.T[self._order]
        if self._corrupt is not None:
            self._Xe = self._corrupt(self._Xe)
        self._pos = 0
        self._epoch_loss = 0.0
        self._epoch_correct = 0
        self._epoch_start = time.perf_counter()

    def _masks(self, n: int) -> list[np.ndarray | None]:
        masks: list[np.ndarray | None] = [None] * self.net.n_layers
        for l, p in self._dropout:
            keep = self.rng.random((n, self.net.sizes[l + 1])) >= p
            masks[l] = keep.astype(self.net.dtype) / (1.0 - p)
        return masks

    def step(self) -> float | None:
        """Present one mini-batch and update. Returns its mean loss, or None on divergence
        (then the update is not made: see :mod:`bpsim.engine.guard`)."""
        limit = self.loss_limit
        if self._order is None:
            self._start_epoch()
        net, start = self.net, self._pos
        stop = min(start + max(1, self.training.batch_size), len(self.X))
        Xb, Tb = self._Xe[start:stop], self._Te[start:stop]
        n = stop - start
        masks = self._masks(n) if self._dropout else None
        outs, raw = net.forward(Xb, masks)
        loss_sum, _, deltas = net.backward(outs, Tb, raw, masks, self._unnormalized)
        loss = loss_sum / n
        if not loss <= limit:  # also NaN
            return self._diverged("loss" if math.isfinite(loss) else "nonfinite", loss)
        if self.training.order == "error_emphasis":
            self.errors[self._order[start:stop]] = losses.per_example(
                net.loss, outs[-1], Tb, net.activations[-1])
        net.accumulate(outs, deltas, self._G_views)
        t = self.training
        V = self.optimizer.delta_w(self._G, n, self._eta, t.momentum, t.weight_decay, net.params)
        np.add(net.params, V, out=net.spare)
        if weights_out_of_bounds(net.spare):
            # a weight ran away although the loss did not (saturated units hide it): keep
            # the weights before this update
            return self._diverged("weights", loss)
        net.swap()
        self._last_deltas, self._last_n = deltas, n
        self.step_count += 1
        self.curve.add(self.step_count, loss)
        self._epoch_loss += loss_sum
        if self._count_correct:
            self._epoch_correct += count_correct(outs[-1], Tb)
        self._pos = stop
        if stop >= len(self.X):
            self._end_epoch()
        return loss

    def run_epoch(self) -> bool:
        """Finish the current epoch (a whole one if none is under way). False on divergence.

        Tiny networks trained online go through the Python-float kernel (bpsim.engine.scalar),
        everything else through :meth:`step`; both compute the same numbers.
        """
        t = self.training
        if self._order is None and ScalarKernel.eligible(self.net, t.batch_size, t.momentum):
            return self._kernel_epoch()
        epoch = self.epoch
        while self.epoch == epoch:
            if self.step() is None:
                return False
        return True

    def _kernel_epoch(self) -> bool:
        self._start_epoch()
        if self._kernel is None or self._kernel.net is not self.net:
            self._kernel = ScalarKernel(self.net)
        k, t = self._kernel, self.training
        limit = self.loss_limit
        start_params, start_velocity = self.net.params.copy(), self.optimizer.velocity.copy()
        k.load(self.optimizer.velocity)
        eta, alpha, decay = self._eta, t.momentum, t.weight_decay
        losses: list[float] = []
        loss = 0.0
        correct = 0
        classification = self.classification and not self.exact_train_metrics
        one_output = self.net.sizes[-1] == 1
        for x, target in zip(self._Xe.tolist(), self._Te.tolist()):
            loss = k.step(x, target, eta, alpha, decay)
            if not loss <= limit:  # also NaN
                break
            losses.append(loss)
            if classification:
                o = k.last[0][-1]
                if one_output:
                    correct += (o[0] >= 0.5) == (target[0] >= 0.5)
                else:
                    correct += o.index(max(o)) == target.index(max(target))
        if len(losses) < len(self.X) or lists_out_of_bounds(k.W, k.b):
            # The guard fired: the loss of a step, or a weight (perhaps steps ago while the
            # loss stayed small: saturated units hide it). Redo the epoch from its start
            # through step(), which checks every update and so stops before the refused step
            # (the kernel keeps no history).
            self.net.params[...] = start_params
            self.optimizer.velocity[...] = start_velocity
            self._epoch_loss, self._epoch_correct = 0.0, 0
            epoch = self.epoch
            while self.epoch == epoch:
                if self.step() is None:
                    return False
            return True
        k.store(self.optimizer.velocity)
        self._last_deltas = None  # filled from the kernel by stats(), when asked
        self._last_n = 1
        self.curve.extend(self.step_count + 1, losses)
        self.step_count += len(losses)
        self._epoch_loss = sum(losses)
        self._epoch_correct = correct
        if t.order == "error_emphasis":
            self.errors[self._order[: len(losses)]] = losses
        self._pos = len(losses)
        self._end_epoch()
        return True

    def _diverged(self, cause: str, loss: float) -> None:
        """Stop before the next step (see :mod:`bpsim.engine.guard`): the current weights
        are the last ones the guard accepted; step() never installs refused weights, nor does
        the kernel (see :meth:`_kernel_epoch`)."""
        self.optimizer.velocity[...] = 0.0  # a resumed run starts without the runaway momentum
        self.divergence = Divergence(self.step_count + 1, self._eta, self.training.momentum,
                                     self.training.weight_decay, cause, loss, self.loss_limit)
        self.stopped_reason = self.divergence.text
        return None

    def _end_epoch(self) -> None:
        self.epoch += 1
        self._order = None
        if self.exact_train_metrics:
            tl, ta = self.net.evaluate(self.X, self.T, self.classification)
        else:
            n = len(self.X)
            tl = self._epoch_loss / n
            ta = self._epoch_correct / n if self.classification else None
        vl = va = None
        if self.X_val is not None:
            vl, va = self.net.evaluate(self.X_val, self.T_val, self.classification)
        self.history.append(self.step_count, (tl, vl, ta, va, self._eta,
                                              time.perf_counter() - self._epoch_start))

    def evaluate(self) -> tuple[float, float | None, float | None, float | None]:
        """(train loss, train accuracy, validation loss, validation accuracy) of the weights now."""
        tl, ta = self.net.evaluate(self.X, self.T, self.classification)
        vl = va = None
        if self.X_val is not None:
            vl, va = self.net.evaluate(self.X_val, self.T_val, self.classification)
        return tl, ta, vl, va

    # -- whole runs -------------------------------------------------------------------------
    def run(self, epochs: int | None = None,
            should_stop: Callable[[], bool] | None = None,
            on_epoch: Callable[[Trainer], None] | None = None) -> TrainResult:
        """Train ``epochs`` more epochs (default: the spec's), until divergence or should_stop."""
        target = self.epoch + (self.training.epochs if epochs is None else epochs)
        started = time.perf_counter()
        self.stopped_reason = ""
        self.divergence = None
        with np.errstate(all="ignore"):  # overflow is handled: see _diverged
            self._run(target, should_stop, on_epoch)
            if not self.stopped_reason:
                self.stopped_reason = "completed"
            return self.result(time.perf_counter() - started)

    def _run(self, target, should_stop, on_epoch) -> None:
        while self.epoch < target:
            if not self.run_epoch():
                break
            if on_epoch is not None:
                on_epoch(self)
            if should_stop is not None and should_stop():
                self.stopped_reason = "stopped"
                break

    def result(self, seconds: float = 0.0) -> TrainResult:
        """Losses and accuracies of the current weights (full evaluation, no dropout)."""
        tl, ta, vl, va = self.evaluate()
        self.last_result = TrainResult(self.epoch, self.step_count, finite_or_none(tl),
                                       finite_or_none(vl), ta, va, seconds,
                                       self.stopped_reason or "completed")
        return self.last_result

    # -- statistics for the plots ---------------------------------------------------------
    def grad_norms(self) -> tuple[float, ...]:
        """||dE/dW_l|| of the last step per non-input layer (a dot product per layer: cheap
        enough to sample every millisecond, unlike :meth:`stats` with its histograms)."""
        if self._last_deltas is None:
            self._last_deltas = self._kernel.last_gradients(self._G)
        n = self._last_n
        return tuple(float(np.sqrt(np.dot(g, g))) / n for g in self._GW)

    def stats(self, edges: np.ndarray = HIST_EDGES) -> Stats:
        """Statistics of the last step; cheap, call it at display rate, not every step."""
        net = self.net
        norms = self.grad_norms()
        mad = tuple(float(np.abs(d).mean()) for d in self._last_deltas) or (0.0,) * net.n_layers
        hists = tuple(histogram(w, edges) for w in net.W)
        return Stats(self.step_count, self.epoch, self._eta, norms, mad, hists, edges)


