"""The language of what the package shows: English by default, Korean on request.

    import mlcourse
    mlcourse.set_language("ko")    # figures, widgets, summaries and hints in Korean
    mlcourse.set_language("en")    # back to English

Every text the package shows (axis labels, titles, legends, widget descriptions and tooltips,
printed summaries, exercise hints, playground labels) goes through :func:`tr`, and so do the
figure labels written in the notebooks. :func:`tr` returns the English text unchanged, or its
Korean translation from one gettext catalog, ``mlcourse/locale/ko.po`` (``msgid`` English,
``msgstr`` Korean), the format Poedit, Weblate and polib read. A test checks that every text
passed to :func:`tr` in the package and the notebooks has a Korean translation.

Selecting Korean also registers the bundled NanumGothic font (regular and bold, SIL Open Font
License, ``mlcourse/fonts/``) with matplotlib as the font for the glyphs the usual fonts lack,
so Hangul renders on any machine with no Korean font installed. A label with ``$math$`` in it
is set in one font, which has no Hangul: Korean goes in labels without math.

The environment variable ``MLCOURSE_LANG`` (``en`` or ``ko``) sets the language a kernel
starts with; ``set_language`` changes it at any time for everything drawn afterwards.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["LANGUAGES", "set_language", "get_language", "tr", "N_", "catalog", "FONT_FILES"]

#: The languages the course speaks, by code.
LANGUAGES = {"en": "English", "ko": "한국어"}

HERE = Path(__file__).resolve().parent
CATALOG_PATH = HERE / "locale" / "ko.po"
FONT_FILES = (HERE / "fonts" / "NanumGothic.ttf", HERE / "fonts" / "NanumGothicBold.ttf")
FONT_NAME = "NanumGothic"

_state: dict[str, Any] = {"language": "en", "saved_rc": None}


def _checked(language: Any) -> str:
    if not isinstance(language, str) or language.strip().lower() not in LANGUAGES:
        known = ", ".join(f"{code!r} ({name})" for code, name in LANGUAGES.items())
        raise ValueError(f"Unknown language {language!r}. Choose one of {known}.")
    return language.strip().lower()


def set_language(language: str) -> None:
    """Show figures, widgets, summaries and hints in ``language`` from now on.

    Parameters
    ----------
    language : {"en", "ko"}
        ``"en"`` for English (the default), ``"ko"`` for Korean (한국어).
    """
    language = _checked(language)
    _state["language"] = language
    if language == "ko":
        _use_korean_font()
    else:
        _restore_fonts()


def get_language() -> str:
    """The code of the language the package shows now: ``"en"`` or ``"ko"``."""
    return _state["language"]


@lru_cache(maxsize=None)
def catalog() -> dict[str, str]:
    """The Korean catalog as ``{English: Korean}``, without untranslated or fuzzy entries."""
    import polib

    po = polib.pofile(str(CATALOG_PATH), encoding="utf-8")
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


def tr(message: str, **fields: Any) -> str:
    """``message`` in the selected language, with ``{name}`` fields filled from ``fields``.

    >>> tr("epoch")                      # English selected
    'epoch'
    >>> tr("epoch {n} of {total}", n=3, total=10)
    'epoch 3 of 10'

    With Korean selected the catalog's translation is used; a text the catalog lacks stays
    English (the catalog test makes sure none is missing).
    """
    if _state["language"] == "en":
        text = message
    else:
        if _state["saved_rc"] is None and "matplotlib" in sys.modules:
            _use_korean_font()  # Korean chosen through MLCOURSE_LANG before matplotlib was loaded
        text = catalog().get(message, message)
    return text.format(**fields) if fields else text


def N_(message: str) -> str:
    """Mark ``message`` for the catalog and return it unchanged; translate it later with ``tr``.

    For texts kept in a table at import time (names of choices, column headers), whose
    translation must wait until they are shown: ``LABELS = [N_("train"), N_("test")]``, then
    ``tr(label)`` where a label is drawn.
    """
    return message


def _use_korean_font() -> None:
    """Register the bundled NanumGothic with matplotlib, last in the font list (the fallback)."""
    import matplotlib
    from matplotlib import font_manager

    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path, weight in zip(FONT_FILES, (400, 700)):
        if str(path) not in known:
            # NanumGothicBold says weight 600 in its own tables; registered as 700 it is what
            # "bold" finds, so bold titles raise no "failed to find font weight" warning.
            entry = font_manager.ttfFontProperty(font_manager.get_font(str(path)))
            font_manager.fontManager.ttflist.append(dataclasses.replace(entry, weight=weight))
    getattr(font_manager.fontManager._findfont_cached, "cache_clear", lambda: None)()
    rc = matplotlib.rcParams
    if _state["saved_rc"] is None:
        _state["saved_rc"] = {"font.family": list(rc["font.family"]), "axes.labelpad": rc["axes.labelpad"]}
    # NanumGothic last: matplotlib takes each glyph from the first font that has it, so Latin
    # letters, digits and the minus sign keep their look and Hangul comes from NanumGothic.
    # A label with $...$ in it is set in the first font only, so Korean goes in labels without
    # math (NanumGothic first would lose the minus sign of every log-axis tick instead).
    rc["font.family"] = [f for f in _state["saved_rc"]["font.family"] if f != FONT_NAME] + [FONT_NAME]
    # Layout measures a line by the first font; Hangul from NanumGothic reaches a little further,
    # so a rotated y label would touch its tick labels without more room.
    rc["axes.labelpad"] = _state["saved_rc"]["axes.labelpad"] + 3


def _restore_fonts() -> None:
    if _state["saved_rc"] is None:
        return
    import matplotlib

    matplotlib.rcParams.update(_state["saved_rc"])
    _state["saved_rc"] = None


_start = os.environ.get("MLCOURSE_LANG", "").strip()
if _start:
    _state["language"] = _checked(_start)
