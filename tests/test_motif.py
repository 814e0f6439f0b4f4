"""The motif sequences (for convolution): the motif or its mirror image at one position, and
a validation part of positions training never sees."""

from __future__ import annotations

import numpy as np
import pytest

from bpsim.data import DataError, generate
from bpsim.data.prepare import prepare
from bpsim.spec import DataSpec


def test_every_example_holds_the_motif_or_its_mirror_image_once():
    d = generate("motif", samples=300, length=10, noise=0.0, held_out=3, seed=5)
    assert d.X.shape == (300, 10) and d.class_names == ("decoy", "motif")
    starts = np.array([int(np.flatnonzero(row)[0]) for row in d.X])
    for row, start, t in zip(d.X, starts, d.T[:, 0]):
        sign = 1.0 if t == 1.0 else -1.0
        assert row[start:start + 3].tolist() == (sign * np.array([1.0, -1.0, 1.0])).tolist()
        assert np.count_nonzero(row) == 3
    held = np.zeros(300, bool)
    held[d.validation] = True
    assert (starts[held] >= 5).all() and (starts[~held] < 5).all()  # 8 starts, last 3 held
    assert 0.3 < d.T.mean() < 0.7


def test_prepare_validates_on_the_held_out_positions_whatever_the_fraction():
    spec = DataSpec(dataset="motif", params=(("held_out", 4), ("samples", 200)))
    p = prepare(spec, 0.1, seed=3)
    d = p.dataset
    assert p.val_index.tolist() == d.validation.tolist() and len(p.X_val) == len(d.validation)
    assert len(p.X_train) + len(p.X_val) == 200
    assert len(prepare(spec, 0.0, seed=3).X_val) == 0  # no validation asked: none


def test_motif_parameters_are_checked():
    with pytest.raises(DataError, match="held_out must be an integer between 0 and 7"):
        generate("motif", length=10, held_out=8)
    with pytest.raises(DataError, match="length"):
        generate("motif", length=3)
