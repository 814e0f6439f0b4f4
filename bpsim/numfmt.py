"""Numbers as people read them, in a bounded width (Qt-free; the one formatter of bpsim).

:func:`number` writes ``decimals`` decimals (fixed point) for ordinary magnitudes and switches
to exponent notation with a few significant digits when a value is too large (|v| >= 1e6) or
too small to show (0 < |v| < 10^-decimals): a diverged weight reads ``−3.2e+299``, never 300
digits. The GUI uses the true minus sign (U+2212); the headless ``bpsim step`` keeps ASCII.
"""

from __future__ import annotations

import math

MINUS = "\u2212"
LARGE = 1e6  # from here on: exponent notation


def number(value: float, decimals: int = 4, *, trim: bool = False, sig: int | None = None,
           minus: str = MINUS) -> str:
    """``value`` with ``decimals`` decimals, or in exponent notation with ``sig`` significant
    digits (default 2 to 3) when it is >= 1e6 or nonzero below 10^-decimals in magnitude.

    ``trim`` drops trailing zeros (0.332, not 0.3320); ``minus`` is the sign written for
    negative numbers. Never "-0": a value that rounds to zero is written without a sign.
    Not-a-number reads "NaN", infinities "∞" and "−∞". At most ~9 + decimals characters.
    """
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return ("∞" if v > 0 else minus + "∞")
    a = abs(v)
    if a >= LARGE or (a != 0.0 and a < 10.0 ** -decimals):
        digits = sig if sig is not None else min(max(decimals, 2), 3)
        s = f"{v:.{digits}g}"
    else:
        s = f"{v:.{max(decimals, 0)}f}"
        if trim and "." in s:
            s = s.rstrip("0").rstrip(".")
        if s.lstrip("-").strip("0.") == "":  # rounds to zero: no sign
            s = s.lstrip("-") or "0"
    return s.replace("-", minus) if minus != "-" else s
