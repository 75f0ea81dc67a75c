"""Notebook 12 in JupyterLab: Run All, then choose another initialization in the explorer's
dropdown and check that the histograms are redrawn, and that going back redraws exactly the
first picture (the experiment is seeded, so the same choice gives the same figure)."""
from __future__ import annotations

from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect

NOTEBOOK = "notebooks/12_initialization.ipynb"
ROOT = Path(__file__).resolve().parents[2]
MARKER = "initialization_explorer("

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (ROOT / NOTEBOOK).exists(), reason=f"{NOTEBOOK} is missing")]


def test_lab_initialization_dropdown_redraws_histograms(lab):
    page = lab.page
    lab.open(NOTEBOOK)
    lab.run_all()
    assert not lab.error_outputs(), f"a cell raised: {lab.error_outputs()}"

    cell = lab.cell(MARKER)
    dropdown = cell.locator(".widget-dropdown", has=page.locator(".widget-label", has_text="initialization"))
    select = dropdown.locator("select")
    expect(select).to_have_count(1)
    select.scroll_into_view_if_needed()
    figure = cell.locator("img.widget-image")  # an Image widget: the same img gets new bytes
    expect(figure).to_have_count(1)
    # ipywidgets writes the option labels with no-break spaces.
    labels = [o.replace("\xa0", " ").strip() for o in select.locator("option").all_text_contents()]
    assert {"std 0.01", "He"} <= set(labels), labels
    assert select.evaluate("s => s.selectedIndex") == labels.index("std 0.01")
    first, first_picture = lab.image_srcs(cell), lab.pictures(cell)
    lab.shot("ran_all", cell)

    select.select_option(index=labels.index("He"))
    lab.wait_for_change(cell, old_images=first)
    expect(figure).to_have_count(1)
    he, he_picture = lab.image_srcs(cell), lab.pictures(cell)
    assert he_picture != first_picture
    lab.shot("he", cell)

    select.select_option(index=labels.index("std 0.01"))
    lab.wait_for_change(cell, old_images=he)
    expect(figure).to_have_count(1)
    assert lab.pictures(cell) == first_picture, "the same choice should redraw the same histograms"
    lab.shot("back_to_std_0.01", cell)
    lab.assert_healthy()
