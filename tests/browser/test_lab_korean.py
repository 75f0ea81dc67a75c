"""The Korean edition in JupyterLab: notebook 09 in Korean runs top to bottom, every widget
label it shows is Korean, and the learning-rate widget answers a typed value with the Korean
line the package computes (so the widget's language comes from the notebook's first cell).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect

NOTEBOOK = "notebooks/ko/09_gradient_descent.ipynb"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (ROOT / NOTEBOOK).exists(), reason=f"{NOTEBOOK} is missing")]
MARKER = "learning_rate_explorer("
HANGUL = re.compile(r"[가-힣]")
WORD = re.compile(r"[A-Za-z]{3,}")  # an English word; code names like x, lr, f(x) are shorter


def test_lab_korean_notebook_shows_korean_widgets(lab, korean):
    from mlcourse import tr
    from mlcourse.widgets.learning_rate import summary_line

    lab.open(NOTEBOOK)
    lab.run_all()
    assert not lab.error_outputs(), f"a cell raised: {lab.error_outputs()}"

    labels = [t.strip() for t in lab.page.locator(".widget-label, .widget-checkbox, .widget-button").all_inner_texts()]
    english = [t for t in labels if t and WORD.search(t) and not HANGUL.search(t)]
    assert labels and not english, f"widget labels in English in the Korean notebook: {english}"

    cell = lab.cell(MARKER)
    slider = cell.locator(".widget-hslider", has=lab.page.locator(".widget-label", has_text=tr("learning rate")))
    expect(slider).to_have_count(1)
    line = cell.locator(".mlcourse-widget-text")
    slider.scroll_into_view_if_needed()
    assert HANGUL.search(summary_line(0.2))
    expect(line).to_have_text(summary_line(0.2))
    readout = slider.locator(".widget-readout")
    readout.click()
    lab.page.keyboard.press("Control+A")
    lab.page.keyboard.type("0.9")
    lab.page.keyboard.press("Enter")
    expect(line).to_have_text(summary_line(0.9))
    lab.shot("korean_typed", cell)
