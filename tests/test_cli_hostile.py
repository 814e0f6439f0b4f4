"""The command line against hostile files and paths (issue 11; --out/--history of issue 12):
outputs checked before any training, limits before work, data paths a network file may not
name, and nothing from a file printed raw to the terminal."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from bpsim.cli import main
from bpsim.gallery import resolve

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
LONG = ["train", "xor", "--epochs", "1000000"]  # a run that would take minutes


def run(args, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def xor_doc() -> dict:
    return json.loads(resolve("xor").read_text(encoding="utf-8"))


@posix_only
@pytest.mark.parametrize("option", ["--out", "--history"])
def test_a_fifo_output_is_refused_before_training(tmp_path, capsys, option):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    start = time.perf_counter()
    code, _, err = run([*LONG, option, fifo], capsys)
    assert code == 1 and err == ("bpsim: f is a FIFO (named pipe), not a regular file; bpsim "
                                 "writes only regular files\n")
    assert time.perf_counter() - start < 5 and stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("option", ["--out", "--history"])
def test_a_missing_folder_is_named_before_training(tmp_path, capsys, option):
    start = time.perf_counter()
    code, _, err = run([*LONG, option, tmp_path / "nowhere" / "x"], capsys)
    assert code == 1 and "the folder" in err and "nowhere does not exist" in err
    assert ".tmp" not in err and time.perf_counter() - start < 5


def test_a_read_only_output_is_refused_and_kept(tmp_path, capsys):
    out = tmp_path / "net.bpsim"
    out.write_text("mine", encoding="utf-8")
    out.chmod(0o444)
    code, _, err = run([*LONG, "--out", out], capsys)
    assert code == 1 and "net.bpsim is read-only" in err
    assert out.read_text(encoding="utf-8") == "mine"


def test_history_is_written_atomically_and_read_back(tmp_path, capsys):
    history = tmp_path / "h.csv"
    code, _, err = run(["train", "xor", "--epochs", "3", "--history", history], capsys)
    assert code == 0, err
    lines = history.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("epoch,step,") and len(lines) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.csv"]


def test_limits_are_checked_before_the_training(tmp_path, capsys):
    """--fit-sizes to more inputs than a file can hold: refused at once, not after training."""
    wide = tmp_path / "wide.csv"
    n = 100_001
    wide.write_text(",".join(f"c{i}" for i in range(n)) + ",y\n"
                    + ("0," * n + "a\n") + ("1," * n + "b\n"), encoding="utf-8")
    code, _, err = run(["train", "xor", "--data", wide, "--target", "y", "--fit-sizes",
                        "--epochs", "1000000", "--out", tmp_path / "o.bpsim"], capsys)
    assert code == 1, err
    assert err.startswith("bpsim: cannot save: layers[0].size: must be >= 1 and <= 100000")
    assert "nothing was trained" in err and not (tmp_path / "o.bpsim").exists()


@pytest.mark.parametrize("csv", ["/etc/passwd", "../secret.csv", "../../../../etc/passwd"])
def test_a_network_file_cannot_read_a_file_outside_its_folder(tmp_path, capsys, csv):
    (tmp_path / "secret.csv").write_text("token,y\n12345678,a\n87654321,b\n")
    (tmp_path / "net").mkdir()
    doc = xor_doc()
    doc["data"] = {"csv": csv, "target": "y"}
    net = tmp_path / "net" / "x.bpsim"
    net.write_text(json.dumps(doc), encoding="utf-8")
    for command in ("check", "train", "gradcheck"):
        code, out, err = run([command, net], capsys)
        assert code == 1 and "outside the network file's folder" in err, err
        assert "12345678" not in out + err and "root:" not in out + err
        assert err.count("\n") == 1


def test_a_data_file_the_user_gives_is_read_wherever_it_lies(tmp_path, capsys):
    data = tmp_path / "elsewhere" / "d.csv"
    data.parent.mkdir()
    data.write_text("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", encoding="utf-8")
    code, out, err = run(["train", "xor", "--data", data, "--target", "y", "--epochs", "2"],
                         capsys)
    assert code == 0, err


def test_escapes_in_a_file_never_reach_the_terminal(tmp_path, capsys):
    doc = xor_doc()
    doc["name"] = "\x1b[2J\x1b]0;owned\x07\u202eevil\u2066"
    doc["layers"][0]["labels"] = ["\x1b[31mred", "b\u202ec"]
    net = tmp_path / "x.bpsim"
    net.write_text(json.dumps(doc), encoding="utf-8")
    bad = tmp_path / "\x1b[2Jbad.bpsim"
    bad.write_text("{", encoding="utf-8")
    texts = []
    for args in (["check", net], ["step", net], ["check", bad], ["train", net, "--epochs", "1"]):
        code, out, err = run(args, capsys)
        texts.append(out + err)
    joined = "".join(texts)
    assert "\\x1b[2J" in joined and "\\u202e" in joined
    for char in "\x1b\x07\u202e\u2066":
        assert char not in joined


def _huge(tmp_path: Path, activation: str, w: float, dtype: str = "float64") -> Path:
    doc = xor_doc()
    doc["layers"][1].update(activation=activation, weights=[[w, -w], [-w, w]], biases=[0, 0])
    doc["layers"][2].update(weights=[[w, w]], biases=[0])
    doc["training"]["dtype"] = dtype
    path = tmp_path / f"{activation}.bpsim"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_overflow_gives_one_true_line_and_no_warnings(tmp_path, capsys, activation):
    net = _huge(tmp_path, activation, 1e300)
    code, out, err = run(["train", net, "--epochs", "3"], capsys)
    assert code == 1 and out == "" and err == (
        "bpsim: a weight or bias of size 1e+300 is beyond the divergence guard's bound (1e+06): "
        "training would stop at once; re-initialise the weights or scale them down\n")
    from bpsim.engine.gradcheck import gradcheck
    from bpsim.fileformat import load
    from bpsim.runner import network_from_spec, prepare_data

    spec = load(net)
    prep = prepare_data(spec, net.parent)
    r = gradcheck(network_from_spec(spec), prep.X_train, prep.T_train)
    assert not r.ok and r.problem.startswith("a parameter of 1e+300 is too large for the step")
    for command in (["step", net], ["gradcheck", net]):
        code, out, err = run(command, capsys)
        assert "Warning" not in out + err and err.count("\n") <= 1, err


def test_float32_data_too_large_is_named_not_blamed_on_the_learning_rate(tmp_path, capsys):
    (tmp_path / "d.csv").write_text("a,b,y\n0,0,0\n0,1e39,1\n1,0,1\n1,1,0\n", encoding="utf-8")
    doc = xor_doc()
    doc["training"]["dtype"] = "float32"
    doc["data"] = {"csv": "d.csv", "target": "y"}  # no input transform: 1e39 reaches the net
    net = tmp_path / "x.bpsim"
    net.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(["train", net, "--epochs", "3"], capsys)
    assert code == 1 and "value of 1e+39" in err and "too large for float32" in err
    assert "learning rate" not in err and err.count("\n") == 1


def test_a_mini_batch_that_cannot_fit_in_memory_is_refused_before_training(tmp_path, capsys):
    """Legal sizes, absurd memory: 100,000 hidden units, 100,000 examples in one batch."""
    doc = {"format": "bpsim-network", "version": 1,
           "layers": [{"size": 1}, {"size": 100_000, "activation": "tanh"},
                      {"size": 1, "activation": "linear"}],
           "loss": "mse", "training": {"batch_size": 10**9, "epochs": 5},
           "data": {"dataset": "sine", "samples": 100_000}}
    net = tmp_path / "wide.bpsim"
    net.write_text(json.dumps(doc), encoding="utf-8")
    start = time.perf_counter()
    code, _, err = run(["train", net], capsys)
    assert code == 1 and "a mini-batch of 100000 examples through this network needs" in err
    assert "use a batch size of at most" in err and time.perf_counter() - start < 10


def test_evaluating_a_wide_network_goes_through_the_data_in_chunks():
    import tracemalloc

    import numpy as np

    from bpsim import edits
    from bpsim.engine.build import initialized, network_from_spec
    from bpsim.spec import InitSpec

    spec = edits.new_network((1, 20_000, 1), "tanh", "linear", InitSpec(seed=1), "mse")
    net = network_from_spec(initialized(spec))
    X = np.linspace(-1, 1, 5000).reshape(-1, 1)
    tracemalloc.start()
    try:
        out = net.predict(X)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert out.shape == (5000, 1) and np.isfinite(out).all()
    assert peak < 300 * 2**20  # one pass over all 5000 examples would hold 1.6 GB
