"""The Inspector's page for layers with maps (an input with a shape, conv and max_pool
layers): a position of a map (its value, what it reads), a conv layer's shared weight (how
many connections use it), each editable with undo (the shared weight, the filter's bias, the
layer's filters / kernel / stride / padding or pooling window), and a conv layer's parameter
count next to what a dense layer with the same connections would need."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QFormLayout, QSpinBox, QWidget

from bpsim import edits
from bpsim.engine.build import layer_geometry
from bpsim.explain_maps import weight_label
from bpsim.gui.canvas.model import times
from bpsim.gui.i18n import tr as _tr  # the empty context: lupdate reads _tr as tr
from bpsim.gui.panels.base import double_spin, note_label, vbox
from bpsim.lang import tx_message
from bpsim.naming import unit_label
from bpsim.spec import NetworkSpec

if TYPE_CHECKING:
    from bpsim.gui.panels.inspector import InspectorPanel

WEIGHT_LIMIT = 1e6
MAX_NAMES = 12  # the inputs a position reads are named up to this many




def sharing(spec: NetworkSpec, l: int) -> tuple[int, int]:
    """(parameters of conv layer l, parameters of a dense layer with the same connections:
    one weight per connection (padding reads nothing) and one bias per unit)."""
    layer = spec.layers[l]
    geo = layer_geometry(layer, spec.layers[l - 1])
    connections = int((geo.index < geo.n_in).sum()) * geo.filters
    return geo.filters * (geo.patch + 1), connections + layer.size


def sharing_text(spec: NetworkSpec, l: int) -> str:
    """"conv: 30 parameters; dense with the same connections: 1,234"."""
    conv, dense = sharing(spec, l)
    return _tr("conv: {0} parameters; dense with the same connections: {1}").format(
        f"{conv:,}", f"{dense:,}")


def layer_text(spec: NetworkSpec, l: int) -> str:
    """One line of the network summary for a layer with maps (None-free: any kind)."""
    layer = spec.layers[l]
    shape = layer.out_shape
    maps = (_tr("{0} maps of {1}") if shape[0] != 1 else _tr("{0} map of {1}")).format(
        shape[0], times(shape[1:]))
    if l == 0:
        return _tr("{0}: {1} ({2} units)").format(edits.layer_name(spec, 0), times(shape),
                                                   layer.size)
    if layer.kind == "max_pool":
        return _tr("{0}: max-pool {1}, {2}").format(edits.layer_name(spec, l),
                                                    times(layer.pool), maps)
    kernels = (_tr("{0}: conv {1}, {2} kernels of {3}, {4}; {5}") if layer.filters != 1
               else _tr("{0}: conv {1}, {2} kernel of {3}, {4}; {5}"))
    return kernels.format(
        edits.layer_name(spec, l), layer.activation.replace("_", " "), layer.filters,
        times(layer.kernel), maps, sharing_text(spec, l))


def _spin(tip: str, low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setToolTip(tip)
    box.setKeyboardTracking(False)  # one edit when the number is typed, not one per digit
    return box


class MapPage(QWidget):
    """Shows a unit of a map layer (``show_unit``) or a shared weight (``show_kernel``)."""

    def __init__(self, panel: InspectorPanel) -> None:
        super().__init__()
        self.panel = panel
        self.key: tuple | None = None  # ("neuron", l, j) or ("kernel", l, f, r)
        layout = vbox(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = note_label()
        layout.addWidget(self.title)
        form = self.form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.weight = double_spin(-WEIGHT_LIMIT, WEIGHT_LIMIT, 6, _tr(
            "A shared weight: every position of the filter's map uses it"))
        self.weight.valueChanged.connect(self._set_weight)
        form.addRow(_tr("Shared weight w"), self.weight)
        self.bias = double_spin(-WEIGHT_LIMIT, WEIGHT_LIMIT, 6, _tr(
            "The filter's bias: every position of its map adds it"))
        self.bias.valueChanged.connect(self._set_bias)
        form.addRow(_tr("Filter bias b"), self.bias)
        self.values = note_label()
        form.addRow(_tr("This example"), self.values)
        self.filters = _spin(_tr("How many filters (maps) the layer has"), 1, 256)
        self.kernel = _spin(_tr("The kernel's size along every axis"), 1, 64)
        self.stride = _spin(_tr("How far the kernel moves between positions"), 1, 64)
        self.padding = _spin(_tr("Zeros added on every side of the input"), 0, 64)
        self.window = _spin(_tr("The pooling window along every axis (= its stride)"), 1, 64)
        for box, label, name in ((self.filters, _tr("Filters"), "filters"),
                                 (self.kernel, _tr("Kernel"), "kernel"),
                                 (self.stride, _tr("Stride"), "stride"),
                                 (self.padding, _tr("Padding"), "padding"),
                                 (self.window, _tr("Pooling window"), "window")):
            box.valueChanged.connect(lambda v, n=name: self._set_geometry(n, v))
            form.addRow(label, box)
        layout.addLayout(form)
        self.note = note_label()
        layout.addWidget(self.note)
        self.warning = note_label()
        self.warning.hide()
        layout.addWidget(self.warning)
        layout.addStretch(1)

    # -- showing -------------------------------------------------------------------------
    def _rows(self, kind: str, kernel: bool) -> None:
        conv = kind == "conv"
        for box, shown in ((self.weight, kernel), (self.bias, conv), (self.filters, conv),
                           (self.kernel, conv), (self.stride, conv), (self.padding, conv),
                           (self.window, kind == "max_pool"), (self.values, not kernel)):
            self.form.setRowVisible(box, shown)

    def _geometry(self, spec: NetworkSpec, l: int) -> None:
        layer = spec.layers[l]
        if layer.kind == "conv":
            self.filters.setValue(layer.filters)
            self.kernel.setValue(layer.kernel[0])
            self.stride.setValue(layer.stride[0])
            self.padding.setValue(layer.padding[0])
            self.note.setText(sharing_text(spec, l))
        elif layer.kind == "max_pool":
            self.window.setValue(layer.pool[0])
            self.note.setText(_tr("Each value is the largest of its window; in the backward "
                                  "pass δ goes to that position only."))
        else:
            self.note.setText("")

    def show_unit(self, spec: NetworkSpec, l: int, j: int, outs) -> None:
        self.key = ("neuron", l, j)
        layer = spec.layers[l]
        self._rows("input" if l == 0 else layer.kind, False)
        self.title.setText(_tr("<b>Position {0}</b> of the {1} ({2})").format(
            unit_label(spec, l, j), edits.layer_name(spec, l), times(layer.out_shape)))
        self._geometry(spec, l)
        self.values.setText(self._values(spec, l, j, outs))
        if layer.kind == "conv":
            f = j // (layer.size // layer.filters)
            self.bias.setValue(float(layer.biases[f]) if layer.biases is not None else 0.0)

    def show_kernel(self, spec: NetworkSpec, l: int, f: int, r: int) -> None:
        self.key = ("kernel", l, f, r)
        layer = spec.layers[l]
        geo = layer_geometry(layer, spec.layers[l - 1])
        self._rows("conv", True)
        uses = int((geo.index[r] < geo.n_in).sum())
        self.title.setText(_tr("<b>w{0}</b>: shared weight {1} of filter {2} of the {3}; "
                               "{4} connections use it, one per position of map {2}").format(
            weight_label(geo, l, f, r), r + 1, f + 1, edits.layer_name(spec, l), uses))
        w = layer.weights
        self.weight.setValue(float(np.asarray(w)[f].flat[r]) if w is not None else 0.0)
        self.bias.setValue(float(layer.biases[f]) if layer.biases is not None else 0.0)
        self._geometry(spec, l)

    def _values(self, spec: NetworkSpec, l: int, j: int, outs) -> str:
        if outs is None or l >= len(outs) or j >= len(outs[l]):
            return _tr("no example")
        o = float(outs[l][j])
        if l == 0:
            return _tr("input o = {0:.6g}").format(o)
        layer, prev = spec.layers[l], spec.layers[l - 1]
        geo = layer_geometry(layer, prev)
        reads = ([int(i) for i in geo.index[j]] if layer.kind == "max_pool" else
                 [int(i) for i in geo.index[:, j % geo.positions] if i < geo.n_in])
        names = ", ".join(unit_label(spec, l - 1, i) for i in reads[:MAX_NAMES])
        if len(reads) > MAX_NAMES:
            names += ", …"
        if layer.kind == "max_pool":
            winner = reads[int(np.argmax(np.asarray(outs[l - 1])[reads]))]
            return _tr("o = max of {0} = {1:.6g}, from {2}").format(
                names, o, unit_label(spec, l - 1, winner))
        f, pos = divmod(j, geo.positions)
        padded = np.append(np.asarray(outs[l - 1], dtype=float), 0.0)
        w = np.asarray(layer.weights).reshape(geo.filters, geo.patch)[f]
        z = float(w @ padded[geo.index[:, pos]] + layer.biases[f])
        return _tr("reads {0}; z = {1:.6g}, o = f(z) = {2:.6g}").format(names, z, o)

    def show_warning(self, text: str) -> None:
        self.warning.setText("⚠ " + text)
        self.warning.setVisible(bool(text))

    # -- edits ---------------------------------------------------------------------------
    def _set_weight(self, value: float) -> None:
        if self.panel.updating or self.key is None or self.key[0] != "kernel":
            return
        _, l, f, r = self.key
        spec = self.panel.document.spec
        geo = layer_geometry(spec.layers[l], spec.layers[l - 1])
        self.panel.edit(edits.set_kernel_weight(spec, l, f, r, value),
                        _tr("Set shared weight w{0} to {1:g}").format(
                            weight_label(geo, l, f, r), value),
                        merge_key=("kernel", l, f, r))

    def _filter(self) -> tuple[int, int] | None:
        """(layer, filter) of what is shown, for a conv layer."""
        if self.key is None:
            return None
        spec = self.panel.document.spec
        l = self.key[1]
        layer = spec.layers[l]
        if layer.kind != "conv":
            return None
        f = self.key[2] if self.key[0] == "kernel" else self.key[2] // (
            layer.size // layer.filters)
        return l, f

    def _set_bias(self, value: float) -> None:
        where = None if self.panel.updating else self._filter()
        if where is None:
            return
        l, f = where
        spec = self.panel.document.spec
        b = np.array(spec.layers[l].biases, dtype=float)
        b[f] = value
        self.panel.edit(spec.with_layer(l, biases=edits.frozen_array(b)),
                        _tr("Set bias of filter {0} of the {1} to {2:g}").format(
                            f + 1, edits.layer_name(spec, l), value),
                        merge_key=("filter bias", l, f))

    def _set_geometry(self, name: str, value: int) -> None:
        if self.panel.updating or self.key is None:
            return
        spec = self.panel.document.spec
        l = self.key[1]
        try:
            if name == "window":
                new = edits.set_pool(spec, l, value)
            else:
                new = edits.set_conv(spec, l, **{name: value})
        except ValueError as exc:
            self.show_warning(tx_message(str(exc)))
            self.panel.reload()
            return
        self.show_warning("")
        what = {"filters": _tr("filters"), "kernel": _tr("kernel"), "stride": _tr("stride"),
                "padding": _tr("padding"), "window": _tr("pooling window")}[name]
        self.panel.edit(new, _tr("Set {0} of the {1} to {2}").format(
            what, edits.layer_name(spec, l), value))
