"""The main window's actions, menus and toolbar (one place for texts, shortcuts and tips)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

from bpsim.gui import i18n
from bpsim.gui.i18n import N_, translate
from bpsim.gui.panels.tips import display_name
from bpsim.lang import LANGUAGES
from bpsim.spec import ACTIVATIONS

if TYPE_CHECKING:
    from bpsim.gui.main_window import MainWindow


def _action(window: MainWindow, text: str, slot, shortcut=None, tip: str = "",
            icon: QStyle.StandardPixmap | None = None) -> QAction:
    action = QAction(window.tr(text), window)
    if shortcut is not None:
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(shortcut)
    if tip:
        action.setStatusTip(window.tr(tip))
        action.setToolTip(window.tr(tip))
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def create_actions(w: MainWindow) -> None:
    """Create ``w.actions`` (a dict by name), the menus and the toolbar."""
    sp = QStyle.StandardPixmap
    k = QKeySequence.StandardKey
    a = {
        "new": _action(w, N_("MainWindow", "&New…"), w.new_network, k.New,
                       N_("MainWindow", "Create a new network"), sp.SP_FileIcon),
        "new_csv": _action(w, N_("MainWindow", "New from a &CSV File…"), w.new_from_csv,
                           tip=N_("MainWindow", "A network made for your own data: inputs "
                                 "from the columns, outputs from the target")),
        "open": _action(w, N_("MainWindow", "&Open…"), w.open_dialog, k.Open,
                        N_("MainWindow", "Open a network file"), sp.SP_DialogOpenButton),
        "example": _action(w, N_("MainWindow", "Open &Example…"), w.open_example,
                           tip=N_("MainWindow", "Open one of the gallery's example networks "
                                 "(as a copy)")),
        "save": _action(w, N_("MainWindow", "&Save"), w.save, k.Save,
                        N_("MainWindow", "Save the network"), sp.SP_DialogSaveButton),
        "save_as": _action(w, N_("MainWindow", "Save &As…"), w.save_as,
                           QKeySequence("Ctrl+Shift+S"),
                           N_("MainWindow", "Save the network under a new name")),
        "png": _action(w, N_("MainWindow", "Export Canvas as &PNG…"), w.export_png,
                       tip=N_("MainWindow", "Save a picture")),
        "svg": _action(w, N_("MainWindow", "Export Canvas as S&VG…"), w.export_svg,
                       tip=N_("MainWindow", "Save a vector drawing")),
        "export": _action(w, N_("MainWindow", "Export &Network…"), w.export_network,
                          tip=N_("MainWindow", "Save the network as an ONNX graph, a NumPy "
                                "archive or a Python file that computes its outputs")),
        "quit": _action(w, N_("MainWindow", "&Quit"), w.close, QKeySequence("Ctrl+Q"),
                        N_("MainWindow", "Quit bpsim")),
        "fit": _action(w, N_("MainWindow", "&Fit Network in View"), w.canvas.fit,
                       QKeySequence("F"),
                       N_("MainWindow", "Zoom so that the whole network is visible"),
                       sp.SP_TitleBarMaxButton),
        "reinit": _action(w, N_("MainWindow", "&Re-initialise Weights"), w.reinitialise,
                          QKeySequence("Ctrl+R"),
                          N_("MainWindow", "Draw every weight anew with the chosen "
                            "initialisation (undoable)"), sp.SP_BrowserReload),
        "add_layer": _action(w, N_("MainWindow", "Add Hidden &Layer After Selected…"),
                             w.add_layer_after, QKeySequence("Ctrl+L"),
                             N_("MainWindow", "Add a hidden layer after the selected layer")),
        "add_before": _action(w, N_("MainWindow", "Add Hidden Layer &Before Selected…"),
                              w.add_layer_before,
                              tip=N_("MainWindow", "Add a hidden layer before the selected "
                                    "layer")),
        "add_conv": _action(w, N_("MainWindow", "Add &Convolution Layer After Selected…"),
                            w.add_conv_layer,
                            tip=N_("MainWindow", "Add a conv layer (shared weights) after the "
                                   "selected input with a shape, conv or max-pool layer")),
        "add_pool": _action(w, N_("MainWindow", "Add &Max-Pool Layer After Selected…"),
                            w.add_pool_layer,
                            tip=N_("MainWindow", "Add a max-pool layer after the selected "
                                   "input with a shape, conv or max-pool layer")),
        "remove_layer": _action(w, N_("MainWindow", "Remove Selected La&yer"), w.remove_layer,
                                QKeySequence("Shift+Del"),
                                N_("MainWindow", "Remove the selected hidden layer")),
        "add_unit": _action(w, N_("MainWindow", "Add &Unit to Selected Layer"), w.add_unit,
                            QKeySequence("+"), N_("MainWindow", "Add a neuron to the selected "
                                                 "layer")),
        "remove_unit": _action(w, N_("MainWindow", "Remove Selected U&nit"), w.remove_unit,
                               QKeySequence(QKeySequence.StandardKey.Delete),
                               N_("MainWindow", "Remove the selected neuron")),
        "sizes": _action(w, N_("MainWindow", "Fit Input/Output Layers to the &Data"),
                         w.sizes_from_data,
                         tip=N_("MainWindow", "Sizes, labels, output activation and loss that "
                               "suit the data (as bpsim new chooses them)")),
    }
    w.undo_texts = UndoTexts(w)
    undo, redo = w.undo_texts.undo, w.undo_texts.redo
    undo.setShortcuts([QKeySequence(k.Undo)])
    undo.setIcon(w.style().standardIcon(sp.SP_ArrowBack))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setIcon(w.style().standardIcon(sp.SP_ArrowForward))
    # Destructive single keys act on the canvas only (not while typing in a table or a box).
    for name in ("remove_unit", "remove_layer", "add_unit"):
        a[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.canvas.addAction(a[name])
    a["add_layer"].setIconText(translate("MainWindow", "Add layer…"))
    a["reinit"].setIconText(translate("MainWindow", "Re-initialise"))
    a["fit"].setIconText(translate("MainWindow", "Fit"))
    undo.setIconText(translate("MainWindow", "Undo"))
    redo.setIconText(translate("MainWindow", "Redo"))
    a["undo"], a["redo"] = undo, redo
    w.actions = a
    _menus(w, a)
    _toolbar(w, a)


class UndoTexts(QObject):
    """Undo and Redo of the document's stack, named "&Undo Add hidden layer of 4 units" in
    the current language (QUndoStack.createUndoAction fixes its "&Undo" prefix when it is
    made: it would keep the old language after a switch)."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        stack = w.document.undo_stack
        self.undo, self.redo = QAction(w), QAction(w)
        self.undo.triggered.connect(stack.undo)
        self.redo.triggered.connect(stack.redo)
        self.undo.setEnabled(stack.canUndo())
        self.redo.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        self.texts = {"undo": stack.undoText(), "redo": stack.redoText()}
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        self.update()

    @Slot(str)
    def _undo_text(self, text: str) -> None:
        self.texts["undo"] = text
        self.update()

    @Slot(str)
    def _redo_text(self, text: str) -> None:
        self.texts["redo"] = text
        self.update()

    def update(self) -> None:
        for action, prefix, text in (
                (self.undo, translate("MainWindow", "&Undo"), self.texts["undo"]),
                (self.redo, translate("MainWindow", "&Redo"), self.texts["redo"])):
            if shiboken6.isValid(action):  # the stack says "" while the window goes
                action.setText(f"{prefix} {text}" if text else prefix)


