"""The Korean edition: complete, in step with the English notebooks, and true to the glossary.

``tools/translate.py`` keeps one catalog per notebook (translations/ko/NN_name.po, msgctxt =
cell id) and writes notebooks/ko/ from the English notebooks and the catalogs. These tests fail
on a markdown cell with no Korean, a fuzzy or obsolete entry, or a Korean notebook whose cells
or code differ from its English twin, and say what to do.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import polib
import pytest

from mlcourse.glossary import GLOSSARY
from mlcourse.i18n import CATALOG_PATH

ROOT = Path(__file__).resolve().parents[1]


def _load_tool():
    spec = importlib.util.spec_from_file_location("translate", ROOT / "tools" / "translate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translate = _load_tool()
ENGLISH = translate.english_notebooks()


def _markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_every_english_notebook_has_a_korean_twin():
    korean = sorted(p.name for p in translate.KO_NOTEBOOKS.glob("*.ipynb"))
    assert korean == [p.name for p in ENGLISH]
    assert sorted(p.stem for p in translate.CATALOGS.glob("*.po")) == [p.stem for p in ENGLISH]


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_korean_notebook_is_complete_and_in_step(english):
    problems = translate.problems(english)
    assert not problems, "\n".join(problems)


# ---- the tool itself, on a small notebook in a temporary tree ------------------------------

def _cell(kind, cell_id, source):
    cell = {"cell_type": kind, "id": cell_id, "metadata": {"slideshow": {"slide_type": "slide"}}, "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=1)
    return cell


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A course with one notebook of two markdown cells and one code cell, translated."""
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setattr(translate, "ROOT", tmp_path)
    monkeypatch.setattr(translate, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(translate, "KO_NOTEBOOKS", tmp_path / "notebooks" / "ko")
    monkeypatch.setattr(translate, "CATALOGS", tmp_path / "translations" / "ko")
    english = tmp_path / "notebooks" / "00_sample.ipynb"
    nb = {"cells": [_cell("markdown", "intro", "# Sample\n\nA *line* with $\\frac{a}{b}$."),
                    _cell("code", "code-1", "print(1 + 1)"),
                    _cell("markdown", "outro", "The end.")],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    english.write_text(json.dumps(nb), encoding="utf-8")
    translate.update_catalog(english)
    sheet = translate.sheet(english)
    sheet = sheet.replace("$.\n>>>> 한국어\n", "$.\n>>>> 한국어\n# 예제\n\n$\\frac{a}{b}$가 있는 *줄*.\n")
    sheet = sheet.replace("The end.\n>>>> 한국어\n", "The end.\n>>>> 한국어\n끝.\n")
    assert translate.import_sheet(english, sheet) == 2
    translate.build(english)
    ko = translate.korean_path(english)
    ko_nb = json.loads(ko.read_text(encoding="utf-8"))
    for cell in ko_nb["cells"]:
        if cell["cell_type"] == "code":
            cell["execution_count"] = 1  # as if executed
    ko.write_text(json.dumps(ko_nb), encoding="utf-8")
    return english, nb


def _write(path, nb):
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_a_translated_notebook_is_in_step(tree):
    english, _ = tree
    assert translate.problems(english) == []
    ko = json.loads(translate.korean_path(english).read_text(encoding="utf-8"))
    assert [c["id"] for c in ko["cells"]] == ["language", "intro", "code-1", "outro"]
    assert "".join(ko["cells"][1]["source"]) == "# 예제\n\n$\\frac{a}{b}$가 있는 *줄*."
    assert "".join(ko["cells"][2]["source"]) == "print(1 + 1)"


def test_a_changed_english_cell_fails_until_its_translation_is_revised(tree):
    english, nb = tree
    nb["cells"][2]["source"] = "The very end."
    _write(english, nb)
    (problem,) = translate.problems(english)
    assert "00_sample.ipynb cell 2 (id outro)" in problem and "make translations" in problem
    assert translate.update_catalog(english) == ["00_sample.ipynb cell 2 (id outro): English changed, marked fuzzy"]
    entry = next(e for e in polib.pofile(str(translate.catalog_path(english))) if e.msgctxt == "outro")
    assert "fuzzy" in entry.flags and entry.previous_msgid == "The end." and entry.msgstr == "끝."
    problems = translate.problems(english)
    assert any("(fuzzy)" in p and 'msgctxt "outro"' in p for p in problems)
    sheet = translate.sheet(english)
    assert "The very end." in sheet and "the English was\nThe end." in sheet
    translate.import_sheet(english, sheet.replace(">>>> 한국어\n끝.", ">>>> 한국어\n정말 끝."))
    translate.build(english)
    assert translate.problems(english) == []


def test_a_new_cell_needs_a_translation_and_a_removed_one_becomes_obsolete(tree):
    english, nb = tree
    nb["cells"] = [nb["cells"][0], nb["cells"][1], _cell("markdown", "new", "A new cell.")]
    _write(english, nb)
    translate.update_catalog(english)
    translate.build(english)
    problems = translate.problems(english)
    assert any("cell 2 (id new): no Korean yet" in p for p in problems)
    assert any('obsolete entry msgctxt "outro"' in p and "delete it" in p for p in problems)


def test_code_that_differs_from_the_english_fails(tree):
    english, _ = tree
    ko = translate.korean_path(english)
    ko_nb = json.loads(ko.read_text(encoding="utf-8"))
    ko_nb["cells"][2]["source"] = "print(1 + 2)"
    _write(ko, ko_nb)
    (problem,) = translate.problems(english)
    assert "ko/00_sample.ipynb cell 2 (id code-1): its code differs" in problem


def test_a_hand_edited_korean_markdown_cell_fails(tree):
    english, _ = tree
    ko = translate.korean_path(english)
    ko_nb = json.loads(ko.read_text(encoding="utf-8"))
    ko_nb["cells"][3]["source"] = "끝!"
    _write(ko, ko_nb)
    (problem,) = translate.problems(english)
    assert "not the catalog's translation" in problem


# ---- terms and outputs of the Korean notebooks ---------------------------------------------

def _variants(korean: str) -> list[str]:
    """'미분 (도함수)' -> ['미분', '도함수']: the main form and the accepted alternatives."""
    main, _, rest = korean.partition(" (")
    return [main.strip()] + [v.strip() for v in rest.rstrip(")").split(",") if v.strip()]


def _main_english(english: str) -> str:
    return english.partition(" (")[0].strip()


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_glossary_terms_in_the_korean_notebook_are_the_glossarys(english):
    """Each `한국어(english)` of a glossary term uses the glossary's Korean, and every term this
    notebook introduces (in its English prose) appears in its Korean prose."""
    ko = translate.korean_path(english)
    text = re.sub(r"`[^`]*`|\$[^$]*\$", " ", re.sub(r"```.*?```|\$\$.*?\$\$", " ", _markdown(ko), flags=re.S))
    wrong = []
    for term in GLOSSARY:
        name = _main_english(term.english)
        for m in re.finditer(r"\((?:[^()]*?,\s*)?" + re.escape(name) + r"(?:\s*,[^()]*)?\)", text, re.I):
            before = text[max(0, m.start() - 30):m.start()].rstrip().rstrip("*_").rstrip()  # **학습률**(learning rate)
            if not re.search(r"[가-힣]$", before):
                continue  # not a Korean term with its English, e.g. Dense(3, sigmoid)
            if not any(before.endswith(v) for v in _variants(term.korean)):
                wrong.append(f"...{before}({m.group(0)[1:-1]}): the glossary says {term.korean!r}")
        if term.notebook == english.name[:2] and re.search(r"\b" + re.escape(name) + r"\b", _markdown(english), re.I):
            if not any(v in text for v in _variants(term.korean)):
                wrong.append(f"{name!r} is introduced here, but {term.korean!r} is not in the Korean prose")
    assert not wrong, f"ko/{english.name}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_korean_notebook_outputs_have_no_font_warnings(english):
    """A glyph matplotlib could not find (Hangul inside $math$, a bold face) warns in the output."""
    nb = json.loads(translate.korean_path(english).read_text(encoding="utf-8"))
    warned = [f"cell {i} (id {c['id']}): {''.join(o.get('text', ''))[:120]!r}"
              for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" for o in c.get("outputs", [])
              if re.search(r"does not have a glyph|missing from font|findfont", "".join(o.get("text", "")))]
    assert not warned, f"ko/{english.name}: font warnings in the outputs:\n" + "\n".join(warned)


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_korean_notebook_prints_no_english_package_message(english):
    """Selecting Korean reaches everything the package prints: hints, summaries, progress."""
    from tests.test_i18n import used_messages

    package = {m for m, where in used_messages().items() if where.startswith("mlcourse/")}
    po = polib.pofile(str(CATALOG_PATH), encoding="utf-8")
    # sentences (hints, advice, summaries): a short label may also be a phrase of a notebook's own print
    messages = [e.msgid for e in po if e.msgid in package and "{" not in e.msgid and len(e.msgid.split()) >= 7]
    nb = json.loads(translate.korean_path(english).read_text(encoding="utf-8"))
    printed = "\n".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                        for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []))
    english_left = sorted(m for m in messages if m in printed)
    assert not english_left, f"ko/{english.name} prints package messages in English: {english_left[:10]}"


