"""Carry the network onward: ONNX, NumPy archive and Python file compute bpsim's forward pass."""

import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from bpsim import edits
from bpsim.cli import main
from bpsim.engine.build import network_from_spec
from bpsim.export import export, export_model
from bpsim.export.to_python import python_source
from bpsim.fileformat import load
from bpsim.spec import DataSpec, InitSpec, frozen_array

ACTIVATION_CASES = [  # hidden, output, loss
    ("tanh", "softmax", "cross_entropy"),
    ("relu", "sigmoid", "cross_entropy"),
    ("leaky_relu", "linear", "mse"),
    ("sigmoid", "sigmoid", "sse"),
]


def network(hidden: str, output: str, loss: str, sizes=(4, 6, 5, 3), transform=True):
    spec = edits.new_network(sizes, hidden, output, InitSpec("xavier_normal", 2.0, 3), loss)
    spec = spec.with_layer(1, slope=0.2) if hidden == "leaky_relu" else spec
    if transform:
        rng = np.random.default_rng(1)
        spec = replace(spec, data=DataSpec(
            dataset="gaussians", preprocess="standardize",
            shift=frozen_array(rng.normal(size=sizes[0])),
            scale=frozen_array(rng.uniform(0.5, 2.0, size=sizes[0]))))
    return spec


def bpsim_outputs(spec, X_raw):
    X = X_raw
    if spec.data is not None and spec.data.shift is not None:
        X = (X_raw - spec.data.shift) / spec.data.scale
    return network_from_spec(spec).predict(X)


def raw_inputs(n_in: int, n: int = 25) -> np.ndarray:
    return np.random.default_rng(7).normal(0, 2, size=(n, n_in))


@pytest.mark.parametrize(("hidden", "output", "loss"), ACTIVATION_CASES)
def test_the_python_file_computes_bpsims_forward_pass(hidden, output, loss, tmp_path):
    spec = network(hidden, output, loss)
    path = tmp_path / "net.py"
    export(spec, {"python": path})
    namespace: dict = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # noqa: S102 - our file
    X = raw_inputs(4)
    np.testing.assert_allclose(namespace["predict"](X), bpsim_outputs(spec, X), rtol=1e-12,
                               atol=1e-12)
    np.testing.assert_allclose(namespace["predict"](X[0]), bpsim_outputs(spec, X[:1])[0],
                               rtol=1e-12, atol=1e-12)


