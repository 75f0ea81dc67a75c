"""Notebook 09 in JupyterLab: Run All, then change the learning-rate slider the ways a student
does (typing into its readout; the keyboard on its handle; a fast drag) and check that the line
above the figure and the figure itself follow the new value.

The figure is an ``Image`` widget whose bytes are replaced on every redraw, so the same ``img``
element gets a new ``src``. The expected lines come from
``mlcourse.widgets.learning_rate.summary_line``, computed here, so the test checks that the
browser shows what the package computes for the new rate.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect

NOTEBOOK = "notebooks/09_gradient_descent.ipynb"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (ROOT / NOTEBOOK).exists(), reason=f"{NOTEBOOK} is missing")]
MARKER = "learning_rate_explorer("


def shown(rate: float) -> str:
    """The slider's readout: format ".3g" in the browser keeps trailing zeros (0.200)."""
    return f"{rate:#.3g}"


def test_lab_learning_rate_slider_by_typing_keyboard_and_drag(lab):
    from mlcourse.widgets.learning_rate import summary_line

    page = lab.page
    lab.open(NOTEBOOK)
    lab.run_all()
    assert not lab.error_outputs(), f"a cell raised: {lab.error_outputs()}"

    cell = lab.cell(MARKER)
    slider = cell.locator(".widget-hslider", has=page.locator(".widget-label", has_text="learning rate"))
    expect(slider).to_have_count(1)
    readout = slider.locator(".widget-readout")
    line = cell.locator(".mlcourse-widget-text")
    figure = cell.locator("img.widget-image")
    slider.scroll_into_view_if_needed()
    expect(readout).to_have_text(shown(0.2))
    expect(line).to_have_text(summary_line(0.2))
    expect(figure).to_have_count(1)
    lab.shot("ran_all", cell)

    # 1. Type a value into the readout: it is kept as typed (no grid snaps 0.9 to 0.891).
    old = figure.get_attribute("src")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("0.9")
    page.keyboard.press("Enter")
    expect(line).to_have_text(summary_line(0.9))
    expect(figure).not_to_have_attribute("src", old)  # the same img, new bytes
    expect(readout).to_have_text(shown(0.9))
    lab.shot("typed", cell)

    # 2. The keyboard on the slider's handle moves the rate; the line and figure follow.
    old = figure.get_attribute("src")
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowLeft")
    expect(line).not_to_have_text(summary_line(0.9))
    expect(figure).not_to_have_attribute("src", old)
    page.keyboard.press("Home")  # the smallest rate, 1e-3: x barely moves
    expect(readout).to_have_text(shown(1e-3))
    expect(line).to_have_text(summary_line(1e-3))
    lab.shot("keys", cell)

    # 3. A fast drag across the track: when it settles, the line shows the rate the handle
    # ended on (the last position wins, no stale redraw comes after it).
    track = slider.locator(".noUi-base").bounding_box()
    handle = slider.locator(".noUi-handle").bounding_box()
    y = handle["y"] + handle["height"] / 2
    page.mouse.move(handle["x"] + handle["width"] / 2, y)
    page.mouse.down()
    for i in range(1, 16):
        page.mouse.move(track["x"] + track["width"] * i / 24, y)
    page.mouse.up()
    lab.wait_idle()
    final = float(readout.text_content().replace("\u2212", "-"))
    settled = re.compile("^" + re.escape(f"learning rate {final:.3g}:"))
    expect(line).to_have_text(settled)
    page.wait_for_timeout(500)
    expect(line).to_have_text(settled)  # no older value drawn after the last one
    lab.shot("dragged", cell)
    lab.assert_healthy()
