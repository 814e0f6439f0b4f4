"""``bpsim check``, ``bpsim gradcheck`` and ``bpsim examples``: look at files and the gallery."""

from __future__ import annotations

import argparse

from bpsim.cli.common import load_network, with_data

CHECK_HELP = "validate a file and summarise it"
GRADCHECK_HELP = "compare backpropagation's gradients with finite differences"
EXAMPLES_HELP = "list the gallery's lessons with one-line summaries"
MISMATCH = 5


def add_parsers(sub) -> None:
    c = sub.add_parser("check", help=CHECK_HELP, description=CHECK_HELP + ".")
    c.add_argument("file", help="a .bpsim file or a gallery name")
    c.set_defaults(run=run_check)
    g = sub.add_parser("gradcheck", help=GRADCHECK_HELP, description=GRADCHECK_HELP
                       + " on up to 256 training examples.")
    g.add_argument("file", help="a .bpsim file or a gallery name")
    g.add_argument("--data", metavar="NAME|CSV",
                   help="a data set name or a CSV file (default: the file's data)")
    g.add_argument("--target", metavar="COLUMN", help="the target column of the --data CSV")
    g.set_defaults(run=run_gradcheck)
    e = sub.add_parser("examples", help=EXAMPLES_HELP, description=EXAMPLES_HELP
                       + ", in the order of the lecture (open one with bpsim NAME).")
    e.set_defaults(run=run_examples)


def layers_text(spec) -> str:
    """5-3-1 (sigmoid-sigmoid) for dense networks; each layer with its maps otherwise."""
    from bpsim.spec import dims

    if spec.is_dense:
        acts = "-".join(layer.activation for layer in spec.layers[1:])
        return f"{'-'.join(map(str, spec.sizes))} ({acts})"
    parts = [f"input {dims(spec.layers[0].out_shape)}"]
    for layer in spec.layers[1:]:
        if layer.kind == "conv":
            parts.append(f"conv {layer.filters} x {dims(layer.kernel)} stride "
                         f"{dims(layer.stride)} padding {dims(layer.padding)} "
                         f"{layer.activation} -> {dims(layer.shape)}")
        elif layer.kind == "max_pool":
            parts.append(f"max_pool {dims(layer.pool)} -> {dims(layer.shape)}")
        else:
            parts.append(f"dense {layer.size} {layer.activation}")
    return ", ".join(parts)


def run_check(args: argparse.Namespace) -> int:
    from bpsim.spec import parameter_count

    spec, base = load_network(args.file)
    print(f"{args.file}: valid bpsim network \"{spec.name}\"")
    print(f"  layers {layers_text(spec)}, {parameter_count(spec.layers)} parameters, "
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


def run_gradcheck(args: argparse.Namespace) -> int:
    from bpsim.engine.gradcheck import gradcheck
    from bpsim.runner import setup

    spec, base = load_network(args.file)
    session = setup(with_data(spec, args.data, args.target, base), None if args.data else base)
    X, T = session.prepared.X_train[:256], session.prepared.T_train[:256]
    r = gradcheck(session.net, X, T)
    if r.problem is not None:
        print(f"cannot check {r.checked} parameters on {len(X)} examples: {r.problem}")
        return MISMATCH
    print(f"checked {r.checked} parameters on {len(X)} examples: max relative error "
          f"{r.max_relative_error:.3g}, max absolute error {r.max_absolute_error:.3g} "
          f"({'OK' if r.ok else 'MISMATCH'})")
    return 0 if r.ok else MISMATCH


def run_examples(args: argparse.Namespace) -> int:
    from bpsim.gallery import list_examples

    examples = list_examples()
    width = max((len(e.name) for e in examples), default=0)
    for e in examples:
        print(f"{e.name:<{width}}  {e.summary}")
    return 0