def test_the_python_file_runs_by_itself(tmp_path):
    spec = load_gallery("textbook")
    path = tmp_path / "textbook.py"
    export(spec, {"python": path})
    source = path.read_text()
    assert "o1 = sigmoid(o0 @ W1.T + b1)" in source and "import bpsim" not in source
    assert len(source.splitlines()) < 60
    r = subprocess.run([sys.executable, str(path), "1", "0", "1"], capture_output=True,
                       text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "6: 0.473889\n"  # the lecture's o6 = 0.474


def test_the_npz_holds_every_layer(tmp_path):
    spec = network("leaky_relu", "linear", "mse")
    export(spec, {"npz": tmp_path / "n.npz"})
    with np.load(tmp_path / "n.npz", allow_pickle=False) as z:
        assert z["sizes"].tolist() == [4, 6, 5, 3]
        assert z["activations"].tolist() == ["leaky_relu", "leaky_relu", "linear"]
        assert z["slopes"][0] == 0.2 and str(z["loss"]) == "mse"
        o = (raw_inputs(4) - z["shift"]) / z["scale"]
        for l in (1, 2, 3):
            z_l = o @ z[f"W{l}"].T + z[f"b{l}"]
            o = np.where(z_l > 0, z_l, z["slopes"][l - 1] * z_l)
            if l == 3:
                o = z_l
    np.testing.assert_allclose(o, bpsim_outputs(spec, raw_inputs(4)), rtol=1e-12)


@pytest.mark.parametrize(("hidden", "output", "loss"), ACTIVATION_CASES)
def test_the_onnx_graph_computes_bpsims_forward_pass(hidden, output, loss, tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    spec = network(hidden, output, loss, transform=hidden != "sigmoid")
    export(spec, {"onnx": tmp_path / "n.onnx"})
    model = onnx.load(tmp_path / "n.onnx")
    onnx.checker.check_model(model, full_check=True)
    assert model.ir_version == 8 and model.opset_import[0].version == 17
    (inp,) = model.graph.input
    dims = inp.type.tensor_type.shape.dim
    assert dims[0].dim_param == "batch" and dims[1].dim_value == 4
    assert inp.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    assert {i.name for i in model.graph.initializer} >= {"W1", "b1", "W3", "b3"}
    X = raw_inputs(4)
    (out,) = ReferenceEvaluator(model).run(None, {"input": X.astype(np.float32)})
    expected = bpsim_outputs(spec, X)
    assert out.dtype == np.float32 and out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=2e-5, atol=2e-6)


def test_onnx_export_of_a_trained_gallery_network(tmp_path, capsys):
    onnx = pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    trained = tmp_path / "iris.bpsim"
    assert main(["train", "iris", "--epochs", "30", "--out", str(trained)]) == 0
    code = main(["export", str(trained), "--onnx", str(tmp_path / "iris.onnx")])
    assert code == 0 and capsys.readouterr().out.endswith("iris.onnx (ONNX graph)\n")
    from bpsim.runner import setup

    session = setup(load(trained), tmp_path)
    X = session.prepared.dataset.X  # raw measurements in cm
    (out,) = ReferenceEvaluator(onnx.load(tmp_path / "iris.onnx")).run(
        None, {"input": X.astype(np.float32)})
    np.testing.assert_allclose(out, session.net.predict(session.prepared.transform(X)),
                               rtol=2e-5, atol=2e-6)


def test_export_without_onnx_says_how_to_get_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx raises ImportError
    code = main(["export", "textbook", "--onnx", str(tmp_path / "t.onnx")])
    err = capsys.readouterr().err
    assert code == 1 and 'pip install "bpsim[onnx]"' in err and err.count("\n") == 1
    assert not (tmp_path / "t.onnx").exists()


def test_export_needs_a_format_and_a_writable_place(tmp_path, capsys):
    assert main(["export", "textbook"]) == 1
    assert "--onnx OUT.onnx, --npz OUT.npz or --python OUT.py" in capsys.readouterr().err
    assert main(["export", "textbook", "--npz", str(tmp_path / "no" / "x.npz")]) == 1
    assert "the folder" in capsys.readouterr().err


def conv_network(two_d: bool):
    """Maps through conv (stride, padding) and max_pool layers into dense ones."""
    from bpsim.spec import LayerSpec, NetworkSpec, conv_layer, input_layer, pool_layer

    first = input_layer((2, 7, 6) if two_d else (2, 11))
    c1 = conv_layer(first, 3, (3, 2) if two_d else (3,), stride=(2, 1) if two_d else 2,
                    padding=1, activation="leaky_relu", slope=0.1)
    p1 = pool_layer(c1, (2, 2) if two_d else 2)
    c2 = conv_layer(p1, 2, (1, 1) if two_d else (2,), activation="tanh")
    out = LayerSpec(size=4, activation="softmax")
    spec = NetworkSpec(layers=(first, c1, p1, c2, LayerSpec(size=5, activation="relu"), out),
                       loss="cross_entropy", init=InitSpec("xavier_normal", 1.5, 4))
    rng = np.random.default_rng(2)
    return replace(spec, data=DataSpec(
        dataset="gaussians", preprocess="standardize",
        shift=frozen_array(rng.normal(size=first.size)),
        scale=frozen_array(rng.uniform(0.5, 2.0, size=first.size))))


@pytest.mark.parametrize("two_d", [False, True])
def test_conv_and_pool_layers_export_to_python_and_npz(two_d, tmp_path):
    spec = conv_network(two_d)
    export(spec, {"python": tmp_path / "c.py", "npz": tmp_path / "c.npz"})
    namespace: dict = {}
    exec((tmp_path / "c.py").read_text(), namespace)  # noqa: S102 - our file
    X = raw_inputs(spec.sizes[0])
    expected = bpsim_outputs(spec, X)
    np.testing.assert_allclose(namespace["predict"](X), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(namespace["predict"](X[3]), expected[3], rtol=1e-12, atol=1e-12)
    with np.load(tmp_path / "c.npz") as z:
        assert z["kinds"].tolist() == ["conv", "max_pool", "conv", "dense", "dense"]
        assert z["W1"].shape == ((3, 2, 3, 2) if two_d else (3, 2, 3))
        assert z["stride1"].tolist() == ([2, 1] if two_d else [2])
        assert z["window2"].tolist() == ([2, 2] if two_d else [2])
        assert z["input_shape"].tolist() == list(spec.layers[0].shape)


@pytest.mark.parametrize("two_d", [False, True])
def test_conv_and_pool_layers_export_to_onnx(two_d, tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    spec = conv_network(two_d)
    export(spec, {"onnx": tmp_path / "c.onnx"})
    model = onnx.load(tmp_path / "c.onnx")
    ops = [node.op_type for node in model.graph.node]
    assert ops[:3] == ["Sub", "Div", "Reshape"] and "Conv" in ops and "MaxPool" in ops
    assert "Flatten" in ops
    X = raw_inputs(spec.sizes[0])
    (out,) = ReferenceEvaluator(model).run(None, {"input": X.astype(np.float32)})
    np.testing.assert_allclose(out, bpsim_outputs(spec, X), rtol=2e-5, atol=2e-6)


def test_labels_reach_the_python_file():
    spec = network("tanh", "softmax", "cross_entropy")
    spec = spec.with_layer(0, labels=("a", "b", "c", "d")).with_layer(3, labels=("x", "y", "z"))
    source = python_source(export_model(spec))
    assert "INPUTS = ['a', 'b', 'c', 'd']" in source and "OUTPUTS = ['x', 'y', 'z']" in source
    assert "SHIFT = np.array([" in source


def load_gallery(name):
    from bpsim.gallery import resolve

    return load(resolve(name))
