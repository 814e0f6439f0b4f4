"""The ``bpsim`` command.

``bpsim [FILE]`` opens the GUI (FILE may be a gallery name); ``bpsim step|train|check|gradcheck|
examples`` run headless and never import Qt. Errors are one line on stderr and a non-zero
exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from bpsim import __version__

COMMANDS = ("step", "train", "check", "gradcheck", "examples")
log = logging.getLogger("bpsim")


class CliError(Exception):
    """A problem to report in one line."""


# -- argument parsing ----------------------------------------------------------------------------
def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bpsim", description="Backpropagation simulator. Commands: " + ", ".join(COMMANDS)
        + " (bpsim COMMAND --help).")
    p.add_argument("file", nargs="?", help="a .bpsim file or a gallery name (e.g. spirals)")
    p.add_argument("--screenshot", metavar="PNG", help="render the window offscreen and exit")
    p.add_argument("--train", action="store_true", help="start training at once")
    p.add_argument("--seconds", type=float, default=3.0,
                   help="with --screenshot --train: train this long first (default 3)")
    p.add_argument("--version", action="version", version=f"bpsim {__version__}")
    return p


def _floats(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.replace(";", ",").split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected numbers separated by commas, got {text!r}") from None
    if not values or not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"expected finite numbers, got {text!r}")
    return values


def _positive(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(v) and v > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return v


def _command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bpsim")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("step", help="one example forward, backward and one update, explained")
    s.add_argument("file")
    s.add_argument("--input", type=_floats, help="e.g. 1,0,1 (default: the first example)")
    s.add_argument("--target", type=_floats, help="e.g. 1")
    s.add_argument("--example", type=int, default=0,
                   help="index of the training example to use (0 = the first)")
    s.add_argument("--lr", type=_positive, help="learning rate eta (default: the file's)")
    s.add_argument("--precision", type=int, default=4, choices=range(0, 13), metavar="DIGITS")
    s.add_argument("--textbook", action="store_true",
                   help="round like the textbook: compute each shown result from the shown "
                        "rounded numbers (the saved weights stay exact)")
    s.add_argument("--out", help="save the updated network here")
    s.add_argument("--json", action="store_true", help="print the trace as JSON")
    t = sub.add_parser("train", help="train headless with the file's settings")
    t.add_argument("file")
    t.add_argument("--epochs", type=int)
    t.add_argument("--lr", type=_positive)
    t.add_argument("--momentum", type=float)
    t.add_argument("--batch-size", type=int)
    t.add_argument("--order", choices=("sequential", "shuffle", "error_emphasis"))
    t.add_argument("--seed", type=int)
    t.add_argument("--data", help="a data set name (spirals, iris, ...) or a CSV file")
    t.add_argument("--target", help="the target column of a CSV file")
    t.add_argument("--fit-sizes", action="store_true",
                   help="set the input and output layer sizes from the data (the resized "
                        "layers get new weights from the file's initialisation)")
    t.add_argument("--out", help="save the trained network here")
    t.add_argument("--history", metavar="CSV", help="write per-epoch metrics here")
    t.add_argument("--json", action="store_true", help="print one JSON object with the result")
    c = sub.add_parser("check", help="validate and summarise a file")
    c.add_argument("file")
    g = sub.add_parser("gradcheck", help="finite differences against backpropagation")
    g.add_argument("file")
    g.add_argument("--data", help="a data set name or a CSV file")
    g.add_argument("--target")
    sub.add_parser("examples", help="list the gallery")
    return p


# -- helpers ---------------------------------------------------------------------------------------
def _load(name: str):
    from bpsim.fileformat import load
    from bpsim.gallery import resolve

    try:
        path = resolve(name)
    except FileNotFoundError as exc:
        raise CliError(str(exc)) from None
    return load(path), path.resolve().parent


def _with_data(spec, data: str | None, target: str | None):
    from bpsim.spec import DATASETS, DataSpec

    if data is None:
        if target is not None:
            raise CliError("--target needs --data PATH.csv")
        return spec
    if data in DATASETS:
        pre = "standardize" if data in ("iris", "digits") else "none"
        return replace(spec, data=DataSpec(dataset=data, preprocess=pre))
    if not target:
        raise CliError(f"--data {data}: a CSV file needs --target COLUMN "
                       f"(or use a data set name: {', '.join(DATASETS)})")
    return replace(spec, data=DataSpec(csv=str(Path(data).resolve()), target=target,
                                       preprocess="standardize"))


def _labels(spec) -> list[list[str]]:
    return [[layer.label(j) for j in range(layer.size)] for layer in spec.layers]


# -- commands --------------------------------------------------------------------------------------
def cmd_step(args: argparse.Namespace) -> int:
    from bpsim.engine.build import initialized, network_from_spec, spec_with_network
    from bpsim.engine.trace import trace_example
    from bpsim.explain import PHASES, explain
    from bpsim.fileformat import save
    from bpsim.runner import flat_velocity, prepare_data, with_velocity

    spec, base = _load(args.file)
    spec = initialized(spec)
    if args.lr is not None:
        spec = spec.with_training(learning_rate=args.lr)
    if (args.input is None) != (args.target is None):
        raise CliError("give both --input and --target, or neither (then the data's example "
                       f"#{args.example} is used)")
    if args.input is not None:
        x, t = np.array(args.input), np.array(args.target)
    else:
        prep = prepare_data(spec, base)
        if not 0 <= args.example < len(prep.X_train):
            raise CliError(f"--example {args.example}: the training data has "
                           f"{len(prep.X_train)} examples (0..{len(prep.X_train) - 1})")
        x, t = prep.X_train[args.example], prep.T_train[args.example]
    net = network_from_spec(spec)
    if len(x) != net.sizes[0] or len(t) != net.sizes[-1]:
        raise CliError(f"the network needs {net.sizes[0]} input values and {net.sizes[-1]} "
                       f"target values; got {len(x)} and {len(t)}")
    tr = spec.training
    trace = trace_example(net, x, t, tr.learning_rate, tr.momentum,
                          flat_velocity(spec, net), tr.weight_decay)
    lines = explain(trace, _labels(spec), args.precision, textbook=args.textbook)
    if args.json:
        print(json.dumps(_trace_json(trace, lines)))
    else:
        phase = None
        for line in lines:
            if line.phase != phase:
                phase = line.phase
                print(f"\n{phase}. {PHASES[phase]}" + (f" (η = {tr.learning_rate:g})"
                                                       if phase == 5 else ""))
            print("  " + line.text)
    if args.out:
        trace.apply(net)
        new = spec_with_network(spec, net)
        if tr.momentum:
            new = with_velocity(new, net, trace.velocity)
        save(args.out, new)
    return 0


def _trace_json(trace, lines) -> dict:
    def lst(arrays):
        return [np.asarray(a).tolist() for a in arrays]

    return {"input": trace.x.tolist(), "target": trace.t.tolist(), "z": lst(trace.z),
            "o": lst(trace.o), "error": trace.error.tolist(), "loss": trace.loss,
            "delta": lst(trace.delta), "dW": lst(trace.dW), "db": lst(trace.db),
            "W_old": lst(trace.W_old), "b_old": lst(trace.b_old),
            "W_new": lst(trace.W_new), "b_new": lst(trace.b_new),
            "eta": trace.eta, "alpha": trace.alpha,
            "lines": [{"phase": ln.phase, "name": ln.name, "text": ln.text} for ln in lines]}


class _Progress:
    """A one-line progress bar on a terminal, redrawn at most 10 times a second."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self._last = max(total, 1), enabled, 0.0

    def __call__(self, trainer) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._last < 0.1:
            return
        self._last = now
        done = trainer.epoch - self.start
        frac = min(1.0, done / self.total)
        loss = trainer.history.column("train_loss")[-1] if len(trainer.history) else float("nan")
        bar = "#" * int(30 * frac)
        sys.stderr.write(f"\r[{bar:<30}] epoch {trainer.epoch} loss {loss:.5g} ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 70 + "\r")


def cmd_train(args: argparse.Namespace) -> int:
    from bpsim.fileformat import save
    from bpsim.runner import finished_spec, setup

    spec, base = _load(args.file)
    changes = {k: v for k, v in (("epochs", args.epochs), ("learning_rate", args.lr),
                                 ("momentum", args.momentum), ("batch_size", args.batch_size),
                                 ("order", args.order), ("seed", args.seed)) if v is not None}
    _check_overrides(changes)
    spec = _with_data(spec.with_training(**changes), args.data, args.target)
    if args.fit_sizes:
        spec = _fit_sizes(spec, base)
    session = setup(spec, base)
    progress = _Progress(spec.training.epochs, sys.stderr.isatty() and not args.json)
    progress.start = session.trainer.epoch
    result = session.trainer.run(spec.training.epochs, on_epoch=progress)
    progress.close()
    if args.history:
        _write_history(args.history, session.trainer)
    if args.out:
        save(args.out, finished_spec(session))
    if args.json:
        print(json.dumps(result.as_dict()))
    else:
        _print_result(result)
    return 0 if not result.stopped_reason.startswith("diverged") else 4


def _fit_sizes(spec, base: Path):
    """The spec with input/output layers the size of its data (see bpsim.edits)."""
    from bpsim.data import load_dataset
    from bpsim.edits import set_io_sizes

    if spec.data is None:
        raise CliError("--fit-sizes needs data: the file has none (use --data)")
    ds = load_dataset(spec.data, base)
    return set_io_sizes(spec, ds.X.shape[1], ds.T.shape[1])


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


def _write_history(path: str, trainer) -> None:
    from bpsim.engine.history import EPOCH_COLUMNS

    h = trainer.history
    cols = [h.column(c) for c in EPOCH_COLUMNS]
    first = trainer.epoch - len(h) + 1
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("epoch", "step") + EPOCH_COLUMNS)
        for k in range(len(h)):
            w.writerow([first + k, int(h.steps[k])] +
                       ["" if math.isnan(c[k]) else repr(float(c[k])) for c in cols])


