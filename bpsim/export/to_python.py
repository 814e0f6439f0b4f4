"""The network as a short, self-contained Python file: NumPy arrays and one ``predict``.

The file reads like the lecture's forward pass, one line per layer:
``o1 = tanh(o0 @ W1.T + b1)``, and runs by itself (``python net.py 1.5 0.3 ...`` prints the
outputs for one example). Weights are written with ``repr`` (17 significant digits), so the
file computes exactly what bpsim computes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from pprint import pformat

import numpy as np

from bpsim import __version__
from bpsim.export.model import ExportModel
from bpsim.safeio import atomic_write

ACTIVATIONS = {
    "sigmoid": "def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))",
    "tanh": "def tanh(z):\n    return np.tanh(z)",
    "relu": "def relu(z):\n    return np.maximum(z, 0.0)",
    "leaky_relu": "def leaky_relu(z, slope):\n    return np.where(z > 0, z, slope * z)",
    "linear": "def linear(z):\n    return z",
    "softmax": "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
               "    return e / e.sum(axis=-1, keepdims=True)",
}


def _array(values: np.ndarray) -> str:
    """A NumPy literal, one row per line for matrices."""
    values = np.asarray(values, np.float64)
    if values.ndim == 1:
        return f"np.array([{', '.join(map(repr, values.tolist()))}])"
    rows = ",\n    ".join(f"[{', '.join(map(repr, row))}]" for row in values.tolist())
    return f"np.array([\n    {rows},\n])"


def _call(layer, z: str) -> str:
    if layer.activation == "leaky_relu":
        return f"leaky_relu({z}, {layer.slope!r})"
    return f"{layer.activation}({z})"


def _dense(l: int, layer, previous: int) -> tuple[list[str], str]:
    """(constants, the line of predict) of a fully connected layer."""
    constants = [f"# layer {l}: {layer.size} {layer.activation} units, {previous} inputs each",
                 f"W{l} = {_array(layer.weights)}", f"b{l} = {_array(layer.biases)}"]
    return constants, f"    o{l} = {_call(layer, f'o{l - 1} @ W{l}.T + b{l}')}"


LAYER_WRITERS = {"dense": _dense}


def python_source(model: ExportModel) -> str:
    n_in, n_out = model.n_inputs, model.layers[-1].size
    used = sorted({layer.activation for layer in model.layers})
    head = [
        f'"""{model.name}: a {"-".join(map(str, model.sizes))} network exported by bpsim '
        f'{__version__}.',
        "",
        f"predict(x) takes x of shape ({n_in},) or (n, {n_in}), the inputs",
        *_wrapped(", ".join(model.input_labels)),
        f"and returns the {n_out} output{'s' * (n_out != 1)} for each example:",
        *_wrapped(", ".join(model.output_labels)),
        '"""',
        "",
        "import sys",
        "",
        "import numpy as np",
        "",
        f"INPUTS = {pformat(list(model.input_labels), width=96, compact=True)}",
        f"OUTPUTS = {pformat(list(model.output_labels), width=95, compact=True)}",
    ]
    body = ["def predict(x):", "    o0 = np.asarray(x, dtype=np.float64)"]
    if model.shift is not None:
        head += ["# the inputs are standardised as in training: (x - SHIFT) / SCALE",
                 f"SHIFT = {_array(model.shift)}", f"SCALE = {_array(model.scale)}"]
        body.append("    o0 = (o0 - SHIFT) / SCALE")
    previous = n_in
    for l, layer in enumerate(model.layers, start=1):
        constants, line = LAYER_WRITERS[layer.kind](l, layer, previous)
        head += [""] + constants
        body.append(line)
        previous = layer.size
    body.append(f"    return o{len(model.layers)}")
    functions = [ACTIVATIONS[name] for name in used]
    main = ["if __name__ == \"__main__\":",
            f"    if len(sys.argv) != {n_in + 1}:",
            f"        sys.exit(\"usage: python {{0}} {' '.join(_argnames(model))}\""
            ".format(sys.argv[0]))",
            "    outputs = predict([float(v) for v in sys.argv[1:]])",
            "    for name, value in zip(OUTPUTS, outputs):",
            "        print(f\"{name}: {value:.6g}\")"]
    return "\n".join(head + [""] + [f"\n{f}\n" for f in functions] + ["", *body, "", "",
                                                                        *main]) + "\n"


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, 92, initial_indent="    ", subsequent_indent="    ")


def _argnames(model: ExportModel) -> list[str]:
    names = [label.replace(" ", "_") for label in model.input_labels]
    return names if len(" ".join(names)) < 200 else [f"X1 ... X{model.n_inputs}"]


def write_python(model: ExportModel, path: str | Path) -> None:
    atomic_write(path, python_source(model).encode("utf-8"))
