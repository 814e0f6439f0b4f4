"""One number formatter: bounded width, exponent notation when large or tiny, true minus."""

import math

import pytest

from bpsim.explain import fmt as explain_fmt
from bpsim.fileformat import load
from bpsim.gallery import list_examples
from bpsim.naming import unit_label, unit_labels, weight_name, weight_symbol
from bpsim.numfmt import number
from bpsim.spec import LayerSpec, NetworkSpec


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (-0.4, 4, "−0.4000"),
    (0.2, 2, "0.20"),
    (-3.2e299, 2, "−3.2e+299"),
    (1.2345e300, 4, "1.23e+300"),
    (-1234567.0, 2, "−1.2e+06"),
    (999999.0, 2, "999999.00"),
    (2.5e-7, 4, "2.5e−07"),
    (-0.0, 4, "0.0000"),
    (-0.00001, 2, "−1e−05"),
    (-0.004, 2, "−0.004"),  # below 10^-2: its significant digits, not "−0.00"
    (math.nan, 4, "NaN"),
    (math.inf, 2, "∞"),
    (-math.inf, 2, "−∞"),
])
def test_number_is_bounded_and_uses_the_true_minus(value, decimals, text):
    assert number(value, decimals) == text


def test_every_magnitude_fits_in_a_bounded_width():
    for exponent in range(-320, 309, 7):
        for sign in (1, -1):
            for decimals in (2, 3, 4):
                s = number(sign * 1.2345678 * 10.0 ** exponent, decimals)
                assert len(s) <= 9 + decimals, s
                assert "-" not in s


def test_explain_keeps_ascii_and_trims_and_never_prints_300_digits():
    assert explain_fmt(-0.7, 3) == "-0.7" and explain_fmt(0.3318, 3) == "0.332"
    assert explain_fmt(-0.0001, 3) == "-0.0001"
    assert explain_fmt(-3.25e299, 3) == "-3.25e+299"
    assert float(explain_fmt(-3.25e299, 3)) == -3.25e299
    assert explain_fmt(-0.0, 4) == "0"


def test_units_are_numbered_across_the_network_unless_labelled():
    spec = NetworkSpec(layers=(LayerSpec(2), LayerSpec(2), LayerSpec(2)))
    assert unit_labels(spec) == [["1", "2"], ["3", "4"], ["5", "6"]]
    assert weight_symbol(unit_label(spec, 1, 0), unit_label(spec, 2, 1)) == "w36"
    assert weight_name(spec, 2, 0, 1) == "w(4→5)"
    labelled = NetworkSpec(layers=(LayerSpec(2, labels=("x1", "x2")), LayerSpec(3),
                                   LayerSpec(1, labels=("y",))))
    assert unit_labels(labelled) == [["x1", "x2"], ["3", "4", "5"], ["y"]]
    assert weight_symbol("x1", "3") == "w(x1→3)"
    big = NetworkSpec(layers=(LayerSpec(784), LayerSpec(256), LayerSpec(10)))
    assert unit_label(big, 1, 0) == "785" and unit_label(big, 2, 9) == str(784 + 256 + 10)



def test_file_labels_that_clash_are_qualified():
    spec = NetworkSpec(layers=(LayerSpec(3), LayerSpec(2), LayerSpec(3, labels=("0", "1", "x"))))
    names = [n for layer in unit_labels(spec) for n in layer]
    assert names == ["1", "2", "3", "4", "5", "0", "1 (out)", "x"]
    twice = NetworkSpec(layers=(LayerSpec(2, labels=("a", "b")), LayerSpec(1, labels=("a",))))
    assert unit_labels(twice) == [["a (in)", "b"], ["a (out)"]]


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.name)
def test_every_gallery_network_names_each_unit_once(example):
    spec = load(example.path)
    names = [n for layer in unit_labels(spec) for n in layer]
    assert len(names) == len(set(names))
