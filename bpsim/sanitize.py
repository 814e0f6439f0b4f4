"""Text from files, made safe to show: no terminal escapes, no bidirectional tricks, short.

A network file or a CSV can hold any characters. Printed raw to a terminal, ESC sequences can
clear the screen or retitle the window, and bidirectional overrides (U+202E) can make text
read differently from what it is. :func:`terminal_safe` shows such characters as visible
escapes (``\\x1b``, ``\\u202e``); :func:`excerpt` also shortens a quoted cell to one line.
"""

from __future__ import annotations

import re

#: C0 controls but tab, newline and carriage return (the progress bar's), DEL, C1 controls,
#: and the bidirectional controls: ALM, LRM/RLM, LRE..RLO, LRI..PDI.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control and bidirectional-override character made visible
    (tab, newline and carriage return stay)."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` safe and on one line (line breaks and tabs shown as escapes)."""
    return terminal_safe(_LINE_BREAKS.sub(_escape, text))


def excerpt(text: str, limit: int = 24) -> str:
    """A short, safe, one-line excerpt of a cell or name for a message."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
