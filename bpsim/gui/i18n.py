"""The window's language: Qt translators, switching at run time, and a CJK font check.

bpsim's strings are marked with ``tr()`` / ``QCoreApplication.translate`` (stable contexts),
extracted by ``pyside6-lupdate`` into ``resources/i18n/bpsim_<lang>.ts`` and compiled by
``pyside6-lrelease`` into ``.qm`` files (``python tools/i18n.py`` does both). :func:`install`
loads bpsim's ``.qm`` and Qt's own ``qtbase_<lang>.qm`` (standard buttons and dialogs) and
sets the Qt-free texts' language (:mod:`bpsim.lang`).

:func:`switch` changes the language of a running window without a restart. Qt then sends
``LanguageChange`` to every widget; rather than a hand-written ``retranslateUi`` per widget,
:func:`retranslate_tree` walks the widgets, actions and plot labels and replaces every text
that is a message of the catalogue in the old language by the same message in the new one
(a message with ``{0}`` fields matches with its fields, which carry over). Texts built from
several messages or computed from the data are refreshed by their owners, which override
``changeEvent`` (the canvas, the status bar, the Step mode's panel).
"""

from __future__ import annotations

import logging
import os
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)
from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QTabBar,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from bpsim import lang
from bpsim.lang import FIELD as _FIELD
from bpsim.lang import bare_fields, field_pattern
from bpsim.resources import resources_dir

log = logging.getLogger("bpsim.gui")

# N_("Context", "text") marks a text for lupdate and returns it untranslated (a table's
# entries, translated where shown); tools/i18n.py tells lupdate that N_ is QT_TRANSLATE_NOOP.
N_ = QT_TRANSLATE_NOOP
translate = QCoreApplication.translate


def tr(text: str) -> str:
    """``text`` translated in the empty context: the context lupdate gives to a bare
    ``tr("...")`` call (module-level helpers, code outside QObject classes)."""
    return QCoreApplication.translate("", text)

CJK_FONT_PACKAGES = "fonts-wqy-microhei (or fonts-noto-cjk)"


def ts_path(language: str) -> Path:
    return resources_dir() / "i18n" / f"bpsim_{language}.ts"


def qm_path(language: str) -> Path:
    return resources_dir() / "i18n" / f"bpsim_{language}.qm"


def startup_language(requested: str | None = None) -> str:
    """``--lang`` when given, else the system locale's language: LANG=zh_CN.UTF-8 (and the
    other variables gettext reads), or where none is set (Windows, macOS) Qt's system locale."""
    if requested:
        found = lang.normalize(requested)
        if found is None:
            raise ValueError(f"unknown language {requested!r}: choose one of "
                             f"{', '.join(lang.LANGUAGES)}")
        return found
    if not any(os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")):
        return lang.normalize(QLocale.system().name()) or lang.DEFAULT
    return lang.system_language()


def current() -> str:
    return lang.language()


def install(language: str) -> None:
    """Translate from now on into ``language`` (a key of :data:`bpsim.lang.LANGUAGES`):
    bpsim's and Qt's own catalogues (none for English)."""
    app = QCoreApplication.instance()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang.set_language(language)
    language = lang.language()
    if language != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"bpsim_{language}", str(qm_path(language).parent)),
                             (f"qtbase_{language}", qt_dir)):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
            else:
                log.warning("no translation %s in %s", name, folder)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China)
                       if language == "zh_CN" else QLocale(QLocale.Language.English))


_installed: list[QTranslator] = []


def switch(language: str) -> None:
    """Change the language of the running application: every window retranslates."""
    old = current()
    install(language)
    new = current()
    if new == old:
        return
    mapping = _Mapping(old, new)
    for top in QApplication.topLevelWidgets():
        retranslate_tree(top, mapping)


# -- the catalogue ---------------------------------------------------------------------------
@cache
def messages(language: str) -> tuple[tuple[str, str, str], ...]:
    """(context, source, translation) of every finished message of ``language``'s .ts file."""
    path = ts_path(language)
    if language == "en" or not path.is_file():
        return ()
    out = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "vanished",
                                                                  "obsolete"):
                continue
            out.append((name, message.findtext("source", ""), translation.text or ""))
    return tuple(out)


def _texts(language: str) -> dict[str, str]:
    """English source -> its text in ``language``, for every message of every language (the
    English of a message only Chinese has is itself)."""
    every = {source: translation for other in lang.LANGUAGES if other != "en"
             for _c, source, translation in messages(other)}
    if language == "en":
        return {source: source for source in every}
    return {source: translation for _c, source, translation in messages(language)}


class _Mapping:
    """Text in one language -> the same message in another, with ``{0}`` fields carried.

    Called with a text (and the English source it came from, when known): returns the new
    text and its source, or None for a text that is no message. Two messages may share a
    translation ("Step by Step", "Step by step"): the remembered source tells them apart."""

    def __init__(self, old: str, new: str) -> None:
        self.old_texts, self.new_texts = _texts(old), _texts(new)
        self.exact: dict[str, tuple[str, str]] = {}
        self.patterns: list[tuple[tuple[re.Pattern, list[int]], str]] = []
        for source, old_text in self.old_texts.items():
            new_text = self.new_texts.get(source, source)
            if old_text == new_text:
                continue
            if _FIELD.search(old_text):
                # a pattern of fields and punctuation ("{0}, {1}") would match any text
                if re.search(r"[^\W\d_]", _FIELD.sub("", old_text)):
                    self.patterns.append((field_pattern(old_text), bare_fields(new_text)))
            else:
                self.exact.setdefault(old_text, (new_text, source))
        # longer (more specific) patterns first
        self.patterns.sort(key=lambda p: -len(p[0][0].pattern))

    def __call__(self, text: str, source: str | None = None) -> tuple[str, str | None] | None:
        if not text:
            return None
        if source is not None and self.old_texts.get(source) == text \
                and not _FIELD.search(source):
            return self.new_texts.get(source, source), source
        found = self.exact.get(text)
        if found is not None:
            return found
        for (regex, fields), template in self.patterns:
            m = regex.fullmatch(text)
            if m is not None:
                values = {i: m.group(f"f{i}") for i in fields}
                return template.format(*(values.get(i, "") for i in range(max(fields) + 1))), None
        return None


