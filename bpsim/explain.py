"""The seed's worked example as text: every formula of one step with its numbers (Qt-free).

:class:`Explanation` turns a :class:`~bpsim.engine.trace.Trace` into a lazy sequence of
:class:`Line` in the seed's order (a line is only formatted when asked for, so a 784-256-128-10
network with 470k lines costs nothing up front); :func:`explain` is the same as a list.
``bpsim step`` prints the lines and the GUI's Step mode walks them one by one.

Phases: 1 forward (z, then o, unit by unit), 2 error at the output, 3 output deltas,
4 hidden deltas (backwards), 5 weight and bias changes, 6 new weights.

Numbers are shown with ``precision`` decimals (deltas, changes and the loss with one more).
With ``textbook=True`` every shown result is computed from the *shown* (rounded) numbers it
depends on, as a student with a pocket calculator does (see :func:`textbook_trace`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bpsim import typeset
from bpsim.engine import activations, losses
from bpsim.engine.trace import Trace
from bpsim.lang import tx
from bpsim.naming import weight_markup
from bpsim.numfmt import number
from bpsim.typeset import plain, sub, sup, usub

PHASES = {1: "Forward pass", 2: "Error at the output", 3: "Output deltas",
          4: "Hidden deltas", 5: "Weight and bias changes", 6: "New weights"}


@dataclass(frozen=True, slots=True)
class Line:
    """One formula. ``unit`` is (layer, unit) and ``edge`` is (l, j, i) when it is about one;
    ``edges`` lists the edges involved (for highlighting); ``value`` the computed number.
    ``text`` is ASCII (``bpsim step``); ``markup`` the same with sub- and superscripts marked
    (:mod:`bpsim.typeset`), read by :attr:`html` and :attr:`unicode`."""

    phase: int
    name: str
    text: str
    value: float
    unit: tuple[int, int] | None = None
    edge: tuple[int, int, int] | None = None
    edges: tuple[tuple[int, int, int], ...] = ()
    markup: str = ""

    @property
    def html(self) -> str:
        """The formula typeset (rich text: subscripts, superscripts, true minus signs)."""
        return typeset.html(self.markup or self.text)

    @property
    def unicode(self) -> str:
        """The formula in Unicode (subscript digits, true minus signs): tables, exports."""
        return typeset.unicode(self.markup or self.text)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of ``count`` consecutive lines from ``start`` about one layer.

    ``kind`` is "forward" (2 lines per unit: z then o), "pool" (one per unit of a max_pool
    layer: its maximum), "error" (one per output, then E), "delta" (one per unit), "change"
    or "new" (per unit j of a dense layer: one line per input weight, then the bias:
    ``sizes[layer - 1] + 1`` lines; per filter of a conv layer: one line per shared weight,
    then the bias).
    """

    phase: int
    kind: str
    layer: int
    start: int
    count: int

    @property
    def stop(self) -> int:
        return self.start + self.count


def fmt(v: float, precision: int = 4) -> str:
    """``v`` with ``precision`` decimals, trailing zeros dropped (-0.7, 0.332), ASCII minus;
    tiny and huge values in exponent notation with ``precision`` significant digits (so that
    they neither read as 0 nor run to 300 digits): :func:`bpsim.numfmt.number`."""
    return number(v, precision, trim=True, sig=precision, minus="-")


def _p(v: float, precision: int) -> str:
    """A number as a factor: negative numbers in parentheses, as the seed writes them."""
    s = fmt(v, precision)
    return f"({s})" if s.startswith("-") else s


_shown_one = np.frompyfunc(lambda v, d: float(fmt(v, d)), 2, 1)


def shown(a: np.ndarray | float, digits: int) -> np.ndarray:
    """The numbers exactly as :func:`fmt` prints them with ``digits`` decimals, as floats."""
    return np.asarray(_shown_one(np.asarray(a, dtype=np.float64), digits), dtype=np.float64)


