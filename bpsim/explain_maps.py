"""The Step lines of layers with maps, one function per layer kind and line (Qt-free; used by
:class:`bpsim.explain.Explanation`): a conv layer's net inputs, a max_pool layer's maxima,
the deltas that flow back through them, and the changes of a conv layer's shared weights.

A shared weight's change is the SUM of the changes every output position asks for:

    Δw = η·Σ_i δ(i)·o(i)      (+ α·Δw_prev - η·λ·w)

where o(i) is the input the weight reads at position i. The line writes every term with its
numbers (η × δ × o) and then its value, and the total is the exact decimal sum of the values
as written, so the printed terms add up to the printed Δw digit for digit. A map of more than
:data:`MAP_TERMS` positions shows its first terms, "…" and the count, then Δw.

Units of maps are named by :func:`bpsim.naming.map_label` (``1(3)``, ``2[4](1,3)``) and
shared weights by :func:`bpsim.naming.kernel_label` (``w1(2)``, ``w1[3,1](2,1)``).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from bpsim.engine.trace import Trace
from bpsim.explain import Line, _line, _p, _prime_text, _s, _sum_text, fmt
from bpsim.lang import tx
from bpsim.naming import kernel_label
from bpsim.typeset import usub

MAP_TERMS = 12  # a shared weight's sum is written in full up to this many positions
HEAD_TERMS = 4  # ... and beyond, its first terms


# -- the arithmetic of one example (the textbook rounding recomputes with it) ---------------
def net_input(geo, W: np.ndarray, b: np.ndarray, o: np.ndarray) -> np.ndarray:
    """z of a layer for one example's inputs o."""
    if geo is None or geo.kind == "dense":
        return W @ o + b
    return geo.forward(o[None], geo.prepare(W), b)[0]


def backward(geo, W: np.ndarray, delta: np.ndarray, o: np.ndarray) -> np.ndarray:
    """sum over the units that read each input of (their weight) × delta."""
    if geo is None or geo.kind == "dense":
        return delta @ W
    return geo.backward(delta[None], W, o[None])[0]


def gradient(geo, delta: np.ndarray, o: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Σ δ·o per weight, Σ δ per bias) of one example."""
    if geo is None or geo.kind == "dense":
        return np.outer(delta, o), delta
    GW, Gb = np.zeros(geo.weight_shape), np.zeros(geo.n_biases)
    geo.gradient(delta[None], o[None], GW, Gb)
    return GW, Gb


# -- names -----------------------------------------------------------------------------------
def weight_label(geo, l: int, f: int, r: int) -> str:
    """The shared weight r (= channel, kernel offsets, flat) of filter f in conv layer l."""
    c, flat = divmod(r, int(np.prod(geo.kernel)))
    offsets = np.unravel_index(flat, geo.kernel)
    return kernel_label(l, geo.filters, geo.in_shape[0], f, c, tuple(map(int, offsets)))


def bias_label(geo, l: int, f: int) -> str:
    return f"{l}[{f + 1}]" if geo.filters > 1 else str(l)


def changes_per_layer(geo) -> int:
    """Lines of phases 5 and 6 of a conv layer: per filter its weights, then its bias."""
    return geo.filters * (geo.patch + 1)


# -- phase 1 ---------------------------------------------------------------------------------
def conv_net_input(tr: Trace, labels, l: int, j: int, pr: int, mt: int | None) -> Line:
    """z of output position j of a conv layer: its filter's weights times the patch it reads
    (padding reads 0 and is left out), plus the filter's bias."""
    geo, o_prev = tr.layers[l - 1], tr.o[l - 1]
    f, i = divmod(j, geo.positions)
    W = tr.W_old[l - 1].reshape(geo.filters, geo.patch)
    rows = [r for r in range(geo.patch) if geo.index[r, i] < geo.n_in]
    terms = _sum_text(lambda k: f"{_p(o_prev[geo.index[rows[k], i]], pr)}*"
                      f"{_p(W[f, rows[k]], pr)}", len(rows), mt) or "0"
    q, z = labels[l][j], tr.z[l - 1][j]
    edges = tuple((l, j, int(geo.index[r, i])) for r in rows)
    zq = _s("z", q)
    return _line(1, zq, f"{zq} = Σ w·o + {_s('b', bias_label(geo, l, f))} = {terms} + "
                 f"{_p(tr.b_old[l - 1][f], pr)} = {fmt(z, pr)}", z, (l, j), None, edges)


def pool_output(tr: Trace, labels, l: int, j: int, pr: int) -> Line:
    """o of output j of a max_pool layer: the largest value of its window, and which one."""
    geo, o_prev = tr.layers[l - 1], tr.o[l - 1]
    window = geo.index[j]
    winner = int(window[int(np.argmax(o_prev[window]))])
    names = ", ".join(_s("o", labels[l - 1][k]) for k in window)
    values = ", ".join(fmt(o_prev[k], pr) for k in window)
    q, o = labels[l][j], tr.o[l][j]
    oq = _s("o", q)
    source = tx("from {0}").format(_s("o", labels[l - 1][winner]))
    return _line(1, oq, f"{oq} = max({names}) = max({values}) = {fmt(o, pr)}, {source}", o,
                 (l, j), None,
                 tuple((l, j, int(k)) for k in window))