def prose_outside_code_and_math(markdown: str) -> str:
    """The markdown's running text: code, math, links' targets, HTML tags and parentheses removed."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"(?<!\\)\$.+?(?<!\\)\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", " ", text)
    return text


# Four English words in a row outside code, math and parentheses is a sentence left in English
# (titles of cited papers and books are quoted in italics or in parentheses).
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z'-]*(?:[ ,]+[A-Za-z][a-z'-]*){3,}\b")


def english_runs(markdown: str) -> list[str]:
    text = prose_outside_code_and_math(markdown)
    text = re.sub(r"\*[^*\n]+\*|_[^_\n]+_|\"[^\"\n]+\"|“[^”\n]+”", " ", text)  # quoted or italic titles
    runs = [m.group(0) for m in ENGLISH_RUN.finditer(text)]
    return [r for r in runs if " " in r.replace(", ", ",")]  # "zeros, identity, eye, diag" lists names


def test_english_runs_finds_a_sentence_left_in_english():
    assert english_runs("역전파(backpropagation)는 $\\frac{a}{b}$ `np.dot(a, b)`를 쓴다.") == []
    assert english_runs("이 셀은 This cell was not translated yet 이다.") == ["This cell was not translated yet"]


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_korean_markdown_has_no_english_prose_left(english):
    nb = json.loads(translate.korean_path(english).read_text(encoding="utf-8"))
    left = [f"cell {i} (id {c['id']}): {run!r}" for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"
            for run in english_runs("".join(c["source"]))]
    assert not left, f"ko/{english.name}: English prose left in the markdown:\n" + "\n".join(left[:20])
