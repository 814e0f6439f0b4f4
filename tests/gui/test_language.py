"""The window in Chinese: from the start, and switched at run time without a restart."""

import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QMenu,
)

from bpsim import lang
from bpsim.gui import i18n
from bpsim.gui.main_window import MainWindow

CJK = re.compile(r"[\u4e00-\u9fff]")
# names that stay as they are in Chinese texts too: functions, formats, the language menu
KEPT = re.compile(r"^(English|sigmoid|tanh|relu|leaky relu|softmax|float32|float64|"
                  r"CSV…|Markdown…|w [<>] 0|η|η ÷ 10|\|\|dE/dW\|\||[\W\d_]*)$", re.IGNORECASE)


@pytest.fixture
def window(qtbot):
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    w.resize(1024, 700)
    w.show()
    qtbot.waitUntil(lambda: w.training.latest is not None, timeout=8000)  # the child loaded
    settle(qtbot)
    yield w
    i18n.install("en")
    if w.training is not None:
        w.training.shutdown()
    w.document.undo_stack.setClean()


def texts(w: MainWindow) -> list[tuple[str, str]]:
    """(kind, text) of every menu, action, dock title, label, button, box item and tooltip."""
    out = []
    for o in [w, *w.findChildren(QAction), *w.findChildren(QDockWidget),
              *w.findChildren(QMenu), *w.findChildren(QLabel), *w.findChildren(QAbstractButton),
              *w.findChildren(QGroupBox), *w.findChildren(QComboBox)]:
        if o.objectName() == "FontNote":  # English on purpose (see the font test)
            continue
        if isinstance(o, QAction):
            out += [("action", o.text()), ("tip", o.toolTip())]
        else:
            out.append(("tooltip", o.toolTip()))
            if isinstance(o, QDockWidget):
                out.append(("dock", o.windowTitle()))
            if isinstance(o, QMenu):
                out.append(("menu", o.title()))
            if isinstance(o, (QLabel, QAbstractButton)):
                out.append(("label", o.text()))
            if isinstance(o, QGroupBox):
                out.append(("group", o.title()))
            if isinstance(o, QComboBox):
                out += [("item", o.itemText(i)) for i in range(o.count())]
    return [(kind, t) for kind, t in out if t and t.strip()]


def english(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts with an English word and no Chinese (formulas and kept names aside)."""
    plain = (re.sub(r"<[^>]+>|&nbsp;|&\w", " ", t) for _, t in items)
    return [item for item, p in zip(items, plain)
            if re.search(r"[A-Za-z]{3,}", p) and not CJK.search(p) and not KEPT.match(p.strip())]


def sample(w: MainWindow) -> dict[str, str]:
    bar = w.menuBar().actions()
    return {"file menu": bar[0].text(), "help menu": bar[-1].text(),
            "hyper dock": w.hyper_dock.windowTitle(), "data dock": w.data_dock.windowTitle(),
            "loss dock": w.plot_docks[0].windowTitle(), "new": w.actions["new"].text(),
            "new tip": w.actions["new"].toolTip(), "train": w.training.actions.train.toolTip(),
            "step": w.step_controller.actions["next"].toolTip(),
            "params": w.params_label.text(), "rate tip": w.hyperparameters.rate.spin.toolTip()}


def settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(10)


def test_switching_to_chinese_and_back_at_run_time(window, qtbot):
    w = window
    before = sample(w)
    assert before["file menu"] == "&File" and before["params"] == "17 parameters"
    originally = texts(w)
    n_english = len(english(originally))
    assert n_english > 100  # the check below can see English

    w.language_actions.actions()[1].trigger()  # View → Language → 简体中文
    settle(qtbot)
    assert i18n.current() == lang.language() == "zh_CN"
    zh = sample(w)
    assert zh["file menu"] == "文件(&F)" and zh["hyper dock"] == "超参数"
    assert zh["params"] == "17 个参数"
    assert zh["step"] == "下一行（→） (右方向)"  # Qt names the key
    for key, text in zh.items():
        assert CJK.search(text), (key, text)
    left = english(texts(w))
    assert not left, left[:20]
    assert w.language_actions.actions()[1].isChecked()

    w.set_language("en")
    settle(qtbot)
    assert sample(w) == before
    assert sorted(texts(w)) == sorted(originally)


def test_starting_in_chinese_from_the_locale(qtbot, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    i18n.install(i18n.startup_language(None))
    try:
        w = MainWindow(restore=False, features=False)
        qtbot.addWidget(w)
        assert w.menuBar().actions()[0].text() == "文件(&F)"
        assert w.actions["reinit"].iconText() == "重新初始化"
        # a mixin's context: PySide's tr walks the class's MRO (MainWindow, NetworkMixin, …)
        assert w.tr("Cannot change the network") == "无法修改网络"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own catalogue
        assert box.buttons()[0].text() == "取消"
        w.document.undo_stack.setClean()
    finally:
        i18n.install("en")
    assert i18n.startup_language("en") == "en"
    with pytest.raises(ValueError, match="zh_CN"):
        i18n.startup_language("klingon")


def test_the_window_names_a_font_package_when_chinese_has_no_font(qtbot, monkeypatch):
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    i18n.install("zh_CN")
    try:
        w = MainWindow(restore=False, features=False)
        qtbot.addWidget(w)
        assert "fonts-wqy-microhei" in w.font_note.text()
        assert not w.font_note.isHidden()
        w.document.undo_stack.setClean()
        w.set_language("en")
        qtbot.waitUntil(w.font_note.isHidden)
    finally:
        i18n.install("en")


def test_the_mapping_carries_fields_over():
    convert = i18n._Mapping("en", "zh_CN")
    assert convert("epoch 12") == ("轮次 12", None)
    assert convert("Diverged at step 8: η = 0.5 is too large")[0] == "第 8 步发散：η = 0.5 太大"
    assert convert("something the catalogue never saw") is None
    back = i18n._Mapping("zh_CN", "en")
    assert back("把隐藏层 2 的 Dropout 改为 0.1")[0] == "Change dropout of hidden layer 2 to 0.1"
    # two sources, one translation: the remembered source decides
    assert back("单步模式", "Step by Step") == ("Step by Step", "Step by Step")
    assert back("单步模式", "Step by step") == ("Step by step", "Step by step")


def test_the_undo_prefix_follows_the_language(qtbot):
    w = MainWindow(restore=False, features=False)
    qtbot.addWidget(w)
    w.actions["reinit"].trigger()
    label = w.actions["undo"].text()
    assert label.startswith("&Undo ") and len(label) > len("&Undo ")
    try:
        w.set_language("zh_CN")
        qtbot.waitUntil(lambda: w.actions["undo"].text().startswith("撤销(&U) "))
        assert w.actions["redo"].text() == "重做(&R)"
    finally:
        i18n.install("en")
    w.document.undo_stack.setClean()


def test_runs_are_named_again_after_a_switch(qtbot):
    """A run's name says what differs ("pre-trained"): it follows the language."""
    from bpsim.fileformat import load
    from bpsim.gallery import resolve
    from bpsim.gui.runs.model import RunList

    spec = load(resolve("pretraining"))
    runs = RunList()
    first, second = runs.start(spec), runs.start(spec, pretrained=True)
    assert second.name == "pre-trained" and first.name == "random initial weights"
    try:
        i18n.install("zh_CN")
        with qtbot.waitSignal(runs.changed):
            runs.retranslate()
        assert (first.name, second.name) == ("随机初始权重", "已预训练")
    finally:
        i18n.install("en")
