"""Live slides in JupyterLab (jupyterlab-slideshow): present the start notebook, go forward
with the on-screen remote until its slider's slide is on screen, change the slider during
the slideshow and check that the figure is redrawn, then leave the slideshow.

jupyterlab-slideshow 0.3.4 continues the current slide only when a cell has no
``slide_type``: a cell whose ``slide_type`` is ``"-"`` is put on no slide and never shown. The
course's notebooks therefore leave the key out on continuation cells (nbconvert reads a
missing key as ``"-"``, so the reveal.js decks are the same), and
``tests/test_notebooks.py`` keeps it so. This test presents the committed notebook.
"""
from __future__ import annotations

from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/00_start_here.ipynb"
MARKER = "@interact(w=FloatSlider"
PRESENTING = "body[data-jp-deck-mode='presenting']"
MAX_MOVES = 40
# Which cells are on screen, revealed, active (the deck steps through every cell of a slide
# by making it active): one of these changes with every press of the remote.
DECK_STATE = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-Cell')].map(c =>
    ['jp-deck-mod-onscreen', 'jp-deck-mod-visible', 'jp-mod-active'].map(k => c.classList.contains(k) ? 1 : 0).join(''))"""


# The rendered size of prose and code: the course's JupyterLab settings enlarge both while a
# deck is presented (for a projector) and nothing else; stopping gives the notebook its sizes back.
TEXT_SIZES = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const p = panel.querySelector('.jp-RenderedMarkdown p');
    const code = panel.querySelector('.jp-InputArea-editor .cm-line');
    return [parseFloat(getComputedStyle(p).fontSize), parseFloat(getComputedStyle(code).fontSize)];
}"""
PROJECTOR_SCALE = 1.5  # at least this much larger while presenting


def start_deck(lab) -> None:
    """Run all cells, select the first cell (the deck starts at the active cell), present."""
    page = lab.page
    assert page.locator(PRESENTING).count() == 0, "LabPage.open leaves the deck stopped"
    lab.run_all()
    assert not lab.error_outputs(), f"a cell raised: {lab.error_outputs()}"
    page.locator(".jp-NotebookPanel:visible .jp-Cell").first.click()
    page.keyboard.press("Escape")
    page.locator(".jp-NotebookPanel:visible [data-command='deck:toggle']").click()
    page.locator(PRESENTING).wait_for(state="attached")


def go_to(lab, cell) -> int:
    """Press the remote's down button (next sub-slide or fragment) when it is enabled, else
    forward (next slide), until ``cell`` is on screen; return the number of presses."""
    page = lab.page
    remote = page.locator(".jp-Deck-Remote")
    for moves in range(MAX_MOVES):
        if "jp-deck-mod-onscreen" in (cell.get_attribute("class") or ""):
            return moves
        before = page.evaluate(DECK_STATE)
        down = remote.locator("button.jp-deck-mod-direction-down")
        forward = remote.locator("button.jp-deck-mod-direction-forward")
        button = down if "jp-mod-disabled" not in (down.get_attribute("class") or "") else forward
        assert "jp-mod-disabled" not in (button.get_attribute("class") or ""), "reached the last slide"
        button.click()
        page.wait_for_function(f"old => JSON.stringify(({DECK_STATE})()) !== JSON.stringify(old)",
                               arg=before, timeout=10_000)
    pytest.fail(f"the cell was not on screen after {MAX_MOVES} presses of the remote")


def present_and_move_slider(lab) -> None:
    page = lab.page
    prose, code = page.evaluate(TEXT_SIZES)
    start_deck(lab)
    lab.shot("presenting")
    big_prose, big_code = page.evaluate(TEXT_SIZES)
    assert big_prose >= PROJECTOR_SCALE * prose and big_code >= PROJECTOR_SCALE * code, (
        f"presenting should enlarge the text for a projector: prose {prose} -> {big_prose} px, "
        f"code {code} -> {big_code} px")
    cell = lab.cell(MARKER)
    moves = go_to(lab, cell)
    slider = cell.locator(".widget-hslider")
    expect(slider).to_be_visible()
    assert moves > 0
    expect(cell.locator(".jp-OutputArea-output img")).to_have_count(1)
    before = lab.image_srcs(cell)
    lab.shot("slider_slide")

    readout = cell.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("2.5")
    page.keyboard.press("Enter")
    lab.wait_for_change(cell, old_images=before)
    expect(readout).to_have_text("2.50")
    assert page.locator(PRESENTING).count() == 1, "changing the widget ended the slideshow"
    assert "jp-deck-mod-onscreen" in (cell.get_attribute("class") or "")
    lab.shot("slider_moved")

    page.locator(".jp-Deck-Remote button.jp-deck-mod-stop").click()
    expect(page.locator(PRESENTING)).to_have_count(0)
    assert page.evaluate(TEXT_SIZES) == [prose, code], "stopping the deck should restore the notebook's text sizes"
    lab.shot("stopped")
    lab.assert_healthy()


def test_lab_slideshow_widget_live(lab):
    lab.open(NOTEBOOK)
    present_and_move_slider(lab)