def textbook_trace(trace: Trace, precision: int) -> Trace:
    """The trace recomputed "like the textbook": each result from the rounded numbers shown.

    Inputs, targets, weights, z, o and errors are rounded to ``precision`` decimals, deltas,
    changes and the loss to one more, and every quantity is computed from the rounded ones
    it depends on (the seed's delta6 = (1 - 0.474) × 0.474 × (1 - 0.474) = 0.1311, where the
    exact value is 0.13117). Only for display: apply the exact trace.
    """
    maps = _maps()
    geo = trace.layers or (None,) * len(trace.z)
    pr, pd = precision, precision + 1
    x, t = shown(trace.x, pr), shown(trace.t, pr)
    W = [shown(w, pr) for w in trace.W_old]
    b = [shown(v, pr) for v in trace.b_old]
    o, z = [x], []
    for l, act in enumerate(trace.activations):
        zl = shown(maps.net_input(geo[l], W[l], b[l], o[-1]), pr)
        f = activations.get(act).f
        o.append(shown(f(zl.reshape(1, -1).copy(), trace.slopes[l])[0], pr))
        z.append(zl)
    out, act_out, K = o[-1], trace.activations[-1], len(t)
    loss = float(shown(losses.per_example(trace.loss_name, out[None], t[None], act_out)[0], pd))
    if trace.loss_name == "cross_entropy":
        d = t - out
    else:
        g = losses.neg_grad(trace.loss_name, t - out, K)
        d = (activations.softmax_backward(out[None], g[None])[0] if act_out == "softmax"
             else g * activations.get(act_out).prime(out, trace.slopes[-1]))
    deltas = [shown(d, pd)]
    for l in range(len(W) - 1, 0, -1):
        prime = activations.get(trace.activations[l - 1]).prime
        back = maps.backward(geo[l], W[l], deltas[0], o[l])
        deltas.insert(0, shown(back * prime(o[l], trace.slopes[l - 1]), pd))
    eta, alpha, lam = (float(shown(v, pr)) for v in (trace.eta, trace.alpha, trace.weight_decay))
    dW, db = [], []
    for l in range(len(W)):
        gw, gb = maps.gradient(geo[l], deltas[l], o[l])
        vw, vb = eta * gw, eta * gb
        if trace.dW_prev is not None and trace.db_prev is not None:
            vw = vw + alpha * shown(trace.dW_prev[l], pd)
            vb = vb + alpha * shown(trace.db_prev[l], pd)
        if trace.weight_decay:
            vw = vw - eta * lam * W[l]
        dW.append(shown(vw, pd))
        db.append(shown(vb, pd))
    return replace(
        trace, x=x, t=t, z=tuple(z), o=tuple(o), error=shown(t - out, pr), loss=loss,
        delta=tuple(deltas), dW=tuple(dW), db=tuple(db), W_old=tuple(W), b_old=tuple(b),
        W_new=tuple(shown(w + d, pr) for w, d in zip(W, dW, strict=True)),
        b_new=tuple(shown(v + d, pr) for v, d in zip(b, db, strict=True)),
        eta=eta, alpha=alpha, weight_decay=lam,
        dW_prev=None if trace.dW_prev is None else tuple(shown(v, pd) for v in trace.dW_prev),
        db_prev=None if trace.db_prev is None else tuple(shown(v, pd) for v in trace.db_prev))


