"""``bpsim new --data``: a network made for a data set (a CSV file or a built-in set)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bpsim.cli.common import CliError, check_outputs
from bpsim.fromdata import (
    ACTIVATION_CLASSES,
    ACTIVATION_NUMBERS,
    DEFAULT_HIDDEN,
    DEFAULT_VALIDATION,
    DROPOUT_CLASSES,
)
from bpsim.safeio import inside_folder

HELP = "make a network for a CSV file or a data set"


def _sizes(text: str) -> tuple[int, ...]:
    """Argument type: "16,8" -> (16, 8); "0" -> no hidden layer."""
    from bpsim.fromdata import parse_hidden

    try:
        return parse_hidden(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _share(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 <= v < 1.0:
        raise argparse.ArgumentTypeError(f"expected a share from 0 to below 1, got {text!r}")
    return v


def add_parser(sub) -> None:
    from bpsim.spec import ACTIVATIONS

    n = sub.add_parser("new", help=HELP, description=HELP + ": input units for its columns "
                       "(standardised), an output layer for its target (classes: softmax + "
                       "cross-entropy; two classes: one sigmoid unit + cross-entropy; numbers: "
                       "linear + mse), then train it with bpsim train FILE.")
    n.add_argument("--data", required=True, metavar="FILE.csv|NAME",
                   help="a CSV file with a header row, or a built-in data set (iris, digits, "
                        "spirals, ...)")
    n.add_argument("--target", metavar="COLUMN",
                   help="the column to predict (default: the CSV's last column)")
    n.add_argument("--task", choices=("classes", "regression"),
                   help="what the target is (default: text or at most 20 different whole "
                        "numbers are classes, other numbers regression)")
    n.add_argument("--hidden", type=_sizes, default=DEFAULT_HIDDEN, metavar="N1,N2,...",
                   help="hidden layer sizes, 0 for none (default: "
                        f"{','.join(map(str, DEFAULT_HIDDEN))})")
    n.add_argument("--activation", choices=[a for a in ACTIVATIONS if a != "softmax"],
                   help=f"activation of the hidden units (default: {ACTIVATION_CLASSES} for "
                        f"classes, {ACTIVATION_NUMBERS} for numbers)")
    n.add_argument("--dropout", type=_share, metavar="P",
                   help="probability of dropping a hidden unit while training (default: "
                        f"{DROPOUT_CLASSES:g} for classes, 0 for numbers)")
    n.add_argument("--validation", type=_share, default=DEFAULT_VALIDATION, metavar="SHARE",
                   help="share of the examples held out for validation (default: "
                        f"{DEFAULT_VALIDATION:g})")
    n.add_argument("--seed", type=int, default=0, metavar="S",
                   help="seed of the initial weights, the split and the shuffling (default 0)")
    n.add_argument("--out", metavar="FILE",
                   help="where to write the network (default: NAME.bpsim beside the CSV "
                        "file, NAME being the file's, or in the current folder for a built-in "
                        "data set; an existing one is not overwritten)")
    n.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bpsim.data import load_dataset
    from bpsim.data.task import describe_task
    from bpsim.fileformat import save
    from bpsim.fromdata import data_source, network_for_data, network_summary, target_note

    if args.seed < 0:
        raise CliError("--seed must be >= 0")
    check_outputs(args.out)
    data = data_source(args.data, args.target, args.task)
    dataset = load_dataset(data)
    spec = network_for_data(data, dataset, hidden=args.hidden, activation=args.activation,
                            validation=args.validation, seed=args.seed, dropout=args.dropout)
    out = Path(args.out) if args.out else default_out(args.data, data, dataset.name)
    if args.out is None and out.exists():
        raise CliError(f"{out} exists; name the new network with --out FILE")
    save(out, spec)
    column = data.target or dataset.name
    inputs = f"{dataset.n_inputs} input{'s' * (dataset.n_inputs != 1)}"
    print(f"{describe_task(dataset, column)}; {dataset.n_examples} examples, {inputs}")
    note = target_note(dataset, column)
    if note:
        print(note)
    print(f"wrote {out}: {network_summary(spec)}")
    t = spec.training
    print(f"training: {t.epochs} epochs, batches of {t.batch_size}, η {t.learning_rate:g}, "
          f"momentum {t.momentum:g}, {t.validation_split:.0%} held out for validation")
    if data.csv is not None and not inside_folder(data.csv, out.resolve().parent):
        print(f"note: {Path(data.csv).name} is not in the folder of {out.name}, and bpsim reads "
              "a network's data file only from its folder or below; name it when you train:")
        print(f"next: bpsim train {out} --data {data.csv} --out {out}")
    else:
        print(f"next: bpsim train {out} --out {out}")
    return 0


def default_out(given: str, data, name: str) -> Path:
    """NAME.bpsim beside the CSV file ``given`` (so the network may read it), else in the
    current folder (a built-in data set, or a CSV in a folder we may not write)."""
    if data.csv is not None and os.access(Path(data.csv).parent, os.W_OK):
        return Path(given).parent / f"{name}.bpsim"
    return Path(f"{name}.bpsim")

