"""Notebook 18's playground in JupyterLab and Chromium, driven as a learner would.

Run All once (module fixture), then on the first playground (``app = playground()``, the
default setting): play and pause; +/- for layers and units; hover a unit for the large heat
map; click a weight and type a value; the state string round trip; no control truncated at
JupyterLab's default width on a 1280x720 page. Every test ends with no console error, no
page error, no request outside the server and no "Error displaying widget".

The playground is seeded, so what the page shows is checked against a ``Playground`` built
here with the same settings: the engine is the reference.
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


@pytest.fixture(scope="module")
def lab(lab_server, browser, screenshot_dir):
    """One page with notebook 18 run through (Run All takes a while: the tests share it)."""
    from conftest import VIEWPORT
    from lab import LabPage

    lab_server.reset()
    context = browser.new_context(viewport=VIEWPORT)
    driver = LabPage(context.new_page(), lab_server, screenshot_dir, "playground")
    driver.open(NOTEBOOK)
    driver.run_all()
    assert not driver.error_outputs(), f"a cell raised: {driver.error_outputs()}"
    yield driver
    context.close()
    lab_server.reset()


@pytest.fixture
def app(lab):
    root = lab.cell(MARKER).locator(".mlcourse-playground")
    expect(root).to_have_count(1)
    root.scroll_into_view_if_needed()
    yield root
    lab.assert_healthy()


def read(locator, pattern: re.Pattern) -> str:
    text = locator.text_content().strip()
    match = pattern.match(text)
    assert match, f"unexpected label {text!r}"
    return match.group(1)


def load(app, text: str) -> None:
    """Type a state string into the share panel and press Enter (pauses and resets the playground)."""
    share = app.locator("details.mlpg-share")
    if share.get_attribute("open") is None:
        share.locator("summary").click()
    box = app.locator(".mlcourse-state-string")
    box.fill(text)
    box.press("Enter")
    expect(app.locator(".mlcourse-epoch")).to_have_text("epoch 0")


def test_play_and_pause(lab, app):
    from mlcourse.playground import Playground

    play, epoch, loss = app.locator(".mlcourse-play"), app.locator(".mlcourse-epoch"), app.locator(".mlcourse-train-loss")
    expect(play).to_have_text(re.compile("Play"))
    expect(epoch).to_have_text("epoch 0")
    start_loss = float(read(loss, LOSS))
    assert f"{start_loss:.3f}" == f"{Playground().train_loss:.3f}"
    frames = int(app.get_attribute("data-frames"))
    lab.shot("ready", app)

    play.click()
    expect(play).to_have_text(re.compile("Pause"))
    lab.page.wait_for_function(
        "([el, n]) => { const m = /^epoch (\\d+)$/.exec(el.textContent.trim()); return m && +m[1] >= n; }",
        arg=[epoch.element_handle(), MIN_EPOCHS], timeout=60_000)
    lab.shot("playing", app)
    assert int(app.get_attribute("data-frames")) > frames + 5, "the picture was not redrawn while training"

    play.click()
    expect(play).to_have_text(re.compile("Play"))
    lab.page.wait_for_timeout(300)  # a frame already on its way may still land
    paused_epoch = int(read(epoch, EPOCH))
    paused_loss = float(read(loss, LOSS))
    assert paused_epoch >= MIN_EPOCHS
    assert paused_loss < start_loss, f"train loss went from {start_loss} to {paused_loss}"
    reference = Playground()
    reference.step(paused_epoch)
    assert f"{paused_loss:.3f}" == f"{reference.train_loss:.3f}", "the page shows another loss than the engine"
    lab.page.wait_for_timeout(1_000)
    assert int(read(epoch, EPOCH)) == paused_epoch, "the epoch counter advanced after Pause"


def units(app, layer: int):
    return app.locator(f".mlcourse-unit[data-layer='{layer}']")


def test_plus_and_minus_for_layers_and_units(lab, app):
    load(app, "")  # the default: hidden=(4, 4)
    count = app.locator(".mlcourse-n-layers")
    expect(count).to_have_text("2 hidden layers")
    app.locator(".mlcourse-add-unit[data-layer='1']").click()
    expect(units(app, 1)).to_have_count(5)
    app.locator(".mlcourse-add-layer").click()
    expect(count).to_have_text("3 hidden layers")
    expect(units(app, 2)).to_have_count(5)  # a new layer copies the width of the one before
    app.locator(".mlcourse-remove-unit[data-layer='0']").click()
    expect(units(app, 0)).to_have_count(3)
    for n in (4, 5, 6):
        app.locator(".mlcourse-add-layer").click()
        expect(count).to_have_text(f"{n} hidden layers")
    expect(units(app, 5)).to_have_count(5)
    lab.shot("six_layers", app)
    app.locator(".mlcourse-remove-layer").click()
    expect(count).to_have_text("5 hidden layers")
    expect(app.locator(".mlcourse-state-string")).to_have_value("hidden=3,5,5,5,5")


def test_hover_shows_the_large_heat_map(lab, app):
    load(app, "")
    zoom = app.locator(".mlcourse-zoom")
    expect(zoom).to_be_hidden()
    units(app, 0).nth(1).hover()
    expect(zoom).to_be_visible()
    expect(zoom.locator(".mlpg-zoom-title")).to_have_text("layer 1, unit 2")
    box = zoom.locator("canvas").bounding_box()
    assert box["width"] >= 180 and box["height"] >= 180, f"the large heat map is {box}"
    # it shows a map, not a blank: more than a few distinct colours
    colours = zoom.locator("canvas").evaluate(
        "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const s = new Set();"
        " for (let k = 0; k < d.length; k += 4 * 97) s.add(d[k] + ',' + d[k + 1] + ',' + d[k + 2]); return s.size; }")
    assert colours > 10, f"the large heat map has {colours} colours"
    lab.shot("hover", app)
    app.locator(".mlcourse-epoch").hover()
    expect(zoom).to_be_hidden()


def test_clicking_a_weight_and_typing_a_value_changes_the_model(lab, app):
    from mlcourse.playground import Playground

    load(app, "")
    link = app.locator(".mlcourse-link[data-layer='0'][data-i='0'][data-j='0']")  # x1 -> layer 1, unit 1
    # a straight link has a box of height 0, which Playwright calls invisible: click its middle anyway
    link.click(force=True)
    editor = app.locator(".mlcourse-weight-editor")
    expect(editor).to_be_visible()
    start = Playground().weights()[0][0][0, 0]
    expect(editor).to_contain_text(f"{start:.4f}")
    field = app.locator(".mlcourse-weight-input")
    field.fill("2.5")
    lab.shot("editing", app)
    field.press("Enter")
    expect(editor).to_be_hidden()
    reference = Playground().set_weight(0, 0, 0, 2.5)
    assert f"{reference.train_loss:.3f}" != f"{Playground().train_loss:.3f}"
    expect(app.locator(".mlcourse-train-loss")).to_have_text(f"train loss {reference.train_loss:.3f}")
    link.click(force=True)
    expect(editor).to_contain_text("2.5000")  # the page reads the weight back from the kernel
    app.locator(".mlcourse-weight-input").press("Escape")
    # a bias too
    app.locator(".mlcourse-bias[data-layer='2'][data-j='0']").click()
    app.locator(".mlcourse-weight-input").fill("-1")
    app.locator(".mlcourse-weight-input").press("Enter")
    reference.set_bias(2, 0, -1.0)
    expect(app.locator(".mlcourse-train-loss")).to_have_text(f"train loss {reference.train_loss:.3f}")


def test_state_string_round_trips(lab, app):
    from mlcourse.playground import PlaygroundState

    text = "dataset=xor&hidden=2&learning_rate=0.1&show_test=1"
    load(app, text)
    box = app.locator(".mlcourse-state-string")
    expect(box).to_have_value(PlaygroundState.from_string(text).to_string())
    expect(app.locator(".mlcourse-n-layers")).to_have_text("1 hidden layer")
    expect(units(app, 0)).to_have_count(2)
    expect(app.locator(".mlcourse-control-dataset select")).to_have_value("xor")
    # a change on the page shows up in the string, and the string rebuilds that state
    app.locator(".mlcourse-control-activation select").select_option("relu")
    expect(box).to_have_value(re.compile("activation=relu"))
    state = PlaygroundState.from_string(box.input_value())
    assert state == PlaygroundState(dataset="xor", hidden=(2,), learning_rate=0.1, show_test=True, activation="relu")
    assert app.locator(".mlcourse-state-json").input_value() == state.to_json()
    lab.shot("shared", app)


def test_no_control_is_truncated(lab, app):
    load(app, "dataset=spiral&hidden=8,8,8,8,8,8")
    share = app.locator("details.mlpg-share")
    if share.get_attribute("open") is None:
        share.locator("summary").click()
    app.locator(".mlcourse-feature").first.hover()
    cut = app.evaluate(
        """root => [...root.querySelectorAll('.mlpg-label, button, select, .mlpg-stat, .mlpg-heading')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth)
            .map(e => `${e.className}: ${e.textContent.trim()} (${e.scrollWidth} > ${e.clientWidth})`)""")
    assert not cut, f"truncated: {cut}"
    width = app.evaluate("root => [root.scrollWidth, root.parentElement.clientWidth]")
    assert width[0] <= width[1], f"the playground is {width[0]} px wide in an output of {width[1]} px"
    # every feature button has a tooltip that names it
    for name in ("sin(x1)", "sin(x2)", "x1*x2"):
        title = app.locator(f".mlcourse-feature[data-feature='{name}']").get_attribute("title")
        assert title and title.startswith(name + ":"), f"{name}: tooltip {title!r}"
    lab.shot("widest", app)


def test_an_oscillating_loss_shows_advice(lab, app):
    load(app, "dataset=xor&learning_rate=10")
    message = app.locator(".mlcourse-message")
    expect(message).to_have_text("")
    play = app.locator(".mlcourse-play")
    play.click()
    expect(message).to_contain_text("swings up and down", timeout=60_000)
    expect(message).to_contain_text("smaller learning rate (now 10)")
    lab.shot("oscillating", app)
    play.click()
    expect(play).to_have_text(re.compile("Play"))
