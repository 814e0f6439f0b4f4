"""Everything the command prints passes :func:`bpsim.sanitize.terminal_safe` (issue 11.3).

Names, labels, column names and file names come from files bpsim did not write: an ESC
sequence in a network's name must not clear the user's screen when ``bpsim check`` prints
it. Wrapping stdout and stderr catches every print, including ones added later. NumPy's
RuntimeWarnings (overflow in exp, ...) are silenced too: what a command prints about the
numbers is its own one line (a divergence, "cannot check ..."), true and complete.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from bpsim.sanitize import terminal_safe


class SafeStream:
    """A text stream that makes control characters visible before writing them on."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str):  # flush, fileno, isatty, encoding, buffer, ...
        return getattr(self._stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            yield
    finally:
        sys.stdout, sys.stderr = out, err
