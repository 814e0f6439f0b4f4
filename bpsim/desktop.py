"""``bpsim --install-desktop-entry``: bpsim in the desktop's menu, ``.bpsim`` files opening
with it (Linux and other XDG desktops; Qt-free).

Writes, in the user's data folder ($XDG_DATA_HOME, by default ~/.local/share):

* ``applications/bpsim.desktop``: the menu entry, running this Python with ``-m bpsim``;
* ``icons/hicolor/scalable/apps/bpsim.svg`` and ``.../mimetypes/application-x-bpsim.svg``;
* ``mime/packages/bpsim.xml``: the type ``application/x-bpsim`` for ``*.bpsim`` files,

then refreshes the desktop's caches with ``update-mime-database`` and
``update-desktop-database`` when they are installed. ``--uninstall-desktop-entry`` removes
the same files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from bpsim.resources import icon_path
from bpsim.safeio import atomic_write

MIME_TYPE = "application/x-bpsim"
MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>bpsim network</comment>
    <comment xml:lang="zh_CN">bpsim 神经网络</comment>
    <icon name="application-x-bpsim"/>
    <glob pattern="*.bpsim"/>
  </mime-type>
</mime-info>
"""


def data_home() -> Path:
    """$XDG_DATA_HOME if it is an absolute path (the XDG rule), else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def _quote(arg: str) -> str:
    """An argument of a desktop entry's Exec line (quoted when it needs to be)."""
    if not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'.replace("%", "%%")


def desktop_entry(python: str = sys.executable) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=bpsim",
        "GenericName=Backpropagation simulator",
        "GenericName[zh_CN]=反向传播模拟器",
        "Comment=Watch a neural network learn, step by step and live",
        "Comment[zh_CN]=一步一步地看神经网络如何学习",
        f"Exec={_quote(python)} -m bpsim %f",
        "Icon=bpsim",
        "Terminal=false",
        "Categories=Education;Science;ArtificialIntelligence;",
        f"MimeType={MIME_TYPE};",
        "StartupWMClass=bpsim",
        "",
    ])


def entry_files(home: Path | None = None) -> dict[Path, bytes]:
    """Every file the entry consists of, with its content."""
    home = home or data_home()
    icon = icon_path().read_bytes()
    hicolor = home / "icons" / "hicolor" / "scalable"
    return {
        home / "applications" / "bpsim.desktop": desktop_entry().encode("utf-8"),
        hicolor / "apps" / "bpsim.svg": icon,
        hicolor / "mimetypes" / "application-x-bpsim.svg": icon,
        home / "mime" / "packages" / "bpsim.xml": MIME_XML.encode("utf-8"),
    }


def _refresh(home: Path) -> None:
    """Let the desktop notice (best effort: the tools may be missing)."""
    for tool, folder in (("update-mime-database", home / "mime"),
                         ("update-desktop-database", home / "applications")):
        exe = shutil.which(tool)
        if exe:
            subprocess.run([exe, str(folder)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60, check=False)


def install(home: Path | None = None) -> list[Path]:
    """Write the entry; the paths written."""
    if sys.platform == "win32" or sys.platform == "darwin":
        raise OSError("--install-desktop-entry is for Linux and other XDG desktops; on this "
                      "system start bpsim from a terminal or make a shortcut to it")
    home = home or data_home()
    files = entry_files(home)
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, content)
    _refresh(home)
    return list(files)


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove the entry's files; the paths removed."""
    home = home or data_home()
    removed = []
    for path in entry_files(home):
        if path.is_file():
            path.unlink()
            removed.append(path)
    _refresh(home)
    return removed
