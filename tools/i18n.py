"""Extract and compile bpsim's translations with Qt's own tools (no bpsim import needed).

    python tools/i18n.py            # pyside6-lupdate: bpsim/**/*.py -> resources/i18n/*.ts,
                                    # then pyside6-lrelease: *.ts -> *.qm (package data)
    python tools/i18n.py --release  # only compile the .ts files

Translate the new or changed strings (marked ``unfinished`` in the .ts) with Qt Linguist
(``pyside6-linguist resources/i18n/bpsim_zh_CN.ts``) or any editor, then run the script again
so that the .qm files follow. tests/test_i18n.py fails while a string lacks its translation or
a .qm is older than its .ts. The Qt-free texts (``bpsim step``, the gallery) are translated in
bpsim/lang_zh.py instead.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "bpsim"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside this Python (a venv) or on PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: pip install PySide6-Essentials")
    return found


def sources(root: Path = SOURCES) -> list[str]:
    """The Python files to scan: the GUI's (Qt-free code has no tr() calls)."""
    return sorted(str(p.relative_to(ROOT)) for p in root.rglob("*.py"))


def lupdate(ts: Path) -> str:
    """Merge the marked strings of bpsim/ into ``ts`` (new ones unfinished, gone ones
    dropped); returns lupdate's summary."""
    done = subprocess.run([tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete",
                           "-tr-function-alias", "QT_TRANSLATE_NOOP+=N_,tr+=_tr",
                           "-source-language", "en", "-target-language", ts.stem.split("_", 1)[1],
                           *sources(), "-ts", str(ts)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def lrelease(ts: Path, qm: Path) -> str:
    done = subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", action="store_true", help="only compile .ts -> .qm")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts = I18N / f"bpsim_{language}.ts"
        if not args.release:
            print(lupdate(ts).strip())
        print(lrelease(ts, ts.with_suffix(".qm")).strip() or f"{ts.with_suffix('.qm').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
