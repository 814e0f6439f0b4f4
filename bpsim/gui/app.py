"""Starting the GUI: ``bpsim.gui.app.run`` (called lazily by ``bpsim.cli``)."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

log = logging.getLogger("bpsim.gui")


# Qt's X11 plugin (xcb) needs these system libraries since Qt 6.5; a desktop without them gets
# "no Qt platform plugin could be initialized" and an abort. Library name -> Debian package.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}


def missing_x11_packages() -> list[str]:
    """The Debian packages Qt's xcb plugin would miss here ([] off X11 or when all are present).

    Checked only on Linux when Qt would pick xcb (no QT_QPA_PLATFORM, no Wayland session)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform not in ("", "xcb") \
            or (not platform and os.environ.get("WAYLAND_DISPLAY")):
        return []
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if not _loadable(lib)]


def _loadable(soname: str) -> bool:
    """Whether the dynamic loader finds the library (as Qt's plugin would)."""
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _application():
    from PySide6.QtWidgets import QApplication

    from bpsim.gui import settings

    app = QApplication.instance() or QApplication(["bpsim"])
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    app.setDesktopFileName("bpsim")  # the .desktop file of bpsim --install-desktop-entry
    app.setWindowIcon(application_icon())
    return app


def application_icon():
    """bpsim's icon (resources/icons/bpsim.svg): the 3-2-1 network with the error flowing back."""
    from PySide6.QtGui import QIcon

    from bpsim.resources import icon_path

    return QIcon(str(icon_path()))


def _excepthook(window):
    """Unexpected errors: logged with their traceback, shown to the user as a message only."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if issubclass(kind, KeyboardInterrupt):
            return
        try:
            from bpsim.gui.i18n import translate

            window.show_error(translate("MainWindow", "Unexpected error"), translate(
                "MainWindow",
                "Something went wrong: {0}\n\nThe document is unchanged unless the last "
                "action completed; the details were written to the log.").format(exc))
        except Exception:  # noqa: BLE001 - the hook must never raise
            log.exception("could not show the error dialog")

    return hook


def _settle(seconds: float) -> None:
    """Run the event loop for ``seconds`` (a few processEvents calls left the canvas of a
    window that had trained unpainted: black in half of the screenshots)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _screenshot(window, path: str, size: tuple[int, int] | None = None) -> int:
    from PySide6.QtCore import Qt, qInstallMessageHandler

    from bpsim.gui.main_window import DEFAULT_SIZE

    def quiet(mode, context, message: str) -> None:
        # The offscreen platform cannot propagate size hints; that is not worth a warning.
        if "propagateSizeHints" not in message:
            log.warning("Qt: %s", message)

    previous = qInstallMessageHandler(quiet)
    try:
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.resize(*(size or DEFAULT_SIZE))
        window.show()
        if window.training is not None:
            window.training.pause()  # the picture shows one state, not one mid-update
        _settle(0.3)  # the docks' first layout and the snapshots still on their way
        window.canvas.fit()
        _settle(0.1)
        ok = window.grab().save(path)
    finally:
        qInstallMessageHandler(previous)
    if window.training is not None:
        window.training.shutdown()
    window.document.undo_stack.setClean()
    window.hide()
    window.deleteLater()
    if not ok:
        print(f"bpsim: cannot write the screenshot {path}", file=sys.stderr)
        return 1
    return 0


def run(file: str | None = None, screenshot: str | None = None, train: bool = False,
        seconds: float = 3.0, lang: str | None = None, size: tuple[int, int] | None = None) -> int:
    """Open the main window (with ``file``: a path or a gallery name) and run the event loop.

    With ``screenshot``, render the window offscreen at 1400x900 into that PNG and return
    0 (1 with a message on stderr if the file cannot be opened). ``train`` starts training at
    once; with ``screenshot`` the picture is taken after ``seconds`` of training. ``lang``
    (``zh_CN``, ``en``) overrides the system locale's language; ``size`` the screenshot's.
    """
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    missing = missing_x11_packages()
    if missing:
        print("bpsim: Qt cannot open a window: these system libraries are missing: "
              f"{' '.join(missing)}. Install them (e.g. sudo apt-get install {' '.join(missing)}) "
              "or run headless with bpsim train / bpsim step.", file=sys.stderr)
        return 1
    from bpsim import fileformat
    from bpsim.gallery import resolve

    app = _application()
    from bpsim.gui import i18n
    from bpsim.gui.i18n import translate
    from bpsim.gui.main_window import MainWindow

    i18n.install(i18n.startup_language(lang))
    note = i18n.missing_font_message(i18n.current())
    if note:
        print(f"bpsim: {note}", file=sys.stderr)
    window = MainWindow(restore=screenshot is None)
    if file is not None:
        try:
            window.load_file(resolve(file), raise_errors=screenshot is not None)
        except (FileNotFoundError, fileformat.FileFormatError, OSError, ValueError) as exc:
            if screenshot is not None:
                print(f"bpsim: {exc}", file=sys.stderr)
                window.deleteLater()
                return 1
            window.show_error(translate("MainWindow", "Cannot open {0}").format(Path(file).name),
                              str(exc))
    if train and window.training is not None:
        window.training.start()
        if screenshot is not None:
            window.training.run_for(seconds)
    if screenshot is not None:
        return _screenshot(window, screenshot, size)
    previous = sys.excepthook
    sys.excepthook = _excepthook(window)
    try:
        window.show()
        if file is None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, window.show_welcome)
        return int(app.exec())
    finally:
        sys.excepthook = previous