class Explanation(Sequence[Line]):
    """Every line of one step, formatted on demand. ``labels[l][j]`` names unit j of layer l.

    ``trace`` is what the lines show (the :func:`textbook_trace` with ``textbook=True``),
    ``exact`` the trace given. ``max_terms`` shortens sums with more terms than that
    ("a + b + … 778 more … + y + z"); None writes every term (the CLI).
    """

    def __init__(self, trace: Trace, labels: Sequence[Sequence[str]], precision: int = 4, *,
                 textbook: bool = False, max_terms: int | None = None) -> None:
        self.exact = trace
        self.trace = textbook_trace(trace, precision) if textbook else trace
        self.labels = labels
        self.precision = precision
        self.textbook = textbook
        self.max_terms = max_terms
        L = len(trace.z)
        sizes = [len(trace.o[l]) for l in range(L + 1)]
        self.kinds = tuple(g.kind for g in trace.layers) if trace.layers else ("dense",) * L
        plan = [(1, "pool", l, sizes[l]) if self.kinds[l - 1] == "max_pool"
                else (1, "forward", l, 2 * sizes[l]) for l in range(1, L + 1)]
        plan += [(2, "error", L, sizes[L] + 1), (3, "delta", L, sizes[L])]
        plan += [(4, "delta", l, sizes[l]) for l in range(L - 1, 0, -1)]
        changes = [self._changes(l, sizes) for l in range(1, L + 1)]
        plan += [(5, "change", l, changes[l - 1]) for l in range(1, L + 1)]
        plan += [(6, "new", l, changes[l - 1]) for l in range(1, L + 1)]
        segs, start = [], 0
        for phase, kind, layer, count in plan:
            segs.append(Segment(phase, kind, layer, start, count))
            start += count
        self.segments: tuple[Segment, ...] = tuple(segs)
        self.sizes = tuple(sizes)
        self._len = start
        self._cache: dict[int, Line] = {}

    def _changes(self, l: int, sizes: list[int]) -> int:
        """Lines of phase 5 (and 6) of layer l: every weight and bias (none for max_pool)."""
        kind = self.kinds[l - 1]
        if kind == "dense":
            return sizes[l] * (sizes[l - 1] + 1)
        return 0 if kind == "max_pool" else _maps().changes_per_layer(self.trace.layers[l - 1])

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(self._len))]
        if k < 0:
            k += self._len
        if not 0 <= k < self._len:
            raise IndexError(k)
        line = self._cache.get(k)
        if line is None:
            if len(self._cache) > 4096:
                self._cache.clear()
            line = self._cache[k] = self._make(k)
        return line

    def segment_of(self, k: int) -> Segment:
        """The segment holding line ``k`` (binary search)."""
        lo, hi = 0, len(self.segments) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.segments[mid].start <= k:
                lo = mid
            else:
                hi = mid - 1
        return self.segments[lo]

    def phase_range(self, phase: int) -> range:
        """The indices of the lines of ``phase`` (empty for a network without hidden layers)."""
        segs = [s for s in self.segments if s.phase == phase and s.count]
        return range(segs[0].start, segs[-1].stop) if segs else range(0)

    def param_name(self, l: int, j: int, i: int) -> str:
        """"w14" for the weight from unit i of layer l-1 to unit j of layer l, "b4" for the
        bias (i = number of units of layer l-1)."""
        return plain(self.param_markup(l, j, i))

    def param_markup(self, l: int, j: int, i: int) -> str:
        """:meth:`param_name` as markup (subscripts marked, :mod:`bpsim.typeset`)."""
        q = self.labels[l][j]
        return _s("b", q) if i == self.sizes[l - 1] else weight_markup(self.labels[l - 1][i], q)

    def _make(self, k: int) -> Line:
        seg = self.segment_of(k)
        local, tr, lab, pr = k - seg.start, self.trace, self.labels, self.precision
        kind = self.kinds[seg.layer - 1]
        if seg.kind == "forward":
            j, is_o = divmod(local, 2)
            if is_o:
                return _output(tr, lab, seg.layer, j, pr)
            if kind == "conv":
                return _maps().conv_net_input(tr, lab, seg.layer, j, pr, self.max_terms)
            return _net_input(tr, lab, seg.layer, j, pr, self.max_terms)
        if seg.kind == "pool":
            return _maps().pool_output(tr, lab, seg.layer, local, pr)
        if seg.kind == "error":
            return _error(tr, lab, local, pr)
        if seg.phase == 3:
            return _output_delta(tr, lab, local, pr)
        if seg.kind == "delta":
            following = self.kinds[seg.layer]  # the layer that reads this one
            if following == "conv":
                return _maps().delta_via_conv(tr, lab, seg.layer, local, pr, self.max_terms)
            if following == "max_pool":
                return _maps().delta_via_pool(tr, lab, seg.layer, local, pr)
            return _hidden_delta(tr, lab, seg.layer, local, pr, self.max_terms)
        if kind == "conv":
            f, r = divmod(local, tr.layers[seg.layer - 1].patch + 1)
            make = _maps().conv_change if seg.kind == "change" else _maps().conv_new_weight
            return make(tr, lab, seg.layer, f, r, pr)
        j, i = divmod(local, self.sizes[seg.layer - 1] + 1)
        if seg.kind == "change":
            return _change(tr, lab, seg.layer, j, i, pr)
        return _new_weight(tr, lab, seg.layer, j, i, pr)


