"""The open document: the current :class:`~bpsim.spec.NetworkSpec`, its file and its undo stack.

Views observe :attr:`Document.specChanged` and re-render; they never change the spec
themselves but call :meth:`Document.edit`, which pushes an undoable
:class:`~bpsim.gui.commands.ReplaceSpec`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from bpsim.gui.commands import ReplaceSpec
from bpsim.spec import NetworkSpec

log = logging.getLogger(__name__)


class Document(QObject):
    """The network being edited.

    ``path`` is None for an untitled document (a new network or a gallery copy); ``origin``
    is the folder relative data paths are resolved against when there is no path yet.
    """

    specChanged = Signal(object)
    pathChanged = Signal(object)
    modifiedChanged = Signal(bool)
    replaced = Signal()  # another document (New, Open): reset() was called

    def __init__(self, spec: NetworkSpec, path: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        self._path = Path(path) if path is not None else None
        self._origin: Path | None = None
        self._untitled_name = "Untitled"
        self._data_cache: tuple[tuple, Any, str | None] | None = None
        self._chosen_files: set[str] = set()  # data files the user chose in the window
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    # -- state -------------------------------------------------------------------------
    @property
    def spec(self) -> NetworkSpec:
        return self._spec

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        """The file name, or the untitled name ("Untitled", "textbook (example)")."""
        return self._path.name if self._path is not None else self._untitled_name

    @property
    def base_dir(self) -> Path:
        """Where relative paths of the document (a CSV file) are resolved."""
        if self._path is not None:
            return self._path.parent
        return self._origin if self._origin is not None else Path.cwd()

    def allow_data_file(self, path: str | Path) -> None:
        """The user chose this data file in the window: read it wherever it lies."""
        self._chosen_files.add(os.path.realpath(path))

    def data_dir(self, spec: NetworkSpec | None = None) -> Path | None:
        """The folder the CSV of ``spec`` (default: the document's) must lie in: the
        document's folder, or None for a file the user chose in the window (see
        :func:`bpsim.data.prepare.csv_path`)."""
        spec = self._spec if spec is None else spec
        csv = spec.data.csv if spec.data is not None else None
        if csv is not None and os.path.isabs(csv) and os.path.realpath(csv) in self._chosen_files:
            return None
        return self.base_dir

    # -- changes -----------------------------------------------------------------------
    def edit(self, new_spec: NetworkSpec, text: str, merge_key: Any = None) -> None:
        """Make ``new_spec`` the document's spec as one undoable step called ``text``."""
        if new_spec is self._spec:
            return
        self.undo_stack.push(ReplaceSpec(self, self._spec, new_spec, text, merge_key))

    def reset(self, spec: NetworkSpec, path: Path | None = None, *, untitled_name: str = "Untitled",
              origin: Path | None = None) -> None:
        """Start over with ``spec`` (New, Open): empty undo history, unmodified."""
        self.undo_stack.clear()
        self._path = Path(path) if path is not None else None
        self._untitled_name = untitled_name
        self._origin = origin
        self._apply(spec)
        self.undo_stack.setClean()
        self.pathChanged.emit(self._path)
        self.modifiedChanged.emit(False)
        self.replaced.emit()

    def mark_saved(self, path: Path) -> None:
        """The spec was written to ``path``: it becomes the document's file, unmodified."""
        path = Path(path)
        changed = path != self._path
        self._path = path
        self.undo_stack.setClean()
        if changed:
            self.pathChanged.emit(path)

    def _apply(self, spec: NetworkSpec) -> None:
        """Swap the spec in and notify the views (used by the undo commands)."""
        self._spec = spec
        self.specChanged.emit(spec)

    # -- data --------------------------------------------------------------------------
    def prepared(self) -> tuple[Any, str | None]:
        """``(Prepared or None, error message or None)``: the spec's data loaded, split and
        transformed (:func:`bpsim.data.prepare`), cached while the inputs stay the same.

        Specs are immutable, so the cache is keyed by the identity of ``spec.data``.
        """
        spec = self._spec
        if spec.data is None:
            return None, None
        key = (spec.data, self.data_dir(), spec.training.validation_split, spec.training.seed)
        cached = self._data_cache
        if cached is not None and cached[0][0] is key[0] and cached[0][1:] == key[1:]:
            return cached[1], cached[2]
        prepared, error = prepare_data(spec, self.data_dir())
        self._data_cache = (key, prepared, error)
        return prepared, error

    def dataset(self) -> tuple[Any, str | None]:
        """``(Dataset or None, error or None)``: the raw examples of the spec's data."""
        prepared, error = self.prepared()
        return (prepared.dataset if prepared is not None else None), error


def prepare_data(spec: NetworkSpec, base_dir: Path | None) -> tuple[Any, str | None]:
    """Prepare the spec's data; a problem becomes a one-line message, never an exception."""
    from bpsim.data import DataError, prepare

    t = spec.training
    try:
        return prepare(spec.data, t.validation_split, t.seed, base_dir), None
    except (DataError, OSError, ValueError) as exc:
        return None, str(exc) or type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - a data problem must never reach the user raw
        log.exception("unexpected error while loading the data")
        text = QCoreApplication.translate("Document", "cannot load the data ({0}: {1})")
        return None, text.format(type(exc).__name__, exc)
