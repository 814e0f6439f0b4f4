"""The one exception of the file code, and the limits it enforces before allocating."""

from __future__ import annotations

FORMAT = "bpsim-network"
FORMAT_VERSION = 2

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_LAYERS = 1000
MAX_UNITS = 100_000
MAX_PARAMETERS = 50_000_000
MAX_PATCH_NUMBERS = 4_194_304  # a conv layer's input values per example, patch by patch
MAX_DATA_NUMBERS = 10_000_000
MAX_SEED = 2**63 - 1
MAX_EPOCHS = 10**9
MAX_STEPS = 2**63 - 1
MAX_LEARNING_RATE = 1e6


class FileFormatError(ValueError):
    """A network file (or already-parsed document) that bpsim refuses to read.

    The message is one line naming the source and the JSON path of the problem, e.g.
    ``net.bpsim: layers[2].weights: expected 1x3 numbers, got 1x2``.
    """
