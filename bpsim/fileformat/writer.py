"""Writing: NetworkSpec -> plain dict -> JSON text -> atomic file replacement.

Floats are written with ``repr`` precision, so ``load(save(spec))`` gives the same float64
arrays bit for bit. Each row of a matrix goes on one line so that files stay readable.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from bpsim.fileformat.data import COMMON_KEYS, SOURCE_KEYS, STATE_KEYS
from bpsim.fileformat.errors import FORMAT, FORMAT_VERSION, MAX_FILE_BYTES, FileFormatError
from bpsim.fileformat.parse import check_structure
from bpsim.fileformat.reader import from_dict
from bpsim.fileformat.runs import runs_list
from bpsim.safeio import atomic_write, check_target
from bpsim.spec import (
    DEFAULT_LEAKY_SLOPE,
    DataSpec,
    InitSpec,
    LayerSpec,
    NetworkSpec,
    PretrainSpec,
    TrainingSpec,
)


def _floats(values: Any) -> list[Any]:
    return np.asarray(values, dtype=np.float64).tolist()


def _axes(values: tuple[int, ...]) -> int | list[int]:
    """stride or padding: one integer when every axis has the same."""
    return int(values[0]) if len(set(values)) == 1 else [int(v) for v in values]


def _input_dict(layer: LayerSpec) -> dict[str, Any]:
    out: dict[str, Any] = ({"size": int(layer.size)} if layer.shape is None
                           else {"shape": [int(v) for v in layer.shape]})
    if layer.labels is not None:
        out["labels"] = [str(label) for label in layer.labels]
    return out


def _layer_dict(layer: LayerSpec, typed: bool) -> dict[str, Any]:
    """A non-input layer; ``typed`` writes "type": "dense" too (in networks with maps)."""
    if layer.kind == "max_pool":
        return {"type": "max_pool", "size": [int(v) for v in layer.pool]}
    if layer.kind == "conv":
        out: dict[str, Any] = {"type": "conv", "filters": int(layer.filters),
                               "kernel": [int(v) for v in layer.kernel],
                               "stride": _axes(layer.stride), "padding": _axes(layer.padding),
                               "activation": layer.activation}
    else:
        out = {"type": "dense"} if typed else {}
        out.update(size=int(layer.size), activation=layer.activation)
        if layer.labels is not None:
            out["labels"] = [str(label) for label in layer.labels]
    if layer.weights is not None:
        out["weights"] = _floats(layer.weights)
    if layer.biases is not None:
        out["biases"] = _floats(layer.biases)
    if layer.dropout:
        out["dropout"] = float(layer.dropout)
    if layer.activation == "leaky_relu" or layer.slope != DEFAULT_LEAKY_SLOPE:
        out["slope"] = float(layer.slope)
    return out


def _training_dict(t: TrainingSpec) -> dict[str, Any]:
    return {
        "learning_rate": float(t.learning_rate),
        "momentum": float(t.momentum),
        "batch_size": int(t.batch_size),
        "order": t.order,
        "epochs": int(t.epochs),
        "stop_after_epochs": bool(t.stop_after_epochs),
        "validation_split": float(t.validation_split),
        "seed": int(t.seed),
        "weight_decay": float(t.weight_decay),
        "schedule": {
            "kind": t.schedule.kind,
            "factor": float(t.schedule.factor),
            "every": int(t.schedule.every),
            "k": float(t.schedule.k),
        },
        "error_floor": float(t.error_floor),
        "dtype": t.dtype,
    }


def _init_dict(init: InitSpec) -> dict[str, Any]:
    seed = None if init.seed is None else int(init.seed)
    return {"kind": init.kind, "scale": float(init.scale), "seed": seed}


def _pretraining_dict(p: PretrainSpec) -> dict[str, Any]:
    rate = None if p.learning_rate is None else float(p.learning_rate)
    return {"epochs": int(p.epochs), "learning_rate": rate, "noise": float(p.noise),
            "tied": bool(p.tied)}


def _scalar(value: Any) -> Any:
    """Dataset parameter values as plain JSON scalars (NumPy scalars included)."""
    return value.item() if isinstance(value, np.generic) else value


def _data_dict(data: DataSpec) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if data.inputs is not None:
        out["inputs"] = _floats(data.inputs)
    if data.targets is not None:
        out["targets"] = _floats(data.targets)
    if data.dataset is not None:
        out["dataset"] = data.dataset
        for key, value in data.params:
            if key in ("dataset", *SOURCE_KEYS, *COMMON_KEYS):
                raise FileFormatError(f"cannot save: dataset parameter {key!r} is a reserved key")
            out[key] = _scalar(value)
    if data.csv is not None:
        out["csv"] = data.csv
        out["target"] = data.target
        if data.task is not None:
            out["task"] = data.task
    if data.preprocess != "none":
        out["preprocess"] = data.preprocess
    if data.shift is not None:
        out["shift"] = _floats(data.shift)
    if data.scale is not None:
        out["scale"] = _floats(data.scale)
    if data.class_names is not None:
        out["class_names"] = [str(name) for name in data.class_names]
    return out


def _state_dict(state: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(str(key) for key in state if key not in STATE_KEYS)
    if unknown:
        keys = ", ".join(unknown)
        raise FileFormatError(f"cannot save: state keys {keys} have no place in the file")
    out: dict[str, Any] = {key: int(state[key]) for key in ("epoch", "step") if key in state}
    for key in ("velocity", "velocity_biases"):
        if state.get(key) is not None:
            out[key] = [_floats(v) for v in state[key]]
    return out


def to_dict(spec: NetworkSpec) -> dict[str, Any]:
    """The spec as a JSON-ready dict of the current format version (plain lists and floats)."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": spec.name,
        "description": spec.description,
        "layers": [_input_dict(spec.layers[0])]
        + [_layer_dict(layer, not spec.is_dense) for layer in spec.layers[1:]],
        "loss": spec.loss,
        "training": _training_dict(spec.training),
        "initialization": _init_dict(spec.init),
    }
    if spec.pretraining != PretrainSpec():
        doc["pretraining"] = _pretraining_dict(spec.pretraining)
    if spec.data is not None:
        doc["data"] = _data_dict(spec.data)
    if spec.state is not None:
        doc["state"] = _state_dict(spec.state)
    if spec.runs:
        doc["runs"] = runs_list(spec.runs)
    return doc


