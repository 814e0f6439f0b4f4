"""Dialogs that ask for a new conv or max-pool layer (issue 13), and the window's commands
that insert one with undo (``add_conv_layer``, ``add_pool_layer`` of :class:`MapEditing`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtWidgets import QDialog, QFormLayout, QSpinBox, QWidget

from bpsim import edits
from bpsim.engine.build import layer_geometry
from bpsim.explain_maps import weight_label
from bpsim.gui.dialogs import _buttons
from bpsim.gui.panels.base import combo, set_combo
from bpsim.spec import ACTIVATIONS, NetworkSpec


@dataclass(frozen=True, slots=True)
class ConvAnswer:
    filters: int
    kernel: int
    stride: int
    padding: int
    activation: str


def _spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setToolTip(tip)
    return box


class ConvLayerDialog(QDialog):
    """Filters, kernel, stride, padding and activation of a new conv layer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add convolution layer"))
        form = QFormLayout(self)
        self.filters = _spin(1, 256, 4, self.tr("How many filters (maps) the layer has"))
        self.kernel = _spin(1, 64, 3, self.tr("The kernel's size along every axis"))
        self.stride = _spin(1, 64, 1, self.tr("How far the kernel moves between positions"))
        self.padding = _spin(0, 64, 0, self.tr("Zeros added on every side of the input"))
        self.activation = combo(tuple(a for a in ACTIVATIONS if a != "softmax"),
                                self.tr("o = f(z) of every position"))
        set_combo(self.activation, "relu")
        for label, box in ((self.tr("Filters"), self.filters), (self.tr("Kernel"), self.kernel),
                           (self.tr("Stride"), self.stride), (self.tr("Padding"), self.padding),
                           (self.tr("Activation"), self.activation)):
            form.addRow(label, box)
        form.addRow(_buttons(self))

    def answer(self) -> ConvAnswer:
        return ConvAnswer(self.filters.value(), self.kernel.value(), self.stride.value(),
                          self.padding.value(), self.activation.currentData())


class PoolLayerDialog(QDialog):
    """The window of a new max-pool layer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add max-pool layer"))
        form = QFormLayout(self)
        self.window = _spin(1, 64, 2, self.tr("The pooling window along every axis (= its "
                                              "stride): each value is the largest of its "
                                              "window"))
        form.addRow(self.tr("Window"), self.window)
        form.addRow(_buttons(self))


class MapEditing:
    """Conv and max-pool layer commands of :class:`~bpsim.gui.main_window.MainWindow`."""

    def ask_conv_layer(self) -> ConvAnswer | None:
        """The new conv layer's settings, or None if cancelled (replaced in tests)."""
        dialog = ConvLayerDialog(self)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_pool_window(self) -> int | None:
        dialog = PoolLayerDialog(self)
        return dialog.window.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def edit_kernel_weight(self, l: int, f: int, r: int) -> bool:
        """Ask for shared weight r of filter f of conv layer l (a double-click on it)."""
        spec = self.document.spec
        geo = layer_geometry(spec.layers[l], spec.layers[l - 1])
        name = "w" + weight_label(geo, l, f, r)
        value = self.ask_weight(name, float(np.asarray(spec.layers[l].weights)[f].flat[r]))
        if value is None:
            return False
        return self._change(lambda s: edits.set_kernel_weight(s, l, f, r, value),
                            self.tr("Set shared weight {0} to {1:g}").format(name, value))

    def map_insert_index(self) -> int | None:
        """Where a conv or pool layer goes: after the selected layer (none selected: after
        the last layer with maps), if that layer has maps; else None."""
        spec: NetworkSpec = self.document.spec
        l = self.selected_layer()
        if l is None:
            with_maps = [k for k, layer in enumerate(spec.layers) if layer.shape is not None]
            l = with_maps[-1] if with_maps else None
        if l is None or l >= len(spec.layers) - 1 or spec.layers[l].shape is None:
            return None
        return l + 1

    def add_conv_layer(self) -> bool:
        index = self.map_insert_index()
        if index is None:
            self.statusBar().showMessage(self.tr(
                "Select the input with a shape, a conv or a max-pool layer first"), 5000)
            return False
        answer = self.ask_conv_layer()
        if answer is None:
            return False
        text = self.tr("Add conv layer of {0} filters").format(answer.filters)
        return self._change(lambda s: edits.add_conv_layer(
            s, index, answer.filters, (answer.kernel,) * len(s.layers[index - 1].shape[1:]),
            answer.stride, answer.padding, answer.activation), text)

    def add_pool_layer(self) -> bool:
        index = self.map_insert_index()
        if index is None:
            self.statusBar().showMessage(self.tr(
                "Select the input with a shape, a conv or a max-pool layer first"), 5000)
            return False
        window = self.ask_pool_window()
        if window is None:
            return False
        text = self.tr("Add max-pool layer with a {0}-wide window").format(window)
        return self._change(lambda s: edits.add_pool_layer(s, index, window), text)
