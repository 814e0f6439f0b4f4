"""The bpsim command end to end: step, train, check, gradcheck, examples and errors."""

import json
import subprocess
import sys
import textwrap
from dataclasses import replace

import numpy as np
import pytest

from bpsim.cli import main
from bpsim.fileformat import load


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_step_prints_the_seeds_worked_example(capsys):
    code, out, err = run(["step", "textbook", "--input", "1,0,1", "--target", "1",
                          "--precision", "3"], capsys)
    assert code == 0, err
    for text in ["z4 = Σ w·o + b4 = 1*0.2 + 0*0.4 + 1*(-0.5) + (-0.4) = -0.7",
                 "o4 = f(z4) = 1/(1+e^(-z4)) = 1/(1+e^0.7) = 0.332", "= 0.525", "= -0.105",
                 "= 0.474", "δ6 = (t6 - o6) f'(z6)",
                 "w46 = w46(old) + Δw46 = -0.3 + 0.0392 = -0.261",
                 "b6 = b6(old) + Δb6 = 0.1 + 0.1181 = 0.218"]:
        assert text in out


def test_step_can_round_like_the_textbook(capsys):
    code, out, _ = run(["step", "textbook", "--precision", "3", "--textbook"], capsys)
    assert code == 0
    assert "(1 - 0.474) × 0.474 × (1 - 0.474) = 0.1311" in out  # the seed's own digits


def test_step_out_saves_the_updated_network_and_json(tmp_path, capsys):
    out_file = tmp_path / "after.bpsim"
    code, out, _ = run(["step", "textbook", "--json", "--out", str(out_file)], capsys)
    assert code == 0
    trace = json.loads(out)
    assert trace["o"][2][0] == pytest.approx(0.4738889, abs=1e-7)
    spec = load(out_file)
    np.testing.assert_array_equal(spec.layers[2].weights, np.array(trace["W_new"][1]))
    np.testing.assert_allclose(spec.layers[1].weights, [[0.192, 0.4, -0.508],
                                                        [-0.306, 0.1, 0.194]], atol=5e-4)


def test_train_json_has_the_contract_keys(tmp_path, capsys):
    hist = tmp_path / "h.csv"
    out_file = tmp_path / "trained.bpsim"
    code, out, _ = run(["train", "textbook", "--epochs", "50", "--json", "--history", str(hist),
                        "--out", str(out_file)], capsys)
    assert code == 0
    r = json.loads(out)
    assert set(r) == {"epochs", "steps", "train_loss", "validation_loss", "train_accuracy",
                      "validation_accuracy", "seconds", "stopped_reason"}
    assert r["epochs"] == 50 and r["steps"] == 50 and r["stopped_reason"] == "completed"
    assert r["train_loss"] < 0.02
    lines = hist.read_text().splitlines()
    assert lines[0].startswith("epoch,step,train_loss") and len(lines) == 51
    assert load(out_file).state["epoch"] == 50
    # resuming continues the counters
    code, out, _ = run(["train", str(out_file), "--epochs", "5", "--json"], capsys)
    assert json.loads(out)["epochs"] == 55


def test_train_overrides_and_named_data(capsys):
    code, out, err = run(["train", "textbook", "--data", "xor", "--epochs", "1"], capsys)
    assert code == 1 and "the network needs an input layer of 2" in err and err[-1] == "\n"
    assert err.count("\n") == 1


def test_fit_sizes_adapts_the_network_to_the_data(tmp_path, capsys):
    data = tmp_path / "d.csv"
    rows = ["a,b,c,label"] + [f"{i},{i % 3},{(i * 7) % 5},{'xyz'[i % 3]}" for i in range(30)]
    data.write_text("\n".join(rows) + "\n")
    out_file = tmp_path / "fit.bpsim"
    code, out, err = run(["train", "textbook", "--data", str(data), "--target", "label",
                          "--fit-sizes", "--epochs", "5", "--json", "--out", str(out_file)],
                         capsys)
    assert code == 0, err
    assert load(out_file).sizes == (3, 2, 3)  # 3 inputs; the classes x, y, z
    assert json.loads(out)["train_accuracy"] is not None


@pytest.mark.parametrize(("args", "message"), [
    (["train", "no-such-file"], "no-such-file: no such file"),
    (["train", "textbook", "--momentum", "1.5"], "--momentum must be in [0, 1)"),
    (["step", "textbook", "--input", "1,0"], "give both --input and --target"),
    (["step", "textbook", "--input", "1,0", "--target", "1"], "needs 3 input values"),
])
def test_errors_are_one_line_without_traceback(args, message, capsys):
    code, out, err = run(args, capsys)
    assert code != 0 and message in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_bad_file_reports_the_json_path(tmp_path, capsys):
    bad = tmp_path / "bad.bpsim"
    bad.write_text(textwrap.dedent("""
        {"format": "bpsim-network", "version": 1, "layers": [{"size": 3},
         {"size": 1, "weights": [[1, 2]], "biases": [0]}]}"""))
    code, _, err = run(["check", str(bad)], capsys)
    assert code == 1 and "bad.bpsim" in err and "layers[1].weights" in err


def test_check_and_gradcheck(capsys):
    code, out, _ = run(["check", "textbook"], capsys)
    assert code == 0 and "3-2-1" in out and "11 parameters" in out
    code, out, _ = run(["gradcheck", "textbook"], capsys)
    assert code == 0 and "OK" in out


