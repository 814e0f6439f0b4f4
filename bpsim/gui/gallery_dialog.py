"""The gallery: every lesson under its section of the lecture, with a picture drawn from the
lesson (:mod:`bpsim.gui.thumbnails`) and its one-line purpose.

The same dialog is the start page (``welcome=True``): a fresh window opens on it, with
"New network…" and "New from a CSV file…" beside the lessons. :attr:`choice` tells what the
user picked: ``("example", path)``, ``("new", None)`` or ``("csv", None)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from bpsim.gallery import Example, sections
from bpsim.gui.panels.base import note_label
from bpsim.gui.thumbnails import SIZE, thumbnail

PATH_ROLE = Qt.ItemDataRole.UserRole
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
MARGIN = 6


class LessonDelegate(QStyledItemDelegate):
    """A lesson row: the picture, then its title in bold and its one-line purpose below."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        summary = index.data(SUMMARY_ROLE)
        if summary is None:  # a section heading
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else QApplication.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text, opt.icon = "", QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        rect = option.rect.adjusted(MARGIN, MARGIN // 2, -MARGIN, -MARGIN // 2)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            icon.paint(painter, QRect(rect.topLeft(), SIZE))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(group, role))
        text = rect.adjusted(SIZE.width() + 2 * MARGIN, 2, 0, 0)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        line = QFontMetrics(bold).height()
        painter.drawText(QRect(text.left(), text.top(), text.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(index.data(Qt.ItemDataRole.DisplayRole),
                                                       Qt.TextElideMode.ElideRight,
                                                       text.width()))
        painter.setFont(option.font)
        painter.drawText(text.adjusted(0, line + 4, 0, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, summary)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        if index.data(SUMMARY_ROLE) is None:
            return super().sizeHint(option, index)
        return QSize(SIZE.width() + 4 * MARGIN, SIZE.height() + MARGIN)


def _size(parent: QWidget | None) -> tuple[int, int]:
    """Most of the window's height, a comfortable reading width."""
    if parent is None:
        return 760, 620
    w, h = parent.width(), parent.height()
    return int(min(max(0.62 * w, 640), 980)), int(min(max(0.88 * h, 460), 940))


class GalleryDialog(QDialog):
    """The lessons by section; double-click or Open loads one (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None, welcome: bool = False,
                 show_at_start: bool = True) -> None:
        super().__init__(parent)
        self.choice: tuple[str, Path | None] | None = None
        self.setObjectName("GalleryDialog")
        self.setWindowTitle(self.tr("Welcome to bpsim") if welcome else self.tr("Open example"))
        self.resize(*_size(parent))
        layout = QVBoxLayout(self)
        if welcome:
            intro = QLabel(self.tr(
                "Pick a lesson to watch backpropagation at work, in the order of the lecture "
                "(the worked 3-2-1 example first), or start a network of your own."))
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setIconSize(SIZE)
        self.list.setItemDelegate(LessonDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        layout.addWidget(self.list, 1)
        self.description = note_label()
        self.description.setMinimumHeight(64)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.description)
        self.show_at_start = QCheckBox(self.tr("Show this at start-up"))
        self.show_at_start.setChecked(show_at_start)
        self.show_at_start.setVisible(welcome)
        layout.addWidget(self.show_at_start)
        self.buttons = self._buttons(welcome)
        layout.addWidget(self.buttons)
        self._fill()
        self.list.currentItemChanged.connect(self._show)
        self.list.itemActivated.connect(self._activated)
        first = next((self.list.item(k) for k in range(self.list.count())
                      if self.list.item(k).data(PATH_ROLE)), None)
        if first is not None:
            self.list.setCurrentItem(first)
        else:
            self.description.setText(self.tr("No examples were found."))

    def _buttons(self, welcome: bool) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.open_button = box.addButton(self.tr("Open lesson"),
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open_current)
        if welcome:
            new = box.addButton(self.tr("New network…"), QDialogButtonBox.ButtonRole.ActionRole)
            new.clicked.connect(lambda: self._finish(("new", None)))
            csv = box.addButton(self.tr("New from a CSV file…"),
                                QDialogButtonBox.ButtonRole.ActionRole)
            csv.clicked.connect(lambda: self._finish(("csv", None)))
        close = box.addButton(self.tr("Close") if welcome else self.tr("Cancel"),
                              QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        return box

    def _fill(self) -> None:
        ratio = self.devicePixelRatioF()
        for title, examples in sections():
            header = QListWidgetItem(title)
            font = QFont(header.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            header.setFont(font)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            header.setSizeHint(QSize(0, QFontMetrics(font).height() * 2))
            self.list.addItem(header)
            for example in examples:
                self.list.addItem(self._item(example, ratio))

    def _item(self, example: Example, ratio: float) -> QListWidgetItem:
        item = QListWidgetItem(f"{example.title}  ({example.name})")
        item.setIcon(QIcon(thumbnail(example.path, self.palette(), ratio)))
        item.setData(PATH_ROLE, str(example.path))
        item.setData(DESCRIPTION_ROLE, example.description)
        item.setData(SUMMARY_ROLE, example.summary)
        item.setToolTip(example.description)
        return item

    def _show(self, item: QListWidgetItem | None, _previous=None) -> None:
        self.open_button.setEnabled(bool(item is not None and item.data(PATH_ROLE)))
        if item is not None and item.data(PATH_ROLE):
            self.description.setText(item.data(DESCRIPTION_ROLE))

    def _activated(self, item: QListWidgetItem) -> None:
        if item.data(PATH_ROLE):
            self._finish(("example", Path(item.data(PATH_ROLE))))

    def _open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(PATH_ROLE):
            self._finish(("example", Path(item.data(PATH_ROLE))))

    def _finish(self, choice: tuple[str, Path | None]) -> None:
        self.choice = choice
        self.accept()

    def select(self, name: str) -> bool:
        """Make the lesson ``name`` current (for tests and screenshots)."""
        for k in range(self.list.count()):
            item = self.list.item(k)
            if item.data(PATH_ROLE) and Path(item.data(PATH_ROLE)).stem == name:
                self.list.setCurrentItem(item)
                return True
        return False

    def example(self) -> Path | None:
        """The chosen lesson's file, if a lesson was chosen."""
        if self.choice is not None and self.choice[0] == "example":
            return self.choice[1]
        return None
