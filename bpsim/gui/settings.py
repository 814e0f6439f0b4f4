"""Persistent preferences (QSettings, organisation "bpsim"): window layout and recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "bpsim"
APPLICATION = "bpsim"
MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def show_welcome() -> bool:
    """Whether a window started without a file opens on the gallery (the start page)."""
    return settings().value("show_welcome", True, type=bool)


def set_show_welcome(show: bool) -> None:
    settings().setValue("show_welcome", bool(show))


def recent_files() -> list[Path]:
    """The recently opened or saved files, newest first (at most MAX_RECENT)."""
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [Path(p) for p in (value or [])][:MAX_RECENT]


def add_recent(path: Path) -> None:
    text = str(Path(path).resolve())
    paths = [text] + [str(p) for p in recent_files() if str(p) != text]
    settings().setValue("recent_files", paths[:MAX_RECENT])


def remove_recent(path: Path) -> None:
    text = str(path)
    settings().setValue("recent_files", [str(p) for p in recent_files() if str(p) != text])


def clear_recent() -> None:
    settings().setValue("recent_files", [])
