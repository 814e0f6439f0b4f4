"""Formulas written once, read three ways (Qt-free): ASCII, Unicode and HTML.

The explanation of a step (:mod:`bpsim.explain`) writes each formula as *markup*: plain text
with subscripts and superscripts marked by :func:`sub`, :func:`usub` and :func:`sup`. Then

- :func:`plain` is the ASCII text ``bpsim step`` prints: ``o4 = 1/(1+e^(-z4))``, ``Σ_i``;
- :func:`unicode` is what tables and canvas boxes show: ``o₄ = 1/(1+e^(−z₄))``, the true
  minus sign, subscript digits where Unicode has them;
- :func:`html` is the Step mode's typeset formula: ``o<sub>4</sub> = 1/(1+e<sup>−z<sub>4
  </sub></sup>)``.
"""

from __future__ import annotations

import html as _html
import re

MINUS = "\u2212"
_SUB, _USUB, _SUP, _END = "\x0e", "\x0f", "\x10", "\x11"
_SUB_MAP = str.maketrans("0123456789+-=()aehijklmnoprstuvx",
                         "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUB_OK = set("0123456789+-=()aehijklmnoprstuvx")
_MARK = re.compile(f"([{_SUB}{_USUB}{_SUP}])([^{_SUB}{_USUB}{_SUP}{_END}]*(?:"
                   f"[{_SUB}{_USUB}][^{_SUB}{_USUB}{_SUP}{_END}]*{_END}"
                   f"[^{_SUB}{_USUB}{_SUP}{_END}]*)*){_END}")


def sub(text: str) -> str:
    """A subscript: ``z`` + sub("4``) reads z4, z₄, z<sub>4</sub>."""
    return f"{_SUB}{text}{_END}"


def usub(text: str) -> str:
    """A subscript written with an underscore in ASCII: Σ_i, t_k."""
    return f"{_USUB}{text}{_END}"


def sup(text: str) -> str:
    """A superscript written with a caret in ASCII (``e^(-z4)``); its outer parentheses
    only group in ASCII and are dropped when typeset."""
    return f"{_SUP}{text}{_END}"


def _strip_parens(text: str) -> str:
    return text[1:-1] if text.startswith("(") and text.endswith(")") else text


def plain(markup: str) -> str:
    """The ASCII reading (``bpsim step``)."""
    def one(m: re.Match) -> str:
        kind, body = m.group(1), plain(m.group(2))
        return {_SUB: body, _USUB: "_" + body, _SUP: "^" + body}[kind]

    return _MARK.sub(one, markup)


def unicode(markup: str) -> str:
    """The Unicode reading: true minus signs, subscript characters where they exist."""
    def one(m: re.Match) -> str:
        kind, body = m.group(1), m.group(2)
        if kind == _SUP:
            return "^" + unicode(body)
        text = plain(body)
        if set(text) <= _SUB_OK:
            return text.translate(_SUB_MAP)
        return ("_" if kind == _USUB else "") + text

    return _MARK.sub(one, markup).replace("-", MINUS).replace("*", "·").replace("'", "′")


def html(markup: str) -> str:
    """The typeset reading (rich text): <sub>, <sup>, true minus signs, · for products."""
    def one(m: re.Match) -> str:
        kind, body = m.group(1), m.group(2)
        tag = "sup" if kind == _SUP else "sub"
        inner = html(_strip_parens(body) if kind == _SUP else body)
        return f"<{tag}>{inner}</{tag}>"

    parts, pos = [], 0
    for m in _MARK.finditer(markup):
        parts.append(_escape(markup[pos:m.start()]))
        parts.append(one(m))
        pos = m.end()
    parts.append(_escape(markup[pos:]))
    return "".join(parts)


def _escape(text: str) -> str:
    return (_html.escape(text, quote=False).replace("-", MINUS).replace("*", "·")
            .replace("'", "′"))