# -- walking the widgets ---------------------------------------------------------------------
def retranslate_tree(root: QWidget, convert) -> None:
    """Replace every text under ``root`` that ``convert`` knows (see the module docstring)."""
    objects: list[QObject] = [root, *root.findChildren(QObject)]
    for obj in objects:
        if isinstance(obj, QAction):
            _retranslate_action(obj, convert)
        elif isinstance(obj, QWidget):
            _retranslate_widget(obj, convert)


def _apply(getter, setter, convert, owner=None, key: str = "") -> None:
    """setter(the converted getter()); the message's source is remembered on ``owner``."""
    memo = getattr(owner, "_bpsim_sources", None) if owner is not None else None
    result = convert(getter(), memo.get(key) if memo else None)
    if result is None:
        return
    setter(result[0])
    if owner is not None and result[1] is not None:
        try:
            if memo is None:
                memo = owner._bpsim_sources = {}
            memo[key] = result[1]
        except AttributeError:  # a wrapper that takes no attributes: no memory, no harm
            pass


def _properties(obj, *names: str) -> list[tuple[str, object, object]]:
    """(key, getter, setter) of Qt properties ``text`` -> (obj.text, obj.setText)."""
    return [(n, getattr(obj, n), getattr(obj, "set" + n[0].upper() + n[1:])) for n in names]


def _indexed(key: str, count: int, get, put) -> list[tuple[str, object, object]]:
    """(key, getter, setter) of the i-th entries of a list property (combo items, tabs)."""
    return [(f"{key}{i}", lambda i=i: get(i), lambda t, i=i: put(i, t)) for i in range(count)]


def _retranslate_action(a: QAction, convert) -> None:
    for key, get, put in _properties(a, "text", "iconText", "toolTip", "statusTip"):
        _apply(get, put, convert, a, key)


def _retranslate_widget(w: QWidget, convert) -> None:
    texts = _properties(w, "windowTitle", "toolTip", "statusTip", "whatsThis")
    if isinstance(w, (QLabel, QAbstractButton)):
        texts += _properties(w, "text")
    elif isinstance(w, (QGroupBox, QMenu)):
        texts += _properties(w, "title")
    elif isinstance(w, QLineEdit):
        texts += _properties(w, "placeholderText")
    elif isinstance(w, QComboBox):
        texts += _indexed("item", w.count(), w.itemText, w.setItemText)
    elif isinstance(w, QTabBar):  # the dock tabs
        texts += _indexed("tab", w.count(), w.tabText, w.setTabText)
    elif isinstance(w, QTabWidget):
        texts += _indexed("tab", w.count(), w.tabText, w.setTabText)
        texts += _indexed("tabTip", w.count(), w.tabToolTip, w.setTabToolTip)
    elif isinstance(w, QTableWidget):
        _retranslate_headers(w, convert)
    elif isinstance(w, QGraphicsView):
        _retranslate_plot_labels(w, convert)
    if isinstance(w, QAbstractSpinBox):
        texts += _properties(w, "specialValueText")
        if isinstance(w, (QSpinBox, QDoubleSpinBox)):
            texts += _properties(w, "suffix", "prefix")
    for key, get, put in texts:
        _apply(get, put, convert, w, key)


def _retranslate_headers(table: QTableWidget, convert) -> None:
    for count, item_at in ((table.columnCount(), table.horizontalHeaderItem),
                           (table.rowCount(), table.verticalHeaderItem)):
        for i in range(count):
            item = item_at(i)
            if item is not None:
                _apply(item.text, item.setText, convert)
                _apply(item.toolTip, item.setToolTip, convert)


def _retranslate_plot_labels(view: QGraphicsView, convert) -> None:
    """pyqtgraph's titles, axis labels and legend entries (labels drawn in the scene)."""
    scene = view.scene()
    if scene is None or "pyqtgraph" not in type(scene).__module__:
        return
    import pyqtgraph as pg

    for item in scene.items():
        if isinstance(item, pg.LabelItem):
            _apply(lambda item=item: item.text,
                   lambda t, item=item: item.setText(t, **item.opts), convert)
        elif isinstance(item, pg.AxisItem) and item.labelText:
            _apply(lambda item=item: item.labelText,
                   lambda t, item=item: item.setLabel(t, item.labelUnits or None,
                                                      **item.labelStyle), convert)


# -- fonts -----------------------------------------------------------------------------------
def has_cjk_font() -> bool:
    """Whether Qt finds a font that draws simplified Chinese."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def missing_font_message(language: str) -> str:
    """What to install when ``language`` needs glyphs no installed font has ('' if none).

    In English: without a CJK font the Chinese sentence would show as empty boxes."""
    if language != "zh_CN" or has_cjk_font():
        return ""
    return ("No Chinese font is installed, so Chinese text shows as empty boxes: install "
            f"{CJK_FONT_PACKAGES}, e.g. sudo apt-get install fonts-wqy-microhei")
