"""The seed's worked example as text: every formula of one step with its numbers (Qt-free).

:func:`explain` turns a :class:`~bpsim.engine.trace.Trace` into a list of :class:`Line` in the
seed's order; ``bpsim step`` prints them and the GUI's Step mode walks them one by one.

Phases: 1 forward (z, then o, unit by unit), 2 error at the output, 3 output deltas,
4 hidden deltas (backwards), 5 weight and bias changes, 6 new weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpsim.engine.trace import Trace

PHASES = {1: "Forward pass", 2: "Error at the output", 3: "Output deltas",
          4: "Hidden deltas", 5: "Weight and bias changes", 6: "New weights"}


@dataclass(frozen=True, slots=True)
class Line:
    """One formula. ``unit`` is (layer, unit) and ``edge`` is (l, j, i) when it is about one;
    ``edges`` lists the edges involved (for highlighting); ``value`` the computed number."""

    phase: int
    name: str
    text: str
    value: float
    unit: tuple[int, int] | None = None
    edge: tuple[int, int, int] | None = None
    edges: tuple[tuple[int, int, int], ...] = ()


def fmt(v: float, precision: int = 4) -> str:
    """``v`` with ``precision`` decimals, trailing zeros dropped (-0.7, 0.332); tiny values
    keep ``precision`` significant digits so that they do not read as 0."""
    v = float(v)
    if v != 0.0 and abs(v) < 10.0 ** (-precision):
        return f"{v:.{precision}g}"
    s = f"{v:.{precision}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _p(v: float, precision: int) -> str:
    """A number as a factor: negative numbers in parentheses, as the seed writes them."""
    s = fmt(v, precision)
    return f"({s})" if s.startswith("-") else s


def _wname(p: str, q: str) -> str:
    return f"w{p}{q}" if len(p) == len(q) == 1 else f"w({p}→{q})"


def _prime_text(act: str, o: float, z: float, slope: float, label: str, pr: int
                ) -> tuple[str, str]:
    """f'(z) as a formula and with numbers, for an elementwise activation."""
    if act == "sigmoid":
        return f"o{label}(1 - o{label})", f"{_p(o, pr)} × (1 - {_p(o, pr)})"
    if act == "tanh":
        return f"(1 - o{label}²)", f"(1 - {_p(o, pr)}²)"
    if act in ("relu", "leaky_relu"):
        low = fmt(slope, pr) if act == "leaky_relu" else "0"
        return f"f'(z{label})", ("1" if z > 0 else low)
    return "1", "1"


def explain(trace: Trace, labels: Sequence[Sequence[str]], precision: int = 4) -> list[Line]:
    """Every line of one step. ``labels[l][j]`` names unit j of layer l (0 = input)."""
    pr = precision
    lines: list[Line] = []
    L = len(trace.z)
    for l in range(1, L + 1):
        lines += _forward(trace, labels, l, pr)
    lines += _error(trace, labels, pr)
    lines += _output_deltas(trace, labels, pr)
    for l in range(L - 1, 0, -1):
        lines += _hidden_deltas(trace, labels, l, pr)
    for l in range(1, L + 1):
        lines += _changes(trace, labels, l, pr)
    for l in range(1, L + 1):
        lines += _new_weights(trace, labels, l, pr)
    return lines


def _forward(tr: Trace, labels, l: int, pr: int) -> list[Line]:
    out = []
    W, b, o_prev = tr.W_old[l - 1], tr.b_old[l - 1], tr.o[l - 1]
    act = tr.activations[l - 1]
    for j, q in enumerate(labels[l]):
        terms = " + ".join(f"{_p(o_prev[i], pr)}*{_p(W[j, i], pr)}" for i in range(len(o_prev)))
        z = tr.z[l - 1][j]
        edges = tuple((l, j, i) for i in range(len(o_prev)))
        out.append(Line(1, f"z{q}", f"z{q} = Σ w·o + b{q} = {terms} + {_p(b[j], pr)} = {fmt(z, pr)}",
                        z, (l, j), None, edges))
        o = tr.o[l][j]
        rule = {"sigmoid": f"1/(1+e^(-z{q})) = 1/(1+e^{_p(-z, pr)})", "tanh": f"tanh(z{q})",
                "relu": f"max(0, z{q})", "leaky_relu": f"z{q} if z{q} > 0 else "
                f"{fmt(tr.slopes[l - 1], pr)}·z{q}", "linear": f"z{q}",
                "softmax": f"e^z{q} / Σ_k e^z_k"}[act]
        out.append(Line(1, f"o{q}", f"o{q} = f(z{q}) = {rule} = {fmt(o, pr)}", o, (l, j)))
    return out


def _error(tr: Trace, labels, pr: int) -> list[Line]:
    L = len(tr.z)
    out = []
    for k, q in enumerate(labels[L]):
        e = tr.error[k]
        out.append(Line(2, f"e{q}", f"e{q} = t{q} - o{q} = {fmt(tr.t[k], pr)} - {_p(tr.o[L][k], pr)}"
                        f" = {fmt(e, pr)}", e, (L, k)))
    name = {"sse": "E = ½ Σ (t - o)²", "mse": "E = (1/K) Σ (t - o)²",
            "cross_entropy": "E = -Σ t log o" if tr.activations[-1] == "softmax"
            else "E = -Σ [t log o + (1 - t) log(1 - o)]"}[tr.loss_name]
    out.append(Line(2, "E", f"{name} = {fmt(tr.loss, pr + 1)}", tr.loss))
    return out