# -- phase 4 ---------------------------------------------------------------------------------
def delta_via_conv(tr: Trace, labels, l: int, j: int, pr: int, mt: int | None) -> Line:
    """δ of unit j of layer l whose outputs a conv layer reads: f'(z) times the sum of w·δ
    over every (filter, position) of the conv layer that reads it."""
    geo = tr.layers[l]
    rows, cols = np.nonzero(geo.index == j)
    W = tr.W_old[l].reshape(geo.filters, geo.patch)
    d_next = tr.delta[l].reshape(geo.filters, geo.positions)
    pairs = [(f, int(r), int(i)) for r, i in zip(rows, cols) for f in range(geo.filters)]
    q, d = labels[l][j], tr.delta[l - 1][j]
    dq, oq = _s("δ", q), _s("o", q)
    if not pairs:
        return _line(4, dq, f"{dq} = 0 (no position of layer {l + 1} reads {oq})", d, (l, j))
    terms = _sum_text(lambda k: f"{_p(W[pairs[k][0], pairs[k][1]], pr)}*"
                      f"{_p(d_next[pairs[k][0], pairs[k][2]], pr + 1)}", len(pairs), mt)
    ftxt, fnum = _prime_text(tr.activations[l - 1], tr.o[l][j], tr.z[l - 1][j],
                             tr.slopes[l - 1], q, pr)
    edges = tuple((l + 1, f * geo.positions + i, j) for f, _, i in pairs)
    over = tx("over the {0} positions of layer {1} that read {2}").format(len(pairs), l + 1, oq)
    return _line(4, dq, f"{dq} = f'({_s('z', q)}) Σ w·δ ({over}) = {ftxt} × Σ = {fnum} × "
                 f"({terms}) = {fmt(d, pr + 1)}", d, (l, j), None, edges)


def delta_via_pool(tr: Trace, labels, l: int, j: int, pr: int) -> Line:
    """δ of unit j of layer l before a max_pool layer: the pooled δ if o_j was its window's
    maximum (the first one on ties), else 0, and where that δ went instead."""
    geo = tr.layers[l]
    q, d = labels[l][j], tr.delta[l - 1][j]
    dq, oq, zq = _s("δ", q), _s("o", q), _s("z", q)
    where = np.nonzero(geo.index == j)[0]
    if not len(where):
        return _line(4, dq, f"{dq} = 0 (" + tx("{0} is in no pooling window: the maps' edge "
                                               "that does not fill a window").format(oq)
                     + ")", d, (l, j))
    k = int(where[0])
    window = geo.index[k]
    winner = int(window[int(np.argmax(tr.o[l][window]))])
    dk, dpq = tr.delta[l][k], _s("δ", labels[l + 1][k])
    if winner != j:
        why = tx("not the maximum of its window: {0} goes to {1}").format(
            dpq, _s("o", labels[l][winner]))
        return _line(4, dq, f"{dq} = 0 ({why})", d, (l, j), None, ((l + 1, k, j),))
    ftxt, fnum = _prime_text(tr.activations[l - 1], tr.o[l][j], tr.z[l - 1][j],
                             tr.slopes[l - 1], q, pr)
    rule = f"f'({zq}) × {dpq}" + ("" if ftxt == f"f'({zq})" else f" = {ftxt} × {dpq}")
    return _line(4, dq, f"{dq} = {rule} = {fnum} × {_p(dk, pr + 1)} = {fmt(d, pr + 1)} "
                 f"({oq} is the maximum of its window, so {dpq} comes here)", d, (l, j), None,
                 ((l + 1, k, j),))


# -- phases 5 and 6 --------------------------------------------------------------------------
def _join(texts: list[str]) -> str:
    """Terms joined with +, a term written with a leading minus joined with -."""
    out = texts[0] if texts else "0"
    for t in texts[1:]:
        out += f" - {t[1:]}" if t.startswith("-") else f" + {t}"
    return out


def _sum_of(terms: list[tuple[str, float]], extra: list[tuple[str, float]], pd: int,
            exact: float) -> tuple[str, str, str]:
    """(factors, values, total) of a sum over positions (``terms``) plus the momentum and
    decay terms (``extra``): every term when there are at most MAP_TERMS positions, the total
    then the exact sum of the values as written; else the first terms, "…" and the count of
    positions, and the exact total."""
    if len(terms) <= MAP_TERMS:
        every = terms + extra
        shown = [fmt(v, pd) for _, v in every]
        total = sum((Decimal(v) for v in shown), Decimal(0))
        text = "0" if total == 0 else format(total.normalize(), "f")
        return (_join([t for t, _ in every]),
                " + ".join(f"({v})" if v.startswith("-") else v for v in shown), text)
    more = "… (" + tx("{0} terms").format(len(terms)) + ")"
    return (_join([t for t, _ in terms[:HEAD_TERMS]] + [more] + [t for t, _ in extra]),
            " + ".join([_p(v, pd) for _, v in terms[:HEAD_TERMS]] + [more]
                       + [_p(v, pd) for _, v in extra]), fmt(exact, pd))


