"""The interface language of bpsim's Qt-free texts (Qt-free, like gettext).

The window translates its own strings with Qt's tool chain (``tr()``, ``.ts`` and ``.qm``
files: :mod:`bpsim.gui.i18n`). The texts that headless code writes — the Step mode's
derivation (:mod:`bpsim.explain`, printed by ``bpsim step``), the gallery's names and
descriptions — are translated here, from a catalogue keyed by the English text
(:mod:`bpsim.lang_zh`), so that ``bpsim step --lang zh_CN`` needs no Qt.

:func:`tx` marks such a phrase (tests/test_i18n.py checks that every literal passed to it has
a translation); :func:`set_language` chooses the language for the whole process.
"""

from __future__ import annotations

import os
import re

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
FIELD = re.compile(r"\{(\d*)(?:[:!][^{}]*)?\}")  # a str.format field: {0}, {1:.4g}, {}
DEFAULT = "en"

_current = DEFAULT


def normalize(name: str | None) -> str | None:
    """A language or locale name as one of :data:`LANGUAGES`: ``zh_CN.UTF-8``, ``zh``,
    ``zh-Hans`` -> ``zh_CN``; ``en_GB``, ``C``, ``POSIX`` -> ``en``; None for others."""
    if not name:
        return None
    base = name.split(".")[0].split("@")[0].replace("-", "_")
    lower = base.lower()
    if lower.startswith("zh"):
        # traditional Chinese (zh_TW, zh_HK, zh_Hant) is not offered: simplified reads better
        # than English for those readers too
        return "zh_CN"
    if lower.startswith("en") or lower in ("c", "posix"):
        return "en"
    return None


def system_language(environ: os._Environ | dict | None = None) -> str:
    """The language of the system locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE, as gettext
    reads them), :data:`DEFAULT` when none names a language bpsim speaks."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return normalize(value) or _first_of(env.get("LANGUAGE", "")) or DEFAULT
    return _first_of(env.get("LANGUAGE", "")) or DEFAULT


def _first_of(languages: str) -> str | None:
    for name in languages.split(":"):
        found = normalize(name)
        if found:
            return found
    return None


def set_language(name: str) -> None:
    """Use ``name`` (a key of :data:`LANGUAGES`, or a locale name) from now on."""
    global _current
    found = normalize(name)
    if found is None:
        raise ValueError(f"unknown language {name!r}: choose one of {', '.join(LANGUAGES)}")
    _current = found


def language() -> str:
    return _current


def tx(text: str) -> str:
    """``text`` (English) in the current language; the English text where the catalogue has
    none (tests/test_i18n.py keeps the catalogue complete)."""
    if _current == "en":
        return text
    from bpsim.lang_zh import PHRASES

    return PHRASES.get(text, text)


def gallery_text(name: str, title: str, description: str) -> tuple[str, str]:
    """The title and description of the gallery lesson ``name`` in the current language."""
    if _current == "en":
        return title, description
    from bpsim.lang_zh import GALLERY

    return GALLERY.get(name, (title, description))


def tx_message(text: str) -> str:
    """A message of Qt-free code (an exception's text shown by the window) in the current
    language: a catalogued phrase, or a phrase with ``{0}`` fields whose values carry over
    ("cross_entropy needs … (the output layer is linear)"); any other text unchanged."""
    if _current == "en" or not text:
        return text
    from bpsim.lang_zh import PHRASES

    if text in PHRASES:
        return PHRASES[text]
    for (regex, fields), template in _message_patterns():
        m = regex.fullmatch(text)
        if m is not None:
            values = {i: m.group(f"f{i}") for i in fields}
            return template.format(*(values.get(i, "") for i in range(max(fields) + 1)))
    return text


_patterns: list = []


def _message_patterns() -> list:
    if not _patterns:
        from bpsim.lang_zh import PHRASES

        _patterns.extend((field_pattern(source), bare_fields(text))
                         for source, text in PHRASES.items()
                         if FIELD.search(source) and re.search(r"[^\W\d_]", FIELD.sub("", source)))
    return _patterns


def bare_fields(template: str) -> str:
    """``{1:.4g}`` -> ``{1}``: a template to fill with values already formatted."""
    return FIELD.sub(lambda m: "{" + m.group(1) + "}", template)


def field_pattern(template: str) -> tuple[re.Pattern, list[int]]:
    """A regular expression matching ``template`` formatted with any values (a group per
    field number; a repeated field must repeat its value) and the field numbers."""
    parts, fields, pos = [], [], 0
    for auto, m in enumerate(FIELD.finditer(template)):
        parts.append(re.escape(template[pos:m.start()]))
        index = int(m.group(1)) if m.group(1) else auto
        parts.append(f"(?P=f{index})" if index in fields else f"(?P<f{index}>.+?)")
        if index not in fields:
            fields.append(index)
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts), re.S), fields
