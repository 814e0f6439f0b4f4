"""Bring your own data: `bpsim new --data`, the output layer a target needs, --fit-sizes,
classes or regression, and the networks that cannot learn being refused."""

import json
from dataclasses import replace

import numpy as np
import pytest

from bpsim import edits
from bpsim.cli import main
from bpsim.data import DataError, load_dataset
from bpsim.engine.network import Network
from bpsim.fileformat import FileFormatError, load, loads
from bpsim.fromdata import data_source, fit_to_data, network_for_data
from bpsim.runner import setup
from bpsim.spec import DataSpec, LayerSpec, NetworkSpec


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(path, header, rows):
    path.write_text("\n".join([",".join(header)] + [",".join(map(str, r)) for r in rows])
                    + "\n")
    return path


def blobs(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n points in 3-D around k (<= 3) well separated centres; their class indices."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % k
    centres = 5.0 * np.eye(3)[:k]  # 7 standard deviations apart: a net must get them all
    return centres[y] + rng.normal(0, 0.7, size=(n, 3)), y


@pytest.fixture
def flowers(tmp_path):
    X, y = blobs(150, 3)
    names = np.array(["rose", "tulip", "daisy"])
    rows = [[*np.round(x, 3), names[c]] for x, c in zip(X, y)]
    return write_csv(tmp_path / "flowers.csv", ["length", "width", "height", "kind"], rows)


def test_new_makes_a_softmax_network_labelled_from_the_csv(flowers, tmp_path, capsys):
    out = tmp_path / "net.bpsim"
    code, text, err = run(["new", "--data", str(flowers), "--out", str(out)], capsys)
    assert code == 0, err
    assert text.startswith("classes: 3 (kind); 150 examples, 3 inputs\n")
    spec = load(out)
    assert spec.sizes == (3, 32, 3) and spec.name == "flowers"
    assert spec.layers[0].labels == ("length", "width", "height")
    assert spec.layers[-1].labels == ("daisy", "rose", "tulip")
    assert (spec.layers[-1].activation, spec.loss) == ("softmax", "cross_entropy")
    assert spec.data.csv == "flowers.csv" and spec.data.target == "kind"
    assert spec.data.preprocess == "standardize" and spec.training.validation_split == 0.2
    code, text, err = run(["train", str(out), "--json", "--out", str(out)], capsys)
    assert code == 0, err
    assert json.loads(text)["validation_accuracy"] == 1.0


def test_two_classes_get_one_sigmoid_unit_named_after_the_second(tmp_path, capsys):
    X, y = blobs(80, 2)
    rows = [[*np.round(x, 3), "yes" if c else "no"] for x, c in zip(X, y)]
    csv = write_csv(tmp_path / "d.csv", ["a", "b", "c", "answer"], rows)
    code, text, _ = run(["new", "--data", str(csv), "--target", "answer", "--hidden", "4,3",
                         "--activation", "sigmoid", "--validation", "0.25", "--out",
                         str(tmp_path / "d.bpsim")], capsys)
    assert code == 0 and text.startswith("two classes: no, yes (answer)")
    spec = load(tmp_path / "d.bpsim")
    assert spec.sizes == (3, 4, 3, 1) and spec.layers[1].activation == "sigmoid"
    assert (spec.layers[-1].activation, spec.loss, spec.layers[-1].labels) == (
        "sigmoid", "cross_entropy", ("yes",))
    assert spec.training.validation_split == 0.25


def test_numbers_get_a_linear_output_and_mse(tmp_path, capsys):
    rng = np.random.default_rng(1)
    X = rng.uniform(-1, 1, size=(200, 2))
    y = 0.5 * X[:, 0] - X[:, 1] ** 2
    csv = write_csv(tmp_path / "wave.csv", ["u", "v", "y"], [[*x, f"{t:.5f}"]
                                                              for x, t in zip(X, y)])
    code, text, _ = run(["new", "--data", str(csv), "--out", str(tmp_path / "w.bpsim")],
                        capsys)
    assert code == 0 and text.startswith("regression on y; 200 examples")
    assert "note:" not in text  # numbers near ±1 need no rescaling
    spec = load(tmp_path / "w.bpsim")
    assert (spec.layers[-1].activation, spec.loss, spec.layers[-1].labels) == (
        "linear", "mse", ("y",))
    assert spec.data.task == "regression"


def test_whole_number_classes_and_many_whole_numbers(tmp_path, capsys):
    rows = [[i % 7, (i * 3) % 5, 1 + i % 3] for i in range(60)]
    csv = write_csv(tmp_path / "wine.csv", ["a", "b", "cultivar"], rows)
    code, text, _ = run(["new", "--data", str(csv), "--out", str(tmp_path / "a.bpsim")],
                        capsys)
    assert text.startswith("classes: 3 (cultivar)")
    rows = [[i % 7, 10 * i + 100] for i in range(60)]  # 60 different whole numbers
    csv = write_csv(tmp_path / "price.csv", ["a", "price"], rows)
    code, text, _ = run(["new", "--data", str(csv), "--out", str(tmp_path / "b.bpsim")],
                        capsys)
    assert text.startswith("regression on price")
    assert "dividing the column by 1000 usually helps" in text
    # whole numbers 1..3 read as numbers when asked
    code, text, _ = run(["new", "--data", str(tmp_path / "wine.csv"), "--task", "regression",
                         "--out", str(tmp_path / "c.bpsim")], capsys)
    assert text.startswith("regression on cultivar")
    spec = load(tmp_path / "c.bpsim")
    prepared = setup(spec, tmp_path).prepared
    assert sorted(set(prepared.dataset.T[:, 0])) == [1.0, 2.0, 3.0]


def test_a_linear_output_trains_on_whole_numbers_as_regression(tmp_path, capsys):
    rows = [[i / 10, 3 + i % 5] for i in range(50)]  # 5 different whole numbers
    csv = write_csv(tmp_path / "q.csv", ["x", "quality"], rows)
    code, text, err = run(["train", "goodfit", "--data", str(csv), "--target", "quality",
                           "--epochs", "2"], capsys)
    assert code == 0, err
    assert text.startswith("data q: regression on quality\n")


def test_new_writes_beside_the_csv_and_never_over_an_old_file(flowers, tmp_path, capsys,
                                                              monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, text, _ = run(["new", "--data", str(flowers)], capsys)
    beside = flowers.parent / "flowers.bpsim"
    assert code == 0 and beside.is_file() and f"next: bpsim train {beside} --out" in text
    code, out, err = run(["new", "--data", str(flowers)], capsys)
    assert code == 1 and err == f"bpsim: {beside} exists; name the new network with --out FILE\n"
    # a network elsewhere says how to train it (a network reads data only from its folder)
    code, text, _ = run(["new", "--data", str(flowers), "--out", "net.bpsim"], capsys)
    assert code == 0 and f"next: bpsim train net.bpsim --data {flowers} --out net.bpsim" in text
    code, text, err = run(["train", "net.bpsim", "--data", str(flowers), "--epochs", "2"],
                          capsys)
    assert code == 0, err
    assert text.startswith("data flowers: classes: 3 (kind)\n")


def test_new_from_a_built_in_data_set(tmp_path, capsys):
    code, text, _ = run(["new", "--data", "iris", "--hidden", "0", "--out",
                         str(tmp_path / "i.bpsim")], capsys)
    assert code == 0 and text.startswith("classes: 3 (iris)")
    spec = load(tmp_path / "i.bpsim")
    assert spec.sizes == (4, 3) and spec.layers[-1].labels == ("setosa", "versicolor",
                                                                 "virginica")
    assert spec.layers[0].labels[0] == "sepal_length"


@pytest.mark.parametrize(("args", "message"), [
    (["--hidden", "16,x"], "expected hidden layer sizes such as 16,8"),
    (["--validation", "1"], "expected a share from 0 to below 1"),
    (["--activation", "softmax"], "invalid choice: 'softmax'"),
    (["--target", "colour"], 'flowers.csv has no column "colour"'),
])
def test_new_argument_errors(flowers, args, message, capsys):
    code, _, err = run(["new", "--data", str(flowers), *args], capsys)
    assert code != 0 and message in err and err.count("\n") == 1


def test_fit_sizes_never_makes_a_one_unit_softmax(tmp_path, capsys):
    """The issue's case: the iris network (softmax) fitted to a two-class CSV."""
    X, y = blobs(100, 2, seed=3)
    rows = [[*np.round(x, 3), "BM"[c]] for x, c in zip(X, y)]
    csv = write_csv(tmp_path / "cancer.csv", ["r", "t", "p", "diagnosis"], rows)
    out = tmp_path / "fit.bpsim"
    code, text, err = run(["train", "iris", "--data", str(csv), "--target", "diagnosis",
                           "--fit-sizes", "--json", "--out", str(out)], capsys)
    assert code == 0, err
    spec = load(out)
    assert spec.sizes[0] == 3 and spec.sizes[-1] == 1
    assert (spec.layers[-1].activation, spec.loss) == ("sigmoid", "cross_entropy")
    assert spec.layers[0].labels == ("r", "t", "p") and spec.layers[-1].labels == ("M",)
    assert spec.data.class_names == ("B", "M")
    result = json.loads(text)
    assert result["train_loss"] > 0.0 and result["validation_accuracy"] >= 0.9


def test_fit_sizes_to_numbers_gives_a_linear_output(tmp_path):
    spec = replace(load_gallery("iris"), data=DataSpec(dataset="sine"))
    fitted = fit_to_data(spec)
    assert fitted.sizes[0] == 1 and fitted.sizes[-1] == 1
    assert (fitted.layers[-1].activation, fitted.loss) == ("linear", "mse")
    assert fitted.layers[0].labels == ("x",) and fitted.layers[-1].labels == ("target",)


def load_gallery(name):
    from bpsim.gallery import resolve

    return load(resolve(name))


def test_a_one_unit_softmax_is_refused_everywhere():
    with pytest.raises(ValueError, match="a softmax output needs at least two units"):
        Network((2, 1), ["softmax"], loss="cross_entropy")
    doc = {"format": "bpsim-network", "version": 1, "loss": "cross_entropy",
           "layers": [{"size": 2}, {"size": 1, "activation": "softmax"}]}
    with pytest.raises(FileFormatError, match=r"layers\[1\]\.activation: a softmax output "
                                              "needs at least two units"):
        loads(json.dumps(doc))
    spec = load_gallery("iris")
    with pytest.raises(ValueError, match="at least two units"):
        edits.set_layer_size(spec, len(spec.layers) - 1, 1)
    small = edits.set_activation(edits.set_loss(edits.set_layer_size(
        load_gallery("textbook"), 2, 1), "sse"), 2, "sigmoid")
    with pytest.raises(ValueError, match="at least two units"):
        edits.set_activation(small, 2, "softmax")


def test_cross_entropy_refuses_targets_outside_0_1(tmp_path):
    rows = [[i / 10, 5 * i - 40] for i in range(30)]
    csv = write_csv(tmp_path / "n.csv", ["x", "y"], rows)
    spec = NetworkSpec(layers=(LayerSpec(1), LayerSpec(3, "tanh"), LayerSpec(1, "sigmoid")),
                       loss="cross_entropy",
                       data=DataSpec(csv=str(csv), target="y"))
    with pytest.raises(DataError, match="cross-entropy needs targets between 0 and 1, but "
                                        "they go from -40 to 105"):
        setup(spec)


def test_the_task_round_trips_through_the_file(tmp_path):
    rows = [[i / 10, 3 + i % 5] for i in range(50)]
    csv = write_csv(tmp_path / "q.csv", ["x", "quality"], rows)
    data = data_source(str(csv), "quality", "regression")
    spec = network_for_data(data, load_dataset(data), hidden=(3,))
    from bpsim.fileformat import save

    save(tmp_path / "q.bpsim", spec)
    again = load(tmp_path / "q.bpsim")
    assert again.data.task == "regression" and again.sizes == (1, 3, 1)
    assert load_dataset(again.data, tmp_path).class_names is None
    with pytest.raises(DataError, match="holds text"):
        letters = write_csv(tmp_path / "l.csv", ["x", "k"], [[i, "ab"[i % 2]] for i in range(9)])
        load_dataset(DataSpec(csv=str(letters), target="k", task="regression"))