def _maps():
    """The lines of conv and max_pool layers (imported on first use: it imports this module)."""
    from bpsim import explain_maps

    return explain_maps


def explain(trace: Trace, labels: Sequence[Sequence[str]], precision: int = 4, *,
            textbook: bool = False) -> list[Line]:
    """Every line of one step (see :class:`Explanation`)."""
    return list(Explanation(trace, labels, precision, textbook=textbook))


def _sum_text(term, n: int, max_terms: int | None) -> str:
    """``term(0) + term(1) + ...``, shortened to ``max_terms`` terms with an ellipsis."""
    if max_terms is None or n <= max_terms + 1:
        return " + ".join(term(i) for i in range(n))
    head = max(1, max_terms - 2)
    tail = max(1, max_terms - head)
    parts = [term(i) for i in range(head)] + [tx("… {0} more terms …").format(n - head - tail)]
    return " + ".join(parts + [term(i) for i in range(n - tail, n)])


def _s(symbol: str, label: str) -> str:
    """A symbol with a unit's name as subscript: z4, δ6 (markup, see :mod:`bpsim.typeset`)."""
    return symbol + sub(label)


def _line(phase: int, name: str, markup: str, value: float, unit=None, edge=None,
          edges=()) -> Line:
    return Line(phase, plain(name), plain(markup), value, unit, edge, tuple(edges), markup)


def _prime_text(act: str, o: float, z: float, slope: float, label: str, pr: int
                ) -> tuple[str, str]:
    """f'(z) as a formula and with numbers, for an elementwise activation (markup)."""
    oq = _s("o", label)
    if act == "sigmoid":
        return f"{oq}(1 - {oq})", f"{_p(o, pr)} × (1 - {_p(o, pr)})"
    if act == "tanh":
        return f"(1 - {oq}²)", f"(1 - {_p(o, pr)}²)"
    if act in ("relu", "leaky_relu"):
        low = fmt(slope, pr) if act == "leaky_relu" else "0"
        return f"f'({_s('z', label)})", ("1" if z > 0 else low)
    return "1", "1"


def _net_input(tr: Trace, labels, l: int, j: int, pr: int, mt: int | None) -> Line:
    W, b, o_prev, q = tr.W_old[l - 1], tr.b_old[l - 1], tr.o[l - 1], labels[l][j]
    terms = _sum_text(lambda i: f"{_p(o_prev[i], pr)}*{_p(W[j, i], pr)}", len(o_prev), mt)
    z = tr.z[l - 1][j]
    edges = tuple((l, j, i) for i in range(len(o_prev)))
    zq = _s("z", q)
    return _line(1, zq, f"{zq} = Σ w·o + {_s('b', q)} = {terms} + {_p(b[j], pr)} = "
                 f"{fmt(z, pr)}", z, (l, j), None, edges)


def _output(tr: Trace, labels, l: int, j: int, pr: int) -> Line:
    q, act = labels[l][j], tr.activations[l - 1]
    z, o = tr.z[l - 1][j], tr.o[l][j]
    zq, oq = _s("z", q), _s("o", q)
    if act == "softmax":
        zs = tr.z[l - 1]
        rule = f"e{sup(zq)} / Σ{usub('k')} e{sup('z' + usub('k'))}"
        if float(np.max(np.abs(zs))) <= 30.0:  # e^z readable: write the numbers out
            rule += f" = {fmt(np.exp(z), pr)} / {fmt(np.exp(zs).sum(), pr)}"
    else:
        slope, zn = fmt(tr.slopes[l - 1], pr), fmt(z, pr)
        rule = {"sigmoid": f"1/(1+e{sup(f'(-{zq})')}) = 1/(1+e{sup(_p(-z, pr))})",
                "tanh": f"tanh({zq}) = tanh({zn})", "relu": f"max(0, {zq}) = max(0, {zn})",
                "leaky_relu": f"{zq} if {zq} > 0 else {slope}·{zq}"
                + (f" = {zn}" if z > 0 else f" = {slope} × {_p(z, pr)}"),
                "linear": f"{zq} = {zn}"}[act]
    return _line(1, oq, f"{oq} = f({zq}) = {rule} = {fmt(o, pr)}", o, (l, j))