def test_check_gradcheck_train_and_step_on_a_conv_network(tmp_path, capsys):
    code, out, _ = run(["check", "convolution-digits"], capsys)
    assert code == 0 and "1370 parameters" in out
    assert "input 1x8x8, conv 8 x 3x3 stride 1x1 padding 1x1 relu -> 8x8x8, max_pool 2x2 -> " \
           "8x4x4, dense 10 softmax" in out
    code, out, _ = run(["gradcheck", "convolution-shift"], capsys)
    assert code == 0 and "OK" in out
    trained = tmp_path / "t.bpsim"
    code, out, _ = run(["train", "convolution-shift", "--epochs", "2", "--json", "--out",
                        str(trained), "--momentum", "0.5"], capsys)
    result = json.loads(out)
    assert code == 0 and result["epochs"] == 2 and result["validation_accuracy"] is not None
    again = load(trained)
    assert again.layers[1].weights.shape == (4, 1, 3) and again.state["epoch"] == 2
    assert again.state["velocity"][1].shape == (0,)  # the max_pool layer's: empty
    code, out, _ = run(["step", str(trained), "--example", "2"], capsys)
    assert code == 0 and "Δw1[1,1](2) = η·Σ δ·o over the 14 positions" in out


def test_divergence_is_reported_with_finite_weights(tmp_path, capsys):
    from bpsim.fileformat import save
    from bpsim.spec import DataSpec, LayerSpec, NetworkSpec, TrainingSpec

    spec = NetworkSpec(layers=(LayerSpec(1), LayerSpec(4, "linear"), LayerSpec(1, "linear")),
                       training=TrainingSpec(learning_rate=1e5, epochs=50),
                       data=DataSpec(dataset="sine", params=(("samples", 20),)))
    save(tmp_path / "lin.bpsim", spec)
    out_file = tmp_path / "out.bpsim"
    code, out, _ = run(["train", str(tmp_path / "lin.bpsim"), "--json", "--out", str(out_file)],
                       capsys)
    r = json.loads(out)
    assert code == 4 and r["stopped_reason"].startswith("diverged at step ")
    assert "learning rate 100000 is too large" in r["stopped_reason"] and r["epochs"] < 50
    assert all(np.isfinite(layer.weights).all() for layer in load(out_file).layers[1:])


def test_headless_commands_never_import_qt(tmp_path):
    """bpsim.engine, the file code and `bpsim train` work where PySide6 cannot be imported."""
    script = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"):
                    raise ImportError("blocked: " + name)
        sys.meta_path.insert(0, Block())
        import bpsim.engine, bpsim.engine.trainer, bpsim.fileformat, bpsim.data, bpsim.runner
        from bpsim.cli import main
        assert main(["train", "textbook", "--epochs", "3"]) == 0
        assert main(["step", "textbook"]) == 0
        bad = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6")]
        assert not bad, bad
        print("NO-QT-OK")
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert "NO-QT-OK" in r.stdout


def test_python_dash_m_and_entry_point():
    r = subprocess.run([sys.executable, "-m", "bpsim", "examples"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and "textbook" in r.stdout


def _two_two_two(tmp_path) -> str:
    """A 2-2-2 network without labels, on two inline examples."""
    from bpsim.edits import new_network
    from bpsim.fileformat import save
    from bpsim.spec import DataSpec, InitSpec, frozen_array

    spec = new_network((2, 2, 2), "sigmoid", "sigmoid", InitSpec(seed=3), "sse")
    data = DataSpec(inputs=frozen_array([[0.0, 1.0], [1.0, 0.5]]),
                    targets=frozen_array([[1.0, 0.0], [0.0, 1.0]]))
    path = tmp_path / "two.bpsim"
    save(path, replace(spec, data=data))
    return str(path)


def test_step_names_every_unit_once_across_the_network(tmp_path, capsys):
    code, out, err = run(["step", _two_two_two(tmp_path), "--json"], capsys)
    assert code == 0, err
    lines = json.loads(out)["lines"]
    names = [ln["name"] for ln in lines]
    # inputs 1-2, hidden 3-4, outputs 5-6: the lecture's numbering, no name twice
    assert [n for n in names if n[0] in "zo"] == ["z3", "o3", "z4", "o4", "z5", "o5", "z6", "o6"]
    assert [n for n in names if n.startswith("δ")] == ["δ5", "δ6", "δ3", "δ4"]
    changes = [n for n in names if n.startswith("Δ")]
    assert len(changes) == len(set(changes)) == 12
    assert "Δw35" in changes and "Δw13" in changes and "Δw11" not in changes


def test_step_example_counts_from_one(tmp_path, capsys):
    path = _two_two_two(tmp_path)
    _, first, _ = run(["step", path, "--json"], capsys)
    _, one, _ = run(["step", path, "--json", "--example", "1"], capsys)
    _, two, _ = run(["step", path, "--json", "--example", "2"], capsys)
    assert json.loads(first)["input"] == json.loads(one)["input"] == [0.0, 1.0]
    assert json.loads(two)["input"] == [1.0, 0.5]
    code, _, err = run(["step", path, "--example", "0"], capsys)
    assert code != 0 and "--example 0: the training data has 2 examples (1..2)" in err
    code, _, err = run(["step", path, "--example", "3"], capsys)
    assert code != 0 and "(1..2)" in err
