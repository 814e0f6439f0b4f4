"""Where bpsim finds its bundled files (example networks, data sets, icons)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BPSIM_RESOURCES"


def resources_dir() -> Path:
    """The ``resources/`` directory: ``$BPSIM_RESOURCES`` if set, else the repository's own."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parent.parent / "resources"
