"""A number on a logarithmic slider coupled to a spin box (the learning rate)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

STEPS_PER_DECADE = 100


class LogSpin(QWidget):
    """Slider over log10(value) from ``lo`` to ``hi`` and a spin box; :attr:`valueChanged`
    fires on user changes only (a drag fires many times: merge them into one undo step)."""

    valueChanged = Signal(float)

    def __init__(self, lo: float, hi: float, decimals: int, tip: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lo, self._hi = lo, hi
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, round(math.log10(hi / lo) * STEPS_PER_DECADE))
        self.slider.setToolTip(tip)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(lo, hi)
        self.spin.setDecimals(decimals)
        self.spin.setKeyboardTracking(False)
        self.spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.spin.setToolTip(tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._slid)
        self.spin.valueChanged.connect(self._typed)

    def value(self) -> float:
        return self.spin.value()

    def setValue(self, value: float) -> None:  # noqa: N802 (Qt naming, like QSpinBox)
        """Show ``value`` without emitting :attr:`valueChanged`."""
        for w in (self.slider, self.spin):
            w.blockSignals(True)
        self.spin.setValue(value)
        self.slider.setValue(self._position(value))
        for w in (self.slider, self.spin):
            w.blockSignals(False)

    def _position(self, value: float) -> int:
        value = min(max(value, self._lo), self._hi)
        return round(math.log10(value / self._lo) * STEPS_PER_DECADE)

    def _slid(self, pos: int) -> None:
        value = self._lo * 10 ** (pos / STEPS_PER_DECADE)
        value = float(f"{value:.3g}")
        self.spin.blockSignals(True)
        self.spin.setValue(value)
        self.spin.blockSignals(False)
        self.valueChanged.emit(self.spin.value())

    def _typed(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(self._position(value))
        self.slider.blockSignals(False)
        self.valueChanged.emit(value)
