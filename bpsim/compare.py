"""Several runs of a document with consecutive seeds, summarised (``bpsim compare``; Qt-free).

Run i of a file uses the training seed s + i (s = the file's ``training.seed``), which seeds
the validation split, the order of the examples, dropout and, unless the file fixes them
(stored weights or ``initialization.seed``), the initial weights. A run starts as the file
does: it pre-trains first when the file's ``pretraining.epochs`` > 0, then trains the file's
epochs (or ``epochs``). Two files run with the same seeds therefore start from the same
split, the same initial weights and the same order of examples wherever they agree.

Each figure is summarised over the runs by its mean and its sample standard deviation
(n - 1 in the denominator); a figure a run does not define (validation without a validation
part, accuracy for regression, a loss that became infinite) is left out, and a summary of
no values is None, as is the standard deviation of one value.
"""

from __future__ import annotations

import math
import os
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from bpsim.runner import prepare_data, pretrained, setup
from bpsim.spec import NetworkSpec

ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
FIGURES = ("train_loss", "validation_loss", "train_accuracy", "validation_accuracy",
           "best_epoch")


@dataclass(frozen=True, slots=True)
class RunFigures:
    """The final figures of one run. ``best_epoch``: the epoch (1 = the first) after which
    the validation loss was lowest (None without validation)."""

    seed: int
    train_loss: float | None
    validation_loss: float | None
    train_accuracy: float | None
    validation_accuracy: float | None
    best_epoch: int | None
    stopped_reason: str


@dataclass(frozen=True, slots=True)
class Summary:
    mean: float | None
    sd: float | None

    @staticmethod
    def of(values: Sequence[float | None]) -> Summary:
        """Mean and sample standard deviation of the values that are defined."""
        v = np.array([x for x in values if x is not None and math.isfinite(x)], float)
        mean = float(v.mean()) if len(v) else None
        sd = float(v.std(ddof=1)) if len(v) > 1 else None
        return Summary(mean, sd)

    def as_dict(self) -> dict[str, float | None]:
        return {"mean": self.mean, "sd": self.sd}


@dataclass(frozen=True, slots=True)
class Comparison:
    """The runs of one file (``file`` as named on the command line)."""

    file: str
    runs: tuple[RunFigures, ...]

    def summary(self, figure: str) -> Summary:
        return Summary.of([getattr(run, figure) for run in self.runs])

    @property
    def diverged(self) -> int:
        return sum(run.stopped_reason.startswith("diverged") for run in self.runs)

    def as_dict(self) -> dict:
        """The JSON of ``bpsim compare --json``: file, seeds and a {mean, sd} per figure."""
        out: dict = {"file": self.file, "seeds": len(self.runs),
                     "first_seed": self.runs[0].seed if self.runs else None}
        out.update((figure, self.summary(figure).as_dict()) for figure in FIGURES)
        out["diverged"] = self.diverged
        return out


def run_once(spec: NetworkSpec, base_dir: Path | None = None,
             epochs: int | None = None) -> RunFigures:
    """One run of the document as it is (its own seed): pre-training when the file asks
    for it, then ``epochs`` (default: the file's) epochs of training."""
    prepared = prepare_data(spec, base_dir)
    stopped = ""
    if spec.pretraining.epochs > 0:
        spec, layers = pretrained(spec, prepared)
        stopped = next((f"{r.stopped_reason} (pre-training layer {r.layer})" for r in layers
                        if r.stopped_reason != "completed"), "")
    session = setup(spec, base_dir, prepared)
    trainer = session.trainer
    if stopped:
        result = trainer.result()
    else:
        result = trainer.run(spec.training.epochs if epochs is None else epochs)
        stopped = result.stopped_reason
    return RunFigures(spec.training.seed, result.train_loss, result.validation_loss,
                      result.train_accuracy, result.validation_accuracy,
                      best_epoch(trainer), stopped)


def best_epoch(trainer) -> int | None:
    """The epoch after which the validation loss was lowest (the first of equals)."""
    v = trainer.history.column("validation_loss")
    if not len(v) or np.isnan(v).all():
        return None
    first = trainer.epoch - len(v) + 1
    return first + int(np.nanargmin(v))


def seeded(spec: NetworkSpec, seeds: int) -> list[NetworkSpec]:
    """The spec with the training seeds s, s+1, ..., s+seeds-1 (s = its own)."""
    s = spec.training.seed
    return [spec.with_training(seed=s + i) for i in range(seeds)]


def compare(files: Sequence[tuple[str, NetworkSpec, Path | None]], seeds: int = 10,
            epochs: int | None = None, jobs: int = 1) -> list[Comparison]:
    """``seeds`` runs of every (name, spec, folder of the file) with consecutive seeds.

    ``jobs`` > 1 runs that many at a time, each in a worker process with one BLAS thread
    (the results are those of ``jobs`` = 1 on a one-thread BLAS)."""
    tasks = [(spec, base, epochs) for _, spec0, base in files for spec in seeded(spec0, seeds)]
    if jobs <= 1 or len(tasks) <= 1:
        runs = [run_once(*task) for task in tasks]
    else:
        runs = _in_workers(tasks, min(jobs, len(tasks)))
    return [Comparison(name, tuple(runs[i * seeds:(i + 1) * seeds]))
            for i, (name, _, _) in enumerate(files)]


def _in_workers(tasks: list, jobs: int) -> list[RunFigures]:
    """The tasks' runs in ``jobs`` spawned worker processes, in order. A worker that dies
    raises BrokenProcessPool (never a hang); Ctrl-C or an error ends the other workers at
    once instead of waiting for their runs."""
    with one_blas_thread():  # the workers start on submit, inside
        pool = ProcessPoolExecutor(jobs, get_context("spawn"), initializer=_ignore_sigint)
        try:
            return list(pool.map(_run_task, tasks))
        except BaseException:
            # no public way to end the workers before Python 3.14 (terminate_workers)
            for process in dict(getattr(pool, "_processes", None) or {}).values():
                process.terminate()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which ends them (no traceback from each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_task(task: tuple[NetworkSpec, Path | None, int | None]) -> RunFigures:
    return run_once(*task)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Child processes started inside get one BLAS thread each (unless the environment
    says otherwise): many small runs side by side, not threads fighting over the cores."""
    saved = {name: os.environ.get(name) for name in ONE_THREAD}
    for name in ONE_THREAD:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
