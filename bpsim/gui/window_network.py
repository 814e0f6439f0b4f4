"""Network editing from the main window: layers, units, activations, weights; the canvas
context menu. Every change is one undoable edit of the document."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QDialog, QMenu

from bpsim import edits
from bpsim.gui.dialogs import LayerDialog, ValueDialog
from bpsim.lang import tx_message
from bpsim.naming import unit_label
from bpsim.spec import NetworkSpec


class NetworkMixin:
    """Network commands of :class:`~bpsim.gui.main_window.MainWindow`."""

    # -- questions (replaced in tests) ---------------------------------------------------
    def ask_layer(self, size: int, activation: str) -> tuple[int, str] | None:
        """Size and activation of a new hidden layer, or None if cancelled."""
        dialog = LayerDialog(size, activation, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.size.value(), dialog.activation.currentData()

    def ask_weight(self, name: str, value: float) -> float | None:
        dialog = ValueDialog(self.tr("Edit weight"), self.tr("{0} =").format(name), value, self)
        return dialog.spin.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    # -- selection -----------------------------------------------------------------------
    def selected_layer(self) -> int | None:
        sel = self.selection
        return sel[1] if sel else None

    def selected_unit(self) -> tuple[int, int] | None:
        sel = self.selection
        return (sel[1], sel[2]) if sel and sel[0] == "neuron" else None

    def update_network_actions(self) -> None:
        """Enable the editing actions that apply to the current selection."""
        spec = self.document.spec
        l = self.selected_layer()
        last = len(spec.layers) - 1
        a = self.actions
        a["remove_layer"].setEnabled(l is not None and 0 < l < last)
        maps = self.map_insert_index() is not None
        a["add_conv"].setEnabled(maps)
        a["add_pool"].setEnabled(maps)
        a["add_unit"].setEnabled(l is not None)
        self.activation_menu.setEnabled(l not in (None, 0))
        unit = self.selected_unit()
        a["remove_unit"].setEnabled(unit is not None and spec.layers[unit[0]].size > 1)
        dataset, _ = self.document.dataset()
        a["sizes"].setEnabled(dataset is not None and (
            dataset.n_inputs, dataset.n_outputs) != (spec.sizes[0], spec.sizes[-1]))

    # -- edits ---------------------------------------------------------------------------
    def _change(self, make: Callable[[NetworkSpec], NetworkSpec], text: str) -> bool:
        """Apply an edit; an invalid one shows its message instead."""
        try:
            new = make(self.document.spec)
        except ValueError as exc:
            self.show_error(self.tr("Cannot change the network"), tx_message(str(exc)))
            return False
        self.document.edit(new, text)
        return True

    def _add_layer(self, index: int) -> bool:
        spec = self.document.spec
        index = min(max(index, 1), len(spec.layers) - 1)
        neighbour = spec.layers[index] if index < len(spec.layers) - 1 else spec.layers[index - 1]
        activation = neighbour.activation if index > 1 or len(spec.layers) > 2 else "sigmoid"
        if activation == "softmax":
            activation = "sigmoid"
        answer = self.ask_layer(max(neighbour.size, 2), activation)
        if answer is None:
            return False
        size, activation = answer
        text = self.tr("Add hidden layer of {0} units").format(size)
        return self._change(lambda s: edits.add_layer(s, index, size, activation), text)

    def add_layer_after(self) -> bool:
        l = self.selected_layer()
        return self._add_layer(len(self.document.spec.layers) - 1 if l is None else l + 1)

    def add_layer_before(self) -> bool:
        l = self.selected_layer()
        return self._add_layer(len(self.document.spec.layers) - 1 if l is None else l)

    def remove_layer(self) -> bool:
        l = self.selected_layer()
        spec = self.document.spec
        if l is None or not 0 < l < len(spec.layers) - 1:
            self.statusBar().showMessage(self.tr("Select a unit of a hidden layer first"), 5000)
            return False
        text = self.tr("Remove {0} ({1} units)").format(edits.layer_name(spec, l),
                                                       spec.layers[l].size)
        return self._change(lambda s: edits.remove_layer(s, l), text)

    def add_unit(self) -> bool:
        l = self.selected_layer()
        if l is None:
            self.statusBar().showMessage(self.tr("Select a unit of the layer first"), 5000)
            return False
        text = self.tr("Add unit to the {0}").format(edits.layer_name(self.document.spec, l))
        return self._change(lambda s: edits.add_unit(s, l), text)

    def remove_unit(self) -> bool:
        unit = self.selected_unit()
        if unit is None:
            self.statusBar().showMessage(self.tr("Select a unit first"), 5000)
            return False
        l, j = unit
        text = self.tr("Remove unit {0}").format(unit_label(self.document.spec, l, j))
        return self._change(lambda s: edits.remove_unit(s, l, j), text)

    def set_layer_activation(self, activation: str) -> bool:
        l = self.selected_layer()
        if not l:
            return False
        text = self.tr("Set activation of the {0} to {1}").format(
            edits.layer_name(self.document.spec, l), activation.replace("_", " "))
        return self._change(lambda s: edits.set_activation(s, l, activation), text)

    def sizes_from_data(self) -> bool:
        """Fit the input and output layers to the data (``bpsim train --fit-sizes``)."""
        from bpsim.fromdata import fit_to_data

        if self.document.spec.data is None:
            self.show_error(self.tr("No data"), self.tr("This network has no data."))
            return False
        folder = self.document.data_dir()  # None for a file the user chose: read it anywhere
        return self._change(lambda s: fit_to_data(s, folder),
                            self.tr("Fit the input and output layers to the data"))

    def reinitialise(self) -> bool:
        return self._change(edits.reinitialise, self.tr("Re-initialise weights"))

    def edit_weight(self, l: int, j: int, i: int) -> bool:
        """Ask for the weight w(i→j) of layer l (a double-click on an edge)."""
        spec = self.document.spec
        name = edits.weight_name(spec, l, j, i)
        value = self.ask_weight(name, float(spec.layers[l].weights[j, i]))
        if value is None:
            return False
        return self._change(lambda s: edits.set_weight(s, l, j, i, value),
                            self.tr("Set weight {0} to {1:g}").format(name, value))

    # -- context menu --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.canvas.viewport() and event.type() == QEvent.Type.ContextMenu:
            self._context_menu(event)
            return True
        return super().eventFilter(watched, event)

    def _context_menu(self, event: QContextMenuEvent) -> None:
        """The canvas menu: select what was clicked, then offer the editing actions, the
        weight dialog for an edge, expand/collapse for a large layer and Fit."""
        layer = self._select_at(event.pos())
        self.update_network_actions()
        menu = QMenu(self)
        sel = self.selection
        if sel and sel[0] == "edge":
            menu.addAction(self.tr("Edit Weight {0}…").format(
                edits.weight_name(self.document.spec, *sel[1:])),
                lambda: self.edit_weight(*sel[1:]))
            menu.addSeparator()
        from bpsim.gui.window_actions import fill_network_menu

        fill_network_menu(self, menu)
        menu.addSeparator()
        layout = getattr(self.canvas.scene(), "layout", None)
        if layer is not None and layout is not None and layout.layers[layer].collapsible:
            expanded = layout.layers[layer].expanded
            text = self.tr("Collapse Layer") if expanded else self.tr("Show All Units of Layer")
            menu.addAction(text, lambda: self.canvas.set_layer_expanded(layer, not expanded))
        menu.addAction(self.actions["fit"])
        self.show_menu(menu, event.globalPos())
        menu.deleteLater()

    def show_menu(self, menu: QMenu, global_pos: QPoint) -> None:
        """Show a context menu and wait for the choice (tests replace this)."""
        menu.exec(global_pos)

    def _select_at(self, pos) -> int | None:
        """Select the neuron, edge or shared weight under ``pos``; return the layer of what
        was hit."""
        key = self.canvas.key_at(pos)
        if key is None:
            return None
        self.canvas.select_key(key)  # emits the selection: set_selection follows
        return key[1]
