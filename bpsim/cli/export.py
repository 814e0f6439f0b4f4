"""``bpsim export``: the network as ONNX, a NumPy archive or a short Python file."""

from __future__ import annotations

import argparse

from bpsim.cli.common import CliError, load_network

HELP = "write the network as ONNX, a NumPy archive or a Python file"


def add_parser(sub) -> None:
    e = sub.add_parser("export", help=HELP, description=HELP + ". Each takes the raw inputs "
                       "(standardised inside, as in training) and computes bpsim's outputs.")
    e.add_argument("file", help="a .bpsim file or a gallery name")
    e.add_argument("--onnx", metavar="OUT.onnx",
                   help='an ONNX graph: float32, symbolic batch, opset 17 (needs pip install '
                        '"bpsim[onnx]")')
    e.add_argument("--npz", metavar="OUT.npz",
                   help="weights and biases per layer, sizes, activations (np.load)")
    e.add_argument("--python", metavar="OUT.py",
                   help="a self-contained NumPy function predict(x) to read and run")
    e.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bpsim.export import FORMATS, export
    from bpsim.safeio import check_target

    targets = {fmt: getattr(args, fmt) for fmt in FORMATS if getattr(args, fmt)}
    if not targets:
        raise CliError("say what to write: --onnx OUT.onnx, --npz OUT.npz or --python OUT.py")
    for path in targets.values():
        check_target(path)
    spec, base = load_network(args.file)
    export(spec, targets, base)
    for fmt, path in targets.items():
        print(f"wrote {path} ({FORMATS[fmt]})")
    return 0
