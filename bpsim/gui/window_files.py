"""File handling of the main window: new, open (files, the gallery, recent, drops), save,
export, and the unsaved-changes question. Questions and errors go through one method each
(``ask_unsaved``, ``ask_open_path``, ``ask_save_path``, ``show_error``...) that tests replace."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from bpsim import edits, fileformat
from bpsim.engine.build import initialized
from bpsim.export import SUFFIXES, export
from bpsim.gallery import comparison, examples_dir
from bpsim.gui import settings
from bpsim.gui.dialogs import NewNetworkDialog
from bpsim.gui.gallery_dialog import GalleryDialog
from bpsim.gui.i18n import N_
from bpsim.gui.runs.variants import lesson_variant
from bpsim.safeio import ReadOnlyError
from bpsim.spec import NetworkSpec

FILE_FILTER = N_("FileMixin", "bpsim networks (*.bpsim);;All files (*)")
Button = QMessageBox.StandardButton


def is_gallery_file(path: Path) -> bool:
    try:
        return Path(path).resolve().parent == examples_dir().resolve()
    except OSError:
        return False


class FileMixin:
    """File commands of :class:`~bpsim.gui.main_window.MainWindow`."""

    # -- questions (replaced in tests) ---------------------------------------------------
    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel for unsaved changes."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unsaved changes"),
                          self.tr("{0} has unsaved changes. Save them?").format(
                              self.document.display_name),
                          Button.Save | Button.Discard | Button.Cancel, self)
        box.setDefaultButton(Button.Save)
        return Button(box.exec())

    def ask_replace_read_only(self, path: Path) -> bool:
        """Whether to replace the read-only file ``path`` anyway (No is the default)."""
        return self.read_only_box(path).exec() == Button.Yes

    def read_only_box(self, path: Path) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Read-only file"),
                          self.tr("{0} is read-only.").format(path.name),
                          Button.Yes | Button.No, self)
        box.setInformativeText(self.tr("Replace it anyway? It stays read-only afterwards."))
        box.button(Button.Yes).setText(self.tr("Replace"))
        box.button(Button.No).setText(self.tr("Keep it"))
        box.setDefaultButton(Button.No)
        return box

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, message)

    def ask_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open network"), self._folder(),
                                              self.tr(FILE_FILTER))
        return path or None

    def ask_save_path(self) -> str | None:
        name = self.document.display_name.replace(" (example)", "")
        suggestion = str(Path(self._folder()) / (Path(name).stem + ".bpsim"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save network"), suggestion,
                                              self.tr(FILE_FILTER))
        if path and not Path(path).suffix:
            path += ".bpsim"
        return path or None

    def ask_export_path(self, kind: str) -> str | None:
        stem = Path(self.document.display_name.replace(" (example)", "")).stem
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export canvas"), str(Path(self._folder()) / f"{stem}.{kind}"),
            f"{kind.upper()} (*.{kind})")
        return path or None

    def ask_new_network(self) -> NetworkSpec | None:
        return self._ask_new(NewNetworkDialog.LAYERS)

    def ask_new_from_csv(self) -> NetworkSpec | None:
        return self._ask_new(NewNetworkDialog.CSV)

    def _ask_new(self, page: int) -> NetworkSpec | None:
        dialog = NewNetworkDialog(self, page)
        return dialog.result_spec if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_example(self) -> Path | None:
        dialog = GalleryDialog(self)
        return dialog.example() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_welcome(self) -> tuple[str, Path | None] | None:
        """The start page: a lesson, "new" or "csv" (None: just close it)."""
        dialog = GalleryDialog(self, welcome=True, show_at_start=settings.show_welcome())
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        settings.set_show_welcome(dialog.show_at_start.isChecked())
        return dialog.choice if accepted else None

    def _folder(self) -> str:
        path = self.document.path
        if path is not None:
            return str(path.parent)
        recent = settings.recent_files()
        return str(recent[0].parent) if recent else str(Path.home())

    # -- commands ------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the document (saved, discarded or unmodified)."""
        if not self.document.modified:
            return True
        answer = self.ask_unsaved()
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def new_network(self) -> bool:
        return self._start_new(self.ask_new_network)

    def new_from_csv(self) -> bool:
        """A network made for the user's CSV file (``bpsim new --data`` in the window)."""
        return self._start_new(self.ask_new_from_csv)

    def _start_new(self, ask) -> bool:
        if not self.maybe_save():
            return False
        spec = ask()
        if spec is None:
            return False
        if spec.data is not None and spec.data.csv is not None:
            self.document.allow_data_file(spec.data.csv)  # the user chose it in the dialog
        self.document.reset(spec, None, untitled_name=spec.name or "Untitled")
        return True

    def show_welcome(self) -> None:
        """Open on something to do: the gallery, with New beside it (unless turned off)."""
        if not settings.show_welcome():
            return
        choice = self.ask_welcome()
        if choice is None:
            return
        kind, path = choice
        if kind == "example" and path is not None:
            self.load_file(path)
        elif kind == "csv":
            self.new_from_csv()
        else:
            self.new_network()

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path = self.ask_open_path()
        return self.load_file(Path(path)) if path else False

    def open_file(self, path: str | Path) -> bool:
        """Open ``path`` after the unsaved-changes question (drops, recent files)."""
        return self.maybe_save() and self.load_file(Path(path))

    def _open_comparison(self, path: Path) -> None:
        """A paired lesson opens as a comparison: its other lessons train beside it."""
        others = comparison(path.stem)
        if not others or getattr(self, "training", None) is None:
            return
        try:
            variants = [lesson_variant(path.parent / f"{name}.bpsim") for name in others]
        except (fileformat.FileFormatError, OSError, ValueError) as exc:
            self.statusBar().showMessage(self.tr("Cannot compare: {0}").format(exc), 8000)
            return
        self.training.compare(variants)

    def open_example(self) -> bool:
        if not self.maybe_save():
            return False
        path = self.ask_example()
        return self.load_file(path) if path is not None else False

    def load_file(self, path: Path, *, raise_errors: bool = False) -> bool:
        """Replace the document by the file at ``path``; on a bad file show the validator's
        message (or raise it) and keep the current document. Gallery files open as untitled
        copies, so Save asks for a new path and the gallery is never overwritten."""
        path = Path(path)
        try:
            spec = edits.csv_absolute(initialized(fileformat.load(path)), path.parent)
        except (fileformat.FileFormatError, OSError, ValueError) as exc:
            if raise_errors:
                raise
            self.show_error(self.tr("Cannot open {0}").format(path.name), str(exc))
            return False
        if is_gallery_file(path):
            self.document.reset(spec, None, untitled_name=f"{path.stem} (example)",
                                origin=path.parent)
        else:
            self.document.reset(spec, path)
            settings.add_recent(path)
        self.statusBar().showMessage(self.tr("Opened {0}").format(path.name), 5000)
        if is_gallery_file(path):
            self._open_comparison(path)
        return True

    def save(self) -> bool:
        path = self.document.path
        return self.save_as() if path is None else self._write(path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        return self._write(Path(path)) if path else False

    def _write(self, path: Path) -> bool:
        if is_gallery_file(path):
            self.show_error(self.tr("Cannot save"), self.tr(
                "{0} is a gallery example; save your copy somewhere else.").format(path.name))
            return False
        spec = edits.csv_relative(self.document.spec, path.parent)
        if getattr(self, "training", None) is not None:  # the Runs panel's runs go with it
            spec = replace(spec, runs=self.training.runs.saved())
        try:
            try:
                fileformat.save(path, spec)
            except ReadOnlyError:
                if not self.ask_replace_read_only(path):
                    return False
                fileformat.save(path, spec, allow_read_only=True)
        except (OSError, ValueError) as exc:
            self.show_error(self.tr("Cannot save {0}").format(path.name), str(exc))
            return False
        self.document.mark_saved(path)
        settings.add_recent(path)
        self.statusBar().showMessage(self.tr("Saved {0}").format(path), 5000)
        return True

    def export_png(self) -> None:
        self._export("png")

    def export_svg(self) -> None:
        self._export("svg")

    def _export(self, kind: str) -> None:
        path = self.ask_export_path(kind)
        if not path:
            return
        try:
            (self.canvas.export_png if kind == "png" else self.canvas.export_svg)(path)
        except (OSError, ValueError, RuntimeError) as exc:
            self.show_error(self.tr("Cannot export"), str(exc))
            return
        self.statusBar().showMessage(self.tr("Exported {0}").format(path), 5000)

    def ask_network_export_path(self) -> tuple[str, str] | None:
        """(path, format) for File → Export Network."""
        stem = Path(self.document.display_name.replace(" (example)", "")).stem
        filters = {self.tr("ONNX graph (*.onnx)"): "onnx",
                   self.tr("NumPy archive (*.npz)"): "npz",
                   self.tr("Python file (*.py)"): "python"}
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export network"), str(Path(self._folder()) / f"{stem}.onnx"),
            ";;".join(filters))
        if not path:
            return None
        by_suffix = {suffix: fmt for fmt, suffix in SUFFIXES.items()}
        fmt = by_suffix.get(Path(path).suffix.lower(), filters.get(chosen, "onnx"))
        if not Path(path).suffix:
            path += SUFFIXES[fmt]
        return path, fmt

    def export_network(self) -> bool:
        """The network as ONNX, a NumPy archive or a Python file (see bpsim.export)."""
        answer = self.ask_network_export_path()
        if answer is None:
            return False
        path, fmt = answer
        try:
            export(self.document.spec, {fmt: path}, self.document.data_dir())
        except (OSError, ValueError) as exc:
            self.show_error(self.tr("Cannot export"), str(exc))
            return False
        self.statusBar().showMessage(self.tr("Exported {0}").format(path), 5000)
        return True

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = settings.recent_files()
        for path in recent:
            action = menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        if not recent:
            menu.addAction(self.tr("(none)")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear list"), settings.clear_recent)

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            settings.remove_recent(path)
            self.show_error(self.tr("Cannot open {0}").format(path.name),
                            self.tr("{0} no longer exists.").format(path))
            return
        self.open_file(path)
