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
MAP_FUNCTIONS = {
    "conv": '''def conv(o, W, b, stride, padding):
    """Maps o (n, C, *spatial) through filters W (F, C, *kernel): at every position the sum
    of the weights times the patch under them, plus b (cross-correlation, zero padding)."""
    k = o.ndim - 2
    o = np.pad(o, [(0, 0), (0, 0)] + [(p, p) for p in padding])
    patches = np.lib.stride_tricks.sliding_window_view(o, W.shape[2:], axis=tuple(range(2, 2 + k)))
    patches = patches[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)]
    z = np.tensordot(patches, W, axes=([1, *range(2 + k, 2 + 2 * k)], [1, *range(2, 2 + k)]))
    return np.moveaxis(z, -1, 1) + b.reshape((1, -1) + (1,) * k)''',
    "max_pool": '''def max_pool(o, window):
    """The largest value of each window (stride = window) of maps o (n, C, *spatial)."""
    out = [s // w for s, w in zip(o.shape[2:], window)]
    o = o[(slice(None), slice(None)) + tuple(slice(0, m * w) for m, w in zip(out, window))]
    shape = list(o.shape[:2]) + [v for m, w in zip(out, window) for v in (m, w)]
    return o.reshape(shape).max(axis=tuple(range(3, 3 + 2 * len(window), 2)))''',
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


def _dims(shape) -> str:
    return "x".join(map(str, shape))


def _dense(l: int, layer, in_shape: tuple[int, ...]) -> tuple[list[str], str]:
    """(constants, the line of predict) of a fully connected layer."""
    n_in = int(np.prod(in_shape))
    constants = [f"# layer {l}: {layer.size} {layer.activation} units, {n_in} inputs each",
                 f"W{l} = {_array(layer.weights)}", f"b{l} = {_array(layer.biases)}"]
    return constants, f"    o{l} = {_call(layer, f'o{l - 1} @ W{l}.T + b{l}')}"


def _conv(l: int, layer, in_shape: tuple[int, ...]) -> tuple[list[str], str]:
    W = np.asarray(layer.weights, np.float64)
    constants = [f"# layer {l}: {layer.filters} {layer.activation} filters of "
                 f"{_dims(W.shape[1:])} over maps {_dims(in_shape)}, stride "
                 f"{_dims(layer.stride)}, padding {_dims(layer.padding)} -> maps "
                 f"{_dims(layer.shape)}",
                 f"W{l} = {_array(W.ravel())}.reshape{W.shape}",
                 f"b{l} = {_array(layer.biases)}"]
    z = f"conv(o{l - 1}, W{l}, b{l}, {tuple(layer.stride)}, {tuple(layer.padding)})"
    return constants, f"    o{l} = {_call(layer, z)}"


def _max_pool(l: int, layer, in_shape: tuple[int, ...]) -> tuple[list[str], str]:
    constants = [f"# layer {l}: max-pooling {_dims(layer.pool)} windows of maps "
                 f"{_dims(in_shape)} -> maps {_dims(layer.shape)}"]
    return constants, f"    o{l} = max_pool(o{l - 1}, {tuple(layer.pool)})"


LAYER_WRITERS = {"dense": _dense, "conv": _conv, "max_pool": _max_pool}


def python_source(model: ExportModel) -> str:
    n_in, n_out = model.n_inputs, model.layers[-1].size
    used = sorted({layer.activation for layer in model.layers if layer.kind != "max_pool"})
    kinds = {layer.kind for layer in model.layers}
    maps = bool(kinds - {"dense"})
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
    if maps:
        body += ["    single = o0.ndim == 1", f"    o0 = o0.reshape(-1, {n_in})"]
    if model.shift is not None:
        head += ["# the inputs are standardised as in training: (x - SHIFT) / SCALE",
                 f"SHIFT = {_array(model.shift)}", f"SCALE = {_array(model.scale)}"]
        body.append("    o0 = (o0 - SHIFT) / SCALE")
    flat = True
    for l, (layer, in_shape) in enumerate(zip(model.layers, model.in_shapes()), start=1):
        wants_maps = layer.kind != "dense"
        if wants_maps and flat:
            body.append(f"    o{l - 1} = o{l - 1}.reshape(-1, {', '.join(map(str, in_shape))})")
        elif not wants_maps and not flat:
            body.append(f"    o{l - 1} = o{l - 1}.reshape(len(o{l - 1}), -1)")
        flat = not wants_maps
        constants, line = LAYER_WRITERS[layer.kind](l, layer, in_shape)
        head += [""] + constants
        body.append(line)
    last = f"o{len(model.layers)}"
    if not flat:
        body.append(f"    {last} = {last}.reshape(len({last}), -1)")
    body.append(f"    return {last}[0] if single else {last}" if maps else f"    return {last}")
    functions = [ACTIVATIONS[name] for name in used]
    functions += [MAP_FUNCTIONS[kind] for kind in sorted(kinds - {"dense"})]
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
