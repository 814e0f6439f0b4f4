"""What every dock panel shares: the document it observes, the feedback-loop guard, helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bpsim.gui.document import Document
from bpsim.gui.panels.tips import display_name
from bpsim.spec import NetworkSpec


class Panel(QWidget):
    """A view of the document. :meth:`refresh` re-reads the spec into the controls with
    ``self.updating`` set, so control signals fired by the refresh never become edits."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.updating = False
        document.specChanged.connect(self._on_spec_changed)

    def _on_spec_changed(self, spec: NetworkSpec) -> None:
        self.updating = True
        try:
            self.refresh(spec)
        finally:
            self.updating = False

    def reload(self) -> None:
        """Re-read the current spec (after construction)."""
        self._on_spec_changed(self.document.spec)

    def refresh(self, spec: NetworkSpec) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def edit(self, new_spec: NetworkSpec, text: str, merge_key: Any = None) -> None:
        """Push an edit unless the change comes from :meth:`refresh`."""
        if not self.updating:
            self.document.edit(new_spec, text, merge_key)


def scrollable(panel: QWidget) -> QScrollArea:
    """Wrap a panel so that it scrolls instead of being cut off in a small dock."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area


def double_spin(lo: float, hi: float, decimals: int, tip: str, step: float = 0.1) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setKeyboardTracking(False)
    box.setToolTip(tip)
    box.setAccelerated(True)
    return box


def int_spin(lo: int, hi: int, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setKeyboardTracking(False)
    box.setToolTip(tip)
    box.setAccelerated(True)
    box.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    return box


def combo(items: tuple[str, ...], tip: str, on_change: Callable[[str], None] | None = None,
          item_tips: dict[str, str] | None = None) -> QComboBox:
    box = QComboBox()
    for k, name in enumerate(items):
        box.addItem(display_name(name), name)
        if item_tips and name in item_tips:
            box.setItemData(k, item_tips[name], Qt.ItemDataRole.ToolTipRole)
    box.setToolTip(tip)
    # As wide as about 8 characters at least, not as its longest entry ("sse (sum of
    # squares)", longer in Chinese): the side column keeps its width; the list shows all.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(8)
    if on_change is not None:
        box.currentIndexChanged.connect(lambda _k: on_change(box.currentData()))
    return box


def set_combo(box: QComboBox, value: str) -> None:
    k = box.findData(value)
    if k >= 0:
        box.setCurrentIndex(k)


def note_label(text: str = "") -> QLabel:
    """A word-wrapped, selectable explanation or message line (palette colours only)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def vbox(widget: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(6, 6, 6, 6)
    return layout
