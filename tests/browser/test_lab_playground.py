"""Notebook 18 in JupyterLab: Run All, press the first playground's Play, watch the epoch
counter advance, the train loss fall and the picture change, then press Pause and check it
stays paused.

The playground is seeded, so after the pause the page must show the train loss that
``Playground()`` computes here after the same number of epochs.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect

NOTEBOOK = "notebooks/18_playground.ipynb"
ROOT = Path(__file__).resolve().parents[2]
MARKER = "app = playground()"  # the notebook's first playground, default settings
MIN_EPOCHS = 30  # train at least this long before pausing

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (ROOT / NOTEBOOK).exists(), reason=f"{NOTEBOOK} is missing")]

EPOCH = re.compile(r"^epoch (\d+)$")
LOSS = re.compile(r"^train loss (\d+\.\d{3})$")


def read(locator, pattern: re.Pattern) -> str:
    text = locator.text_content().strip()
    match = pattern.match(text)
    assert match, f"unexpected label {text!r}"
    return match.group(1)


def test_lab_playground_plays_trains_and_pauses(lab):
    from mlcourse.playground import Playground

    page = lab.page
    lab.open(NOTEBOOK)
    lab.run_all()
    assert not lab.error_outputs(), f"a cell raised: {lab.error_outputs()}"

    cell = lab.cell(MARKER)
    app = cell.locator(".mlcourse-playground")
    expect(app).to_have_count(1)
    play, epoch, loss = app.locator(".mlcourse-play"), app.locator(".mlcourse-epoch"), app.locator(".mlcourse-train-loss")
    view = app.locator(".mlcourse-view")
    play.scroll_into_view_if_needed()
    expect(play).to_have_text("Play")
    expect(epoch).to_have_text("epoch 0")
    start_loss = float(read(loss, LOSS))
    assert f"{start_loss:.3f}" == f"{Playground().train_loss:.3f}"
    start_view = view.get_attribute("src")
    lab.shot("ready", app)

    play.click()
    expect(play).to_have_text("Pause")
    page.wait_for_function(
        "([el, n]) => { const m = /^epoch (\\d+)$/.exec(el.textContent.trim()); return m && +m[1] >= n; }",
        arg=[epoch.element_handle(), MIN_EPOCHS], timeout=60_000)
    lab.shot("playing", app)
    assert view.get_attribute("src") != start_view, "the picture did not change while training"

    play.click()
    expect(play).to_have_text("Play")
    paused_epoch = int(read(epoch, EPOCH))
    paused_loss = float(read(loss, LOSS))
    assert paused_epoch >= MIN_EPOCHS
    assert paused_loss < start_loss, f"train loss went from {start_loss} to {paused_loss}"
    reference = Playground()
    reference.step(paused_epoch)
    assert f"{paused_loss:.3f}" == f"{reference.train_loss:.3f}", "the page shows another loss than the engine"
    # Paused means paused: a few frame intervals later nothing has moved.
    page.wait_for_timeout(1_000)
    assert int(read(epoch, EPOCH)) == paused_epoch, "the epoch counter advanced after Pause"
    lab.shot("paused", app)
    lab.assert_healthy()
