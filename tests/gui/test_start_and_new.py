"""First run and your own data in the window: the gallery start page by the lecture's sections
with pictures, New from a CSV file, Fit to the data, File → Export Network, the icon."""

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QMessageBox

from bpsim.fileformat import load
from bpsim.gallery import SECTIONS, resolve
from bpsim.gui import settings
from bpsim.gui.app import application_icon
from bpsim.gui.dialogs import NewNetworkDialog
from bpsim.gui.gallery_dialog import PATH_ROLE, SUMMARY_ROLE, GalleryDialog
from bpsim.gui.main_window import MainWindow
from bpsim.gui.thumbnails import SIZE, thumbnail

Button = QMessageBox.StandardButton


@pytest.fixture
def window(qtbot):
    w = MainWindow(restore=False, features=False)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.ask_unsaved = lambda: Button.Discard
    yield w
    w.document.undo_stack.setClean()


@pytest.fixture
def wine(tmp_path):
    rng = np.random.default_rng(0)
    rows = ["alcohol,ash,cultivar"]
    for k in range(90):
        c = k % 3
        rows.append(f"{12 + c + rng.normal(0, 0.3):.3f},{2 + 0.5 * c + rng.normal(0, 0.2):.3f},"
                    f"{c + 1}")
    path = tmp_path / "wine.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_the_gallery_follows_the_lecture_with_a_picture_and_a_purpose(qtbot):
    dialog = GalleryDialog(welcome=True)
    qtbot.addWidget(dialog)
    items = [dialog.list.item(k) for k in range(dialog.list.count())]
    headings = [i.text() for i in items if i.data(PATH_ROLE) is None]
    lessons = [i for i in items if i.data(PATH_ROLE)]
    assert headings == [title for title, _ in SECTIONS]
    assert [i.text().split("(")[-1].rstrip(")") for i in lessons][:3] == [
        "textbook", "xor", "underfit"]
    assert len(lessons) == sum(len(names) for _, names in SECTIONS)
    for item in lessons:
        assert not item.icon().isNull() and item.data(SUMMARY_ROLE).endswith(".")
    assert dialog.list.currentItem() is lessons[0]  # the worked example is chosen first
    assert "z4 = -0.7" in dialog.description.text()
    dialog.list.itemActivated.emit(lessons[2])
    assert dialog.example() == resolve("underfit")


