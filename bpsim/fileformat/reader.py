"""Reading: file -> bytes -> plain JSON -> version check and migration -> NetworkSpec."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bpsim.fileformat.data import read_data, read_state
from bpsim.fileformat.errors import FORMAT, FORMAT_VERSION, MAX_FILE_BYTES, FileFormatError
from bpsim.fileformat.layers import read_layers
from bpsim.fileformat.migrate import migrate
from bpsim.fileformat.nodes import Node, choice, describe, integer, string
from bpsim.fileformat.parse import decode, parse_json
from bpsim.fileformat.precision import check_float32
from bpsim.fileformat.runs import read_runs
from bpsim.fileformat.settings import read_init, read_pretraining, read_training
from bpsim.safeio import read_limited
from bpsim.spec import LOSSES, LayerSpec, NetworkSpec, bias_count, weight_shape

REQUIRED_KEYS = ("format", "version", "layers")
OPTIONAL_KEYS = (
    "name",
    "description",
    "loss",
    "training",
    "initialization",
    "data",
    "state",
    "pretraining",
    "runs",
)


def _version(root: Node) -> int:
    """Check ``format`` and ``version`` before anything else (a newer file may differ)."""
    value = root.value
    if not isinstance(value, dict):
        root.fail(f"not a bpsim network: expected a JSON object, got {describe(value)}")
    if "format" not in value:
        root.key("format").fail(f'missing (a bpsim network file has "format": "{FORMAT}")')
    if value["format"] != FORMAT:
        got = describe(value["format"])
        root.key("format").fail(f'not a bpsim network: expected "{FORMAT}", got {got}')
    if "version" not in value:
        root.key("version").fail("missing (required)")
    version = integer(root.key("version", value["version"]))
    if version > FORMAT_VERSION:
        root.key("version").fail(
            f"made by a newer bpsim (version {version}); this program reads version "
            f"{FORMAT_VERSION}"
        )
    if version < 1:
        root.key("version").fail(f"{version} is not a format version (versions start at 1)")
    return version


def _loss(node: Node | None, output: LayerSpec) -> str:
    if node is None:
        return "sse"
    loss = choice(node, LOSSES, "loss")
    if loss == "cross_entropy" and output.activation not in ("softmax", "sigmoid"):
        what = "a max_pool layer" if output.kind == "max_pool" else output.activation
        node.fail(f"cross_entropy needs a softmax or sigmoid output layer (the output layer is "
                  f"{what})")
    return loss


def _text(node: Node | None) -> str:
    return "" if node is None else string(node)


def _spec(root: Node, base_dir: str | os.PathLike[str] | None) -> NetworkSpec:
    members = root.obj(REQUIRED_KEYS, OPTIONAL_KEYS)
    layers = read_layers(members["layers"])
    sizes = [layer.size for layer in layers]
    shapes = [(weight_shape(layer, prev), bias_count(layer))
              for prev, layer in zip(layers[:-1], layers[1:])]
    spec = NetworkSpec(
        layers=layers,
        loss=_loss(members.get("loss"), layers[-1]),
        training=read_training(members.get("training")),
        init=read_init(members.get("initialization")),
        data=read_data(members.get("data"), sizes[0], sizes[-1], base_dir),
        name=_text(members.get("name")),
        description=_text(members.get("description")),
        state=read_state(members.get("state"), shapes),
        pretraining=read_pretraining(members.get("pretraining")),
        runs=read_runs(members.get("runs")),
    )
    check_float32(spec, root.source)
    return spec


def from_dict(
    obj: Any, source: str = "<dict>", base_dir: str | os.PathLike[str] | None = None
) -> NetworkSpec:
    """A validated NetworkSpec from an already-parsed document (any readable version).

    ``base_dir``, when given, is the folder a ``data.csv`` path is relative to; the CSV must
    then exist. Raises :class:`FileFormatError` naming ``source`` and the JSON path.
    """
    root = Node(obj, "", source)
    version = _version(root)
    return _spec(Node(migrate(obj, version), "", source), base_dir)


def loads(
    text: str | bytes, source: str = "<string>", base_dir: str | os.PathLike[str] | None = None
) -> NetworkSpec:
    """Parse and validate the text (or UTF-8 bytes) of a ``.bpsim`` file."""
    return from_dict(parse_json(decode(text, source), source), source, base_dir)


def load(path: str | os.PathLike[str]) -> NetworkSpec:
    """Read a ``.bpsim`` file; messages name the file, CSV paths resolve next to it.

    Only a regular file is read (a FIFO or a device raises
    :class:`~bpsim.safeio.UnsafeFileError`, an OSError), and never more than MAX_FILE_BYTES
    of it. OSError (missing file, no permission) propagates unchanged; everything wrong with
    the contents raises :class:`FileFormatError`.
    """
    path = Path(path)
    obj = _parse_file(path)
    return from_dict(obj, path.name, path.parent)


def _parse_file(path: Path) -> Any:
    """The parsed JSON of the file; its bytes and text are freed before validation."""
    data = read_limited(path, MAX_FILE_BYTES)
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{path.name}: the file is too large (more than {MAX_FILE_BYTES} bytes)"
        )
    text = decode(data, path.name)
    del data
    return parse_json(text, path.name)
