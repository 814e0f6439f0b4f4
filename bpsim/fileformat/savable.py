"""Whether a network can be saved once trained: checked before the training, not after it.

Training changes only numbers (weights, biases, momentum, the fitted input transform), and a
number takes at most 26 bytes in a file ("-1.2345678901234567e-100, "). So the network without
those numbers, written as the writer writes it, plus the most those numbers can take, bounds
the file whatever training does (issue 11.7: a run must not end in "cannot save").
"""

from __future__ import annotations

from dataclasses import replace
from math import prod

from bpsim.fileformat.errors import MAX_FILE_BYTES, FileFormatError
from bpsim.fileformat.writer import dumps
from bpsim.spec import NetworkSpec, bias_count, weight_shape

WORST_NUMBER = 26  # bytes
WORST_ROW = 16  # bytes of a row's brackets, line break and indentation


def check_savable(spec: NetworkSpec) -> None:
    """FileFormatError ("cannot save: ...") unless ``spec``, with any trained weights, its
    momentum and its input transform, can be written within the file limits."""
    bare = replace(spec, state=None, layers=tuple(
        replace(layer, weights=None, biases=None) for layer in spec.layers))
    if bare.data is not None:
        bare = replace(bare, data=replace(bare.data, shift=None, scale=None))
    fixed = len(dumps(bare).encode("utf-8"))  # every other rule of the reader, checked here
    shapes = [(weight_shape(layer, prev), bias_count(layer))
              for prev, layer in zip(spec.layers[:-1], spec.layers[1:])]
    numbers = sum(prod(w) + b for w, b in shapes)
    rows = sum(prod(w[:-1]) + 1 for w, _ in shapes)
    n_in = spec.layers[0].size
    bound = fixed + 2 * (WORST_NUMBER * numbers + WORST_ROW * rows) + 2 * WORST_NUMBER * n_in
    if bound > MAX_FILE_BYTES:
        raise FileFormatError(
            f"cannot save: once trained, the network could need {bound / 2**20:.0f} MiB (its "
            f"{numbers} weights and biases with momentum); a network file holds at most "
            f"{MAX_FILE_BYTES // 2**20} MiB (see the limits in docs/file-format.md)")