def _error(tr: Trace, labels, k: int, pr: int) -> Line:
    L = len(tr.z)
    if k < len(tr.t):
        q, e = labels[L][k], tr.error[k]
        return _line(2, _s("e", q), f"{_s('e', q)} = {_s('t', q)} - {_s('o', q)} = "
                     f"{fmt(tr.t[k], pr)} - {_p(tr.o[L][k], pr)} = {fmt(e, pr)}", e, (L, k))
    t, o, K = tr.t, tr.o[L], len(tr.t)
    if tr.loss_name == "cross_entropy":
        if tr.activations[-1] == "softmax":
            name = "E = -Σ t log o"
            nums = " + ".join(f"{fmt(t[i], pr)}·log {_p(o[i], pr)}" for i in range(K)
                              if t[i] != 0)
            nums = f"-({nums or '0'})"
        else:
            name = "E = -Σ [t log o + (1 - t) log(1 - o)]"
            nums = "-(" + " + ".join(
                f"{fmt(t[i], pr)}·log {_p(o[i], pr)} + (1 - {fmt(t[i], pr)})·log(1 - "
                f"{_p(o[i], pr)})" for i in range(K)) + ")"
    else:
        squares = " + ".join(f"({fmt(t[i], pr)} - {_p(o[i], pr)})²" for i in range(K))
        if tr.loss_name == "sse":
            name = "E = ½ Σ (t - o)²"
            nums = f"½({squares})" if K > 1 else f"½{squares}"
        else:
            name = "E = (1/K) Σ (t - o)²"
            nums = f"(1/{K})({squares})" if K > 1 else squares
    return _line(2, "E", f"{name} = {nums} = {fmt(tr.loss, pr + 1)}", tr.loss)


def _output_delta(tr: Trace, labels, k: int, pr: int) -> Line:
    L = len(tr.z)
    act, q = tr.activations[-1], labels[L][k]
    t, o, d = tr.t[k], tr.o[L][k], tr.delta[L - 1][k]
    dq, tq, oq, zq = _s("δ", q), _s("t", q), _s("o", q), _s("z", q)
    if tr.loss_name == "cross_entropy":
        text = f"{dq} = {tq} - {oq} = {fmt(t, pr)} - {_p(o, pr)} = {fmt(d, pr + 1)}"
    elif act == "softmax":
        K = len(tr.t)
        g = tr.t - tr.o[L] if tr.loss_name == "sse" else 2.0 * (tr.t - tr.o[L]) / K
        tk, ok = "t" + usub("k"), "o" + usub("k")
        gq, gk = ((f"({tq} - {oq})", f"({tk} - {ok})") if tr.loss_name == "sse"
                  else (f"2({tq} - {oq})/{K}", f"2({tk} - {ok})/{K}"))
        s = float(np.dot(g, tr.o[L]))
        text = (f"{dq} = {oq} ({gq} - Σ{usub('k')} {gk} {ok}) = {_p(o, pr)} × "
                f"({fmt(g[k], pr + 1)} - {_p(s, pr + 1)}) = {fmt(d, pr + 1)}")
    else:
        ftxt, fnum = _prime_text(act, o, tr.z[L - 1][k], tr.slopes[-1], q, pr)
        g = f"({tq} - {oq})" if tr.loss_name == "sse" else f"2({tq} - {oq})/{len(tr.t)}"
        gnum = f"({fmt(t, pr)} - {_p(o, pr)})" if tr.loss_name == "sse" else \
            f"2 × ({fmt(t, pr)} - {_p(o, pr)})/{len(tr.t)}"
        text = f"{dq} = {g} f'({zq}) = {g} {ftxt} = {gnum} × {fnum} = {fmt(d, pr + 1)}"
    return _line(3, dq, text, d, (L, k))


