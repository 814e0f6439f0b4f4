"""The main window's actions, menus and toolbar (one place for texts, shortcuts and tips)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

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
        "new": _action(w, "&New…", w.new_network, k.New, "Create a new network", sp.SP_FileIcon),
        "new_csv": _action(w, "New from a &CSV File…", w.new_from_csv,
                           tip="A network made for your own data: inputs from the columns, "
                               "outputs from the target"),
        "open": _action(w, "&Open…", w.open_dialog, k.Open, "Open a network file",
                        sp.SP_DialogOpenButton),
        "example": _action(w, "Open &Example…", w.open_example,
                           tip="Open one of the gallery's example networks (as a copy)"),
        "save": _action(w, "&Save", w.save, k.Save, "Save the network", sp.SP_DialogSaveButton),
        "save_as": _action(w, "Save &As…", w.save_as, QKeySequence("Ctrl+Shift+S"),
                           "Save the network under a new name"),
        "png": _action(w, "Export Canvas as &PNG…", w.export_png, tip="Save a picture"),
        "svg": _action(w, "Export Canvas as S&VG…", w.export_svg, tip="Save a vector drawing"),
        "export": _action(w, "Export &Network…", w.export_network,
                          tip="Save the network as an ONNX graph, a NumPy archive or a Python "
                              "file that computes its outputs"),
        "quit": _action(w, "&Quit", w.close, QKeySequence("Ctrl+Q"), "Quit bpsim"),
        "fit": _action(w, "&Fit Network in View", w.canvas.fit, QKeySequence("F"),
                       "Zoom so that the whole network is visible", sp.SP_TitleBarMaxButton),
        "reinit": _action(w, "&Re-initialise Weights", w.reinitialise, QKeySequence("Ctrl+R"),
                          "Draw every weight anew with the chosen initialisation (undoable)",
                          sp.SP_BrowserReload),
        "add_layer": _action(w, "Add Hidden &Layer After Selected…", w.add_layer_after,
                             QKeySequence("Ctrl+L"), "Add a hidden layer after the selected layer"),
        "add_before": _action(w, "Add Hidden Layer &Before Selected…", w.add_layer_before,
                              tip="Add a hidden layer before the selected layer"),
        "remove_layer": _action(w, "Remove Selected La&yer", w.remove_layer,
                                QKeySequence("Shift+Del"), "Remove the selected hidden layer"),
        "add_unit": _action(w, "Add &Unit to Selected Layer", w.add_unit, QKeySequence("+"),
                            "Add a neuron to the selected layer"),
        "remove_unit": _action(w, "Remove Selected U&nit", w.remove_unit,
                               QKeySequence(QKeySequence.StandardKey.Delete),
                               "Remove the selected neuron"),
        "sizes": _action(w, "Fit Input/Output Layers to the &Data", w.sizes_from_data,
                         tip="Sizes, labels, output activation and loss that suit the data "
                             "(as bpsim new chooses them)"),
    }
    undo = w.document.undo_stack.createUndoAction(w, w.tr("&Undo"))
    undo.setShortcuts([QKeySequence(k.Undo)])
    undo.setIcon(w.style().standardIcon(sp.SP_ArrowBack))
    redo = w.document.undo_stack.createRedoAction(w, w.tr("&Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setIcon(w.style().standardIcon(sp.SP_ArrowForward))
    # Destructive single keys act on the canvas only (not while typing in a table or a box).
    for name in ("remove_unit", "remove_layer", "add_unit"):
        a[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.canvas.addAction(a[name])
    a["add_layer"].setIconText(w.tr("Add layer…"))
    a["reinit"].setIconText(w.tr("Re-initialise"))
    a["fit"].setIconText(w.tr("Fit"))
    undo.setIconText(w.tr("Undo"))
    redo.setIconText(w.tr("Redo"))
    a["undo"], a["redo"] = undo, redo
    w.actions = a
    _menus(w, a)
    _toolbar(w, a)


def _menus(w: MainWindow, a: dict[str, QAction]) -> None:
    bar = w.menuBar()
    file = bar.addMenu(w.tr("&File"))
    file.addActions([a["new"], a["new_csv"], a["open"], a["example"]])
    w.recent_menu = file.addMenu(w.tr("Open &Recent"))
    w.recent_menu.aboutToShow.connect(w.fill_recent_menu)
    file.addSeparator()
    file.addActions([a["save"], a["save_as"]])
    file.addSeparator()
    file.addActions([a["png"], a["svg"], a["export"]])
    file.addSeparator()
    file.addAction(a["quit"])
    edit = bar.addMenu(w.tr("&Edit"))
    edit.addActions([a["undo"], a["redo"]])
    w.view_menu = bar.addMenu(w.tr("&View"))
    w.view_menu.addAction(a["fit"])
    w.view_menu.addSeparator()
    w.network_menu = bar.addMenu(w.tr("&Network"))
    w.network_menu.aboutToShow.connect(w.update_network_actions)
    w.activation_menu = fill_network_menu(w, w.network_menu)
    w.train_menu = bar.addMenu(w.tr("&Train"))
    w.train_menu.addAction(w.tr("Train (coming)")).setEnabled(False)
    w.step_menu = bar.addMenu(w.tr("&Step"))
    w.step_menu.addAction(w.tr("Step by step (coming)")).setEnabled(False)
    help_menu = bar.addMenu(w.tr("&Help"))
    help_menu.addAction(w.tr("&About bpsim"), w.about)


def fill_network_menu(w: MainWindow, menu: QMenu) -> QMenu:
    """Add the network-editing actions to ``menu`` (the Network menu, the canvas context
    menu); return the "Set Activation" submenu."""
    a = w.actions
    menu.addActions([a["add_before"], a["add_layer"], a["remove_layer"]])
    menu.addSeparator()
    menu.addActions([a["add_unit"], a["remove_unit"]])
    activation = menu.addMenu(w.tr("Set &Activation of Selected Layer"))
    activation.setEnabled(w.selected_layer() not in (None, 0))
    for name in ACTIVATIONS:
        act = activation.addAction(name.replace("_", " "))
        act.triggered.connect(lambda _c=False, name=name: w.set_layer_activation(name))
    menu.addSeparator()
    menu.addActions([a["sizes"], a["reinit"]])
    return activation


def _toolbar(w: MainWindow, a: dict[str, QAction]) -> None:
    bar = QToolBar(w.tr("Main toolbar"))
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
