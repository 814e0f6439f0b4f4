"""The canvas's empty-state hint: what to do first, while nothing has been trained or stepped.

A small label centred above the legend; its link asks the window to open the gallery.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget


def hint_text(link_color: str = "#0072B2") -> str:
    """The hint as rich text; the link in ``link_color`` (readable on the canvas)."""
    return QCoreApplication.translate(
        "CanvasHint",
        "Nothing trained yet: press <b>Space</b> to train, <b>F9</b> to walk one example "
        "through backpropagation step by step, or <a href=\"example\" style=\"color: {0}\">"
        "open an example</a> from the gallery.").format(link_color)


class HintOverlay(QLabel):
    """The hint, a child of the view (not of its viewport, which scrolls its children)."""

    exampleRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget, area: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("CanvasHint")
        self._area = area
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMargin(6)
        self.setAutoFillBackground(True)
        self.setStyleSheet("QLabel#CanvasHint { border: 1px solid palette(mid); "
                           "border-radius: 5px; background: palette(base); }")
        self.linkActivated.connect(lambda _link: self.exampleRequested.emit())
        self.hide()

    def place(self, bottom: int) -> None:
        """Centre horizontally with the bottom edge at ``bottom`` (parent coordinates)."""
        if not shiboken6.isValid(self._area):  # the view is being deleted (application exit)
            return
        area = self._area.geometry()
        width = min(560, max(200, area.width() - 40))
        self.setFixedWidth(width)
        height = self.heightForWidth(width)
        self.setGeometry(area.left() + (area.width() - width) // 2, bottom - height, width,
                         height)
        self.raise_()

    def needed_height(self) -> int:
        """The room to keep free for the hint (0 when hidden)."""
        if self.isHidden() or not shiboken6.isValid(self._area):
            return 0
        width = min(560, max(200, self._area.width() - 40))
        return self.heightForWidth(width) + 8
