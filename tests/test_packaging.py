"""Install anywhere: the wheel's package list and the bundled resources found in the package.

(.ci/run builds the wheel, installs it into a fresh venv and runs it from another folder.)
"""

import sys
from pathlib import Path

import pytest

import bpsim.resources
from bpsim.resources import resources_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is new in Python 3.11")
def test_pyproject_lists_every_package():
    """pyproject.toml lists the packages by hand (it maps resources/ into the package); a new
    folder of bpsim/ left out of the list would be missing from the wheel."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in ROOT.glob("bpsim/**/*.py")}
    listed = set(config["packages"]) - {"bpsim._resources"}
    assert not found - listed, f"add {sorted(found - listed)} to pyproject.toml's packages"
    assert not listed - found, f"remove {sorted(listed - found)} from pyproject.toml's packages"
    assert config["package-dir"]["bpsim._resources"] == "resources"


def test_resources_come_from_the_package_when_installed(tmp_path, monkeypatch):
    (tmp_path / "_resources" / "examples").mkdir(parents=True)
    monkeypatch.delenv("BPSIM_RESOURCES", raising=False)
    monkeypatch.setattr(bpsim.resources, "files", lambda package: tmp_path)
    assert resources_dir() == tmp_path / "_resources"


def test_a_checkout_reads_the_top_level_resources_folder(monkeypatch):
    monkeypatch.delenv("BPSIM_RESOURCES", raising=False)
    assert resources_dir() == ROOT / "resources"
    assert (resources_dir() / "examples" / "textbook.bpsim").is_file()
