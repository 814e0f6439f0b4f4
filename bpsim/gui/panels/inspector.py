"""The Inspector dock: the selected neuron (activation, bias, incoming weights) or connection
(its weight), each editable and undoable; with nothing selected, a summary of the network."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from bpsim import edits
from bpsim.gallery import network_name
from bpsim.gui.document import Document
from bpsim.gui.panels.base import Panel, combo, double_spin, note_label, set_combo, vbox
from bpsim.gui.panels.inspector_maps import MapPage, layer_text
from bpsim.gui.panels.tips import display_name
from bpsim.lang import tx_message
from bpsim.naming import unit_label
from bpsim.spec import ACTIVATIONS, NetworkSpec

WEIGHT_LIMIT = 1e6
Selection = tuple  # ("neuron", l, j) | ("edge", l, j, i) | ("kernel", l, f, r)


class WeightDelegate(QStyledItemDelegate):
    """Edits a weight cell with a 6-decimal spin box."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex) -> QWidget:
        box = QDoubleSpinBox(parent)
        box.setRange(-WEIGHT_LIMIT, WEIGHT_LIMIT)
        box.setDecimals(6)
        box.setSingleStep(0.1)
        return box


class InspectorPanel(Panel):
    """Shows and edits what is selected on the canvas (see :meth:`set_selection`)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.selection: Selection | None = None
        self._outs: list[np.ndarray] | None = None
        self.stack = QStackedWidget()
        vbox(self).addWidget(self.stack)
        self.summary = note_label()
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(self.summary)
        self.stack.addWidget(self._neuron_page())
        self.stack.addWidget(self._edge_page())
        self.maps = MapPage(self)
        self.stack.addWidget(self.maps)
        self.stack.currentChanged.connect(self._size_to_page)
        self._size_to_page(0)
        self.reload()

    @Slot(int)
    def _size_to_page(self, index: int) -> None:
        """The stack as wide as the page shown (a QStackedWidget takes the widest page's
        minimum: the weight editor's spin boxes pushed the summary beyond a narrow dock)."""
        ignored, preferred = QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        for i in range(self.stack.count()):
            policy = preferred if i == index else ignored
            self.stack.widget(i).setSizePolicy(policy, policy)
        self.stack.updateGeometry()

    # -- construction --------------------------------------------------------------------
    def _neuron_page(self) -> QWidget:
        page = QWidget()
        layout = vbox(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.neuron_title = QLabel()
        self.neuron_title.setWordWrap(True)
        layout.addWidget(self.neuron_title)
        form = QFormLayout()
        self.activation = combo(ACTIVATIONS, self.tr("Activation function f of the whole layer: "
                                                     "o = f(z)"), self._set_activation)
        form.addRow(self.tr("Activation"), self.activation)
        self.bias = double_spin(-WEIGHT_LIMIT, WEIGHT_LIMIT, 6,
                                self.tr("b_q in z_q = Σ_p w_pq·o_p + b_q: the weight from a "
                                        "constant input 1"))
        self.bias.valueChanged.connect(self._set_bias)
        form.addRow(self.tr("Bias b"), self.bias)
        self.values = note_label()
        form.addRow(self.tr("This example"), self.values)
        layout.addLayout(form)
        self._neuron_form = form
        self.neuron_note = note_label()
        self.neuron_note.hide()
        layout.addWidget(self.neuron_note)
        self.weights_label = QLabel(self.tr("Incoming weights"))
        layout.addWidget(self.weights_label)
        self.table = QTableWidget(0, 1)
        self.table.setHorizontalHeaderLabels([self.tr("weight w")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegate(WeightDelegate(self.table))
        self.table.setToolTip(self.tr("w_pq from unit p of the previous layer; double-click "
                                      "a value to change it"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.itemChanged.connect(self._cell_changed)
        layout.addWidget(self.table, 1)
        return page

    def _edge_page(self) -> QWidget:
        page = QWidget()
        layout = vbox(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edge_title = note_label()
        layout.addWidget(self.edge_title)
        form = QFormLayout()
        self.weight = double_spin(-WEIGHT_LIMIT, WEIGHT_LIMIT, 6,
                                  self.tr("w_pq: how strongly the output o_p of unit p drives "
                                          "the net input z_q = Σ_p w_pq·o_p + b_q"))
        self.weight.valueChanged.connect(self._set_edge_weight)
        form.addRow(self.tr("Weight w"), self.weight)
        self.edge_values = note_label()
        form.addRow(self.tr("This example"), self.edge_values)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    # -- inputs from the window ----------------------------------------------------------
    def set_selection(self, selection: Selection | None) -> None:
        self.selection = selection
        self.reload()

    def set_outputs(self, outs: list[np.ndarray] | None) -> None:
        """The outputs o of every layer (1-D) for the current example, or None."""
        self._outs = outs
        self.reload()

    # -- edits ---------------------------------------------------------------------------
    def _set_activation(self, activation: str) -> None:
        if self.updating or not self.selection:
            return
        l = self.selection[1]
        spec = self.document.spec
        try:
            new = edits.set_activation(spec, l, activation)
        except ValueError as exc:
            self.neuron_note.setText("⚠ " + tx_message(str(exc)))
            self.neuron_note.show()
            self.reload()
            return
        self.neuron_note.hide()
        self.edit(new, self.tr("Set activation of the {0} to {1}").format(
            edits.layer_name(spec, l), activation.replace("_", " ")))

    def _set_bias(self, value: float) -> None:
        if self.updating or not self.selection:
            return
        _, l, j = self.selection[:3]
        spec = self.document.spec
        self.edit(edits.set_bias(spec, l, j, value),
                  self.tr("Set bias of unit {0} to {1:g}").format(unit_label(spec, l, j), value),
                  merge_key=("bias", l, j))

    def _set_edge_weight(self, value: float) -> None:
        if self.updating or not self.selection:
            return
        _, l, j, i = self.selection
        self._edit_weight(l, j, i, value)

    def _edit_weight(self, l: int, j: int, i: int, value: float) -> None:
        spec = self.document.spec
        name = edits.weight_name(spec, l, j, i)
        self.edit(edits.set_weight(spec, l, j, i, value),
                  self.tr("Set weight {0} to {1:g}").format(name, value),
                  merge_key=("weight", l, j, i))

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self.updating or not self.selection:
            return
        _, l, j = self.selection[:3]
        value = item.data(Qt.ItemDataRole.EditRole)
        try:
            value = float(value)
        except (TypeError, ValueError):
            self.reload()
            return
        self._edit_weight(l, j, item.row(), value)

    # -- view ----------------------------------------------------------------------------
    def refresh(self, spec: NetworkSpec) -> None:
        if self._outs is not None and tuple(len(o) for o in self._outs) != spec.sizes:
            self._outs = None  # the outputs of the network before a structural edit
        sel = self.selection
        if sel and not _valid(spec, sel):
            self.selection = sel = None
        if sel is None:
            self.summary.setText(summary_html(spec))
            self.stack.setCurrentIndex(0)
        elif sel[0] == "kernel":
            self.maps.show_kernel(spec, *sel[1:])
            self.stack.setCurrentWidget(self.maps)
        elif sel[0] == "neuron" and spec.layers[sel[1]].shape is not None:
            self.maps.show_unit(spec, sel[1], sel[2], self._outs)
            self.stack.setCurrentWidget(self.maps)
        elif sel[0] == "neuron":
            self._show_neuron(spec, sel[1], sel[2])
            self.stack.setCurrentIndex(1)
        else:
            self._show_edge(spec, *sel[1:])
            self.stack.setCurrentIndex(2)

    def _o(self, l: int, j: int) -> float | None:
        outs = self._outs
        if outs is None or l >= len(outs) or j >= len(outs[l]):
            return None
        return float(outs[l][j])

    def _show_neuron(self, spec: NetworkSpec, l: int, j: int) -> None:
        layer = spec.layers[l]
        self.neuron_title.setText(self.tr("<b>Unit {0}</b> of the {1}").format(
            unit_label(spec, l, j), edits.layer_name(spec, l)))
        is_input = l == 0
        for w in (self.table, self.weights_label):
            w.setVisible(not is_input)
        self._neuron_form.setRowVisible(self.activation, not is_input)
        self._neuron_form.setRowVisible(self.bias, not is_input)
        o = self._o(l, j)
        if is_input:
            self.values.setText("" if o is None else self.tr("input o = {0:.6g}").format(o))
            return
        set_combo(self.activation, layer.activation)
        w = layer.weights
        b = layer.biases
        self.bias.setValue(float(b[j]) if b is not None else 0.0)
        prev = spec.layers[l - 1]
        self.table.setRowCount(prev.size)
        self.table.setVerticalHeaderLabels([self.tr("from {0}").format(unit_label(spec, l - 1, i))
                                            for i in range(prev.size)])
        for i in range(prev.size):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.EditRole, float(w[j, i]) if w is not None else 0.0)
            self.table.setItem(i, 0, item)
        o_prev = self._outs[l - 1] if o is not None else None
        if o is None or w is None or b is None or o_prev is None:
            self.values.setText(self.tr("no example"))
        else:
            z = float(np.dot(w[j], o_prev) + b[j])
            self.values.setText(self.tr("z = {0:.6g}, o = f(z) = {1:.6g}").format(z, o))

    def _show_edge(self, spec: NetworkSpec, l: int, j: int, i: int) -> None:
        name = edits.weight_name(spec, l, j, i)
        self.edge_title.setText(self.tr("<b>{0}</b>: from unit {1} of the {2} to unit {3} of "
                                        "the {4}").format(
            name, unit_label(spec, l - 1, i), edits.layer_name(spec, l - 1),
            unit_label(spec, l, j), edits.layer_name(spec, l)))
        w = spec.layers[l].weights
        value = float(w[j, i]) if w is not None else 0.0
        self.weight.setValue(value)
        o_p = self._o(l - 1, i)
        self.edge_values.setText("" if o_p is None else self.tr(
            "o_p = {0:.6g}, w·o_p = {1:.6g}").format(o_p, o_p * value))


def _valid(spec: NetworkSpec, sel: Selection) -> bool:
    l = sel[1]
    if sel[0] == "kernel":
        layer = spec.layers[l] if 0 < l < len(spec.layers) else None
        return (layer is not None and layer.kind == "conv" and layer.weights is not None
                and 0 <= sel[2] < layer.filters and 0 <= sel[3] < layer.weights[0].size)
    if not 0 <= l < len(spec.layers) or not 0 <= sel[2] < spec.layers[l].size:
        return False
    if sel[0] == "edge" and spec.layers[l].kind != "dense":
        return False
    return sel[0] == "neuron" or (l >= 1 and 0 <= sel[3] < spec.layers[l - 1].size)


def summary_html(spec: NetworkSpec) -> str:
    """A short description of the network for the Inspector when nothing is selected."""
    translate = QCoreApplication.translate
    rows = "".join(
        f"<li>{html.escape(layer_text(spec, l))}</li>" if layer.out_shape != (layer.size,) else
        "<li>" + (translate("InspectorPanel", "{0}: {1} unit") if layer.size == 1 else
                  translate("InspectorPanel", "{0}: {1} units")).format(
                      edits.layer_name(spec, l), layer.size)
        + ("" if l == 0 else f", {layer.activation.replace('_', ' ')}") + "</li>"
        for l, layer in enumerate(spec.layers))
    title = f"<b>{html.escape(network_name(spec.name))}</b><br>" if spec.name else ""
    return (title + translate("InspectorPanel", "Network {0}, {1} parameters, loss {2}.").format(
                "-".join(map(str, spec.sizes)), edits.parameter_count(spec),
                display_name(spec.loss))
            + f"<ul>{rows}</ul>"
            + translate("InspectorPanel", "Click a neuron or a connection on the canvas to inspect "
                 "and edit it; right-click for the network's editing menu."))