def _encode(value: Any, indent: str, out: list[str]) -> None:
    """Append JSON for ``value``: objects and arrays of arrays one member per line,
    arrays of scalars (a weights row, a data row, labels) on a single line."""
    if isinstance(value, dict) and value:
        inner = indent + " "
        out.append("{")
        for n, (key, member) in enumerate(value.items()):
            name = json.dumps(key, ensure_ascii=False)
            out.append(("," if n else "") + "\n" + inner + name + ": ")
            _encode(member, inner, out)
        out.append("\n" + indent + "}")
    elif isinstance(value, list) and any(isinstance(v, (list, dict)) for v in value):
        inner = indent + " "
        out.append("[")
        for n, member in enumerate(value):
            out.append(("," if n else "") + "\n" + inner)
            _encode(member, inner, out)
        out.append("\n" + indent + "]")
    else:
        out.append(json.dumps(value, ensure_ascii=False, allow_nan=False))


def dumps(spec: NetworkSpec) -> str:
    """The ``.bpsim`` JSON text of ``spec``; refuses (FileFormatError) what load would refuse,
    including a text larger than the file limits."""
    doc = to_dict(spec)
    from_dict(doc, source="cannot save")
    out: list[str] = []
    _encode(doc, "", out)
    out.append("\n")
    text = "".join(out)
    size = len(text) if text.isascii() else len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise FileFormatError(f"cannot save: the file would be {size} bytes (at most "
                              f"{MAX_FILE_BYTES}; see the limits in docs/file-format.md)")
    check_structure(text, "cannot save")
    return text


def csv_for_folder(csv: str, folder: Path, base_dir: str | os.PathLike[str] | None) -> str:
    """The CSV path to write into a network file in ``folder``.

    ``csv`` is absolute or relative to ``base_dir`` (the folder the spec was read from; None:
    leave relative paths as they are). A CSV in ``folder`` or below is written relative to
    it, so the two can move together; one elsewhere keeps an absolute path.
    """
    if not os.path.isabs(csv):
        if base_dir is None:
            return csv
        csv = os.path.join(base_dir, csv)
    csv_path = Path(os.path.abspath(csv))
    try:
        return csv_path.relative_to(folder).as_posix()
    except ValueError:
        return str(csv_path)


def save(
    path: str | os.PathLike[str],
    spec: NetworkSpec,
    base_dir: str | os.PathLike[str] | None = None,
    *,
    allow_read_only: bool = False,
) -> None:
    """Write ``spec`` to ``path`` atomically (:func:`bpsim.safeio.atomic_write`).

    On any failure the previous file is left untouched and the temp file is removed. A
    symlink is followed (the file it points to is replaced); an existing file keeps its mode.
    A target that is not a regular file (a FIFO, a device) is refused, and so is a read-only
    one unless ``allow_read_only``. ``base_dir`` is the folder a relative ``data.csv`` of
    ``spec`` is relative to (the folder it was loaded from): give it when saving to another
    folder so the reference stays right; see :func:`csv_for_folder`.
    """
    target = check_target(path, allow_read_only=allow_read_only)
    if spec.data is not None and spec.data.csv is not None:
        csv = csv_for_folder(spec.data.csv, target.parent, base_dir)
        spec = replace(spec, data=replace(spec.data, csv=csv))
    atomic_write(target, dumps(spec).encode("utf-8"), allow_read_only=allow_read_only)
