"""The CSV reader under pressure (issues 11 and 12): fast path equal to the exact one, block
boundaries, bounded memory, devices and FIFOs, data paths a network file may name, and
messages that quote a hostile cell safely."""

from __future__ import annotations

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from bpsim.data import DataError, csvimport, csvrows, load_dataset, read_csv
from bpsim.data.prepare import csv_path
from bpsim.spec import DataSpec

TRICKY = [
    "a,b,y\n1,2,u\n3,4,v\n",
    '\ufeff x ; "y y" ; label \n 1,5 ; 2 ; a \n\n3;"4,25";b\n;;\n',
    'a;b;y\n1,5;2;"x,1"\n3;4,25;"y;2"\n5;6;x,1\n',  # decimal commas and commas in labels
    'a,b,y\n1,2,"multi\nline"\n3,4,v\n5,6,"multi\nline"\n',  # a quoted cell over two lines
    "a,b,y\r\n1,2,0.5\r\n3,4,1.5\r\n  \r\n5,6,-2\r\n",  # CRLF, a blank line, regression
    "a\tb\ty\n1\t2\t3\n4\t5\t3\n7\t8\t9\n",  # tabs, integer classes
    'a,b,y\n 1 , "2" , u \n3,4, "v w" \n,,\n',  # spaces around quoted cells
    "a,b,y\r1,2,u\r3,4,v\r",  # old Mac line endings
    "a,b,y\n1,١,u\n1_0,2,v\n",  # digits float() reads and NumPy's parser does not
]


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def same(a, b) -> bool:
    return (np.array_equal(a.X, b.X) and np.array_equal(a.T, b.T)
            and a.class_names == b.class_names and a.input_names == b.input_names)


@pytest.mark.parametrize("chunk", [7, 64, 4 << 20])
@pytest.mark.parametrize("text", TRICKY)
def test_the_fast_path_reads_what_the_csv_module_reads(tmp_path, monkeypatch, text, chunk):
    """NumPy's parser is only a shortcut: with it or without it (every block read by the csv
    module), and with blocks of any size, the data set is the same."""
    path = write(tmp_path, text)
    target = "label" if "label" in text else "y"
    monkeypatch.setattr(csvrows, "CHUNK", chunk)
    fast = read_csv(path, target)
    monkeypatch.setattr(csvrows.Rows, "_fast", lambda self, text: None)
    assert same(fast, read_csv(path, target))


