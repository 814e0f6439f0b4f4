"""bpsim.data: generators, bundled real sets, CSV import, preprocessing, prepare()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import bpsim.data.csvimport as csvimport
from bpsim.data import (
    GENERATORS,
    DataError,
    Dataset,
    check_sizes,
    generate,
    load_dataset,
    prepare,
    read_csv,
)
from bpsim.data.preprocess import apply, fit_transform
from bpsim.resources import resources_dir
from bpsim.spec import DATASETS, DataSpec, frozen_array

RANDOM_2D = ("circles", "moons", "spirals", "gaussians", "checkerboard")


# -- generators ------------------------------------------------------------------------------
def test_generator_names_match_the_spec() -> None:
    assert set(GENERATORS) == set(DATASETS)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_every_generator_returns_a_consistent_read_only_dataset(name: str) -> None:
    d = generate(name)
    assert d.X.dtype == np.float64 and d.T.dtype == np.float64
    assert d.X.ndim == 2 and d.T.ndim == 2 and len(d.X) == len(d.T) > 0
    assert len(d.input_names) == d.X.shape[1]
    assert not d.X.flags.writeable and not d.T.flags.writeable
    assert np.isfinite(d.X).all() and np.isfinite(d.T).all()
    if d.is_classification:
        assert len(d.class_names) == (2 if d.T.shape[1] == 1 else d.T.shape[1])
        assert np.isin(d.T, (0.0, 1.0)).all()
    assert d.name == name


@pytest.mark.parametrize(("name", "shape_x", "shape_t"), [
    ("xor", (4, 2), (4, 1)), ("and", (4, 2), (4, 1)), ("or", (4, 2), (4, 1)),
    ("textbook", (1, 3), (1, 1)), ("circles", (200, 2), (200, 1)),
    ("moons", (200, 2), (200, 1)), ("spirals", (200, 2), (200, 1)),
    ("gaussians", (200, 2), (200, 3)), ("checkerboard", (200, 2), (200, 1)),
    ("sine", (100, 1), (100, 1)), ("parity", (8, 3), (8, 1)),
    ("iris", (150, 4), (150, 3)), ("digits", (1797, 64), (1797, 10)),
])
def test_default_shapes(name: str, shape_x: tuple[int, int], shape_t: tuple[int, int]) -> None:
    d = generate(name)
    assert d.X.shape == shape_x and d.T.shape == shape_t


@pytest.mark.parametrize(("name", "t"), [
    ("xor", [0, 1, 1, 0]), ("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]),
])
def test_truth_tables(name: str, t: list[int]) -> None:
    d = generate(name)
    assert d.X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert d.T[:, 0].tolist() == t
    assert d.class_names == ("0", "1")
    jittered = generate(name, noise=0.1, seed=3)
    assert not np.array_equal(jittered.X, d.X) and np.abs(jittered.X - d.X).max() < 0.6
    assert np.array_equal(jittered.T, d.T)


def test_textbook_is_the_single_worked_example() -> None:
    d = generate("textbook")
    assert d.X.tolist() == [[1.0, 0.0, 1.0]] and d.T.tolist() == [[1.0]]


def test_parity_lists_every_pattern_with_its_parity() -> None:
    d = generate("parity", bits=4)
    assert d.X.shape == (16, 4)
    assert len({tuple(row) for row in d.X}) == 16
    assert d.X[5].tolist() == [0, 1, 0, 1]  # counting order, first input = highest bit
    assert np.array_equal(d.T[:, 0], d.X.sum(axis=1) % 2)


@pytest.mark.parametrize("name", [*RANDOM_2D, "sine"])
def test_seeded_determinism(name: str) -> None:
    a, b, c = generate(name, seed=7), generate(name, seed=7), generate(name, seed=8)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.T, b.T)
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("name", ["circles", "moons", "spirals", "checkerboard"])
def test_two_class_sets_are_balanced_one_column(name: str) -> None:
    d = generate(name, samples=201)
    assert d.T.shape == (201, 1) and d.class_names == ("0", "1")
    assert sorted(np.bincount(d.labels()).tolist()) == [100, 101]
    assert 0 < d.T[:50, 0].sum() < 50  # rows are shuffled, not sorted by class


def test_gaussians_one_hot_balanced_around_their_centres() -> None:
    d = generate("gaussians", classes=4, samples=202, noise=0.1)
    assert d.T.shape == (202, 4) and d.class_names == ("0", "1", "2", "3")
    assert np.bincount(d.labels()).tolist() == [51, 51, 50, 50]
    centres = [d.X[d.labels() == k].mean(axis=0) for k in range(4)]
    np.testing.assert_allclose(centres, [[2, 0], [0, 2], [-2, 0], [0, -2]], atol=0.05)
    two = generate("gaussians", classes=2)
    assert two.T.shape == (200, 1)


def test_noise_free_shapes_are_exact_and_noise_blurs_them() -> None:
    moons = generate("moons", noise=0.0)
    upper = moons.X[moons.labels() == 0] + [0.5, 0.25]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    noisy = generate("moons", noise=0.2)
    r = np.hypot(*(noisy.X[noisy.labels() == 0] + [0.5, 0.25]).T)
    assert 0.1 < np.std(r - 1.0) < 0.3

    circles = generate("circles", noise=0.0, factor=0.4)
    r = np.hypot(*circles.X.T)
    assert r[circles.labels() == 1].max() <= 0.4
    assert r[circles.labels() == 0].min() >= 0.7 and r.max() <= 1.0

    spirals = generate("spirals", noise=0.0, turns=2)
    assert np.hypot(*spirals.X.T).min() >= 0.1 and np.hypot(*spirals.X.T).max() <= 1.0

    board = generate("checkerboard", noise=0.0, cells=3)
    cell = np.floor((board.X + 1.0) * 1.5).astype(int)
    assert np.array_equal(cell.sum(axis=1) % 2, board.labels())
    assert np.abs(board.X).max() <= 1.0

    sine = generate("sine", noise=0.0, samples=50)
    np.testing.assert_allclose(sine.T[:, 0], np.sin(sine.X[:, 0]))
    assert np.abs(sine.X).max() <= np.pi and sine.class_names is None
    noisy_sine = generate("sine", noise=0.3, samples=2000)
    assert 0.25 < np.std(noisy_sine.T[:, 0] - np.sin(noisy_sine.X[:, 0])) < 0.35


@pytest.mark.parametrize(("name", "params", "message"), [
    ("spirals", {"samples": -3},
     "spirals: samples must be an integer between 2 and 1000000, got -3"),
    ("spirals", {"samples": 2.5},
     "spirals: samples must be an integer between 2 and 1000000, got 2.5"),
    ("moons", {"noise": -1}, "moons: noise must be a number between 0 and 10, got -1"),
    ("moons", {"noise": "a"}, "moons: noise must be a number between 0 and 10, got 'a'"),
    ("parity", {"bits": True}, "parity: bits must be an integer between 1 and 16, got True"),
    ("gaussians", {"classes": 1},
     "gaussians: classes must be an integer between 2 and 20, got 1"),
    ("sine", {"seed": -1},
     "sine: seed must be an integer between 0 and 9223372036854775807, got -1"),
    ("spirals", {"turn": 2},
     "spirals: unknown parameter 'turn'; valid parameters: samples, noise, turns, seed"),
    ("iris", {"samples": 5}, "iris: unknown parameter 'samples'; valid parameters: seed"),
])
def test_bad_parameters_are_named(name: str, params: dict, message: str) -> None:
    with pytest.raises(DataError) as info:
        generate(name, **params)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_unknown_data_set_lists_the_names() -> None:
    with pytest.raises(DataError, match="unknown data set 'mnist'; choose one of xor, and, or"):
        generate("mnist")


# -- bundled real data -----------------------------------------------------------------------
def test_iris() -> None:
    d = generate("iris")
    assert d.X.shape == (150, 4) and d.T.shape == (150, 3)
    assert d.class_names == ("setosa", "versicolor", "virginica")
    assert d.input_names == ("sepal_length", "sepal_width", "petal_length", "petal_width")
    assert np.bincount(d.labels()).tolist() == [50, 50, 50]
    assert d.X[0].tolist() == [5.1, 3.5, 1.4, 0.2] and d.T[0].tolist() == [1, 0, 0]
    # Fisher's values (as in R and scikit-learn), not the two wrong rows of the UCI copy
    assert d.X[34].tolist() == [4.9, 3.1, 1.5, 0.2] and d.X[37].tolist() == [4.9, 3.6, 1.4, 0.1]
    np.testing.assert_allclose(d.X.mean(axis=0), [5.8433, 3.0573, 3.758, 1.1993], atol=1e-4)


def test_digits() -> None:
    d = generate("digits")
    assert d.X.shape == (1797, 64) and d.T.shape == (1797, 10)
    assert d.X.min() == 0 and d.X.max() == 16 and np.array_equal(d.X, np.round(d.X))
    counts = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert d.T.sum(axis=0).tolist() == counts
    assert d.class_names == tuple("0123456789") and d.input_names[9] == "pixel_1_1"
    assert d.labels()[:10].tolist() == list(range(10))
    assert d.X[0, :16].tolist() == [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]


def test_bundled_files_are_small() -> None:
    for name in ("iris.csv", "digits.npz"):
        assert (resources_dir() / "data" / name).stat().st_size < 200_000


def test_resources_dir_can_be_overridden(tmp_path: Path, monkeypatch) -> None:
    assert resources_dir() == Path(__file__).resolve().parent.parent / "resources"
    monkeypatch.setenv("BPSIM_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path.resolve()
    with pytest.raises(DataError, match=r"the bundled data file .*iris\.csv is missing"):
        generate("iris")


# -- CSV import ------------------------------------------------------------------------------
def write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def csv_error(path: Path, target: str = "y") -> str:
    with pytest.raises(DataError) as info:
        read_csv(path, target)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_csv_string_labels_become_sorted_one_hot_classes(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b,kind\n1,2,pear\n3,4,apple\n5,6,fig\n7,8,apple\n")
    d = read_csv(path, "kind")
    assert d.class_names == ("apple", "fig", "pear")
    assert d.T.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]]
    assert d.X.tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
    assert d.input_names == ("a", "b") and d.name == "data" and d.is_classification


def test_csv_target_may_be_any_column_and_two_classes_give_one_column(tmp_path: Path) -> None:
    d = read_csv(write(tmp_path, "ok,x\nno,1.5\nyes,2.5\nno,3\n"), "ok")
    assert d.class_names == ("no", "yes") and d.T[:, 0].tolist() == [0, 1, 0]
    assert d.X[:, 0].tolist() == [1.5, 2.5, 3.0] and d.input_names == ("x",)


def test_csv_integer_labels_sort_numerically(tmp_path: Path) -> None:
    d = read_csv(write(tmp_path, "x,y\n0.1,10\n0.2,2\n0.3,1\n0.4,2.0\n"), "y")
    assert d.class_names == ("1", "2", "10")
    assert d.labels().tolist() == [2, 1, 0, 1]


def test_csv_text_labels_sort_naturally(tmp_path: Path) -> None:
    d = read_csv(write(tmp_path, "x,y\n1,c10\n2,c2\n3,B\n4,a\n"), "y")
    assert d.class_names == ("a", "B", "c2", "c10")


def test_csv_regression_targets(tmp_path: Path) -> None:
    d = read_csv(write(tmp_path, "x,y\n1,0.5\n2,1.25\n3,-2\n"), "y")
    assert d.class_names is None and not d.is_classification
    assert d.T[:, 0].tolist() == [0.5, 1.25, -2.0]
    many = "x,y\n" + "".join(f"{i},{i}\n" for i in range(21))
    assert read_csv(write(tmp_path, many), "y").class_names is None  # 21 distinct integers
    twenty = "x,y\n" + "".join(f"{i},{i}\n" for i in range(20))
    assert len(read_csv(write(tmp_path, twenty), "y").class_names) == 20


def test_csv_semicolons_decimal_commas_bom_quotes_blanks_and_spaces(tmp_path: Path) -> None:
    text = '\ufeff x ; "y y" ; label \n 1,5 ; 2 ; a \n\n3;"4,25";b\n;;\n'
    d = read_csv(write(tmp_path, text), "label")
    assert d.input_names == ("x", "y y")
    assert d.X.tolist() == [[1.5, 2.0], [3.0, 4.25]] and d.class_names == ("a", "b")
    crlf = read_csv(write(tmp_path, "x,y\r\n1,a\r\n2,b\r\n"), "y")
    assert crlf.X[:, 0].tolist() == [1, 2]


@pytest.mark.parametrize(("text", "message"), [
    ("a,b,y\n1,2,u\n3,abc,v\n", 'iris.csv line 3, column "b": "abc" is not a number'),
    ("a,b,y\n1,,u\n3,4,v\n", 'iris.csv line 2, column "b" is empty'),
    ("a,b,y\n1,2,u\n3,4,\n", 'iris.csv line 3, column "y" is empty'),
    ("a,b,y\n1,nan,u\n3,4,v\n", 'iris.csv line 2, column "b": "nan" is not a finite number'),
    ("a,b,y\n1,2,u\n3,-inf,v\n", 'iris.csv line 3, column "b": "-inf" is not a finite number'),
    ("a,b,y\n1,2,0.5\n3,4,inf\n", 'iris.csv line 3, column "y": "inf" is not a finite number'),
    ("a,b,y\n1,x,u\n3,4,v\n5,6\n7,z,w\n",
     'iris.csv line 2, column "b": "x" is not a number (and 2 more problems)'),
    ("a,b,c,d,y\n1,2,3,4,u\n1,2,3,4,v\n1,2,3,4,u\n1,2,3\n",
     "iris.csv line 5 has 3 fields, the header has 5"),
    ("", "iris.csv is empty"),
    (" \n\n", "iris.csv is empty"),
    (",,\n", "iris.csv is empty"),
    ("a,b,y\n", "iris.csv has a header but no data rows"),
    ("a,b,y\n\n", "iris.csv has a header but no data rows"),
    ("a,b,a\n1,2,3\n", 'iris.csv line 1: the header names column "a" twice (columns 1 and 3)'),
    ("a,,y\n1,2,3\n", "iris.csv line 1: column 2 of the header has no name"),
    ("y\nu\nv\n", "iris.csv: the only column is the target; a network needs inputs"),
    ("a,b,Y\n1,2,3\n",
     'iris.csv has no column "y"; its columns are "a", "b", "Y"; did you mean "Y"?'),
    ("a,b,c\n1,2,3\n", 'iris.csv has no column "y"; its columns are "a", "b", "c"'),
    ("a,b,yy\n1,2,3\n",
     'iris.csv has no column "y"; its columns are "a", "b", "yy"; did you mean "yy"?'),
    ("a,b,y\n1,2,setosa\n3,4,setosa\n",
     'iris.csv: the target column "y" has only one class ("setosa"); '
     "a classifier needs at least two"),
])
def test_csv_errors(tmp_path: Path, text: str, message: str) -> None:
    assert csv_error(write(tmp_path, text, "iris.csv")) == message


def test_csv_semicolon_file_reports_its_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "a;b;y\n1;2;u\n3;4,5,6;v\n")
    assert csv_error(path) == 'data.csv line 3, column "b": "4,5,6" is not a number'


def test_csv_must_be_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "a,y\n1,u\n2,caf\xe9\n".encode("latin-1"))
    assert csv_error(path) == ("data.csv is not UTF-8 text: byte 0xe9 at offset 13 (line 3) "
                               "cannot be decoded; save the file as UTF-8")


def test_csv_size_limit_and_missing_file(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "a,y\n1,u\n2,v\n")
    monkeypatch.setattr(csvimport, "MAX_BYTES", 10)
    assert csv_error(path) == "data.csv is 0.0 MB; bpsim reads CSV files of at most 0 MB"
    monkeypatch.setattr(csvimport, "MAX_BYTES", 200 * 2**20)
    assert csv_error(tmp_path / "gone.csv") == "cannot read gone.csv: No such file or directory"


def test_csv_non_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfa,y\n1,\xff\n")
    assert csv_error(path) == ("data.csv is not UTF-8 text: byte 0xff at offset 9 (line 2) "
                               "cannot be decoded; save the file as UTF-8")


# -- preprocessing ---------------------------------------------------------------------------
def test_fit_transform_kinds() -> None:
    X = np.array([[1.0, 5.0, 2.0], [3.0, 5.0, 4.0], [5.0, 5.0, 9.0]])
    shift, scale = fit_transform(X, "standardize")
    np.testing.assert_allclose(shift, [3.0, 5.0, 5.0])
    np.testing.assert_allclose(scale, [np.sqrt(8 / 3), 1.0, np.sqrt(26 / 3)])  # constant -> 1
    Z = apply(X, shift, scale)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(Z.std(axis=0), [1.0, 0.0, 1.0])
    shift, scale = fit_transform(X, "minmax")
    assert shift.tolist() == [1.0, 5.0, 2.0] and scale.tolist() == [4.0, 1.0, 7.0]
    assert apply(X, shift, scale)[:, 2].tolist() == [0.0, 2 / 7, 1.0]
    shift, scale = fit_transform(X, "none")
    assert shift.tolist() == [0, 0, 0] and scale.tolist() == [1, 1, 1]
    assert not shift.flags.writeable and not scale.flags.writeable


def test_rounding_noise_of_a_constant_column_is_not_amplified() -> None:
    X = np.full((10, 1), 0.1) + np.array([[0.0], [1e-17]] * 5)
    _, scale = fit_transform(X, "standardize")
    assert scale.tolist() == [1.0]


def test_preprocess_errors() -> None:
    with pytest.raises(DataError, match="unknown preprocessing 'zscore'; choose one of none, "
                                        "standardize, minmax"):
        fit_transform(np.ones((3, 2)), "zscore")
    with pytest.raises(DataError, match=r"the input transform has shift \(3,\) and scale "
                                        r"\(3,\); the data has 2 inputs"):
        apply(np.ones((3, 2)), np.zeros(3), np.ones(3))


# -- prepare ---------------------------------------------------------------------------------
def test_prepare_fits_the_transform_on_the_training_part_only() -> None:
    spec = DataSpec(dataset="moons", params=(("samples", 300),), preprocess="standardize")
    p = prepare(spec, validation_split=0.3, seed=4)
    assert p.X_train.shape == (210, 2) and p.X_val.shape == (90, 2)
    np.testing.assert_allclose(p.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(p.X_train.std(axis=0), 1.0)
    assert np.abs(p.X_val.mean(axis=0)).max() > 1e-3  # validation is transformed, not refitted
    raw = p.dataset.X
    np.testing.assert_allclose(p.shift, raw[p.train_index].mean(axis=0))
    assert not np.allclose(p.shift, raw.mean(axis=0))
    np.testing.assert_allclose(p.X_val, (raw[p.val_index] - p.shift) / p.scale)
    assert np.array_equal(p.T_val, p.dataset.T[p.val_index])
    assert sorted([*p.train_index, *p.val_index]) == list(range(300))
    for a in (p.X_train, p.T_train, p.X_val, p.T_val, p.shift, p.scale):
        assert not a.flags.writeable
    np.testing.assert_allclose(p.transform(raw[:3]), (raw[:3] - p.shift) / p.scale)


def test_prepare_reuses_a_stored_transform() -> None:
    shift, scale = frozen_array([5.0, 3.0, 4.0, 1.0]), frozen_array([2.0, 0.5, 2.0, 1.0])
    spec = DataSpec(dataset="iris", preprocess="standardize", shift=shift, scale=scale)
    p = prepare(spec, validation_split=0.2, seed=0)
    assert p.shift.tolist() == shift.tolist() and p.scale.tolist() == scale.tolist()
    np.testing.assert_allclose(p.X_train, (p.dataset.X[p.train_index] - shift) / scale)
    with pytest.raises(DataError, match="the input transform has shift"):
        prepare(DataSpec(dataset="xor", shift=shift, scale=scale), 0.0, 0)
    with pytest.raises(DataError, match="needs both shift and scale"):
        prepare(DataSpec(dataset="iris", shift=shift), 0.0, 0)


def test_prepare_stratifies_classes() -> None:
    p = prepare(DataSpec(dataset="iris"), validation_split=0.2, seed=11)
    assert p.T_val.sum(axis=0).tolist() == [10, 10, 10]
    assert p.T_train.sum(axis=0).tolist() == [40, 40, 40]
    g = prepare(DataSpec(dataset="gaussians", params=(("samples", 100), ("classes", 4))),
                validation_split=0.2, seed=1)
    assert g.T_val.sum(axis=0).tolist() == [5, 5, 5, 5]
    b = prepare(DataSpec(dataset="spirals"), validation_split=0.25, seed=2)
    assert b.T_val.sum() == 25 and len(b.T_val) == 50
    none = prepare(DataSpec(dataset="xor"), validation_split=0.0, seed=0)
    assert none.X_train.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]] and none.X_val.shape == (0, 2)


def test_load_dataset_sources(tmp_path: Path) -> None:
    inline = load_dataset(DataSpec(inputs=frozen_array([[0, 1], [1, 0]]),
                                   targets=frozen_array([[1], [0]])))
    assert inline.X.shape == (2, 2) and inline.class_names == ("0", "1")
    regression = load_dataset(DataSpec(inputs=frozen_array([[0.0]]),
                                       targets=frozen_array([[0.3]])))
    assert regression.class_names is None
    write(tmp_path, "x,y\n1,a\n2,b\n", "set.csv")
    d = load_dataset(DataSpec(csv="set.csv", target="y"), base_dir=tmp_path)
    assert d.class_names == ("a", "b") and d.name == "set"
    assert load_dataset(DataSpec(dataset="parity", params=(("bits", 2),))).X.shape == (4, 2)


@pytest.mark.parametrize(("spec", "message"), [
    (DataSpec(), "exactly one of"),
    (DataSpec(dataset="xor", csv="a.csv"), "exactly one of"),
    (DataSpec(dataset="nope"), "unknown data set 'nope'"),
    (DataSpec(csv="a.csv"), "needs a target column"),
    (DataSpec(inputs=frozen_array([[1.0]])), "inline data needs both inputs and targets"),
    (DataSpec(dataset="iris", class_names=("a", "b", "c")),
     "iris has the classes setosa, versicolor, virginica; the network file expects a, b, c"),
])
def test_load_dataset_errors(spec: DataSpec, message: str) -> None:
    with pytest.raises(DataError, match=message):
        load_dataset(spec)


def test_prepare_rejects_a_bad_split() -> None:
    with pytest.raises(DataError, match="at least 0 and below 1, got 1.0"):
        prepare(DataSpec(dataset="xor"), 1.0, 0)


def test_check_sizes() -> None:
    check_sizes(generate("iris"), 4, 3)
    with pytest.raises(DataError) as info:
        check_sizes(generate("iris"), 2, 1)
    assert str(info.value) == (
        "the data has 4 inputs and 3 target columns (classes setosa, versicolor, virginica): "
        "the network needs an input layer of 4 and an output layer of 3; it has 2 and 1")
    with pytest.raises(DataError) as info:
        check_sizes(generate("sine"), 2, 1)
    assert str(info.value) == ("the data has 1 input and 1 target column: the network needs "
                               "an input layer of 1 and an output layer of 1; it has 2 and 1")
    with pytest.raises(DataError, match=r"\(classes 0, 1, 2, 3, 4, 5, 6, 7, 8, 9\)"):
        check_sizes(generate("digits"), 64, 9)


def test_dataset_checks_its_arrays() -> None:
    X = np.zeros((2, 1))
    d = Dataset(X, np.array([[0.0], [1.0]]), "d", ("x",), ("no", "yes"))
    X[0, 0] = 5.0
    assert d.X[0, 0] == 0.0  # a copy
    with pytest.raises(DataError, match="3 class names for 1 target column"):
        Dataset(X, np.array([[0.0], [1.0]]), "d", ("x",), ("a", "b", "c"))
    with pytest.raises(DataError, match="one-hot rows or one 0/1 column"):
        Dataset(X, np.array([[0.5], [1.0]]), "d", ("x",), ("a", "b"))
    with pytest.raises(DataError, match="NaN or infinite"):
        Dataset(np.array([[np.nan]]), np.array([[1.0]]), "d", ("x",))
    with pytest.raises(DataError, match="2 input names for 1 input columns"):
        Dataset(X, np.zeros((2, 1)), "d", ("x", "y"))


# -- no Qt -----------------------------------------------------------------------------------
def test_the_data_package_loads_no_qt_and_no_sklearn() -> None:
    code = (
        "import sys\n"
        "from bpsim.data import generate, prepare\n"
        "from bpsim.spec import DataSpec\n"
        "generate('digits'); prepare(DataSpec(dataset='iris'), 0.2, 0)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'shiboken6', 'sklearn', 'matplotlib'))\n"
        "print(','.join(bad))\n"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                         text=True, check=True, timeout=60)
    assert out.stdout.strip() == ""


def test_csv_refuses_a_target_with_too_many_classes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(csvimport, "MAX_CLASSES", 3)
    path = write(tmp_path, "x,id\n1,a\n2,b\n3,c\n4,d\n")
    assert csv_error(path, "id") == ('data.csv: the target column "id" has more than 3 different '
                                     'values; '
                                     "bpsim handles at most 3 classes")


def test_generator_signatures_list_their_parameters_and_defaults() -> None:
    import inspect

    params = inspect.signature(GENERATORS["spirals"]).parameters
    assert {k: p.default for k, p in params.items()} == {
        "samples": 200, "noise": 0.05, "turns": 1.5, "seed": 0}
    assert all("seed" in inspect.signature(g).parameters for g in GENERATORS.values())
