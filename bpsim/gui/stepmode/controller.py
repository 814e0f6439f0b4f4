"""StepController: the Step mode of a main window (actions, dock, canvas overlay, Apply).

It reads the window's public ``document`` and ``canvas``; the only thing it changes is the
document, through one undoable ``document.edit`` per Apply. Any change of the document while
stepping (an edit, undo, Apply itself) rebuilds the session from the new weights, so the numbers
on screen always belong to the current network.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QStyle, QToolBar

from bpsim.gui.i18n import N_, translate
from bpsim.gui.stepmode.panel import StepPanel
from bpsim.gui.stepmode.session import StepSession
from bpsim.lang import tx_message
from bpsim.spec import NetworkSpec

_SP = QStyle.StandardPixmap

# name: (text, shortcut, tip, icon); the texts are translated in the context StepController
_ACTIONS = {
    "toggle": (N_("StepController", "Step by Step"), "F9",
               N_("StepController", "Walk one example through backpropagation, formula by "
                  "formula, on the canvas"), _SP.SP_MediaSeekForward),
    "restart": (N_("StepController", "Restart"), "Home",
                N_("StepController", "Back to before the first line"), _SP.SP_MediaSkipBackward),
    "previous": (N_("StepController", "Previous"), "Left",
                 N_("StepController", "The previous line (←)"), _SP.SP_ArrowLeft),
    "next": (N_("StepController", "Next"), "Right", N_("StepController", "The next line (→)"),
             _SP.SP_ArrowRight),
    "end_of_phase": (N_("StepController", "End of Phase"), "Shift+Right",
                     N_("StepController", "Jump to the end of the current phase"),
                     _SP.SP_MediaSeekForward),
    "to_end": (N_("StepController", "To End"), "End",
               N_("StepController", "Compute everything: the new weights"),
               _SP.SP_MediaSkipForward),
    "apply": (N_("StepController", "Apply"), "Ctrl+Return",
              N_("StepController", "Set the network's weights to the new weights "
                 "(one undoable edit)"), _SP.SP_DialogApplyButton),
    "discard": (N_("StepController", "Discard"), None,
                N_("StepController", "Forget this step and start again (the network is not "
                   "changed)"), _SP.SP_DialogDiscardButton),
}


class StepDock(QDockWidget):
    """The dock of the panel; closing it leaves the Step mode."""

    closed = Signal()
    languageChanged = Signal()  # noqa: N815

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.languageChanged.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        super().closeEvent(event)
        self.closed.emit()


class StepController(QObject):
    """The Step mode of ``window`` (see the module docstring and :func:`install`)."""

    activeChanged = Signal(bool)  # noqa: N815
    changed = Signal()  # after every redraw (tests wait on it)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.canvas = window.canvas
        self.session: StepSession | None = None
        self.message = ""
        self._sized = False
        self._active = False
        self.actions = {name: self._make_action(name, *spec) for name, spec in _ACTIONS.items()}
        self.actions["toggle"].setCheckable(True)
        self.panel = StepPanel(self.actions)
        self.dock = StepDock(self.tr("Step by step"), window)
        self.dock.setObjectName("StepDock")
        self.dock.setWidget(self.panel)
        self.dock.closed.connect(lambda: self.set_active(False))
        self.dock.languageChanged.connect(self._retranslate)
        self._install_ui()
        self.dock.toggleViewAction().toggled.connect(self.set_active)
        self.document.specChanged.connect(self._on_spec_changed)
        data_panel = getattr(window, "data_panel", None)
        if data_panel is not None and hasattr(data_panel, "exampleChanged"):
            data_panel.exampleChanged.connect(lambda _k: self._redraw_canvas())
        self.panel.exampleChanged.connect(lambda _k: self.rebuild())
        self.panel.typedChanged.connect(self.rebuild)
        self.panel.formatChanged.connect(self._on_format)
        self.panel.views[0].doubleClicked.connect(lambda index: self.go(index.row()))
        self._update_actions()

    # -- construction ------------------------------------------------------------------------
    def _make_action(self, name: str, text: str, shortcut: str | None, tip: str,
                     icon: QStyle.StandardPixmap) -> QAction:
        action = QAction(self.window)
        action.setObjectName(f"step_{name}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        self._set_texts(action, text, tip)
        action.setIcon(self.window.style().standardIcon(icon))
        slot = self.set_active if name == "toggle" else getattr(self, name)
        if name == "toggle":
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _c=False, slot=slot: slot())
        self.window.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    @staticmethod
    def _set_texts(action: QAction, text: str, tip: str) -> None:
        """The action's text and tip (with its shortcut) in the current language."""
        action.setText(translate("StepController", text))
        tip = translate("StepController", tip)
        if not action.shortcut().isEmpty():
            native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip += f" ({native})"
        action.setToolTip(tip)
        action.setStatusTip(tip)

    def _retranslate(self) -> None:
        """After a language switch: the actions' tips (they carry the shortcut) and the panel."""
        for name, (text, _shortcut, tip, _icon) in _ACTIONS.items():
            self._set_texts(self.actions[name], text, tip)
        if self.active:
            self._show()

    def _install_ui(self) -> None:
        w = self.window
        if hasattr(w, "add_plot_dock"):
            w.add_plot_dock(self.dock)
        else:
            w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        menu = getattr(w, "step_menu", None)
        if not isinstance(menu, QMenu):
            menu = w.menuBar().addMenu(self.tr("&Step"))
        for placeholder in [a for a in menu.actions() if not a.isEnabled() and not a.menu()]:
            menu.removeAction(placeholder)
        menu.addAction(self.actions["toggle"])
        menu.addSeparator()
        for name in ("restart", "previous", "next", "end_of_phase", "to_end"):
            menu.addAction(self.actions[name])
        menu.addSeparator()
        menu.addActions([self.actions["apply"], self.actions["discard"]])
        self.menu = menu
        bar = getattr(w, "toolbar", None)
        if not isinstance(bar, QToolBar):
            bar = w.findChild(QToolBar)
        if bar is not None:
            bar.addSeparator()
            bar.addAction(self.actions["toggle"])

    # -- the mode ----------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    def set_active(self, on: bool) -> None:
        """Enter or leave the Step mode: the toolbar toggle, F9, the dock's View-menu entry,
        closing the dock (they all end here; the guard stops the echoes)."""
        if on == self._active:
            return
        self._active = on
        self.actions["toggle"].setChecked(on)
        if on:
            self._prepare_source(initial=True)
            self.dock.show()
            self.dock.raise_()
            if not self._sized:  # ~40 % of the window, once: the user's own size is kept
                self._sized = True
                height = int(min(380, max(240, self.window.height() * 0.42)))
                self.window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)
            self.rebuild()
        else:
            self.session = None
            self.dock.hide()
            self.canvas.set_annotations(None)
            self._restore_outputs()
            self._update_actions()
        self.activeChanged.emit(on)

    def _prepare_source(self, initial: bool = False) -> None:
        """Fit the example spin box to the training data (or use typed values without data);
        ``initial``: start at the window's current example."""
        prepared, error = self.document.prepared()
        n = 0 if prepared is None else len(prepared.X_train)
        p = self.panel
        p.example.blockSignals(True)  # shows example k as k + 1, like the Data dock
        p.example.setRange(1, max(n, 1))
        k = getattr(self.window, "example", 0) if initial else p.example.value() - 1
        p.example.setValue(min(max(int(k), 0), max(n - 1, 0)) + 1)
        p.example.blockSignals(False)
        p.example_count.setText(self.tr("of {0}").format(n) if n else self.tr("(no data)"))
        p.use_example.setEnabled(n > 0)
        p.example.setEnabled(n > 0)
        if n == 0:
            sizes = self.document.spec.sizes
            if not p.typed_input.text().strip():
                p.typed_input.setText(", ".join(["0"] * sizes[0]))
                p.typed_target.setText(", ".join(["0"] * sizes[-1]))
            p.use_typed.setChecked(True)
            self.message = error or self.tr("The network has no data: type an input and a target.")

    def _example(self) -> tuple[np.ndarray, np.ndarray, int | None]:
        p = self.panel
        if p.use_typed.isChecked():
            x, t = p.typed_values()
            return np.array(x), np.array(t), None
        prepared, error = self.document.prepared()
        if prepared is None:
            raise ValueError(error or self.tr("the network has no data"))
        k = p.example.value() - 1
        if not 0 <= k < len(prepared.X_train):
            raise ValueError(self.tr("the training data has {0} examples").format(
                len(prepared.X_train)))
        return prepared.X_train[k], prepared.T_train[k], k

    def rebuild(self, note: str = "") -> None:
        """A fresh session from the document's current weights, before the first line."""
        if not self.active:
            return
        p = self.panel
        try:
            x, t, k = self._example()
            sizes = self.document.spec.sizes
            if len(x) != sizes[0] or len(t) != sizes[-1]:
                raise ValueError(self.tr("the network needs {0} input values and {1} target "
                                         "values; got {2} and {3}").format(
                    sizes[0], sizes[-1], len(x), len(t)))
            self.session = StepSession(self.document.spec, x, t, k, p.decimals.value(),
                                       p.textbook.isChecked())
            self.message = note
            if any(layer.dropout for layer in self.document.spec.layers):
                self.message += self.tr("  Dropout is off in the Step mode (as in bpsim step).")
        except ValueError as exc:
            self.session = None
            self.message = tx_message(str(exc))
        self._show()

    def _on_spec_changed(self, spec: NetworkSpec) -> None:
        if self.active and (self.session is None or spec is not self.session.base_spec):
            if self.panel.use_example.isChecked():
                self._prepare_source()  # the data may have changed size
            self.rebuild(self._pending_note or self.tr(
                "The network changed: the step starts again from the current weights."))
        self._pending_note = ""

    _pending_note = ""

    def _on_format(self) -> None:
        if self.session is not None:
            self.session.set_format(self.panel.decimals.value(), self.panel.textbook.isChecked())
            self._show()

    # -- navigation --------------------------------------------------------------------------
    def go(self, pos: int) -> None:
        """Show the state after line ``pos`` (-1: before the first line)."""
        if self.session is not None:
            self.session.go(pos)
            self._show()

    def next(self) -> None:
        if self.session is not None:
            self.go(self.session.pos + 1)

    def previous(self) -> None:
        if self.session is not None:
            self.go(self.session.pos - 1)

    def restart(self) -> None:
        self.go(-1)

    def end_of_phase(self) -> None:
        if self.session is not None:
            self.go(self.session.end_of_phase())

    def to_end(self) -> None:
        if self.session is not None:
            self.go(len(self.session) - 1)

    def apply(self) -> None:
        """Commit the exact update as one undoable edit; the step restarts on the new weights."""
        s = self.session
        if s is None:
            return
        text = self.tr("Apply step for {0}").format(s.description)
        self._pending_note = self.tr("Applied: {0}'s update (undo with Ctrl+Z). The next step "
                                     "starts from the new weights.").format(s.description)
        self.document.edit(s.applied_spec(), text)

    def discard(self) -> None:
        """Forget the step: back to the start, the document untouched."""
        if self.session is not None:
            self.session.go(-1)
            self.message = self.tr("Step discarded: the network is unchanged.")
            self._show()

    # -- showing -----------------------------------------------------------------------------
    def _show(self) -> None:
        s = self.session
        note = self.message
        if s is not None and s.explanation.textbook:
            note = (note + "  " if note else "") + self.tr(
                "Rounded like the textbook: each result is computed from the rounded numbers "
                "shown; Apply uses the exact values.")
        self.panel.show_session(s, note)
        self._redraw_canvas()
        self._update_actions()
        self.changed.emit()

    def _redraw_canvas(self) -> None:
        s = self.session
        if s is None or not self.active:
            if self.active:
                self.canvas.set_annotations(None)
            return
        scene = self.canvas.scene()
        units = list(getattr(scene, "neurons", {}).keys())
        parts = getattr(scene, "parts", None)
        if parts is not None:  # the positions of small hidden maps get their boxes too
            units += parts.step_cells()
        edges = getattr(scene, "edges", {}).keys()
        self.canvas.set_annotations(s.annotations(units, edges))
        self.canvas.set_outputs(s.outputs(s.known()))

    def _restore_outputs(self) -> None:
        """Give the canvas back the window's own forward pass of its example."""
        refresh = getattr(self.window, "refresh_outputs", None)
        if callable(refresh):
            refresh()
        elif hasattr(self.window, "_refresh_outputs"):  # until the window has a public hook
            self.window._outputs_key = None
            self.window._refresh_outputs(self.document.spec)
        else:
            self.canvas.set_outputs(None)

    def _update_actions(self) -> None:
        s, a = self.session, self.actions
        has = s is not None
        pos, n = (s.pos, len(s)) if has else (-1, 0)
        a["restart"].setEnabled(has and pos > -1)
        a["previous"].setEnabled(has and pos > -1)
        a["next"].setEnabled(has and pos < n - 1)
        a["end_of_phase"].setEnabled(has and pos < n - 1)
        a["to_end"].setEnabled(has and pos < n - 1)
        a["apply"].setEnabled(has)
        a["discard"].setEnabled(has and pos > -1)


def install(window: QMainWindow) -> StepController:
    """Add the Step mode to ``window`` (needs public ``document`` and ``canvas``; uses
    ``step_menu``, ``toolbar`` and ``add_plot_dock`` when the window has them)."""
    controller = StepController(window)
    window.step_controller = controller  # type: ignore[attr-defined]
    return controller
