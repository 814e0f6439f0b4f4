"""``bpsim pretrain``: pre-train the hidden layers as autoencoders, layer by layer (and the
pre-training step of ``bpsim train --pretrain``)."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace

from bpsim.cli.common import CliError, check_outputs, load_network

HELP = "pre-train the hidden layers as autoencoders, layer by layer"
DIVERGED = 4


def add_parser(sub) -> None:
    p = sub.add_parser("pretrain", help=HELP, description=HELP + ", on the training inputs "
                       "only, with the file's pretraining settings (and its momentum, batch "
                       "size, order and seed); the output layer is not pre-trained.")
    p.add_argument("file", help="a .bpsim file or a gallery name (e.g. pretraining)")
    p.add_argument("--epochs", type=int, metavar="E",
                   help="epochs per hidden layer (default: the file's pretraining.epochs)")
    p.add_argument("--out", metavar="FILE",
                   help="save the pre-trained network here (default: not saved)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object with the result instead of text (default: off)")
    p.set_defaults(run=run)


def with_epochs(spec, epochs: int | None):
    """The spec with ``pretraining.epochs`` = epochs (unchanged when None)."""
    if epochs is None:
        return spec
    if epochs < 1:
        raise CliError("--epochs must be >= 1 (epochs per hidden layer)")
    return replace(spec, pretraining=replace(spec.pretraining, epochs=epochs))


def pretrain_spec(spec, base):
    """(pre-trained spec, per-layer results, why it stopped: "completed" or the reason)."""
    from bpsim.runner import prepare_data, pretrained

    spec, layers = pretrained(spec, prepare_data(spec, base))
    stopped = next((f"{r.stopped_reason} (pre-training layer {r.layer})" for r in layers
                    if r.stopped_reason != "completed"), "completed")
    return spec, layers, stopped


def layers_text(spec, layers) -> str:
    """One line per pre-trained layer: its units, the loss before and after."""
    lines = []
    for r in layers:
        layer = spec.layers[r.layer]
        line = (f"layer {r.layer} ({layer.size} {layer.activation}): reconstruction "
                f"loss {r.loss_before:.6g} -> {r.loss_after:.6g} ({r.epochs} epochs)")
        if r.stopped_reason.startswith("diverged"):
            line += "; diverged: the layer keeps its weights from before its pre-training"
        elif not r.loss_after < r.loss_before:
            line += ("; it did not fall: try a smaller pretraining.learning_rate (the SSE "
                     "sums over every reconstructed value)")
        lines.append(line)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from bpsim.fileformat import save

    spec, base = load_network(args.file)
    check_outputs(args.out)  # a bad path fails now, not after the work
    started = time.perf_counter()
    spec, layers, stopped = pretrain_spec(with_epochs(spec, args.epochs), base)
    if args.out:
        save(args.out, spec)
    if args.json:
        print(json.dumps({"pretraining": [r.as_dict() for r in layers],
                          "seconds": time.perf_counter() - started,
                          "stopped_reason": stopped}))
    else:
        print(layers_text(spec, layers))
        if stopped != "completed":
            print(stopped)
    return 0 if stopped == "completed" else DIVERGED
