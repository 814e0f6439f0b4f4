"""``bpsim compare``: train files with several seeds and compare their final figures."""

from __future__ import annotations

import argparse
import json
import os

from bpsim.cli.common import CliError, load_network

HELP = "train files with several seeds and compare the mean ± sd of their results"
ROWS = (("train loss", "train_loss"), ("validation loss", "validation_loss"),
        ("train accuracy", "train_accuracy"), ("validation accuracy", "validation_accuracy"),
        ("epoch of lowest validation loss", "best_epoch"))


def add_parser(sub) -> None:
    p = sub.add_parser("compare", help=HELP, description=HELP + ". Run i of a file uses "
                       "the seed s + i (s: the file's training seed), so files that differ "
                       "in one setting start from the same weights and split; a file whose "
                       "pretraining.epochs > 0 is pre-trained first.")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help=".bpsim files or gallery names (e.g. pretraining pretraining-none)")
    p.add_argument("--seeds", type=int, default=10, metavar="N",
                   help="runs per file, seeds s .. s+N-1 (default: 10)")
    p.add_argument("--epochs", type=int, metavar="E",
                   help="epochs of training per run (default: each file's)")
    p.add_argument("--jobs", type=int, metavar="J",
                   help="runs at a time, each in a process of its own (default: the number "
                        "of CPUs)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object with the results instead of text "
                        "(default: off)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bpsim.compare import compare

    if args.seeds < 1:
        raise CliError("--seeds must be >= 1")
    if args.epochs is not None and args.epochs < 0:
        raise CliError("--epochs must be >= 0")
    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be >= 1")
    files = [(name, *load_network(name)) for name in args.files]
    jobs = args.jobs or _cpus()
    results = compare(files, args.seeds, args.epochs, jobs)
    if args.json:
        print(json.dumps({"runs": [c.as_dict() for c in results]}))
    else:
        print("\n\n".join(table(c) for c in results))
    return 0


def _cpus() -> int:
    """The CPUs this process may use (its affinity, where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def table(c) -> str:
    """The figures of one file: mean ± sd over its runs ("-" where not defined)."""
    first = c.runs[0].seed
    seeds = f"seed {first}" if len(c.runs) == 1 else f"seeds {first}..{c.runs[-1].seed}"
    lines = [f"{c.file}: {len(c.runs)} run{'s' if len(c.runs) > 1 else ''} ({seeds}), "
             "mean ± sd"]
    for label, figure in ROWS:
        lines.append(f"  {label:32} {_mean_sd(c.summary(figure))}")
    if c.diverged:
        lines.append(f"  diverged in {c.diverged} of {len(c.runs)} runs")
    return "\n".join(lines)


def _mean_sd(s) -> str:
    if s.mean is None:
        return "-"
    return f"{s.mean:.4g}" + ("" if s.sd is None else f" ± {s.sd:.2g}")
