"""The main window: the network canvas in the middle, the Hyperparameters, Data and Inspector
docks, menus, toolbar and status bar. It observes the :class:`~bpsim.gui.document.Document`
and re-renders on ``specChanged``; every change goes through ``document.edit``.

Extension points for later tasks: :meth:`MainWindow.add_plot_dock`, the empty ``train_menu``
and ``step_menu``, and the public ``document`` and ``canvas``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QTabBar, QWidget

from bpsim import edits
from bpsim.engine.build import network_from_spec
from bpsim.gui import i18n, settings
from bpsim.gui.canvas import NetworkCanvas
from bpsim.gui.canvas.model import structure as canvas_structure
from bpsim.gui.document import Document
from bpsim.gui.i18n import N_
from bpsim.gui.mapdialogs import MapEditing
from bpsim.gui.panels.base import scrollable
from bpsim.gui.panels.data import DataPanel
from bpsim.gui.panels.hyperparameters import HyperparametersPanel
from bpsim.gui.panels.inspector import InspectorPanel
from bpsim.gui.panels.tips import display_name
from bpsim.gui.window_actions import create_actions
from bpsim.gui.window_files import FileMixin
from bpsim.gui.window_network import NetworkMixin
from bpsim.lang import tx_message
from bpsim.spec import DataSpec, InitSpec, NetworkSpec

DEFAULT_SIZE = (1400, 900)
COMPACT_WIDTH = 1250  # narrower windows get a compact toolbar


def default_spec() -> NetworkSpec:
    """The network a fresh window shows: 2-4-1 on XOR."""
    spec = edits.new_network((2, 4, 1), "sigmoid", "sigmoid", InitSpec(seed=1), "sse")
    return replace(spec, data=DataSpec(dataset="xor"), name="XOR")


class MainWindow(FileMixin, NetworkMixin, MapEditing, QMainWindow):
    """The bpsim main window (see the module docstring)."""

    closeDecided = Signal(bool)  # noqa: N815 - after "Save changes?": True if it closes

    def __init__(self, spec: NetworkSpec | None = None, restore: bool = True,
                 parent: QWidget | None = None, features: bool = True) -> None:
        """``features`` False leaves out live training and the step mode (for tests that
        install them themselves)."""
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.document = Document(spec or default_spec(), parent=self)
        self.selection: tuple | None = None
        self.example = 0
        self._structure: tuple | None = None
        self._outputs_key: tuple | None = None
        self.canvas = NetworkCanvas(self)
        self.setCentralWidget(self.canvas)
        self.canvas.viewport().installEventFilter(self)
        self.hyperparameters = HyperparametersPanel(self.document)
        self.data_panel = DataPanel(self.document)
        self.inspector = InspectorPanel(self.document)
        create_actions(self)
        self._create_docks()
        self._create_status_bar()
        self._connect()
        self.setAcceptDrops(True)
        self.resize(*DEFAULT_SIZE)
        self.training = self.step_controller = None
        if features:
            from bpsim.gui import stepmode, training

            self.training = training.install(self)
            self.step_controller = stepmode.install(self)
            self._exclude_training_and_stepping()
        self._layout_docks = not (restore and self._restore_settings())
        self._on_spec_changed(self.document.spec)
        self._update_title()

    # -- construction --------------------------------------------------------------------
    def _dock(self, title: str, name: str, panel: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self.tr(title), self)
        dock.setObjectName(name)
        dock.setWidget(scrollable(panel))
        self.addDockWidget(area, dock)
        self.view_menu.addAction(dock.toggleViewAction())
        return dock

    def _create_docks(self) -> None:
        """Right column: Hyperparameters and Data as tabs, the Inspector below them, so the
        canvas keeps most of the width even at 1024x700."""
        right = Qt.DockWidgetArea.RightDockWidgetArea
        # the side docks take the window's full height; the plots go under the canvas only
        self.setCorner(Qt.Corner.BottomRightCorner, right)
        self.hyper_dock = self._dock(N_("MainWindow", "Hyperparameters"), "HyperparametersDock",
                                     self.hyperparameters, right)
        self.data_dock = self._dock(N_("MainWindow", "Data"), "DataDock", self.data_panel, right)
        self.inspector_dock = self._dock(N_("MainWindow", "Inspector"), "InspectorDock",
                                         self.inspector, right)
        self.splitDockWidget(self.hyper_dock, self.inspector_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.hyper_dock, self.data_dock)
        self.hyper_dock.raise_()
        self.resizeDocks([self.hyper_dock], [390], Qt.Orientation.Horizontal)
        self.resizeDocks([self.hyper_dock, self.inspector_dock], [600, 240],
                         Qt.Orientation.Vertical)
        self.view_menu.addAction(self.toolbar.toggleViewAction())
        self.plot_docks: list[QDockWidget] = []
        self.view_docks: list[QDockWidget] = []

    def _create_status_bar(self) -> None:
        bar = self.statusBar()
        self.sizes_label = QLabel()
        self.params_label = QLabel()
        self.loss_label = QLabel()
        self.loss_label.setToolTip(self.tr("Mean loss of the training examples on the current "
                                           "weights"))
        for label in (self.sizes_label, self.params_label, self.loss_label):
            bar.addPermanentWidget(label)
        self.font_note = QLabel()  # which package to install when Chinese has no font
        self.font_note.setObjectName("FontNote")
        self.font_note.setWordWrap(True)
        bar.addWidget(self.font_note, 1)
        self._update_font_note()

    def _update_font_note(self) -> None:
        note = i18n.missing_font_message(i18n.current())
        self.font_note.setText(note)
        self.font_note.setVisible(bool(note))

    def set_language(self, language: str) -> None:
        """View → Language: every window of the application speaks ``language`` from now on."""
        i18n.switch(language)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """After a language switch: the texts computed from the network (status bar, title,
        canvas) again; the static ones were retranslated by bpsim.gui.i18n."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._outputs_key = None
            self._structure = None
            self._on_spec_changed(self.document.spec)
            self.inspector.set_selection(self.selection)
            self.undo_texts.update()
            self._update_title()
            self._update_font_note()
            for action in self.language_actions.actions():
                action.setChecked(action.data() == i18n.current())

    def _connect(self) -> None:
        doc = self.document
        doc.specChanged.connect(self._on_spec_changed)
        doc.modifiedChanged.connect(lambda _m: self._update_title())
        doc.pathChanged.connect(lambda _p: self._update_title())
        c = self.canvas
        c.neuronSelected.connect(lambda l, j: self.set_selection(("neuron", l, j)))
        c.edgeSelected.connect(lambda l, j, i: self.set_selection(("edge", l, j, i)))
        c.kernelSelected.connect(lambda l, f, r: self.set_selection(("kernel", l, f, r)))
        c.selectionCleared.connect(lambda: self.set_selection(None))
        c.weightEditRequested.connect(self.edit_weight)
        c.kernelEditRequested.connect(self.edit_kernel_weight)
        c.exampleRequested.connect(self.open_example)
        self.data_panel.exampleChanged.connect(self.set_example)

    # -- extension points ----------------------------------------------------------------
    def add_plot_dock(self, dock: QDockWidget) -> None:
        """Add a plot dock (live training, step mode) tabbed in the bottom area."""
        if not dock.objectName():
            dock.setObjectName(f"PlotDock{len(self.plot_docks)}")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        if self.plot_docks:
            self.tabifyDockWidget(self.plot_docks[-1], dock)
        self.plot_docks.append(dock)
        self.view_menu.addAction(dock.toggleViewAction())

    def add_view_dock(self, dock: QDockWidget) -> None:
        """Add a view beside the canvas (the decision boundary): the right area's first
        column, above the Inspector; Hyperparameters and Data keep the second column."""
        right = Qt.DockWidgetArea.RightDockWidgetArea
        side = (self.hyper_dock, self.data_dock, self.inspector_dock)
        for d in side:
            self.removeDockWidget(d)
        self.addDockWidget(right, dock)
        self.addDockWidget(right, self.hyper_dock, Qt.Orientation.Horizontal)
        self.tabifyDockWidget(self.hyper_dock, self.data_dock)
        self.splitDockWidget(dock, self.inspector_dock, Qt.Orientation.Vertical)
        for d in side:
            d.show()
        self.hyper_dock.raise_()
        self.view_docks.append(dock)
        self.view_menu.addAction(dock.toggleViewAction())
        dock.visibilityChanged.connect(self._view_shown_or_hidden)

    @Slot(bool)
    def _view_shown_or_hidden(self, _visible: bool) -> None:
        """A view dock came or went (the boundary hides for networks it cannot draw): size
        the side columns again, once the docks have moved."""
        if self.isVisible() and not self._layout_docks:
            QTimer.singleShot(0, self, self._size_side_columns)

    # -- view updates ----------------------------------------------------------------------
    def _update_title(self) -> None:
        name = self.document.display_name
        if name == "Untitled":
            name = self.tr("Untitled")
        elif name.endswith(" (example)"):
            name = self.tr("{0} (example)").format(name.removesuffix(" (example)"))
        self.setWindowTitle(f"{name}[*] — bpsim")
        self.setWindowModified(self.document.modified)

    def set_selection(self, selection: tuple | None) -> None:
        """The canvas selection: ("neuron", l, j), ("edge", l, j, i), ("kernel", l, f, r) (a
        conv layer's shared weight) or None."""
        self.selection = selection
        self.inspector.set_selection(selection)
        self.update_network_actions()

    def set_example(self, index: int) -> None:
        self.example = index
        self._refresh_outputs(self.document.spec)

    def _on_spec_changed(self, spec: NetworkSpec) -> None:
        layers = spec.layers
        structure = (canvas_structure(spec), tuple(la.activation for la in layers),
                     tuple(la.labels for la in layers))
        if structure != self._structure:
            self._structure = structure
            self.canvas.set_spec(spec)
            self._reselect(spec)
        else:
            self.canvas.update_spec(spec)
        self.sizes_label.setText("-".join(map(str, spec.sizes)))
        self.params_label.setText(self.tr("{0} parameters").format(
            f"{edits.parameter_count(spec):,}"))
        self._refresh_outputs(spec)
        self.update_network_actions()
        self._update_hint()

    def _update_hint(self) -> None:
        """The canvas's empty-state hint: while the network is untrained and neither
        training nor the Step mode runs."""
        trained = bool((self.document.spec.state or {}).get("step"))
        stepping = self.step_controller is not None and self.step_controller.active
        running = self.training is not None and self.training.running
        self.canvas.set_hint(not (trained or stepping or running))

    def _reselect(self, spec: NetworkSpec) -> None:
        sel = self.selection
        if sel is None:
            return
        from bpsim.gui.panels.inspector import _valid

        if not _valid(spec, sel):
            self.set_selection(None)
        elif sel[0] == "neuron":
            self.canvas.select_neuron(sel[1], sel[2])
        elif sel[0] == "kernel":
            self.canvas.select_kernel(*sel[1:])
        else:
            self.canvas.select_edge(*sel[1:])

    def _refresh_outputs(self, spec: NetworkSpec) -> None:
        """Forward pass of the current example: fill the neurons, show the loss."""
        prepared, error = self.document.prepared()
        key = (tuple((id(la.weights), id(la.biases), la.activation) for la in spec.layers),
               spec.sizes, spec.loss, spec.training.dtype, id(prepared), self.example)
        if key == self._outputs_key:
            return
        self._outputs_key = key
        outs, text = None, error or self.tr("no data")
        if prepared is not None:
            outs, text = self._forward(spec, prepared)
        self.canvas.set_outputs(outs)
        self.inspector.set_outputs(outs)
        self.loss_label.setText(text)

    def _forward(self, spec: NetworkSpec, prepared: object) -> tuple[list | None, str]:
        dataset = prepared.dataset
        if (dataset.n_inputs, dataset.n_outputs) != (spec.sizes[0], spec.sizes[-1]):
            return None, self.tr("data and network sizes differ")
        try:
            net = network_from_spec(spec)
        except ValueError as exc:
            return None, tx_message(str(exc))
        k = min(max(self.example, 0), dataset.n_examples - 1)
        x = prepared.transform(dataset.X[k:k + 1]).astype(net.dtype)
        outs = [np.asarray(o[0], dtype=float) for o in net.forward(x)[0]]
        X, T = prepared.X_train, prepared.T_train
        if len(X) == 0:
            return outs, self.tr("no training examples")
        loss, acc = net.evaluate(X.astype(net.dtype), T.astype(net.dtype))
        text = (self.tr("loss {0:.4g} ({1}, {2} training examples)") if len(X) != 1 else
                self.tr("loss {0:.4g} ({1}, {2} training example)")).format(
            loss, display_name(spec.loss), len(X))
        if acc is not None:
            text += self.tr(" · accuracy {0:.0%}").format(acc)
        return outs, text

    def about(self) -> None:
        from bpsim import __version__

        QMessageBox.about(self, self.tr("About bpsim"), self.tr(
            "bpsim {0}: a simulator of the backpropagation algorithm.").format(__version__))

    # -- settings, closing, drops ----------------------------------------------------------
    def _exclude_training_and_stepping(self) -> None:
        """Live training and the Step mode both draw on the canvas: entering the Step mode
        pauses training, and starting training leaves the Step mode."""
        self.step_controller.activeChanged.connect(self._on_step_mode)
        self.training.stateChanged.connect(self._on_training_state)

    @Slot(bool)
    def _on_step_mode(self, active: bool) -> None:
        if active and self.training.running:
            self.training.pause()
        self._update_hint()

    @Slot(str)
    def _on_training_state(self, state: str) -> None:
        if state == "running" and self.step_controller.active:
            self.step_controller.set_active(False)
        self._update_hint()

    def _restore_settings(self) -> bool:
        """Restore the saved geometry and dock layout; False when there was none."""
        s = settings.settings()
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        return state is not None and bool(self.restoreState(state))

    def showEvent(self, event) -> None:  # noqa: N802
        """On the first show without a saved layout: the plots take a third of the height at
        most, with the loss plot in front, so that the canvas keeps most of the window."""
        super().showEvent(event)
        self._hide_stray_tab_bars()
        if self._layout_docks and self.plot_docks:
            self._layout_docks = False
            self.plot_docks[0].raise_()
            self.resizeDocks([self.plot_docks[0]], [max(200, self.height() // 3)],
                             Qt.Orientation.Vertical)
            QTimer.singleShot(0, self, self._size_side_columns)  # once the docks are laid out

    def _hide_stray_tab_bars(self) -> None:
        """Tabifying the second plot dock leaves Qt with two tab bars for the group; the one
        it stops managing stays visible where it first stood (a "Loss | Weights" bar drawn
        over the Step panel at 1920x1080). A tab bar whose tabs are a part of another's is
        such a leftover; the layout shows it again if it ever uses it."""
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        bars = [b for b in self.findChildren(QTabBar, options=direct)
                if b.count() and not b.isHidden()]
        tabs = {b: [b.tabText(i) for i in range(b.count())] for b in bars}
        for bar in bars:
            if any(other is not bar and len(tabs[other]) > len(tabs[bar])
                   and tabs[other][:len(tabs[bar])] == tabs[bar] for other in bars):
                bar.hide()

    def _size_side_columns(self) -> None:
        """The view column (a square decision boundary above the Inspector) and the
        Hyperparameters column, in proportion to the window (the canvas keeps ~half)."""
        views = [d for d in self.view_docks if not d.isHidden() and not d.isFloating()]
        first = views[0] if views else self.inspector_dock
        if self.inspector_dock.isHidden() or self.hyper_dock.isFloating():
            return
        w, h = self.width(), self.height()
        view, hyper = min(440, int(0.25 * w)), min(400, int(0.27 * w))
        if not views:  # the Inspector alone: text, narrower (the canvas takes the rest)
            view = min(300, int(0.18 * w))
        layout = self.layout()
        layout.activate()  # the docks' first layout, which the sizes below refine
        self.resizeDocks([first, self.hyper_dock], [view, hyper], Qt.Orientation.Horizontal)
        layout.activate()
        if not views:
            return
        tall = min(view + 40, int(0.7 * h))  # the square, its loss line and its key
        self.resizeDocks([views[0], self.inspector_dock], [tall, max(100, h - tall)],
                         Qt.Orientation.Vertical)

    def resizeEvent(self, event) -> None:  # noqa: N802
        """Below ``COMPACT_WIDTH`` the file and undo buttons show their icons only, so that
        the training and Step-mode buttons stay on the toolbar (not behind its » menu)."""
        super().resizeEvent(event)
        self._shrink_plot_docks(event.oldSize().height(), event.size().height())
        compact = self.width() < COMPACT_WIDTH
        style = (Qt.ToolButtonStyle.ToolButtonIconOnly if compact
                 else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("new", "open", "save", "undo", "redo"):
            button = self.toolbar.widgetForAction(self.actions[name])
            if button is not None and button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)

    def _shrink_plot_docks(self, old: int, new: int) -> None:
        """When the window gets lower, the plots give up height first (down to a third of
        the window, at least 200 px), so that the canvas keeps room for the network."""
        if not 0 < new < old:
            return
        limit = max(200, new // 3)
        for dock in self.plot_docks:
            if dock.isVisible() and not dock.isFloating() and dock.height() > limit:
                self.resizeDocks([dock], [limit], Qt.Orientation.Vertical)
                return

    def save_settings(self) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            self.closeDecided.emit(False)  # Cancel: nothing happened (training goes on)
            return
        self.save_settings()
        event.accept()
        self.closeDecided.emit(True)

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        for url in mime.urls() if mime.hasUrls() else []:
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".bpsim"):
                return Path(url.toLocalFile())
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_file(path)
