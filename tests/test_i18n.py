"""The package's language setting, its Korean catalog and the bundled Korean font.

The catalog tests read every literal passed to ``tr(...)`` or ``N_(...)`` in the package and in
the notebooks' code cells (the way gettext's extractors do) and hold the catalog to them: each
has a Korean translation that keeps its ``{fields}``, and each catalog entry is used somewhere.
"""
from __future__ import annotations

import ast
import json
import logging
import os
import string
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import polib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import mlcourse  # noqa: E402
from mlcourse import i18n  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MARKERS = {"tr", "N_"}


def _literals_in(tree: ast.AST, where: str) -> dict[str, str]:
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            first = node.args[0]
            if name in MARKERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{where}:{node.lineno}")
    return found


def _code_of_cell(source: str) -> str:
    # IPython lines (%time, !pip) are not Python; blank them so that line numbers stay.
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def used_messages() -> dict[str, str]:
    """Every literal given to tr/N_ in mlcourse/ and notebooks/*.ipynb -> where it is first used."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "mlcourse").rglob("*.py")):
        if path.name == "i18n.py":
            continue
        rel = path.relative_to(ROOT)
        for msg, where in _literals_in(ast.parse(path.read_text(encoding="utf-8")), str(rel)).items():
            found.setdefault(msg, where)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                tree = ast.parse(_code_of_cell("".join(cell["source"])))
                for msg, where in _literals_in(tree, f"notebooks/{path.name} cell {index}").items():
                    found.setdefault(msg, where.rsplit(":", 1)[0])
    return found


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(i18n.CATALOG_PATH), encoding="utf-8")


@pytest.fixture(scope="module")
def used():
    return used_messages()


def _fields(text: str) -> list[tuple[str, str]] | None:
    """The {fields} of ``text`` with their format specs; None for a text that is not a format
    string (LaTeX braces), which ``tr`` shows as it is."""
    try:
        return sorted((name, spec or "") for _, name, spec, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return None


def test_the_package_and_the_notebooks_show_their_texts_through_tr(used):
    # A guard for the extraction below: if it found nothing, every catalog test would pass.
    assert len(used) > 100
    assert any(where.startswith("mlcourse/exercises") for where in used.values())
    assert any(where.startswith("mlcourse/widgets") for where in used.values())
    assert any(where.startswith("notebooks/") for where in used.values())


def test_every_message_has_a_korean_translation(po, used):
    translated = {e.msgid for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}
    missing = sorted(f"{where}: {msg!r}" for msg, where in used.items() if msg not in translated)
    assert not missing, (f"{len(missing)} texts have no Korean in {i18n.CATALOG_PATH.relative_to(ROOT)} "
                         "(add msgid/msgstr entries):\n" + "\n".join(missing[:40]))


def test_translations_keep_every_field(po):
    changed = [f"{e.msgid!r} -> {e.msgstr!r}" for e in po if e.msgstr and _fields(e.msgid) != _fields(e.msgstr)]
    assert not changed, "these translations lose, add or rename a {field}:\n" + "\n".join(changed)


def test_every_catalog_entry_is_used_once(po, used):
    ids = [e.msgid for e in po if not e.obsolete]
    twice = sorted({m for m in ids if ids.count(m) > 1})
    assert not twice, f"entries listed twice in the catalog: {twice}"
    unused = sorted(m for m in ids if m not in used)
    assert not unused, f"catalog entries no code shows any more (delete them): {unused}"
    assert not [e for e in po if e.obsolete or "fuzzy" in e.flags], "obsolete or fuzzy entries in the catalog"


def test_tr_is_english_by_default_and_korean_when_selected(korean):
    mlcourse.set_language("en")
    assert mlcourse.tr("epoch") == "epoch"
    assert mlcourse.tr("not in the catalog {x}", x=1) == "not in the catalog 1"
    mlcourse.set_language("ko")
    assert mlcourse.get_language() == "ko"
    assert mlcourse.tr("epoch") == i18n.catalog()["epoch"] != "epoch"
    assert mlcourse.tr("not in the catalog") == "not in the catalog"


def test_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"'fr'.*'en' \(English\), 'ko' \(한국어\)"):
        mlcourse.set_language("fr")
    with pytest.raises(ValueError, match="None"):
        mlcourse.set_language(None)
    assert mlcourse.get_language() == "en"


def test_korean_registers_the_bundled_font_and_english_restores_the_fonts():
    before = list(matplotlib.rcParams["font.family"]), matplotlib.rcParams["axes.labelpad"]
    mlcourse.set_language("ko")
    try:
        from matplotlib import font_manager

        files = {f.fname for f in font_manager.fontManager.ttflist}
        assert all(str(p) in files for p in i18n.FONT_FILES)
        assert matplotlib.rcParams["font.family"][-1] == "NanumGothic"
        path = font_manager.findfont(font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False)
        assert Path(path).name.startswith("NanumGothic")
    finally:
        mlcourse.set_language("en")
    assert (list(matplotlib.rcParams["font.family"]), matplotlib.rcParams["axes.labelpad"]) == before


def test_the_font_ships_with_its_licence():
    licence = (ROOT / "mlcourse" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "NAVER" in licence
    for path in i18n.FONT_FILES:
        assert path.stat().st_size > 1_000_000, f"{path.name} looks truncated"


class _GlyphLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        text = record.getMessage()
        if "glyph" in text.lower() or "findfont" in text.lower():
            self.messages.append(text)


def test_every_korean_message_renders_without_missing_glyphs(po, korean):
    """Draw every translation as text, math included; a glyph the fonts lack fails the test."""
    texts = [e.msgstr for e in po if e.msgstr and not e.obsolete]
    assert texts
    texts += ["음수 −1.5", "$\\mathdefault{10^{-14}}$"]  # the minus sign in text and in log-axis ticks
    handler = _GlyphLog()
    loggers = [logging.getLogger(name) for name in ("matplotlib.mathtext", "matplotlib.font_manager", "matplotlib._mathtext")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for start in range(0, len(texts), 40):
                fig, ax = plt.subplots(figsize=(6, 4))
                for k, text in enumerate(texts[start:start + 40]):
                    fields = _fields(text)
                    sample = text.format(**{name: 1 for name, _ in fields}) if fields else text
                    ax.text(0, k / 40, sample, fontsize=8)
                ax.set_title(texts[start].split("\n")[0][:40] if "{" not in texts[start] else "제목", fontweight="bold")
                ax.set_yscale("log")
                ax.set_ylim(1e-14, 1)
                fig.canvas.draw()
                plt.close(fig)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert not handler.messages, "missing glyphs or fonts:\n" + "\n".join(sorted(set(handler.messages))[:20])


def test_korean_inside_math_would_fail_the_render_check(korean):
    """Math is set in one font without Hangul: the check above refuses a label that mixes them."""
    handler = _GlyphLog()
    logging.getLogger("matplotlib.mathtext").addHandler(handler)
    try:
        fig, ax = plt.subplots()
        ax.set_title("손실 $L$")
        fig.canvas.draw()
        plt.close(fig)
    finally:
        logging.getLogger("matplotlib.mathtext").removeHandler(handler)
    assert any("does not have a glyph" in m for m in handler.messages)


def test_a_missing_glyph_would_fail_the_render_check():
    """The check above can fail: DejaVu Sans alone has no Hangul."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
            fig, ax = plt.subplots()
            ax.set_title("한글")
            with pytest.raises(UserWarning, match="missing from font"):
                fig.canvas.draw()
            plt.close(fig)


def test_mlcourse_lang_sets_the_starting_language():
    env = {**os.environ, "MLCOURSE_LANG": "ko"}
    code = "import sys, mlcourse; print(mlcourse.get_language(), 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["ko", "False"]
    bad = subprocess.run([sys.executable, "-c", "import mlcourse"], env={**env, "MLCOURSE_LANG": "kr"},
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "Unknown language 'kr'" in bad.stderr
