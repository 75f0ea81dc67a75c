"""Notebook 09 in JupyterLab: Run All, then change the learning-rate slider the two ways a
student does (typing into its readout; the keyboard on its handle) and check that the printed
loss and the figure follow the new value.

The expected lines come from ``mlcourse.widgets.learning_rate.summary_line``, computed here,
so the test checks that the browser shows what the package computes for the new rate.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect

NOTEBOOK = "notebooks/09_gradient_descent.ipynb"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (ROOT / NOTEBOOK).exists(), reason=f"{NOTEBOOK} is missing")]
MARKER = "learning_rate_explorer("
# learning_rate_explorer's FloatLogSlider: log10(rate) runs from -3 (lr_min=1e-3) in steps of
# 0.01. The browser snaps every value to that grid, the initial 0.2 included, and sends the
# snapped value back to the kernel: typing 0.6 gives 10**-0.22 = 0.603.
LOG_MIN, LOG_STEP = -3.0, 0.01


def on_grid(rate: float, steps: int = 0) -> float:
    """``rate`` snapped to the slider's grid, then moved by ``steps`` grid steps."""
    k = round((math.log10(rate) - LOG_MIN) / LOG_STEP) + steps
    return 10 ** (LOG_MIN + k * LOG_STEP)


def shown(rate: float) -> str:
    """The slider's readout: format ".3g" in the browser keeps trailing zeros (0.200)."""
    return f"{rate:#.3g}"


def test_lab_learning_rate_slider_by_typing_and_keyboard(lab):
    from mlcourse.widgets.learning_rate import summary_line

    page = lab.page
    lab.open(NOTEBOOK)
    lab.run_all()
    assert not lab.error_outputs(), f"a cell raised: {lab.error_outputs()}"

    cell = lab.cell(MARKER)
    slider = cell.locator(".widget-hslider", has=page.locator(".widget-label", has_text="learning rate"))
    expect(slider).to_have_count(1)
    readout = slider.locator(".widget-readout")
    printed = cell.locator(".jp-OutputArea-output.jp-RenderedText")
    slider.scroll_into_view_if_needed()
    rate = on_grid(0.2)
    expect(readout).to_have_text(shown(rate))
    expect(printed).to_have_text(summary_line(rate))
    expect(cell.locator(".jp-OutputArea-output img")).to_have_count(1)  # the figure
    lab.shot("ran_all", cell)

    # 1. Type a new value into the readout and press Enter.
    old_text, old_images = lab.output_text(cell), lab.image_srcs(cell)
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("0.6")
    page.keyboard.press("Enter")
    lab.wait_for_change(cell, old_text=old_text, old_images=old_images)
    rate = on_grid(0.6)
    expect(readout).to_have_text(shown(rate))
    expect(printed).to_have_text(summary_line(rate))
    lab.shot("typed", cell)

    # 2. The keyboard on the slider's handle: each left arrow is one grid step down.
    old_text, old_images = lab.output_text(cell), lab.image_srcs(cell)
    slider.locator(".noUi-handle").focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    rate = on_grid(0.6, steps=-3)
    expect(readout).to_have_text(shown(rate))
    expect(printed).to_have_text(summary_line(rate))
    assert summary_line(rate) != old_text
    lab.wait_for_change(cell, old_images=old_images)  # a new figure
    lab.shot("arrow_keys", cell)

    # Home jumps to the smallest rate, 1e-3: x barely moves, the loss stays near 10^2.
    old_images = lab.image_srcs(cell)
    page.keyboard.press("Home")
    expect(readout).to_have_text(shown(1e-3))
    expect(printed).to_have_text(summary_line(1e-3))
    lab.wait_for_change(cell, old_images=old_images)
    lab.shot("home_key", cell)
    lab.assert_healthy()
