"""bpsim --install-desktop-entry: the menu entry, the icon and the .bpsim file type in the
user's XDG folders (a temporary HOME here)."""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from bpsim import desktop

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG desktops")


def run_bpsim(args, env):
    return subprocess.run([sys.executable, "-m", "bpsim", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def clean_env(home, **extra):
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    env.update(HOME=str(home), **extra)
    return env


def test_install_and_uninstall_in_a_temporary_home(tmp_path):
    share = tmp_path / ".local" / "share"
    r = run_bpsim(["--install-desktop-entry"], clean_env(tmp_path))
    assert r.returncode == 0, r.stderr
    entry = share / "applications" / "bpsim.desktop"
    lines = entry.read_text().splitlines()
    assert lines[0] == "[Desktop Entry]"
    fields = dict(line.split("=", 1) for line in lines[1:] if line)
    assert fields["Exec"] == f"{sys.executable} -m bpsim %f" or \
        fields["Exec"].endswith(' -m bpsim %f')
    assert fields["Icon"] == "bpsim" and fields["MimeType"] == "application/x-bpsim;"
    assert (share / "icons/hicolor/scalable/apps/bpsim.svg").read_bytes().startswith(b"<?xml")
    mime = ET.parse(share / "mime" / "packages" / "bpsim.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    (kind,) = mime.findall("m:mime-type", ns)
    assert kind.get("type") == "application/x-bpsim"
    assert kind.find("m:glob", ns).get("pattern") == "*.bpsim"
    if shutil.which("update-mime-database"):  # the desktop's cache knows the type now
        assert "application/x-bpsim:*.bpsim" in (share / "mime" / "globs2").read_text()
    assert f"wrote {entry}" in r.stdout
    r = run_bpsim(["--uninstall-desktop-entry"], clean_env(tmp_path))
    assert r.returncode == 0 and not entry.exists()
    assert not (share / "mime" / "packages" / "bpsim.xml").exists()


def test_xdg_data_home_is_honoured(tmp_path):
    xdg = tmp_path / "xdg"
    r = run_bpsim(["--install-desktop-entry"], clean_env(tmp_path / "home",
                                                          XDG_DATA_HOME=str(xdg)))
    assert r.returncode == 0, r.stderr
    assert (xdg / "applications" / "bpsim.desktop").is_file()
    assert not (tmp_path / "home" / ".local").exists()


def test_a_relative_xdg_data_home_is_ignored_as_the_spec_says(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert desktop.data_home() == tmp_path / ".local" / "share"


def test_exec_quotes_a_path_with_spaces():
    entry = desktop.desktop_entry("/opt/my tools/python3")
    assert 'Exec="/opt/my tools/python3" -m bpsim %f' in entry
