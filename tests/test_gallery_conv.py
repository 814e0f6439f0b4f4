"""The convolution lessons (lecture §10) do what their descriptions say."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest

from bpsim import cli
from bpsim.spec import parameter_count
from tests.test_gallery import result, session, spec_of


def test_shared_weights_is_tiny_and_learns_its_motif():
    spec = spec_of("shared-weights")
    conv = spec.layers[1]
    assert spec.layers[0].shape == (1, 5) and conv.kind == "conv" and conv.kernel == (3,)
    assert conv.filters == 1 and conv.shape == (1, 3)  # each weight used at 3 positions
    s, r = session("shared-weights"), result("shared-weights")
    assert r.train_accuracy == 1.0
    s.trainer.run()
    kernel = s.net.W[0].ravel()
    assert kernel[0] > 2 and kernel[1] < -2 and kernel[2] > 2  # the motif 1 0 1


def _kernel_lines(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.strip().startswith("Δw1(")]


def test_shared_weights_step_shows_every_term_and_they_add_up(capsys):
    assert cli.main(["step", "shared-weights", "--json"]) == 0
    import json
    trace = json.loads(capsys.readouterr().out)
    assert cli.main(["step", "shared-weights"]) == 0
    lines = _kernel_lines(capsys.readouterr().out)
    assert len(lines) == 3
    dW = np.ravel(trace["dW"][0])
    for k, line in enumerate(lines):
        values, total = line.rsplit(" = ", 2)[1:]
        terms = [Decimal(t.strip("()")) for t in values.split(" + ")]
        assert len(terms) == 3, line  # one per position
        assert sum(terms) == Decimal(total), line  # exactly, digit for digit
        assert abs(float(total) - dW[k]) <= 3 * 0.5e-5, line  # 5 decimals, 3 roundings


def test_convolution_shift_generalises_to_positions_it_never_saw():
    conv, dense = spec_of("convolution-shift"), spec_of("convolution-shift-dense")
    s = session("convolution-shift")
    held = s.prepared.dataset.validation
    assert len(held) == len(s.prepared.X_val) > 100  # validation = the held-out positions
    n_conv, n_dense = parameter_count(conv.layers), parameter_count(dense.layers)
    assert abs(n_conv - n_dense) <= 0.2 * n_conv and dense.is_dense
    assert result("convolution-shift").validation_accuracy >= 0.95
    assert result("convolution-shift-dense").validation_accuracy <= 0.75
    assert result("convolution-shift-dense").train_accuracy >= 0.9  # it did learn, in place


@pytest.mark.parametrize(("name", "check"), [("convolution-shift", lambda a: a >= 0.95),
                                             ("convolution-shift-dense", lambda a: a <= 0.75)])
def test_convolution_shift_holds_for_other_seeds(name, check):
    accs = [session(name, seed=seed).trainer.run().validation_accuracy for seed in (2, 3, 4)]
    assert check(float(np.mean(accs))), accs


def test_convolution_digits_beats_97_percent_with_fewer_parameters_than_dense_digits():
    spec = spec_of("convolution-digits")
    assert spec.layers[0].shape == (1, 8, 8)
    assert [layer.kind for layer in spec.layers[1:]] == ["conv", "max_pool", "dense"]
    assert parameter_count(spec.layers) < parameter_count(spec_of("digits").layers)
    assert spec.training.validation_split == 0.2 and spec.data.dataset == "digits"
    assert result("convolution-digits").validation_accuracy >= 0.97


def test_descriptions_quote_the_numbers():
    text = spec_of("convolution-digits").description
    assert f"{parameter_count(spec_of('convolution-digits').layers)} parameters" in text
    assert f"{parameter_count(spec_of('digits').layers)} of the dense digits" in text
    counts = re.findall(r"(\d+) parameters", spec_of("convolution-shift").description)
    assert counts == [str(parameter_count(spec_of("convolution-shift").layers)),
                      str(parameter_count(spec_of("convolution-shift-dense").layers))]
    assert "(16-1-1, 19)" in spec_of("convolution-shift-dense").description
