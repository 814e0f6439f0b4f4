"""The one exception of the file code, and the limits it enforces before allocating."""

from __future__ import annotations

FORMAT = "bpsim-network"
FORMAT_VERSION = 2

#: Limits a network file must keep (docs/file-format.md, "Limits"). They are chosen so that
#: every network the reader accepts can be written back within them (the writer checks its
#: output too), and so that a hostile file is refused before the parser builds much.
MAX_LAYERS = 1000
MAX_UNITS = 100_000
MAX_PARAMETERS = 2_000_000  # weights and biases of all layers
MAX_PATCH_NUMBERS = 4_194_304  # a conv layer's input values per example, patch by patch
MAX_DATA_NUMBERS = 1_000_000  # inline inputs and targets together
MAX_SEED = 2**63 - 1
MAX_EPOCHS = 10**9
MAX_STEPS = 10**15  # state.epoch and state.step: far from int64 overflow after any run
MAX_LEARNING_RATE = 1e6
#: The file: every number written takes at most 26 bytes ("-1.2345678901234567e-100, "); a
#: file of the largest network (weights and momentum), the most inline data and labels fits.
MAX_FILE_BYTES = 192 * 1024 * 1024
#: JSON structure, counted on the raw text before parsing (outside strings): objects ("{"),
#: object members (":") and items ("[" and ","; about one per array element or member).
MAX_OBJECTS = 8 * MAX_LAYERS + 64
MAX_MEMBERS = 32 * MAX_LAYERS + 1024
MAX_ITEMS = 4 * MAX_PARAMETERS + 2 * MAX_DATA_NUMBERS + 4 * MAX_UNITS + 100 * MAX_LAYERS
MAX_STRINGS = 1_000_000  # labels, names, keys
MAX_LABEL = 1000  # characters of a unit label or a class name


class FileFormatError(ValueError):
    """A network file (or already-parsed document) that bpsim refuses to read.

    The message is one line naming the source and the JSON path of the problem, e.g.
    ``net.bpsim: layers[2].weights: expected 1x3 numbers, got 1x2``.
    """