def _hidden_delta(tr: Trace, labels, l: int, j: int, pr: int, mt: int | None) -> Line:
    W_next, d_next, q = tr.W_old[l], tr.delta[l], labels[l][j]
    terms = _sum_text(lambda i: f"{_p(W_next[i, j], pr)}*{_p(d_next[i], pr + 1)}",
                      len(d_next), mt)
    ftxt, fnum = _prime_text(tr.activations[l - 1], tr.o[l][j], tr.z[l - 1][j],
                             tr.slopes[l - 1], q, pr)
    d = tr.delta[l - 1][j]
    edges = tuple((l + 1, i, j) for i in range(len(d_next)))
    dq = _s("δ", q)
    return _line(4, dq, f"{dq} = f'({_s('z', q)}) Σ{usub('i')} w{sub(q + 'i')} δ{sub('i')} = "
                 f"{ftxt} × Σ = {fnum} × ({terms}) = {fmt(d, pr + 1)}", d, (l, j), None,
                 edges)


def _change(tr: Trace, labels, l: int, j: int, i: int, pr: int) -> Line:
    extra_f = f" + α·Δw{usub('prev')}" if tr.dW_prev is not None else ""
    q, d = labels[l][j], tr.delta[l - 1][j]
    dq = _s("δ", q)
    if i == len(labels[l - 1]):
        db = tr.db[l - 1][j]
        nums = f"{fmt(tr.eta, pr)} × {_p(d, pr + 1)}"
        if tr.db_prev is not None:
            nums += f" + {fmt(tr.alpha, pr)} × {_p(tr.db_prev[l - 1][j], pr + 1)}"
        n = "Δ" + _s("b", q)
        return _line(5, n, f"{n} = η·{dq}{extra_f} = {nums} = {fmt(db, pr + 1)}", db, (l, j))
    p = labels[l - 1][i]
    decay_f = " - η·λ·w" if tr.weight_decay else ""
    dw, o = tr.dW[l - 1][j, i], tr.o[l - 1][i]
    nums = f"{fmt(tr.eta, pr)} × {_p(d, pr + 1)} × {_p(o, pr)}"
    if tr.dW_prev is not None:
        nums += f" + {fmt(tr.alpha, pr)} × {_p(tr.dW_prev[l - 1][j, i], pr + 1)}"
    if tr.weight_decay:
        nums += f" - {fmt(tr.eta, pr)} × {fmt(tr.weight_decay, pr)} × " \
                f"{_p(tr.W_old[l - 1][j, i], pr)}"
    n = "Δ" + weight_markup(p, q)
    return _line(5, n, f"{n} = η·{dq}·{_s('o', p)}{extra_f}{decay_f} = {nums} = "
                 f"{fmt(dw, pr + 1)}", dw, None, (l, j, i), ((l, j, i),))


def _new_weight(tr: Trace, labels, l: int, j: int, i: int, pr: int) -> Line:
    q = labels[l][j]
    if i == len(labels[l - 1]):
        b0, db, b1 = tr.b_old[l - 1][j], tr.db[l - 1][j], tr.b_new[l - 1][j]
        bq = _s("b", q)
        return _line(6, bq, f"{bq} = {bq}(old) + Δ{bq} = {fmt(b0, pr)} + {_p(db, pr + 1)}"
                     f" = {fmt(b1, pr)}", b1, (l, j))
    n = weight_markup(labels[l - 1][i], q)
    w0, dw, w1 = tr.W_old[l - 1][j, i], tr.dW[l - 1][j, i], tr.W_new[l - 1][j, i]
    return _line(6, n, f"{n} = {n}(old) + Δ{n} = {fmt(w0, pr)} + {_p(dw, pr + 1)} = "
                 f"{fmt(w1, pr)}", w1, None, (l, j, i), ((l, j, i),))