def test_values_and_classes_across_many_blocks(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    X = rng.integers(-50, 50, size=(500, 3)) / 4
    labels = rng.choice(["b", "a", "c10", "c2"], size=500)
    text = "x1,x2,x3,kind\n" + "".join(f"{a},{b},{c},{k}\n" for (a, b, c), k in zip(X, labels))
    monkeypatch.setattr(csvrows, "CHUNK", 97)
    d = read_csv(write(tmp_path, text), "kind")
    assert np.array_equal(d.X, X) and d.class_names == ("a", "b", "c2", "c10")
    assert [d.class_names[k] for k in d.labels()] == labels.tolist()


def test_line_numbers_and_offsets_hold_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(csvrows, "CHUNK", 5)
    text = "a,b,y\n" + "1,2,u\n" * 30 + "1,x,u\n" + "1,2,v\n" * 3 + "1,2\n"
    assert _error(write(tmp_path, text)) == ('data.csv line 32, column "b": "x" is not a '
                                             "number (and 1 more problem)")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xef\xbb\xbfa,y\n" + b"1,u\n" * 20 + b"2,caf\xe9\n")
    assert _error(bad) == ("bad.csv is not UTF-8 text: byte 0xe9 at offset 92 (line 22) "
                           "cannot be decoded; save the file as UTF-8")


def _error(path: Path, target: str = "y") -> str:
    with pytest.raises(DataError) as info:
        read_csv(path, target)
    return str(info.value)


def test_memory_stays_near_the_size_of_the_result(tmp_path, monkeypatch):
    """No whole-file text, no list of rows: the peak is X itself plus one block."""
    monkeypatch.setattr(csvrows, "CHUNK", 1 << 18)
    rng = np.random.default_rng(0)
    values = rng.integers(0, 100, size=(60_000, 10))
    lines = [",".join(map(str, row)) + f",c{row[0] % 3}\n" for row in values.tolist()]
    path = write(tmp_path, "".join(["x" + ",x".join(map(str, range(10))) + ",y\n"] + lines))
    tracemalloc.start()
    try:
        d = read_csv(path, "y")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.array_equal(d.X, values)
    assert peak < d.X.nbytes * 1.15 + (4 << 20), (peak, d.X.nbytes, path.stat().st_size)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev are POSIX")
@pytest.mark.timeout(10)
def test_fifos_and_devices_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "f.csv"
    os.mkfifo(fifo)
    start = time.perf_counter()
    assert _error(fifo) == ("f.csv is a FIFO (named pipe), not a regular file; bpsim reads "
                            "only regular files")
    assert _error(Path("/dev/zero")).startswith("zero is a character device")
    with pytest.raises(DataError, match="FIFO"):
        csvimport.csv_header(fifo)
    assert time.perf_counter() - start < 2


def test_the_size_limit_holds_on_the_bytes_read():
    """st_size may lie (a growing file, /proc): the limit is counted on what is read."""
    with pytest.raises(DataError, match=r"^big\.csv is larger than 0 MB"):
        list(csvrows.text_blocks(io.BytesIO(b"a,y\n1,2\n" * 100), "big.csv", 100))


# -- which files a network file may name -----------------------------------------------------
@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    net = tmp_path / "net"
    (net / "data").mkdir(parents=True)
    (net / "data" / "ok.csv").write_text("x,y\n1,a\n2,b\n")
    (tmp_path / "secret.csv").write_text("pin,y\n4711,a\n4712,b\n")
    return net, tmp_path / "secret.csv"


@pytest.mark.parametrize("name", ["../secret.csv", "data/../../secret.csv", "SECRET",
                                  "/etc/passwd", "/proc/self/environ", "link.csv"])
def test_a_network_file_cannot_name_a_file_outside_its_folder(folders, name):
    net, secret = folders
    if name == "link.csv":
        (net / "link.csv").symlink_to(secret)
    name = str(secret) if name == "SECRET" else name
    with pytest.raises(DataError) as info:
        load_dataset(DataSpec(csv=name, target="y"), net)
    message = str(info.value)
    assert "is outside the network file's folder" in message and "4711" not in message
    assert "--data FILE" in message and "\n" not in message


def test_files_in_the_folder_the_bundled_data_and_files_the_user_gives_are_read(folders):
    from bpsim.resources import resources_dir

    net, secret = folders
    assert load_dataset(DataSpec(csv="data/ok.csv", target="y"), net).n_examples == 2
    bundled = resources_dir() / "data" / "iris.csv"
    assert load_dataset(DataSpec(csv=str(bundled), target="species"), net).n_examples == 150
    assert load_dataset(DataSpec(csv=str(secret), target="y"), None).n_examples == 2
    assert csv_path("data/ok.csv", net) == net / "data" / "ok.csv"


def test_a_hostile_cell_is_quoted_short_and_harmless(tmp_path):
    evil = "\x1b[2J\x1b]0;pwned\x07\u202eabc" + "A" * 500
    path = write(tmp_path, f"a,y\n{evil},u\n")
    message = _error(path)
    assert "\x1b" not in message and "\u202e" not in message and "\x07" not in message
    assert "\\x1b[2J" in message and len(message) < 120, message
    header = write(tmp_path, f"a,{evil}\n1,u\n", "h.csv")
    message = _error(header, "zz")
    assert "\x1b" not in message and "\u202e" not in message and len(message) < 200
    wide = write(tmp_path, ",".join(f"c{i}" for i in range(5000)) + "\n", "w.csv")
    assert _error(wide, "zz").endswith("... (5000 in all)")


def test_a_line_without_end_is_refused_once_longer_than_any_row(tmp_path, monkeypatch):
    monkeypatch.setattr(csvrows, "MAX_LINE", 1000)
    monkeypatch.setattr(csvrows, "CHUNK", 256)
    path = write(tmp_path, "a,y\n" + "1" * 5000 + ",u\n")
    assert _error(path) == ("data.csv line 2: a line (or a quoted cell) longer than 0 MB; a "
                            "CSV row of bpsim's largest network is far shorter")
    quoted = write(tmp_path, 'a,y\n1,"' + "x\n" * 3000 + '"\n', "q.csv")
    assert "a line (or a quoted cell) longer than 0 MB" in _error(quoted)