def cmd_check(args: argparse.Namespace) -> int:
    spec, base = _load(args.file)
    n_params = sum(a * b + b for a, b in zip(spec.sizes[:-1], spec.sizes[1:]))
    acts = "-".join(layer.activation for layer in spec.layers[1:])
    print(f"{args.file}: valid bpsim network \"{spec.name}\"")
    print(f"  layers {'-'.join(map(str, spec.sizes))} ({acts}), {n_params} parameters, "
          f"loss {spec.loss}, weights {'given' if spec.has_weights else 'initialised from seed'}")
    t = spec.training
    print(f"  eta {t.learning_rate:g} ({t.schedule.kind}), momentum {t.momentum:g}, batch "
          f"{t.batch_size}, order {t.order}, epochs {t.epochs}, validation {t.validation_split:g}")
    if spec.data is not None:
        from bpsim.runner import prepare_data

        prep = prepare_data(spec, base)
        ds = prep.dataset
        kind = f"{len(ds.class_names)} classes" if ds.class_names else "regression"
        print(f"  data {ds.name}: {len(ds.X)} examples ({len(prep.X_train)} train, "
              f"{len(prep.X_val)} validation), {kind}")
    return 0


def cmd_gradcheck(args: argparse.Namespace) -> int:
    from bpsim.engine.gradcheck import gradcheck
    from bpsim.runner import setup

    spec, base = _load(args.file)
    session = setup(_with_data(spec, args.data, args.target), base)
    X, T = session.prepared.X_train[:256], session.prepared.T_train[:256]
    r = gradcheck(session.net, X, T)
    print(f"checked {r.checked} parameters on {len(X)} examples: max relative error "
          f"{r.max_relative_error:.3g}, max absolute error {r.max_absolute_error:.3g} "
          f"({'OK' if r.ok else 'MISMATCH'})")
    return 0 if r.ok else 5


def cmd_examples(args: argparse.Namespace) -> int:
    from bpsim.gallery import list_examples

    examples = list_examples()
    width = max((len(e.name) for e in examples), default=0)
    for e in examples:
        print(f"{e.name:<{width}}  {e.summary}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="bpsim: %(message)s")
    if argv and argv[0] in COMMANDS:
        args = _command_parser().parse_args(argv)
        handler = globals()[f"cmd_{args.command}"]
    else:
        args = _gui_parser().parse_args(argv)
        handler = _run_gui
    try:
        return handler(args)
    except CliError as exc:
        print(f"bpsim: {exc}", file=sys.stderr)
        return 1
    except (ValueError, OSError) as exc:  # FileFormatError, DataError, bad settings, I/O
        print(f"bpsim: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bpsim: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        log.debug("internal error", exc_info=True)
        print(f"bpsim: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3


def _run_gui(args: argparse.Namespace) -> int:
    try:
        from bpsim.gui.app import run
    except ImportError as exc:
        raise CliError(f"the GUI is not available ({exc}); headless commands: "
                       + ", ".join(COMMANDS)) from None
    return run(args.file, screenshot=args.screenshot, train=args.train, seconds=args.seconds)