def test_a_thumbnail_draws_the_network_and_the_data(qtbot):
    image = thumbnail(resolve("spirals"), QPalette(), 1.0).toImage()
    assert (image.width(), image.height()) == (SIZE.width(), SIZE.height())
    colours = {image.pixel(x, y) for x in range(0, image.width(), 2)
               for y in range(0, image.height(), 2)}
    assert len(colours) > 20  # edges, units and two classes of points, not a blank card
    right = image.copy(SIZE.width() * 3 // 4 - 10, 10, 30, SIZE.height() - 20)
    assert _has_colour(right, "#0072B2") and _has_colour(right, "#E69F00")  # both spirals


def _has_colour(image: QImage, hex_colour: str) -> bool:
    from PySide6.QtGui import QColor

    want = QColor(hex_colour)
    for x in range(image.width()):
        for y in range(image.height()):
            c = QColor(image.pixel(x, y))
            if abs(c.red() - want.red()) + abs(c.green() - want.green()) \
                    + abs(c.blue() - want.blue()) < 60:
                return True
    return False


def test_a_fresh_window_opens_on_the_gallery(window):
    asked = []
    window.ask_welcome = lambda: asked.append(1) or ("example", resolve("textbook"))
    window.show_welcome()
    assert asked and window.document.spec.name.startswith("The textbook")
    settings.set_show_welcome(False)
    window.show_welcome()
    assert len(asked) == 1  # turned off: the window opens on its network


def test_the_start_page_offers_new_from_a_csv_file(window, wine):
    dialogs = []

    def ask_new_from_csv():
        dialog = NewNetworkDialog(window, NewNetworkDialog.CSV)
        dialogs.append(dialog)
        dialog.csv.set_path(str(wine))
        dialog.accept()
        return dialog.result_spec

    window.ask_welcome = lambda: ("csv", None)
    window.ask_new_from_csv = ask_new_from_csv
    window.show_welcome()
    assert dialogs[0].tabs.currentIndex() == NewNetworkDialog.CSV
    spec = window.document.spec
    assert spec.sizes == (2, 32, 3) and spec.layers[0].labels == ("alcohol", "ash")
    assert spec.layers[-1].labels == ("1", "2", "3") and spec.loss == "cross_entropy"
    assert window.document.display_name.startswith("wine")


def test_the_csv_page_describes_the_network_before_ok(qtbot, wine, tmp_path):
    dialog = NewNetworkDialog(None, NewNetworkDialog.CSV)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "Choose a CSV file" in dialog.csv.summary.text()
    dialog.csv.set_path(str(wine))
    assert ok.isEnabled()
    assert [dialog.csv.target.itemText(k) for k in range(3)] == ["alcohol", "ash", "cultivar"]
    assert dialog.csv.target.currentText() == "cultivar"
    assert dialog.csv.summary.text().startswith("classes: 3 (cultivar); 90 examples → a 2-32-3")
    dialog.csv.task.setCurrentIndex(dialog.csv.task.findData("regression"))
    assert "regression on cultivar" in dialog.csv.summary.text()
    dialog.csv.hidden.setText("8,x")
    assert not ok.isEnabled() and "16,8" in dialog.csv.summary.text()
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3,\n")
    dialog.csv.hidden.setText("4")
    dialog.csv.set_path(str(bad))
    dialog.accept()  # the file cannot be used: the dialog stays open and says why
    assert dialog.result() == 0 and 'column "b" is empty' in dialog.csv.summary.text()


def test_a_large_csv_is_read_in_the_background(qtbot, wine, tmp_path, monkeypatch):
    import threading

    from PySide6.QtWidgets import QDialog

    import bpsim.gui.csv_page as csv_page

    dialog = NewNetworkDialog(None, NewNetworkDialog.CSV)
    qtbot.addWidget(dialog)
    dialog.csv.set_path(str(wine))
    monkeypatch.setattr(csv_page, "PREVIEW_BYTES", 10)  # every file counts as large now
    gate = threading.Event()
    original = csv_page.make_network
    seen = []

    def slow(*args):
        seen.append(threading.current_thread() is not threading.main_thread())
        gate.wait(10)
        return original(*args)

    monkeypatch.setattr(csv_page, "make_network", slow)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.accept()
    assert dialog.csv.summary.text() == "Reading wine.csv…" and not ok.isEnabled()
    qtbot.wait(120)  # the event loop runs while the file is read
    assert dialog.result() == 0 and dialog.result_spec is None
    gate.set()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    assert seen == [True] and dialog.result_spec.sizes == (2, 32, 3)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3,\n")
    again = NewNetworkDialog(None, NewNetworkDialog.CSV)
    qtbot.addWidget(again)
    again.csv.set_path(str(bad))
    again.accept()
    qtbot.waitUntil(lambda: "is empty" in again.csv.summary.text(), timeout=10000)
    assert again.result() == 0 and again.buttons.button(again.buttons.StandardButton.Ok) \
        .isEnabled()


def test_the_layers_page_accepts_a_softmax_output_of_several_units(qtbot):
    dialog = NewNetworkDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.output.setCurrentIndex(dialog.output.findData("softmax"))
    dialog.loss.setCurrentIndex(dialog.loss.findData("cross_entropy"))
    dialog.sizes.setText("2-8-3")
    assert ok.isEnabled()
    dialog.sizes.setText("2-8-1")
    assert not ok.isEnabled() and "at least two units" in dialog.message.text()


def test_fit_to_the_data_never_leaves_a_one_unit_softmax(window, tmp_path):
    window.load_file(resolve("iris"))
    rows = ["r,t,diagnosis"] + [f"{k % 7},{k % 5},{'BM'[k % 2]}" for k in range(40)]
    (tmp_path / "c.csv").write_text("\n".join(rows) + "\n")
    window.data_panel.set_csv(str(tmp_path / "c.csv"), "diagnosis")
    assert window.sizes_from_data()
    spec = window.document.spec
    assert spec.sizes[0] == 2 and spec.sizes[-1] == 1
    assert (spec.layers[-1].activation, spec.loss) == ("sigmoid", "cross_entropy")
    assert spec.layers[0].labels == ("r", "t") and spec.layers[-1].labels == ("M",)
    assert not window.errors


def test_file_export_network_writes_what_the_user_chose(window, tmp_path):
    window.load_file(resolve("textbook"))
    window.ask_network_export_path = lambda: (str(tmp_path / "t.py"), "python")
    assert window.export_network()
    namespace: dict = {}
    exec((tmp_path / "t.py").read_text(), namespace)  # noqa: S102 - the file we just wrote
    assert round(float(namespace["predict"]([1, 0, 1])[0]), 4) == 0.4739
    window.ask_network_export_path = lambda: (str(tmp_path / "t.npz"), "npz")
    assert window.export_network() and np.load(tmp_path / "t.npz")["sizes"].tolist() == [3, 2, 1]
    assert "Export &Network…" in [a.text() for a in window.menuBar().actions()[0].menu().actions()]


def test_the_application_has_its_icon(qtbot):
    icon = application_icon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64 and QImage(image).pixelColor(32, 32).alpha() > 0
    saved = load(resolve("textbook"))  # the icon does not disturb loading files
    assert saved.sizes == (3, 2, 1)
