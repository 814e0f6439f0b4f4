"""Undo commands. Every edit of the document is one :class:`ReplaceSpec`: the old and the new
immutable :class:`~bpsim.spec.NetworkSpec`, swapped on undo/redo."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from bpsim.spec import NetworkSpec

if TYPE_CHECKING:
    from bpsim.gui.document import Document

#: All mergeable commands share this id; :meth:`ReplaceSpec.mergeWith` compares the keys.
MERGE_ID = 1001
#: Edits of the same control closer together than this (seconds) merge into one undo step.
MERGE_WINDOW = 2.0


class ReplaceSpec(QUndoCommand):
    """Replace the document's spec by ``new`` (redo) and put ``old`` back (undo).

    Consecutive commands with the same ``merge_key`` (a slider drag, spin-box arrows) merge
    into one, keeping the first ``old`` and the last ``new`` and text.
    """

    def __init__(self, document: Document, old: NetworkSpec, new: NetworkSpec, text: str,
                 merge_key: Any = None) -> None:
        super().__init__(text)
        self._document = document
        self.old = old
        self.new = new
        self.merge_key = merge_key
        self._stamp = time.monotonic()

    def redo(self) -> None:
        self._document._apply(self.new)

    def undo(self) -> None:
        self._document._apply(self.old)

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ReplaceSpec) or other.merge_key != self.merge_key:
            return False
        if other._stamp - self._stamp > MERGE_WINDOW:
            return False
        self.new = other.new
        self._stamp = other._stamp
        self.setText(other.text())
        return True