def _output_deltas(tr: Trace, labels, pr: int) -> list[Line]:
    L = len(tr.z)
    act = tr.activations[-1]
    out = []
    for k, q in enumerate(labels[L]):
        t, o, d = tr.t[k], tr.o[L][k], tr.delta[L - 1][k]
        if tr.loss_name == "cross_entropy":
            text = f"δ{q} = t{q} - o{q} = {fmt(t, pr)} - {_p(o, pr)} = {fmt(d, pr + 1)}"
        elif act == "softmax":
            g = "(t - o)" if tr.loss_name == "sse" else "2(t - o)/K"
            text = f"δ{q} = o{q} (g{q} - Σ_k g_k o_k), g = {g} = {fmt(d, pr + 1)}"
        else:
            ftxt, fnum = _prime_text(act, o, tr.z[L - 1][k], tr.slopes[-1], q, pr)
            g = f"(t{q} - o{q})" if tr.loss_name == "sse" else f"2(t{q} - o{q})/{len(tr.t)}"
            gnum = f"({fmt(t, pr)} - {_p(o, pr)})" if tr.loss_name == "sse" else \
                f"2 × ({fmt(t, pr)} - {_p(o, pr)})/{len(tr.t)}"
            text = f"δ{q} = {g} f'(z{q}) = {g} {ftxt} = {gnum} × {fnum} = {fmt(d, pr + 1)}"
        out.append(Line(3, f"δ{q}", text, d, (L, k)))
    return out


def _hidden_deltas(tr: Trace, labels, l: int, pr: int) -> list[Line]:
    out = []
    W_next, d_next = tr.W_old[l], tr.delta[l]
    act = tr.activations[l - 1]
    for j, q in enumerate(labels[l]):
        terms = " + ".join(f"{_p(W_next[i, j], pr)}*{_p(d_next[i], pr + 1)}"
                           for i in range(len(d_next)))
        ftxt, fnum = _prime_text(act, tr.o[l][j], tr.z[l - 1][j], tr.slopes[l - 1], q, pr)
        d = tr.delta[l - 1][j]
        edges = tuple((l + 1, i, j) for i in range(len(d_next)))
        out.append(Line(4, f"δ{q}", f"δ{q} = f'(z{q}) Σ_i w{q}i δi = {ftxt} × Σ = {fnum} × ({terms})"
                        f" = {fmt(d, pr + 1)}", d, (l, j), None, edges))
    return out


def _changes(tr: Trace, labels, l: int, pr: int) -> list[Line]:
    out = []
    extra_f = " + α·Δw_prev" if tr.dW_prev is not None else ""
    decay_f = " - η·λ·w" if tr.weight_decay else ""
    for j, q in enumerate(labels[l]):
        d = tr.delta[l - 1][j]
        for i, p in enumerate(labels[l - 1]):
            dw, o = tr.dW[l - 1][j, i], tr.o[l - 1][i]
            nums = f"{fmt(tr.eta, pr)} × {_p(d, pr + 1)} × {_p(o, pr)}"
            if tr.dW_prev is not None:
                nums += f" + {fmt(tr.alpha, pr)} × {_p(tr.dW_prev[l - 1][j, i], pr + 1)}"
            if tr.weight_decay:
                nums += f" - {fmt(tr.eta, pr)} × {fmt(tr.weight_decay, pr)} × " \
                        f"{_p(tr.W_old[l - 1][j, i], pr)}"
            n = "Δ" + _wname(p, q)
            out.append(Line(5, n, f"{n} = η·δ{q}·o{p}{extra_f}{decay_f} = {nums} = {fmt(dw, pr + 1)}",
                            dw, None, (l, j, i), ((l, j, i),)))
        db = tr.db[l - 1][j]
        nums = f"{fmt(tr.eta, pr)} × {_p(d, pr + 1)}"
        if tr.db_prev is not None:
            nums += f" + {fmt(tr.alpha, pr)} × {_p(tr.db_prev[l - 1][j], pr + 1)}"
        out.append(Line(5, f"Δb{q}", f"Δb{q} = η·δ{q}{extra_f} = {nums} = {fmt(db, pr + 1)}",
                        db, (l, j)))
    return out


def _new_weights(tr: Trace, labels, l: int, pr: int) -> list[Line]:
    out = []
    for j, q in enumerate(labels[l]):
        for i, p in enumerate(labels[l - 1]):
            n = _wname(p, q)
            w0, dw, w1 = tr.W_old[l - 1][j, i], tr.dW[l - 1][j, i], tr.W_new[l - 1][j, i]
            out.append(Line(6, n, f"{n} = {n}(old) + Δ{n} = {fmt(w0, pr)} + {_p(dw, pr + 1)} = "
                            f"{fmt(w1, pr)}", w1, None, (l, j, i), ((l, j, i),)))
        b0, db, b1 = tr.b_old[l - 1][j], tr.db[l - 1][j], tr.b_new[l - 1][j]
        out.append(Line(6, f"b{q}", f"b{q} = b{q}(old) + Δb{q} = {fmt(b0, pr)} + {_p(db, pr + 1)}"
                        f" = {fmt(b1, pr)}", b1, (l, j)))
    return out


def table_rows(trace: Trace, labels: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The textbook's tables as rows: (kind, name, value) for z/o, deltas, changes and weights."""
    rows = []
    for line in explain(trace, labels, precision=12):
        rows.append((PHASES[line.phase], line.name, repr(float(np.float64(line.value)))))
    return rows
