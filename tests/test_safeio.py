"""Hostile paths (issue 11): FIFOs and devices, size limits while reading, unsafe targets,
read-only targets, stale temporaries, and files bpsim writes that it must read back."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bpsim import fileformat as ff
from bpsim import safeio
from bpsim.fileformat import FileFormatError
from bpsim.safeio import ReadOnlyError, UnsafeFileError
from tests.test_fileformat import SEED_TEXT

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev are POSIX")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "f.bpsim"
    os.mkfifo(path)
    return path


@posix_only
@pytest.mark.timeout(10)
def test_a_fifo_is_refused_at_once_not_read(fifo: Path) -> None:
    start = time.perf_counter()
    with pytest.raises(UnsafeFileError, match=r"^f\.bpsim is a FIFO \(named pipe\), not a "
                                              r"regular file; bpsim reads only regular files"):
        ff.load(fifo)
    assert time.perf_counter() - start < 1.0


@posix_only
def test_a_device_is_refused_as_a_network_file() -> None:
    with pytest.raises(UnsafeFileError, match="zero is a character device, not a regular"):
        ff.load("/dev/zero")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_the_limit_holds_while_reading_whatever_st_size_says() -> None:
    assert os.stat("/proc/self/status").st_size == 0  # /proc claims empty files
    data = safeio.read_limited("/proc/self/status", 1 << 20)
    assert b"VmRSS" in data  # read anyway (not trusting st_size) ...
    assert len(safeio.read_limited("/proc/self/status", 10)) == 11  # ... and cut at limit+1


def test_the_file_limit_is_enforced_on_the_bytes_read(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import bpsim.fileformat.reader

    path = tmp_path / "net.bpsim"
    path.write_text(SEED_TEXT, encoding="utf-8")
    monkeypatch.setattr(bpsim.fileformat.reader, "MAX_FILE_BYTES", 100)
    with pytest.raises(FileFormatError, match=r"^net\.bpsim: the file is too large \(more "
                                              r"than 100 bytes\)"):
        ff.load(path)


def test_a_hostile_file_is_refused_before_parsing_builds_anything() -> None:
    """10^6 one-key layers (the issue's 10^7 scaled down): refused from the raw counts."""
    text = SEED_TEXT.replace('"layers": [', '"layers": [' + '{"size": 1},' * 1_000_000, 1)
    tracemalloc.start()
    try:
        with pytest.raises(FileFormatError, match="network file: more than 8064 JSON"):
            ff.loads(text, "net.bpsim")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(text) // 10  # the parser never ran (it would take ~20x the text)


def test_commas_inside_strings_are_not_counted_as_structure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A description with more commas than the value limit: counted exactly, accepted,
    and what bpsim writes it reads back."""
    import bpsim.fileformat.parse as parse

    limits = list(parse._LIMITS)
    limits[2] = (*limits[2][:1], 1000, *limits[2][2:])
    monkeypatch.setattr(parse, "_LIMITS", tuple(limits))
    long = "a, [b], {c: d}" * 1000
    spec = replace(ff.loads(SEED_TEXT), description=long, layers=(
        replace(ff.loads(SEED_TEXT).layers[0], labels=(",", "[", "{:}")),
        *ff.loads(SEED_TEXT).layers[1:]))
    back = ff.loads(ff.dumps(spec))
    assert back.description == long and back.layers[0].labels == (",", "[", "{:}")
    with pytest.raises(FileFormatError, match="more than 1000 values"):
        ff.loads(SEED_TEXT.replace("[[1, 0, 1]]", "[" + "[1, 0, 1], " * 400 + "[1, 0, 1]]"))


def test_the_writer_never_writes_what_the_reader_refuses(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import bpsim.fileformat.writer

    monkeypatch.setattr(bpsim.fileformat.writer, "MAX_FILE_BYTES", 300)
    with pytest.raises(FileFormatError, match=r"^cannot save: the file would be \d+ bytes "
                                              r"\(at most 300"):
        ff.save(tmp_path / "net.bpsim", ff.loads(SEED_TEXT))
    assert os.listdir(tmp_path) == []


def test_the_limits_fit_the_largest_legal_network_with_the_longest_numbers() -> None:
    """What bpsim writes it reads: a network with momentum state and the longest number
    representations takes at most ~26 bytes a number, so the largest legal network (weights
    and momentum), the most inline data and the input transform fit the file limit."""
    sizes = [100, 999, 3]  # 1/20 of the parameter limit: the same bytes per number, faster
    worst = -1.2345678901234567e-100  # 24 characters, as long as a float64 gets
    spec = ff.loads(json.dumps({"format": "bpsim-network", "version": 1,
                                "layers": [{"size": n} for n in sizes]}))
    layers = (spec.layers[0], *(
        replace(spec.layers[i], weights=np.full((n, sizes[i - 1]), worst),
                biases=np.full(n, worst)) for i, n in enumerate(sizes[1:], 1)))
    state = {"epoch": 1, "step": 1, "velocity": tuple(la.weights for la in layers[1:]),
             "velocity_biases": tuple(la.biases for la in layers[1:])}
    text = ff.dumps(replace(spec, layers=layers, state=state))
    assert ff.loads(text).sizes == tuple(sizes)
    numbers = 2 * sum(n * (m + 1) for m, n in zip(sizes, sizes[1:]))
    per_number = len(text) / numbers
    assert 24 < per_number < 26.2
    e = ff.errors
    most = 2 * e.MAX_PARAMETERS + e.MAX_DATA_NUMBERS + 2 * e.MAX_UNITS
    assert per_number * most + 8 * 2**20 < e.MAX_FILE_BYTES  # 8 MiB for labels and the rest


# -- targets -----------------------------------------------------------------------------------
@posix_only
def test_a_fifo_target_is_refused_and_left_alone(fifo: Path) -> None:
    with pytest.raises(UnsafeFileError, match="is a FIFO .*bpsim writes only regular files"):
        ff.save(fifo, ff.loads(SEED_TEXT))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert os.listdir(fifo.parent) == ["f.bpsim"]


@posix_only
def test_a_device_target_is_refused() -> None:
    with pytest.raises(UnsafeFileError, match="null is a character device"):
        safeio.check_target("/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_missing_folder_is_named_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError, match=r"cannot write .*out\.bpsim: the folder .*nowhere "
                                              r"does not exist"):
        safeio.check_target(tmp_path / "nowhere" / "out.bpsim")


def test_a_read_only_target_is_refused_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "net.bpsim"
    path.write_text(SEED_TEXT, encoding="utf-8")
    path.chmod(0o444)
    spec = ff.loads(SEED_TEXT).with_training(epochs=7)
    with pytest.raises(ReadOnlyError, match=r"net\.bpsim is read-only"):
        ff.save(path, spec)
    assert path.read_text(encoding="utf-8") == SEED_TEXT
    ff.save(path, spec, allow_read_only=True)
    assert ff.load(path).training.epochs == 7
    assert stat.S_IMODE(path.stat().st_mode) == 0o444  # still read-only afterwards


# -- stale temporaries -------------------------------------------------------------------------
def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temporaries_of_killed_saves_are_removed_by_the_next_save(tmp_path: Path) -> None:
    dead = tmp_path / f".net.bpsim.{_dead_pid()}-0123456789ab.tmp"
    live = tmp_path / f".net.bpsim.{os.getppid()}-0123456789ab.tmp"  # a running process
    old = tmp_path / ".other.bpsim.0123456789ab.tmp"  # an older bpsim's naming, an hour old
    mine = tmp_path / ".notes.txt.1-0123456789ab.tmp.keep"  # not bpsim's naming
    for p in (dead, live, old, mine):
        p.write_bytes(b"x" * 100)
    os.utime(old, (time.time() - 2 * safeio.STALE_AGE,) * 2)
    ff.save(tmp_path / "net.bpsim", ff.loads(SEED_TEXT))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["net.bpsim", live.name, mine.name])


@posix_only
def test_a_save_killed_midway_leaves_a_temporary_the_next_save_removes(tmp_path: Path) -> None:
    """A real kill -9 during a save, then a save: the old file intact, no temporary left."""
    path = tmp_path / "net.bpsim"
    path.write_text(SEED_TEXT, encoding="utf-8")
    code = ("import os, sys, signal\n"
            "from bpsim import safeio\n"
            "real = safeio._write_temp\n"
            "def stop(target, data, mode):\n"
            "    real(target, data, mode)\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n"
            "safeio._write_temp = stop\n"
            f"safeio.atomic_write({str(path)!r}, b'new' * 1000)\n")
    proc = subprocess.run([sys.executable, "-c", code], timeout=60)
    assert proc.returncode == -9
    assert len(list(tmp_path.iterdir())) == 2  # the old file and the killed save's temporary
    assert path.read_text(encoding="utf-8") == SEED_TEXT
    ff.save(path, ff.loads(SEED_TEXT).with_training(epochs=3))
    assert [p.name for p in tmp_path.iterdir()] == ["net.bpsim"]


def test_no_regular_expression_repeats_a_group():
    """Python's re keeps memory for every repetition of a group: a string of 10^8 escapes
    would cost gigabytes in such a pattern. The scanners use character classes only."""
    import re

    import bpsim.data.csvrows as csvrows
    import bpsim.fileformat.parse as parse

    for module in (parse, csvrows):
        for value in vars(module).values():
            if isinstance(value, re.Pattern):
                assert not re.search(r"\)[*+{]", value.pattern), value.pattern


def test_a_string_of_escapes_costs_its_size_not_more():
    """Counting structure outside strings (needed when the raw counts exceed a limit) skips
    each string with json's scanner: 2 million escapes, then more values than allowed."""
    text = ('{"description": "' + '\\"' * 2_000_000 + '", "layers": ['
            + "[1, 2, 3]," * 3_000_000 + "[1]]}")
    import bpsim.fileformat.parse as parse

    tracemalloc.start()
    try:
        with pytest.raises(FileFormatError, match="more than 10500000 values"):
            parse.check_structure(text, "net.bpsim")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(text)  # a group-repeating pattern took ~250 MB for the string alone