def _change_sum(tr: Trace, labels, l: int, f: int, r: int, pr: int
                ) -> tuple[str, str, str, str]:
    """(formula, factors, values, total) of Δw of weight r of filter f (r = patch: the
    bias) in conv layer l."""
    geo, pd, eta = tr.layers[l - 1], pr + 1, tr.eta
    d = tr.delta[l - 1].reshape(geo.filters, geo.positions)[f]
    is_bias = r == geo.patch
    extra: list[tuple[str, float]] = []
    outs = [f * geo.positions + i for i in range(geo.positions)]  # the filter's map
    if is_bias:
        terms = [(f"{fmt(eta, pr)}×{_p(d[i], pd)}", eta * d[i]) for i in range(geo.positions)]
        symbols = [_s("δ", labels[l][k]) for k in outs]
        old_prev = None if tr.db_prev is None else tr.db_prev[l - 1][f]
        exact = tr.db[l - 1][f]
    else:
        o_prev, read = tr.o[l - 1], geo.index[r]
        used = [i for i in range(geo.positions) if read[i] < geo.n_in]  # not the padding
        terms = [(f"{fmt(eta, pr)}×{_p(d[i], pd)}×{_p(o_prev[read[i]], pr)}",
                  eta * d[i] * o_prev[read[i]]) for i in used]
        symbols = [f"{_s('δ', labels[l][outs[i]])}·{_s('o', labels[l - 1][read[i]])}"
                   for i in used]
        old_prev = None if tr.dW_prev is None else \
            tr.dW_prev[l - 1].reshape(geo.filters, geo.patch)[f, r]
        exact = tr.dW[l - 1].reshape(geo.filters, geo.patch)[f, r]
    formula = (f"η·({' + '.join(symbols)})" if len(symbols) <= MAP_TERMS else
               f"η·Σ {'δ' if is_bias else 'δ·o'} "
               + tx("over the {0} positions").format(len(symbols)))
    if old_prev is not None:
        formula += f" + α·Δw{usub('prev')}"
        extra.append((f"{fmt(tr.alpha, pr)}×{_p(old_prev, pd)}", tr.alpha * old_prev))
    if tr.weight_decay and not is_bias:
        w = tr.W_old[l - 1].reshape(geo.filters, geo.patch)[f, r]
        formula += " - η·λ·w"
        extra.append((f"-{fmt(eta, pr)}×{fmt(tr.weight_decay, pr)}×{_p(w, pr)}",
                      -eta * tr.weight_decay * w))
    return (formula, *_sum_of(terms, extra, pd, float(exact)))


def _names(tr: Trace, l: int, f: int, r: int) -> tuple[str, np.ndarray, np.ndarray]:
    """(name as markup, old, new) of weight r of filter f (r = patch: the bias) in conv
    layer l."""
    geo = tr.layers[l - 1]
    if r == geo.patch:
        return _s("b", bias_label(geo, l, f)), tr.b_old[l - 1][f], tr.b_new[l - 1][f]
    shape = (geo.filters, geo.patch)
    return (_s("w", weight_label(geo, l, f, r)), tr.W_old[l - 1].reshape(shape)[f, r],
            tr.W_new[l - 1].reshape(shape)[f, r])


def _shared_edges(geo, l: int, f: int, r: int) -> tuple[tuple[int, int, int], ...]:
    """Every connection that uses weight r of filter f: (l, output unit, input unit)."""
    if r == geo.patch:
        return ()
    read = geo.index[r]
    return tuple((l, f * geo.positions + i, int(read[i])) for i in range(geo.positions)
                 if read[i] < geo.n_in)


def conv_change(tr: Trace, labels, l: int, f: int, r: int, pr: int) -> Line:
    """Δ of shared weight r of filter f (r = patch: its bias): the sum over positions."""
    geo = tr.layers[l - 1]
    formula, factors, values, total = _change_sum(tr, labels, l, f, r, pr)
    name = "Δ" + _names(tr, l, f, r)[0]
    value = (tr.db[l - 1][f] if r == geo.patch
             else tr.dW[l - 1].reshape(geo.filters, geo.patch)[f, r])
    return _line(5, name, f"{name} = {formula} = {factors} = {values} = {total}", float(value),
                 None, None, _shared_edges(geo, l, f, r))


def conv_new_weight(tr: Trace, labels, l: int, f: int, r: int, pr: int) -> Line:
    """The new value of shared weight r of filter f (r = patch: its bias)."""
    name, old, new = _names(tr, l, f, r)
    total = _change_sum(tr, labels, l, f, r, pr)[3]
    shown = f"({total})" if total.startswith("-") else total
    return _line(6, name, f"{name} = {name}(old) + Δ{name} = {fmt(old, pr)} + {shown} = "
                 f"{fmt(new, pr)}", float(new), None, None,
                 _shared_edges(tr.layers[l - 1], l, f, r))
