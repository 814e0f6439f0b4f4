"""``bpsim train``: train headless with the file's settings (or overrides)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bpsim.cli import pretrain
from bpsim.cli.common import CliError, check_outputs, load_network, positive, with_data

HELP = "train headless with the file's settings"
INTERRUPTED = 130  # the shell's status for a command ended by Ctrl-C (128 + SIGINT)
DIVERGED = 4


def add_parser(sub) -> None:
    t = sub.add_parser("train", help=HELP, description=HELP + "; every option overrides the "
                       "file's setting for this run (saved with --out).")
    t.add_argument("file", help="a .bpsim file or a gallery name (e.g. spirals)")
    t.add_argument("--epochs", type=int, metavar="N",
                   help="epochs to train (default: the file's)")
    t.add_argument("--lr", type=positive, metavar="ETA",
                   help="learning rate η (default: the file's)")
    t.add_argument("--momentum", type=float, metavar="ALPHA",
                   help="momentum α in [0, 1) (default: the file's)")
    t.add_argument("--batch-size", type=int, metavar="B",
                   help="examples per weight update; 1 = online (default: the file's)")
    t.add_argument("--order", choices=("sequential", "shuffle", "error_emphasis"),
                   help="presentation order of the examples (default: the file's)")
    t.add_argument("--seed", type=int, metavar="S",
                   help="seed of the shuffling, dropout and validation split "
                        "(default: the file's)")
    t.add_argument("--data", metavar="NAME|CSV",
                   help="train on a data set (spirals, iris, ...) or a CSV file instead of "
                        "the file's data (default: the file's data)")
    t.add_argument("--target", metavar="COLUMN",
                   help="the target column of the --data CSV file (default: its last column)")
    t.add_argument("--fit-sizes", action="store_true",
                   help="fit the input and output layers to the data: sizes, labels, and the "
                        "output and loss bpsim new would choose; resized layers get new "
                        "weights from the file's initialisation (default: off)")
    t.add_argument("--pretrain", action="store_true",
                   help="first pre-train the hidden layers as autoencoders with the file's "
                        "pretraining settings, as bpsim pretrain does (default: off)")
    t.add_argument("--out", metavar="FILE",
                   help="save the trained network here (default: not saved)")
    t.add_argument("--history", metavar="CSV",
                   help="write per-epoch metrics here (default: not written)")
    t.add_argument("--json", action="store_true",
                   help="print one JSON object with the result instead of text (default: off)")
    t.set_defaults(run=run)


class _Progress:
    """A one-line progress bar on a terminal, redrawn at most 10 times a second."""

    def __init__(self, total: int, start: int, enabled: bool) -> None:
        self.total, self.start, self.enabled = max(total, 1), start, enabled
        self._last = 0.0

    def __call__(self, trainer) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._last < 0.1:
            return
        self._last = now
        frac = min(1.0, (trainer.epoch - self.start) / self.total)
        loss = trainer.history.column("train_loss")[-1] if len(trainer.history) else float("nan")
        bar = "#" * int(30 * frac)
        sys.stderr.write(f"\r[{bar:<30}] epoch {trainer.epoch} loss {loss:.5g} ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 70 + "\r")


def run(args: argparse.Namespace) -> int:
    from bpsim.fileformat import check_savable
    from bpsim.fromdata import fit_to_data
    from bpsim.runner import setup

    check_outputs(args.out, args.history)  # a bad path fails now, not after the training
    spec, base = load_network(args.file)
    changes = {k: v for k, v in (("epochs", args.epochs), ("learning_rate", args.lr),
                                 ("momentum", args.momentum), ("batch_size", args.batch_size),
                                 ("order", args.order), ("seed", args.seed)) if v is not None}
    _check_overrides(changes)
    spec = with_data(spec.with_training(**changes), args.data, args.target, base)
    base = None if args.data else base  # a --data file is the user's: read where it is
    if args.fit_sizes:
        spec = fit_to_data(spec, base)
    try:  # the limits, before the work: a run never ends in "cannot save"
        check_savable(spec)
    except ValueError as exc:
        raise CliError(f"{exc} (checked before training: nothing was trained)") from None
    layers, stopped = None, "completed"
    if args.pretrain:
        spec, layers, stopped = pretrain.pretrain_spec(spec, base)
        if not args.json:
            print(pretrain.layers_text(spec, layers))
    session = setup(spec, base)
    if not args.json and args.data:
        print(f"data {session.prepared.dataset.name}: {_task(spec, session)}")
    trainer = session.trainer
    if stopped != "completed":  # pre-training diverged: no training
        trainer.stopped_reason = stopped
        _report(args, trainer.result(), layers)
        return DIVERGED
    progress = _Progress(spec.training.epochs, trainer.epoch,
                         sys.stderr.isatty() and not args.json)
    started, start = time.perf_counter(), trainer.epoch
    try:
        with _interruptible() as interrupted:
            result = trainer.run(spec.training.epochs, on_epoch=progress,
                                 should_stop=interrupted.is_set)
    except KeyboardInterrupt:  # the second Ctrl-C: at once, in the middle of an epoch
        interrupted.set()
    progress.close()
    if interrupted.is_set():
        return _interrupted(args, session, start, time.perf_counter() - started)
    _save(args, session, start)
    _report(args, result, layers)
    return DIVERGED if result.stopped_reason.startswith("diverged") else 0


@contextmanager
def _interruptible() -> Iterator[threading.Event]:
    """Ctrl-C (SIGINT) while training: the first sets the event, which stops the run at the
    end of the current epoch; a second raises KeyboardInterrupt at once. Also when the shell
    that started bpsim in the background ignored SIGINT for it (``bpsim train ... & kill
    -INT $!``): whoever sends it wants the run to stop and its weights saved."""
    event = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield event
        return

    def first(_signum, _frame) -> None:
        event.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield event
    finally:
        signal.signal(signal.SIGINT, previous)


def _interrupted(args: argparse.Namespace, session, start: int, seconds: float) -> int:
    """Ctrl-C: say where training stopped, save what it reached (--out, --history)."""
    trainer = session.trainer
    trainer.stopped_reason = f"interrupted at epoch {trainer.epoch}"
    saved = f"; saved to {args.out}" if args.out else ""
    print(f"bpsim: {trainer.stopped_reason} (step {trainer.step_count}){saved}",
          file=sys.stderr)
    _save(args, session, start)
    _report(args, trainer.result(seconds))
    return INTERRUPTED


def _save(args: argparse.Namespace, session, start: int) -> None:
    """``--history`` (the epochs of this run, the first being ``start + 1``) and ``--out``."""
    from bpsim.fileformat import save
    from bpsim.runner import finished_spec

    if args.history:
        _write_history(args.history, session.trainer, start + 1)
    if args.out:
        save(args.out, finished_spec(session))


def _report(args: argparse.Namespace, result, layers=None) -> None:
    if args.json:
        extra = {} if layers is None else {"pretraining": [r.as_dict() for r in layers]}
        print(json.dumps({**result.as_dict(), **extra}))
    else:
        _print_result(result)


def _task(spec, session) -> str:
    from bpsim.data.task import describe_task

    dataset = session.prepared.dataset
    return describe_task(dataset, spec.data.target or dataset.name)


def _check_overrides(changes: dict) -> None:
    if changes.get("epochs", 0) < 0:
        raise CliError("--epochs must be >= 0")
    if not 0 <= changes.get("momentum", 0) < 1:
        raise CliError("--momentum must be in [0, 1)")
    if changes.get("batch_size", 1) < 1:
        raise CliError("--batch-size must be >= 1")
    if changes.get("seed", 0) < 0:
        raise CliError("--seed must be >= 0")


def _print_result(r) -> None:
    def num(v):
        return "-" if v is None else f"{v:.6g}"

    print(f"epochs {r.epochs}  steps {r.steps}  {r.seconds:.3f} s  ({r.stopped_reason})")
    print(f"train loss {num(r.train_loss)}  accuracy {num(r.train_accuracy)}")
    if r.validation_loss is not None:
        print(f"validation loss {num(r.validation_loss)}  accuracy {num(r.validation_accuracy)}")


def _write_history(path: str, trainer, first: int) -> None:
    from bpsim.engine.history import EPOCH_COLUMNS
    from bpsim.safeio import atomic_write

    h = trainer.history
    cols = [h.column(c) for c in EPOCH_COLUMNS]
    text = io.StringIO(newline="")
    w = csv.writer(text)
    w.writerow(("epoch", "step") + EPOCH_COLUMNS)
    for k in range(len(h)):
        w.writerow([first + k, int(h.steps[k])] +
                   ["" if math.isnan(c[k]) else repr(float(c[k])) for c in cols])
    atomic_write(path, text.getvalue().encode("utf-8"))
