"""``bpsim step``: one example forward, backward and one update, explained line by line."""

from __future__ import annotations

import argparse
import json

import numpy as np

from bpsim.cli.common import CliError, check_outputs, floats, load_network, positive, unit_labels
from bpsim.lang import LANGUAGES, set_language, tx

HELP = "one example forward, backward and one update, explained"


def add_parser(sub) -> None:
    s = sub.add_parser("step", help=HELP, description=HELP + ".")
    s.add_argument("file", help="a .bpsim file or a gallery name (e.g. textbook)")
    s.add_argument("--input", type=floats, metavar="X1,X2,...",
                   help="the input values, e.g. 1,0,1 (default: a training example)")
    s.add_argument("--target", type=floats, metavar="T1,...",
                   help="the target values, e.g. 1 (give it with --input)")
    s.add_argument("--example", type=int, default=1, metavar="K",
                   help="the training example to use, counted from 1 as in the window "
                        "(default 1, the first)")
    s.add_argument("--lr", type=positive, metavar="ETA",
                   help="learning rate η (default: the file's)")
    s.add_argument("--precision", type=int, default=4, choices=range(0, 13), metavar="DIGITS",
                   help="significant digits shown, 0..12 (default 4)")
    s.add_argument("--textbook", action="store_true",
                   help="round like the textbook: compute each shown result from the shown "
                        "rounded numbers (the saved weights stay exact)")
    s.add_argument("--out", metavar="FILE", help="save the updated network here")
    s.add_argument("--json", action="store_true", help="print the trace as one JSON object")
    s.add_argument("--lang", choices=tuple(LANGUAGES), default="en", metavar="LANG",
                   help="the language of the explanations: en (default) or zh_CN (简体中文; "
                        "symbols and numbers stay as in English)")
    s.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bpsim.engine.build import initialized, network_from_spec, spec_with_network
    from bpsim.engine.trace import trace_example
    from bpsim.explain import PHASES, explain
    from bpsim.fileformat import save
    from bpsim.runner import flat_velocity, prepare_data, with_velocity

    set_language(args.lang)
    check_outputs(args.out)
    spec, base = load_network(args.file)
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
        n = len(prep.X_train)
        if not 1 <= args.example <= n:
            raise CliError(f"--example {args.example}: the training data has {n} examples "
                           f"(1..{n})")
        x, t = prep.X_train[args.example - 1], prep.T_train[args.example - 1]
    net = network_from_spec(spec)
    if len(x) != net.sizes[0] or len(t) != net.sizes[-1]:
        raise CliError(f"the network needs {net.sizes[0]} input values and {net.sizes[-1]} "
                       f"target values; got {len(x)} and {len(t)}")
    tr = spec.training
    trace = trace_example(net, x, t, tr.learning_rate, tr.momentum,
                          flat_velocity(spec, net), tr.weight_decay)
    lines = explain(trace, unit_labels(spec), args.precision, textbook=args.textbook)
    if args.json:
        print(json.dumps(trace_json(trace, lines)))
    else:
        phase = None
        for line in lines:
            if line.phase != phase:
                phase = line.phase
                print(f"\n{phase}. {tx(PHASES[phase])}" + (f" (η = {tr.learning_rate:g})"
                                                           if phase == 5 else ""))
            print("  " + line.text)
    if args.out:
        trace.apply(net)
        new = spec_with_network(spec, net)
        if tr.momentum:
            new = with_velocity(new, net, trace.velocity)
        save(args.out, new)
    return 0


def trace_json(trace, lines) -> dict:
    """The trace of one step as JSON-ready lists."""
    def lst(arrays):
        return [np.asarray(a).tolist() for a in arrays]

    return {"input": trace.x.tolist(), "target": trace.t.tolist(), "z": lst(trace.z),
            "o": lst(trace.o), "error": trace.error.tolist(), "loss": trace.loss,
            "delta": lst(trace.delta), "dW": lst(trace.dW), "db": lst(trace.db),
            "W_old": lst(trace.W_old), "b_old": lst(trace.b_old),
            "W_new": lst(trace.W_new), "b_new": lst(trace.b_new),
            "eta": trace.eta, "alpha": trace.alpha,
            "lines": [{"phase": ln.phase, "name": ln.name, "text": ln.text} for ln in lines]}