def _menus(w: MainWindow, a: dict[str, QAction]) -> None:
    bar = w.menuBar()
    file = bar.addMenu(translate("MainWindow", "&File"))
    file.addActions([a["new"], a["new_csv"], a["open"], a["example"]])
    w.recent_menu = file.addMenu(translate("MainWindow", "Open &Recent"))
    w.recent_menu.aboutToShow.connect(w.fill_recent_menu)
    file.addSeparator()
    file.addActions([a["save"], a["save_as"]])
    file.addSeparator()
    file.addActions([a["png"], a["svg"], a["export"]])
    file.addSeparator()
    file.addAction(a["quit"])
    edit = bar.addMenu(translate("MainWindow", "&Edit"))
    edit.addActions([a["undo"], a["redo"]])
    w.view_menu = bar.addMenu(translate("MainWindow", "&View"))
    w.view_menu.addAction(a["fit"])
    _language_menu(w, w.view_menu)
    w.view_menu.addSeparator()
    w.network_menu = bar.addMenu(translate("MainWindow", "&Network"))
    w.network_menu.aboutToShow.connect(w.update_network_actions)
    w.activation_menu = fill_network_menu(w, w.network_menu)
    w.train_menu = bar.addMenu(translate("MainWindow", "&Train"))
    w.train_menu.addAction(translate("MainWindow", "Train (coming)")).setEnabled(False)
    w.step_menu = bar.addMenu(translate("MainWindow", "&Step"))
    w.step_menu.addAction(translate("MainWindow", "Step by step (coming)")).setEnabled(False)
    help_menu = bar.addMenu(translate("MainWindow", "&Help"))
    help_menu.addAction(translate("MainWindow", "&About bpsim"), w.about)


def _language_menu(w: MainWindow, view: QMenu) -> None:
    """View → Language: each language named in itself (switches at once, no restart)."""
    menu = view.addMenu(translate("MainWindow", "&Language"))
    menu.setObjectName("LanguageMenu")
    w.language_actions = QActionGroup(w)
    w.language_actions.setExclusive(True)
    for code, name in LANGUAGES.items():
        action = menu.addAction(name)
        action.setObjectName(f"language_{code}")
        action.setData(code)
        action.setCheckable(True)
        action.setChecked(code == i18n.current())
        w.language_actions.addAction(action)
        action.triggered.connect(lambda _c=False, code=code: w.set_language(code))


def fill_network_menu(w: MainWindow, menu: QMenu) -> QMenu:
    """Add the network-editing actions to ``menu`` (the Network menu, the canvas context
    menu); return the "Set Activation" submenu."""
    a = w.actions
    menu.addActions([a["add_before"], a["add_layer"], a["add_conv"], a["add_pool"],
                     a["remove_layer"]])
    menu.addSeparator()
    menu.addActions([a["add_unit"], a["remove_unit"]])
    activation = menu.addMenu(translate("MainWindow", "Set &Activation of Selected Layer"))
    activation.setEnabled(w.selected_layer() not in (None, 0))
    for name in ACTIVATIONS:
        act = activation.addAction(display_name(name))
        act.triggered.connect(lambda _c=False, name=name: w.set_layer_activation(name))
    menu.addSeparator()
    menu.addActions([a["sizes"], a["reinit"]])
    return activation


def _toolbar(w: MainWindow, a: dict[str, QAction]) -> None:
    bar = QToolBar(translate("MainWindow", "Main toolbar"))
    bar.setObjectName("MainToolbar")
    bar.setToolButtonStyle(bar.toolButtonStyle().ToolButtonTextBesideIcon)
    for name in ("new", "open", "save", None, "undo", "redo", None, "fit", "reinit",
                 "add_layer"):
        if name is None:
            bar.addSeparator()
        else:
            bar.addAction(a[name])
    w.addToolBar(bar)
    w.toolbar = bar
