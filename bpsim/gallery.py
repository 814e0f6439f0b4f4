"""The example gallery: the seed's lessons as ``resources/examples/*.bpsim`` files."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from bpsim.resources import resources_dir

EXAMPLES_SUBDIR = "examples"


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    path: Path
    title: str
    description: str

    @property
    def summary(self) -> str:
        """The first sentence of the description (ends at . ! or ? before a capital)."""
        text = self.description.strip()
        m = re.search(r"[.!?](?=\s+[A-Z0-9])", text)
        return text if m is None else text[: m.end()]


def examples_dir() -> Path:
    return resources_dir() / EXAMPLES_SUBDIR


def list_examples() -> list[Example]:
    """Every gallery file, sorted by name, with its name and description (read cheaply)."""
    found = []
    for path in sorted(examples_dir().glob("*.bpsim"), key=lambda p: p.stem):
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        title = str(obj.get("name") or path.stem) if isinstance(obj, dict) else path.stem
        desc = str(obj.get("description") or "") if isinstance(obj, dict) else ""
        found.append(Example(path.stem, path, title, desc))
    return found


def resolve(name_or_path: str | os.PathLike[str]) -> Path:
    """A path to an existing file, or the gallery file of that name (``spirals``)."""
    path = Path(name_or_path)
    if path.exists():
        return path
    candidate = examples_dir() / f"{Path(name_or_path).name}.bpsim"
    if not path.suffix and candidate.exists():
        return candidate
    names = ", ".join(e.name for e in list_examples())
    raise FileNotFoundError(
        f"{name_or_path}: no such file"
        + (f" and no gallery example of that name ({names})" if names else "")
    )
