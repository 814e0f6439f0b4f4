"""Where bpsim finds its bundled files (example networks, data sets, icons).

The files live in the repository's top-level ``resources/`` folder. A wheel carries them as
package data ``bpsim/_resources/`` (``pyproject.toml`` maps the folder there at build time),
found with :mod:`importlib.resources`; a source checkout or an editable install has no such
folder inside the package and reads ``resources/`` beside it. ``$BPSIM_RESOURCES`` overrides
both.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

ENV_VAR = "BPSIM_RESOURCES"
PACKAGED = "_resources"


def icon_path() -> Path:
    """bpsim's application icon (SVG)."""
    return resources_dir() / "icons" / "bpsim.svg"


def resources_dir() -> Path:
    """The resources folder: ``$BPSIM_RESOURCES``, the installed package data, or the
    checkout's ``resources/``."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    packaged = Path(str(files("bpsim") / PACKAGED))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"
