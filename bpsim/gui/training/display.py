"""What the controller shows: redraw ticks (plots, canvas, status), actions, messages."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QStyle

from bpsim.engine import activations
from bpsim.engine.build import layer_geometry
from bpsim.explain_maps import net_input
from bpsim.gui.training.messages import Snapshot
from bpsim.spec import weight_shape

REDRAW_MS = 33  # at most ~30 redraws a second
CANVAS_INTERVAL = 0.08  # the canvas (hundreds of items) at most ~12 times a second
START_GRACE = 20.0  # run_for waits at most this long for the child's first snapshot
PLOT_BUDGET = 0.008  # seconds of plot redrawing per tick while training, about
#: While training runs, each redraw tick does one of these (see DisplayMixin._tick).
TICK_JOBS = ("_draw_plots", "_canvas_weights", "_draw_plots", "_canvas_fills")


def example_outputs(spec, prepared, example: int, weights, biases) -> list[np.ndarray] | None:
    """o of every layer (o[0] = the inputs) for one example under the given weights (conv
    and max_pool layers through the engine's own geometry)."""
    if prepared is None or prepared.dataset.n_inputs != spec.sizes[0]:
        return None
    X = prepared.dataset.X
    k = min(max(example, 0), len(X) - 1)
    o = prepared.transform(X[k:k + 1])[0].astype(float)
    outs = [o]
    geos = _geometries(spec)
    with np.errstate(all="ignore"):
        for layer, W, b, geo in zip(spec.layers[1:], weights, biases, geos, strict=False):
            z = net_input(geo, W, b, o)
            o = activations.get(layer.activation).f(z[None, :], layer.slope)[0]
            outs.append(o)
    return outs


_GEOMETRIES: dict[tuple, tuple] = {}


def _geometries(spec) -> tuple:
    """The engine layers of ``spec``'s conv and max_pool layers (None for dense ones), kept
    for the last network shape: the redraw ticks ask ~12 times a second."""
    key = tuple((la.kind, la.shape, la.kernel, la.stride, la.padding, la.pool, la.size)
                for la in spec.layers)
    if key not in _GEOMETRIES:
        _GEOMETRIES.clear()
        _GEOMETRIES[key] = tuple(
            None if layer.kind == "dense" else layer_geometry(layer, prev)
            for prev, layer in zip(spec.layers, spec.layers[1:]))
    return _GEOMETRIES[key]


def weight_shapes(spec) -> list[tuple[int, ...]]:
    """The shapes of the weights a snapshot of ``spec`` carries ((0,) for max_pool)."""
    return [weight_shape(layer, prev) for prev, layer in zip(spec.layers, spec.layers[1:])]


class DisplayMixin:
    """Display methods of :class:`~bpsim.gui.training.controller.TrainingController`."""

    def _tick(self) -> None:
        """Redraw the visible plots that changed, the canvas and the status fields.

        While training runs, one tick does one share of the work (the plots; the canvas's
        weights; the plots; the canvas's fills and pictures), so that no single event keeps
        the event loop busy for long: the canvas of a ten-layer network costs ~25 ms to
        update, the plots a few ms each. The canvas repaints once per update (its viewport
        waits between the two halves). Paused, everything is drawn at once."""
        if self.running:
            job = TICK_JOBS[self._turn % len(TICK_JOBS)]
            self._turn += 1
            redrew = getattr(self, job)()
        else:
            redrew = self._draw_plots()
            redrew = self._canvas_weights(force=True) | redrew
            redrew = self._canvas_fills() | redrew
        self.status.show(self.running)
        self.refreshes += redrew
        if not self.running and not any(d.dirty and d.shown for d in self.docks):
            self.timer.stop()

    def _draw_plots(self) -> bool:
        """Redraw the docks that changed; while training, only until PLOT_BUDGET is spent
        (with every dock shown, the others wait for the next tick, in turn)."""
        redrew, start = False, time.perf_counter()
        n = len(self.docks)
        for k in range(n):
            dock = self.docks[(self._first_dock + k) % n]
            if dock.refresh():
                redrew = True
                if self.running and time.perf_counter() - start > PLOT_BUDGET:
                    self._first_dock = (self._first_dock + k + 1) % n
                    break
        return redrew

    def _canvas_weights(self, force: bool = False) -> bool:
        """First half of a canvas update: the weights (at most every CANVAS_INTERVAL)."""
        snap, now = self.with_weights, time.perf_counter()
        if snap is None or self._weights_shown or self._fills_due is not None or not (
                force or now - self._canvas_time >= CANVAS_INTERVAL):
            return False
        self._weights_shown, self._canvas_time = True, now
        if self._show_weights(snap):
            self.window.canvas.viewport().setUpdatesEnabled(False)  # one paint, after fills
            self._fills_due = snap
        return True

    def _canvas_fills(self) -> bool:
        """Second half: the neurons' fills (the current example) and the unit pictures."""
        snap, self._fills_due = self._fills_due, None
        if snap is None:
            return False
        viewport = self.window.canvas.viewport()
        try:
            if self._fits(snap):
                self._show_fills(snap)
        finally:
            viewport.setUpdatesEnabled(True)
            viewport.update()
        return True

    def _changed_state(self) -> None:
        self._update_actions()
        if self.running:
            self.timer.start()
        self.stateChanged.emit("running" if self.running else "paused")

    def _update_actions(self) -> None:
        a = self.actions
        a.train.setText(self.tr("&Pause") if self.running else self.tr("&Train"))
        pixmap = QStyle.StandardPixmap
        a.train.setIcon(self.window.style().standardIcon(
            pixmap.SP_MediaPause if self.running else pixmap.SP_MediaPlay))
        a.step_batch.setEnabled(not self.running)
        a.step_epoch.setEnabled(not self.running)
        a.stop.setEnabled(self.running or self.start_spec is not None)
        a.reset.setEnabled(self.start_spec is not None)

    def _explain(self, text: str) -> None:
        """Status bar and a non-modal message (only when the user asked for training)."""
        self.status.message(text)
        self.trainingMessage.emit(text)
        if self._want_messages and self.window.isVisible():
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Training"), text,
                              QMessageBox.StandardButton.Ok, self.window)
            box.setModal(False)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.show()
            self.message_box = box



    def _show_network(self, snap: Snapshot) -> None:
        """The canvas: edges from the snapshot's weights, neurons from the current example."""
        if self._show_weights(snap):
            self._show_fills(snap)

    def _fits(self, snap: Snapshot) -> bool:
        """The snapshot's weights have the document's shapes (not from before an edit)."""
        return [w.shape for w in snap.weights] == weight_shapes(self.document.spec)

    def _show_weights(self, snap: Snapshot) -> bool:
        """Edges and biases from the snapshot; False if it is from before a structural edit."""
        if not self._fits(snap):
            return False
        self.window.canvas.set_weights(snap.weights, snap.biases)
        return True

    def _show_fills(self, snap: Snapshot) -> None:
        """Neuron fills for the current example under the snapshot's weights, and pictures."""
        spec, canvas = self.document.spec, self.window.canvas
        maps = self.with_maps  # every unit over the input plane (2 inputs), when sent
        coded = maps.unit_maps if maps is not None else None
        canvas.set_unit_maps(coded.decode() if coded is not None else None)
        prepared, _error = self.document.prepared()
        outs = example_outputs(spec, prepared, getattr(self.window, "example", 0),
                               snap.weights, snap.biases)
        if outs is not None:
            canvas.set_outputs(outs)

    def run_for(self, seconds: float) -> None:
        """Keep the event loop running for ``seconds`` of training (``--train --screenshot``),
        counted from the first snapshot (a loaded machine may take seconds to start the
        child), then redraw everything once more."""
        deadline = time.perf_counter() + seconds + START_GRACE
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(loop.quit)
        timer.start(20)
        while self.running and self.latest is None and time.perf_counter() < deadline:
            loop.exec()
        timer.stop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        self._drain()
        for dock in self.docks:
            dock.redraw()  # even if not shown yet: the screenshot shows the window next
        if self.with_weights is not None:
            self._show_network(self.with_weights)
        self.status.show(self.running)
