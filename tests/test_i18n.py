"""Translations: every marked string of the window has a finished Chinese translation in the
.ts file, the shipped .qm is compiled from that .ts, and the Qt-free catalogue
(bpsim/lang_zh.py: ``bpsim step``, the gallery) covers every phrase it is asked for."""

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bpsim import explain, gallery, lang, lang_zh
from bpsim.spec import InitSpec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import i18n as tools_i18n  # noqa: E402

TS = ROOT / "resources" / "i18n" / "bpsim_zh_CN.ts"
QM = TS.with_suffix(".qm")
FIELD = re.compile(r"\{\d*(?:[:!][^{}]*)?\}")


def _messages(path: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, its type) of every message."""
    out = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            out.append((name, message.findtext("source", ""),
                        None if translation is None else translation.text,
                        None if translation is None else translation.get("type")))
    return out


@pytest.fixture(scope="module")
def updated(tmp_path_factory) -> list[tuple[str, str, str | None, str | None]]:
    """The committed .ts merged with the strings marked in the code today (lupdate on a copy):
    a string marked since the last translation comes out unfinished."""
    copy = tmp_path_factory.mktemp("ts") / TS.name
    shutil.copy(TS, copy)
    tools_i18n.lupdate(copy)
    return _messages(copy)


def test_every_marked_string_has_a_finished_translation(updated):
    missing = [(c, s) for c, s, t, kind in updated if kind is not None or not t]
    assert not missing, (f"{len(missing)} strings lack a Chinese translation (run python "
                         f"tools/i18n.py and translate them): {missing[:20]}")
    assert len(updated) > 500


def test_the_committed_ts_holds_exactly_the_marked_strings(updated):
    """No string marked in the code is missing from the .ts and none that is gone stays."""
    committed = {(c, s) for c, s, _t, _k in _messages(TS)}
    assert committed == {(c, s) for c, s, _t, _k in updated}


def test_translations_keep_their_fields_and_mnemonics():
    """{0} fields, format specs and HTML tags must survive translation; an & stays one."""
    for context, source, translation, _kind in _messages(TS):
        assert sorted(FIELD.findall(source)) == sorted(FIELD.findall(translation or "")), \
            (context, source, translation)
        assert sorted(re.findall(r"</?\w+", source)) == \
            sorted(re.findall(r"</?\w+", translation or "")), (context, source, translation)
        if re.search(r"&\w", source.replace("&amp;", "")):
            assert re.search(r"&\w", translation or ""), (context, source, translation)


def test_contexts_are_classes_or_explicit():
    """lupdate names a context after the class of ``self.tr``; a context that names no class
    of bpsim (``w`` from ``w.tr(...)``) would never be looked up at run time."""
    nodes = [node for path in (ROOT / "bpsim").rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))]
    classes = {node.name for node in nodes if isinstance(node, ast.ClassDef)}
    explicit = {node.args[0].value for node in nodes
                if isinstance(node, ast.Call) and node.args
                and isinstance(node.args[0], ast.Constant)
                and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
                in ("translate", "N_", "QT_TRANSLATE_NOOP")}
    for context, source, _t, _k in _messages(TS):
        assert context in classes | explicit | {""}, (context, source)


def test_the_qm_is_compiled_from_the_ts():
    """Every message of the .ts comes out of the shipped .qm with its translation (compared
    through QTranslator, not byte for byte: lrelease's output may differ between versions)."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM))
    stale = [(c, s) for c, s, t, _k in _messages(TS) if translator.translate(c, s) != t]
    assert not stale, f"run python tools/i18n.py --release: {stale[:10]}"


# -- the Qt-free catalogue -------------------------------------------------------------------
def _tx_literals() -> set[str]:
    """Every literal passed to bpsim.lang.tx in bpsim/."""
    found = set()
    for path in (ROOT / "bpsim").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "tx":
                arg = node.args[0]
                if isinstance(arg, ast.Constant):  # else a table's entry, checked below
                    found.add(arg.value)
    return found


def test_the_catalogue_translates_every_phrase():
    wanted = _tx_literals() | set(explain.PHASES.values()) \
        | {title for title, _ in gallery.SECTIONS} | {gallery.MORE}
    assert len(wanted) > 20
    assert not wanted - set(lang_zh.PHRASES), sorted(wanted - set(lang_zh.PHRASES))
    for source, text in lang_zh.PHRASES.items():
        assert sorted(FIELD.findall(source)) == sorted(FIELD.findall(text)), source
        assert re.search(r"[\u4e00-\u9fff]", text), source


def test_every_gallery_lesson_has_a_chinese_title_and_description():
    names = {e.name for e in gallery.list_examples()}
    assert names and not names - set(lang_zh.GALLERY), sorted(names - set(lang_zh.GALLERY))
    lang.set_language("zh_CN")
    try:
        sections = gallery.sections()
        assert gallery.network_name("Two spirals") == "双螺旋"  # a gallery network's name
        assert gallery.network_name("my net") == "my net"
    finally:
        lang.set_language("en")
    assert gallery.network_name("Two spirals") == "Two spirals"
    assert sections[0][0].startswith("1–4. 前向传播")
    textbook = sections[0][1][0]
    assert textbook.title == "教材中的计算示例"
    assert textbook.summary.endswith("。") and "0.9" in textbook.summary


@pytest.mark.parametrize("name, expected", [
    ("zh_CN.UTF-8", "zh_CN"), ("zh", "zh_CN"), ("zh-Hans", "zh_CN"), ("en_GB.UTF-8", "en"),
    ("C", "en"), ("POSIX", "en"), ("de_DE", None), ("", None)])
def test_locale_names(name, expected):
    assert lang.normalize(name) == expected


def test_system_language_reads_the_environment_like_gettext():
    assert lang.system_language({"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert lang.system_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert lang.system_language({"LANG": "de_DE.UTF-8", "LANGUAGE": "de:zh_CN"}) == "zh_CN"
    assert lang.system_language({}) == "en"


def test_bpsim_step_speaks_chinese_without_qt():
    """The derivation in Chinese (phase titles), symbols and numbers as in English; no Qt."""
    code = ("import sys; from bpsim.cli import main; rc = main(['step', 'textbook', '--lang', "
            "'zh_CN']); assert not [m for m in sys.modules if m.startswith(('PySide6', "
            "'pyqtgraph'))]; sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8", check=True)
    out = done.stdout
    for title in ("1. 前向传播", "2. 输出层的误差", "3. 输出层的误差项 δ", "4. 隐藏层的误差项 δ",
                  "5. 权重和偏置的变化 (η = 0.9)", "6. 新权重"):
        assert f"\n{title}\n" in out
    assert "z4 = Σ w·o + b4 = 1*0.2 + 0*0.4 + 1*(-0.5) + (-0.4) = -0.7" in out
    assert "w46 = w46(old) + Δw46 = -0.3 + 0.03917 = -0.2608" in out  # the lecture's notation
    assert "Forward pass" not in out


def test_bpsim_step_conv_words_in_chinese(capsys):
    from bpsim.cli import main

    try:
        assert main(["step", "convolution-shift", "--lang", "zh_CN"]) == 0
    finally:
        lang.set_language("en")
    out = capsys.readouterr().out
    assert "来自 o1[1](9)" in out and "不是其窗口中的最大值" in out
    assert not re.search(r"\b(from|goes to|positions|terms)\b", out)


def test_gui_options_parse_without_qt():
    from bpsim.cli import UsageError, _gui_parser

    args = _gui_parser().parse_args(["spirals", "--lang", "zh_CN", "--size", "1024x700"])
    assert (args.lang, args.size) == ("zh_CN", (1024, 700))
    with pytest.raises(UsageError, match="invalid choice: 'fr'"):
        _gui_parser().parse_args(["--lang", "fr"])
    with pytest.raises(UsageError, match="'big' is not a size like 1024x700"):
        _gui_parser().parse_args(["--size", "big"])


def test_messages_of_headless_code_are_shown_in_the_language():
    """An exception's text from the engine or the edits, as the window shows it."""
    from bpsim import edits
    from bpsim.engine.losses import check_pair

    with pytest.raises(ValueError) as caught:
        check_pair("cross_entropy", "linear")
    english = str(caught.value)
    assert lang.tx_message(english) == english  # English: unchanged
    lang.set_language("zh_CN")
    try:
        assert lang.tx_message(english) == "交叉熵需要 softmax 或 sigmoid 输出层（输出层是 linear）"
        spec = edits.new_network((2, 3, 1), "tanh", "sigmoid", InitSpec(), "sse")
        with pytest.raises(ValueError, match="只能删除隐藏层"):
            edits.remove_layer(spec, 0)
        assert lang.tx_message("something else") == "something else"
    finally:
        lang.set_language("en")
