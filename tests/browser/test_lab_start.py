"""The start notebook in a real JupyterLab and Chromium: it opens with its saved text and
figures, runs from top to bottom without an error, and its first slider redraws its plot.

Saved widget views are not drawn when the notebook is opened: a notebook from git is not
trusted, and JupyterLab shows only the plain-text form of untrusted widget outputs until the
cell runs. So the widgets are checked after Run All.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/00_start_here.ipynb"


def saved_figures(path: Path) -> int:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum("image/png" in out.get("data", {}) for c in cells for out in c.get("outputs", []))


def test_lab_start_notebook_renders_and_runs(lab):
    page = lab.page
    lab.open(NOTEBOOK)
    panel = page.locator(".jp-NotebookPanel:visible")
    assert panel.locator("h1", has_text="Start here").count() == 1, "the title did not render"
    shown = panel.locator(".jp-OutputArea-output img").count()
    assert shown == saved_figures(ROOT / NOTEBOOK) >= 1, f"{shown} figures on the page"
    lab.shot("opened")

    lab.run_all()
    assert not lab.error_outputs(), f"a cell raised: {lab.error_outputs()}"
    versions = lab.output_text(lab.cell('print("mlcourse", mlcourse.__version__'))
    assert versions.startswith("mlcourse 0."), versions

    cell = lab.cell("@interact(w=FloatSlider")
    slider = cell.locator(".widget-hslider")
    slider.scroll_into_view_if_needed()
    expect(cell.locator(".widget-readout")).to_have_text("1.00")
    lab.wait_for_change(cell, old_images=[])  # the interact output draws its first figure
    before = lab.image_srcs(cell)
    lab.shot("ran_all", cell)

    readout = cell.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("2.5")
    page.keyboard.press("Enter")
    lab.wait_for_change(cell, old_images=before)
    expect(readout).to_have_text("2.50")
    assert len(lab.image_srcs(cell)) == 1, "the interact output should hold exactly one figure"
    lab.shot("slider_moved", cell)
    lab.assert_healthy()
