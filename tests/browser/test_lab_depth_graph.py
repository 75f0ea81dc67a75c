"""Notebooks 05 and 07 in JupyterLab: Run All, then use the depth experiment's dropdowns and
slider (05) and the bill graph's sliders (07); each change redraws the figure, and going back
to the first setting redraws exactly the first picture (everything is seeded or exact)."""
from __future__ import annotations

from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect

ROOT = Path(__file__).resolve().parents[2]
DEPTH_NB, DEPTH_MARKER = "notebooks/05_activations.ipynb", "depth_explorer(depth="
GRAPH_NB, GRAPH_MARKER = "notebooks/07_backpropagation.ipynb", 'graph_explorer("bill")'

pytestmark = [pytest.mark.browser]


def _widget_cell(lab, notebook: str, marker: str):
    """Open ``notebook``, run all its cells; return the widget's cell and its one figure."""
    lab.open(notebook)
    lab.run_all()
    assert not lab.error_outputs(), f"a cell raised: {lab.error_outputs()}"
    cell = lab.cell(marker)
    figure = cell.locator(".jp-OutputArea-output img")
    expect(figure).to_have_count(1)
    return cell, figure


def _typed(page, cell, label: str, value: str) -> None:
    """Type ``value`` into the readout of the slider described by ``label``."""
    slider = cell.locator(".widget-hslider", has=page.locator(".widget-label", has_text=label))
    readout = slider.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


@pytest.mark.skipif(not (ROOT / DEPTH_NB).exists(), reason=f"{DEPTH_NB} is missing")
def test_lab_depth_experiment_redraws(lab):
    page = lab.page
    cell, figure = _widget_cell(lab, DEPTH_NB, DEPTH_MARKER)
    first = lab.image_srcs(cell)
    lab.keep_picture(cell, "first")
    lab.shot("depth_tanh_std1", cell)

    act = cell.locator(".widget-dropdown", has=page.locator(".widget-label", has_text="activation")).locator("select")
    act.select_option(label="relu")
    lab.wait_for_change(cell, old_images=first)
    init = cell.locator(".widget-dropdown", has=page.locator(".widget-label", has_text="initialization")).locator("select")
    before = lab.image_srcs(cell)
    init.select_option(label="He")
    lab.wait_for_change(cell, old_images=before)
    before = lab.image_srcs(cell)
    _typed(page, cell, "layers", "25")
    lab.wait_for_change(cell, old_images=before)
    expect(figure).to_have_count(1)
    assert lab.picture_difference(cell, "first") > 0.01, "other settings should draw another picture"
    lab.shot("depth_relu_he_25", cell)

    before = lab.image_srcs(cell)
    act.select_option(label="tanh")
    lab.wait_for_change(cell, old_images=before)
    before = lab.image_srcs(cell)
    init.select_option(label="std 1")
    lab.wait_for_change(cell, old_images=before)
    before = lab.image_srcs(cell)
    _typed(page, cell, "layers", "12")
    lab.wait_for_change(cell, old_images=before)
    assert lab.picture_difference(cell, "first") < 0.002, "the same settings should redraw the same figure"
    lab.assert_healthy()


@pytest.mark.skipif(not (ROOT / GRAPH_NB).exists(), reason=f"{GRAPH_NB} is missing")
def test_lab_bill_graph_redraws(lab):
    page = lab.page
    cell, _figure = _widget_cell(lab, GRAPH_NB, GRAPH_MARKER)
    first = lab.image_srcs(cell)
    first_picture = lab.pictures(cell)
    lab.shot("bill_default", cell)

    _typed(page, cell, "apples", "5")
    lab.wait_for_change(cell, old_images=first)
    lab.shot("bill_5_apples", cell)
    before = lab.image_srcs(cell)
    _typed(page, cell, "apples", "2")
    lab.wait_for_change(cell, old_images=before)
    assert lab.pictures(cell) == first_picture, "the same inputs should redraw the same graph"
    lab.assert_healthy()
