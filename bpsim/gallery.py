"""The example gallery: the seed's lessons as ``resources/examples/*.bpsim`` files, in the
order of the lecture's sections (:data:`SECTIONS`)."""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bpsim.lang import gallery_text, tx
from bpsim.resources import resources_dir

EXAMPLES_SUBDIR = "examples"

# The lecture's sections (the seed, numbered as there) and the lessons of each, in teaching
# order. A gallery file not listed here comes last, under "More examples".
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("1–4. Forward pass, backpropagation and the worked example", ("textbook", "xor")),
    ("5. Too few or too many hidden units", ("underfit", "goodfit", "overfit")),
    ("6. Presenting the training examples", (
        "presentation-sequential", "presentation-shuffle", "presentation-error-emphasis",
        "presentation-minibatch")),
    ("7. The learning rate", (
        "learning-rate-small", "learning-rate-good", "learning-rate-large",
        "learning-rate-schedule")),
    ("8. Momentum", ("momentum-none", "momentum", "xor-momentum")),
    ("9. Initial weights", ("initialisation-uniform", "initialisation-xavier")),
    ("10. Advances: dropout, pre-training with autoencoders", (
        "dropout-none", "dropout", "pretraining-none", "pretraining")),
    ("10. Advances: convolution with shared weights", (
        "shared-weights", "convolution-shift", "convolution-shift-dense", "convolution-digits")),
    ("11. Vanishing gradients", ("vanishing-gradients-sigmoid", "vanishing-gradients-leaky-relu")),
    ("Beyond the lecture: harder problems", ("spirals", "iris", "digits")),
)
MORE = "More examples"

# The paired lessons: each opens in the window as one comparison (its variants train side by
# side from the same seed), in this order.
COMPARISONS: tuple[tuple[str, ...], ...] = (
    ("learning-rate-small", "learning-rate-good", "learning-rate-large"),
    ("momentum-none", "momentum"),
    ("initialisation-uniform", "initialisation-xavier"),
    ("presentation-sequential", "presentation-shuffle", "presentation-error-emphasis"),
    ("underfit", "goodfit", "overfit"),
    ("dropout-none", "dropout"),
    ("vanishing-gradients-sigmoid", "vanishing-gradients-leaky-relu"),
    ("pretraining-none", "pretraining"),
)


def comparison(name: str) -> tuple[str, ...]:
    """The lessons compared with lesson ``name`` (itself excluded; empty if it has none)."""
    for group in COMPARISONS:
        if name in group:
            return tuple(other for other in group if other != name)
    return ()


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    path: Path
    title: str
    description: str

    @property
    def summary(self) -> str:
        """The first sentence of the description (ends at . ! or ? before a capital, or at
        a Chinese full stop)."""
        text = self.description.strip()
        m = re.search(r"[.!?](?=\s+[A-Z0-9])|[。！？]", text)
        return text if m is None else text[: m.end()]


def examples_dir() -> Path:
    return resources_dir() / EXAMPLES_SUBDIR


def list_examples() -> list[Example]:
    """Every gallery file with its name and description (read cheaply), in the order of the
    lecture (:data:`SECTIONS`), then any others by name."""
    return [e for _, examples in sections() for e in examples]


def sections() -> list[tuple[str, list[Example]]]:
    """(section title, its examples) in the lecture's order; empty sections left out. Titles
    and descriptions are in the current language (:mod:`bpsim.lang`)."""
    by_name = {e.name: e for e in _read_all()}
    out = []
    for title, names in SECTIONS:
        found = [by_name.pop(name) for name in names if name in by_name]
        if found:
            out.append((tx(title), found))
    if by_name:
        out.append((tx(MORE), sorted(by_name.values(), key=lambda e: e.name)))
    return out


def _read_all() -> list[Example]:
    found = []
    for path in sorted(examples_dir().glob("*.bpsim"), key=lambda p: p.stem):
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        title = str(obj.get("name") or path.stem) if isinstance(obj, dict) else path.stem
        desc = str(obj.get("description") or "") if isinstance(obj, dict) else ""
        found.append(Example(path.stem, path, *gallery_text(path.stem, title, desc)))
    return found


def network_name(name: str) -> str:
    """A network's name in the current language: a gallery lesson's English title (the
    name its file gives the network) becomes the lesson's translated title."""
    stem = _english_titles(str(examples_dir())).get(name)
    return name if stem is None else gallery_text(stem, name, "")[0]


@cache
def _english_titles(folder: str) -> dict[str, str]:
    """English title -> lesson name, read once per gallery folder."""
    out = {}
    for path in Path(folder).glob("*.bpsim"):
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(obj, dict) and obj.get("name"):
            out[str(obj["name"])] = path.stem
    return out


def resolve(name_or_path: str | os.PathLike[str]) -> Path:
    """A path to an existing file, or the gallery file of that name (``spirals``)."""
    path = Path(name_or_path)
    if path.exists():
        return path
    candidate = examples_dir() / f"{Path(name_or_path).name}.bpsim"
    if not path.suffix and candidate.exists():
        return candidate
    names = [e.name for e in list_examples()]
    close = difflib.get_close_matches(str(name_or_path), names, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise FileNotFoundError(
        f"{name_or_path}: no such file"
        + (f" and no gallery example of that name ({hint}bpsim examples lists them)"
           if names else ""))
