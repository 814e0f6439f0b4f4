"""One Step-mode session: one example walked line by line, and what is known so far.

A :class:`StepSession` holds the exact :class:`~bpsim.engine.trace.Trace` of one example on the
document's weights (built exactly as ``bpsim step`` builds it), its lazy
:class:`~bpsim.explain.Explanation` and the position ``pos`` of the current line (-1: nothing
computed yet). Everything shown (canvas texts, tables) is derived from ``pos`` by counting the
lines done in each :class:`~bpsim.explain.Segment`, never by walking the lines, so jumping to the
end of a 784-256-128-10 network costs no more than one step.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication

from bpsim.engine.build import initialized, network_from_spec, spec_with_network
from bpsim.engine.trace import Trace, trace_example
from bpsim.explain import Explanation, Line
from bpsim.gui.canvas import Annotations
from bpsim.naming import unit_labels
from bpsim.numfmt import number
from bpsim.runner import flat_velocity, with_velocity
from bpsim.spec import NetworkSpec

MAX_TERMS = 8  # sums with more terms are shortened in the formula
MAX_EDGE_TEXTS = 40  # more Δw labels than this on the canvas: only the current unit's edges


@dataclass(frozen=True, slots=True)
class Known:
    """How much is computed, per non-input layer l (index l - 1): units 0 .. n-1 of a prefix.

    ``z``, ``o``, ``delta``: units whose value is known; ``change``, ``new``: lines done in the
    layer's segment of phase 5 / 6 (``sizes[l-1] + 1`` lines per unit: weights, then bias).
    """

    z: tuple[int, ...]
    o: tuple[int, ...]
    errors: int
    loss: bool
    delta: tuple[int, ...]
    change: tuple[int, ...]
    new: tuple[int, ...]


def fmt(v: float, precision: int) -> str:
    """A number as the canvas shows it: as ``bpsim step`` writes it, with a true minus."""
    return number(v, precision, trim=True, sig=precision)


class StepSession:
    """An example (x, t) on ``spec``'s weights; ``example`` is its index in the training data
    (None for a typed example)."""

    def __init__(self, spec: NetworkSpec, x: np.ndarray, t: np.ndarray, example: int | None,
                 precision: int = 4, textbook: bool = False) -> None:
        self.base_spec = spec
        self.spec = initialized(spec)
        self.example = example
        net = network_from_spec(self.spec)
        tr = self.spec.training
        self.trace: Trace = trace_example(net, x, t, tr.learning_rate, tr.momentum,
                                          flat_velocity(self.spec, net), tr.weight_decay)
        self.labels = unit_labels(self.spec)
        self.pos = -1
        self.set_format(precision, textbook)

    # -- display format ----------------------------------------------------------------------
    def set_format(self, precision: int, textbook: bool) -> None:
        """Decimals shown and textbook rounding; the position is kept."""
        self.explanation = Explanation(self.trace, self.labels, precision, textbook=textbook,
                                       max_terms=MAX_TERMS)

    @property
    def precision(self) -> int:
        return self.explanation.precision

    @property
    def shown(self) -> Trace:
        """The trace the numbers on screen come from (rounded like the textbook, or exact)."""
        return self.explanation.trace

    @property
    def description(self) -> str:
        # examples are numbered from 1 for people (the Data dock does the same)
        if self.example is None:
            return QCoreApplication.translate("StepSession", "a typed example")
        return QCoreApplication.translate("StepSession", "example {0}").format(self.example + 1)

    # -- navigation --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.explanation)

    @property
    def line(self) -> Line | None:
        return self.explanation[self.pos] if self.pos >= 0 else None

    @property
    def phase(self) -> int:
        """The current line's phase (0 before the first line)."""
        return self.explanation.segment_of(self.pos).phase if self.pos >= 0 else 0

    def go(self, pos: int) -> None:
        self.pos = min(max(pos, -1), len(self) - 1)

    def end_of_phase(self) -> int:
        """Where "to end of phase" goes: the current phase's last line, or the next's."""
        phase = max(self.phase, 1)
        for p in range(phase, 7):
            r = self.explanation.phase_range(p)
            if r and r[-1] > self.pos:
                return r[-1]
        return len(self) - 1

    # -- what is known -----------------------------------------------------------------------
    def known(self) -> Known:
        L = len(self.trace.z)
        z, o, delta, change, new = [0] * L, [0] * L, [0] * L, [0] * L, [0] * L
        errors, loss = 0, False
        for seg in self.explanation.segments:
            c = min(max(self.pos + 1 - seg.start, 0), seg.count)
            if seg.kind == "forward":
                z[seg.layer - 1], o[seg.layer - 1] = (c + 1) // 2, c // 2
            elif seg.kind == "pool":  # a max_pool layer: o (its z) one line per unit
                z[seg.layer - 1] = o[seg.layer - 1] = c
            elif seg.kind == "error":
                errors, loss = min(c, seg.count - 1), c == seg.count
            elif seg.kind == "delta":
                delta[seg.layer - 1] = c
            elif seg.kind == "change":
                change[seg.layer - 1] = c
            else:
                new[seg.layer - 1] = c
        return Known(tuple(z), tuple(o), errors, loss, tuple(delta), tuple(change), tuple(new))

    def outputs(self, known: Known) -> list[np.ndarray]:
        """o per layer with NaN for the units not computed yet (fills the canvas's neurons)."""
        outs = [np.asarray(self.shown.x, dtype=float)]
        for l, n in enumerate(known.o):
            o = np.full(len(self.shown.o[l + 1]), np.nan)
            o[:n] = self.shown.o[l + 1][:n]
            outs.append(o)
        return outs

    def unit_text(self, known: Known, l: int, j: int) -> str:
        """The canvas label of unit j of layer l: x, or z, o, t − o, δ and the new bias b′,
        one per line, once known (narrow, so that the edges keep room for their Δw)."""
        tr, pr = self.shown, self.precision
        if l == 0:
            return f"x = {fmt(tr.x[j], pr)}"
        parts = []
        if j < known.z[l - 1]:
            parts.append(f"z = {fmt(tr.z[l - 1][j], pr)}")
        if j < known.o[l - 1]:
            parts.append(f"o = {fmt(tr.o[l][j], pr)}")
        if l == len(tr.z) and j < known.errors:
            parts.append(f"t − o = {fmt(tr.error[j], pr)}")
        if j < known.delta[l - 1]:
            parts.append(f"δ = {fmt(tr.delta[l - 1][j], pr + 1)}")
        bias = self._parameter(l, j, None)
        if bias is not None and known.new[l - 1] > bias[0]:
            parts.append(f"b′ = {fmt(tr.b_new[l - 1][bias[1]], pr)}")
        return "\n".join(parts)

    def _parameter(self, l: int, j: int, i: int | None) -> tuple[int, int] | None:
        """Where the weight from unit i of layer l-1 to unit j of layer l (i None: unit j's
        bias) is in layer l's segments of phases 5 and 6, and its flat index into the
        layer's weights (biases); None for a max_pool layer. A conv layer's connections
        share their filter's weights: lines per filter, its weights then its bias."""
        geo = self.trace.layers[l - 1] if self.trace.layers else None
        if geo is None or geo.kind == "dense":
            n_in = len(self.trace.o[l - 1])
            k = j * (n_in + 1) + (n_in if i is None else i)
            return k, (j if i is None else j * n_in + i)
        if geo.kind != "conv":
            return None
        f, pos = divmod(j, geo.positions)
        r = geo.patch if i is None else int(np.flatnonzero(geo.index[:, pos] == i)[0])
        return f * (geo.patch + 1) + r, (f if i is None else f * geo.patch + r)

    def edge_text(self, known: Known, l: int, j: int, i: int) -> str:
        """The canvas label of a weight: Δw once computed, then the new weight w′ (a conv
        layer's connection: those of the weight it shares)."""
        where = self._parameter(l, j, i)
        if where is None:
            return ""
        (k, flat), tr, pr = where, self.shown, self.precision
        if known.new[l - 1] > k:
            return f"w′ = {fmt(np.ravel(tr.W_new[l - 1])[flat], pr)}"
        if known.change[l - 1] > k:
            return f"Δw = {fmt(np.ravel(tr.dW[l - 1])[flat], pr + 1)}"
        return ""

    def annotations(self, units: Collection[tuple[int, int]],
                    edges: Collection[tuple[int, int, int]]) -> Annotations:
        """The canvas overlay for the drawn ``units`` and ``edges`` (keys of the canvas)."""
        known = self.known()
        unit_text = {key: text for key in units if (text := self.unit_text(known, *key))}
        edge_text = {key: text for key in edges if (text := self.edge_text(known, *key))}
        line = self.line
        hl_units: set[tuple[int, int]] = set()
        hl_edges: frozenset[tuple[int, int, int]] = frozenset()
        if line is not None:
            hl_edges = frozenset(line.edges)
            if line.unit is not None:
                hl_units.add(line.unit)
            for l, j, i in line.edges:
                hl_units.update(((l, j), (l - 1, i)))
        if len(edge_text) > MAX_EDGE_TEXTS:
            focus = line.edge or line.unit if line is not None else None
            near = {k: v for k, v in edge_text.items() if focus and k[:2] == focus[:2]}
            edge_text = dict(list(near.items())[:MAX_EDGE_TEXTS])
        return Annotations(unit_text, edge_text, frozenset(hl_units), hl_edges)

    # -- the update ----------------------------------------------------------------------------
    def applied_spec(self) -> NetworkSpec:
        """The document after this step, exactly as ``bpsim step --out`` writes it."""
        net = network_from_spec(self.spec)
        self.trace.apply(net)
        new = spec_with_network(self.spec, net)
        if self.spec.training.momentum:
            new = with_velocity(new, net, self.trace.velocity)
        return new
