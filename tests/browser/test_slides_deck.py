"""The reveal.js decks of ``make slides`` work in Chromium with the network blocked.

For a small notebook made here (formula, fragment, sub-slide, notes, skipped cell, figure,
widget) and for every course deck in ``build/slides/``:

* no request leaves ``file://`` (every other request is aborted and recorded);
* reveal.js counts as many slides (``Reveal.getTotalSlides()``) as the notebook has slide
  starts: nbconvert wraps each ``slide`` cell in a horizontal ``<section>`` holding one
  vertical ``<section>`` per ``subslide``, and reveal.js counts the vertical ones; the first
  visible cell always starts a slide, so the count is the number of visible cells of type
  ``slide`` or ``subslide``, plus one when the first visible cell is of another type;
* MathJax typesets every formula without error, and each saved widget renders;
* every file the deck asks for is there (a missing icon font or script fails the test);
* every slide, with all its fragments shown, fits the 1280x720 canvas: its height is measured
  in Chromium as reveal.js lays it out (the section's ``scrollHeight``, which reveal.js itself
  uses to centre the slide), not estimated from the notebook;
* no widget label, button or readout is cut off (its ``scrollWidth`` fits its ``clientWidth``);
* a screenshot of the title slide lands in ``build/screenshots/slides_<name>.png`` and one of
  the deck's tallest slide in ``build/screenshots/slides_<name>_tallest.png``.
"""
from __future__ import annotations

import html
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KOREAN = sorted((ROOT / "notebooks" / "ko").glob("*.ipynb"))
# The Korean decks' Hangul comes from the course's font (slides/build_slides.py): a machine
# without a Korean font still renders it. Glyphs the web font drew show up as loaded faces.
KOREAN_FONT_LOADED = """async () => { await document.fonts.ready;
    return [...document.fonts].filter(f => f.family.includes('Nanum Gothic') && f.status === 'loaded').length; }"""

pytestmark = pytest.mark.browser

# reveal.js is loaded through require.js as an AMD module, so it is not a global: find it
# among require.js's loaded modules once it reports ready.
FIND_REVEAL = """() => {
    if (!window.requirejs) return false;
    const defined = requirejs.s.contexts._.defined;
    const key = Object.keys(defined).find(k => k.endsWith('/dist/reveal.js'));
    if (key && defined[key].isReady()) { window.Reveal = defined[key]; return true; }
    return false;
}"""
# Resolves once MathJax has started (its first typeset done) and run everything queued since.
# The hook must not return the queue's callback: MathJax would wait for it, and never start.
MATHJAX_DONE = """() => new Promise(done => MathJax.Hub.Register.StartupHook(
    "End", () => { MathJax.Hub.Queue(() => done(true)); }))"""
# Visit every slide (fragments take their room even before they are shown) and measure it:
# its height, and the widget texts on it that are wider than their box.
MEASURE_SLIDES = """() => {
    const slides = [];
    Reveal.getHorizontalSlides().forEach((h, i) => {
        const vertical = h.querySelectorAll(':scope > section');
        (vertical.length ? [...vertical] : [h]).forEach((s, j) => slides.push([i, j, s]));
    });
    return slides.map(([h, v, s]) => {
        Reveal.slide(h, v);
        const cut = [...s.querySelectorAll('.widget-label, .widget-label-basic, .widget-button, .widget-readout, .widget-toggle-button')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.textContent.trim());
        const first = (s.innerText || '').trim().split('\\n')[0].slice(0, 60);
        return {h, v, height: s.scrollHeight, first, cut};
    });
}"""
WIDGET_VIEWS = """() => [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')].map(s => s.parentElement.querySelector('.lm-Widget') !== null)"""


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_slides", ROOT / "slides" / "build_slides.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(builder, notebooks, out):
    try:
        return builder.build(notebooks, out)
    except SystemExit as err:  # the builder reports problems as SystemExit(message)
        pytest.fail(f"building the slides failed: {err}")


def expected_slides(nb: dict) -> int:
    kinds = [c.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") for c in nb["cells"]]
    visible = [k for k in kinds if k not in {"notes", "skip"}]
    starts = sum(k in {"slide", "subslide"} for k in visible)
    return starts + (1 if visible and visible[0] not in {"slide", "subslide"} else 0)


def open_deck(page, deck: Path) -> None:
    page.goto(deck.as_uri())
    page.wait_for_function(FIND_REVEAL, timeout=20_000)
    page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")  # sharp screenshots
    page.evaluate(MATHJAX_DONE)


def check_deck(page, deck: Path, nb: dict, screenshot: Path) -> dict:
    """Open ``deck`` in the guarded ``page``, assert what every deck must do, return facts."""
    open_deck(page, deck)
    total = page.evaluate("Reveal.getTotalSlides()")
    assert total == expected_slides(nb), f"{deck.name}: reveal.js shows {total} slides, notebook has {expected_slides(nb)}"

    math = page.evaluate("""() => ({
        sources: document.querySelectorAll('script[type^="math/tex"]').length,
        rendered: document.querySelectorAll('.MathJax_CHTML').length,
        errors: [...document.querySelectorAll('.MathJax_CHTML_Error, .mjx-merror, .MathJax_Error')].map(e => e.textContent)})""")
    assert not math["errors"], f"{deck.name}: MathJax errors {math['errors']}"
    assert math["rendered"] == math["sources"], f"{deck.name}: MathJax typeset {math['rendered']} of {math['sources']} formulas"

    if "widgets" in nb.get("metadata", {}):
        page.wait_for_function(f"() => ({WIDGET_VIEWS})().every(Boolean)", timeout=20_000)
    page.screenshot(path=str(screenshot))

    slides = page.evaluate(MEASURE_SLIDES)
    assert len(slides) == total
    canvas = page.evaluate("Reveal.getConfig().height")
    tallest = max(slides, key=lambda s: s["height"])
    page.evaluate(f"Reveal.slide({tallest['h']}, {tallest['v']})")
    page.screenshot(path=str(screenshot.with_name(screenshot.stem + "_tallest.png")))
    page.evaluate("Reveal.slide(0, 0)")
    too_tall = [f"slide {s['h'] + 1}.{s['v'] + 1} ({s['first']!r}): {s['height']} px" for s in slides if s["height"] > canvas]
    assert not too_tall, f"{deck.name}: slides taller than the {canvas} px canvas:\n" + "\n".join(too_tall)
    cut = [f"slide {s['h'] + 1}.{s['v'] + 1}: {s['cut']}" for s in slides if s["cut"]]
    assert not cut, f"{deck.name}: widget texts cut off:\n" + "\n".join(cut)

    if deck.name.endswith(".ko.slides.html"):
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert page.evaluate(KOREAN_FONT_LOADED) >= 1, f"{deck.name}: the course's Korean font was never used"
    assert not page.blocked_requests, f"{deck.name} tried the network: {page.blocked_requests}"
    assert not page.missing_files, f"{deck.name} asked for files that are not there: {sorted(set(page.missing_files))}"
    return {"total": total, "tallest": tallest["height"], **math}


# ---- a small notebook with one of everything ----------------------------------------------

SIGMOID = r"$$\sigma(x) = \frac{1}{1+e^{-x}}$$"


@pytest.fixture(scope="module")
def sample_deck(tmp_path_factory):
    """A small executed notebook and its deck, built like the course decks."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def cell(c, kind):
        c.metadata["slideshow"] = {"slide_type": kind}
        return c

    cells = [
        cell(new_markdown_cell("# Sample deck\n\nEvery kind of cell the course uses."), "slide"),
        cell(new_markdown_cell("Speaker notes: greet the class."), "notes"),
        cell(new_markdown_cell(f"## A formula\n\n{SIGMOID}\n\nand inline $e^{{x}}$."), "slide"),
        cell(new_code_cell("import numpy as np\nx = np.linspace(-4, 4, 9)\nprint(x)"), "fragment"),
        cell(new_markdown_cell("### A sub-slide with a figure"), "subslide"),
        cell(new_code_cell(
            "import matplotlib\nmatplotlib.use('agg')\nimport matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots(figsize=(4, 2.5))\nax.plot(x, 1 / (1 + np.exp(-x)))\nplt.show()"), "-"),
        cell(new_code_cell("hidden = 1"), "skip"),
        cell(new_markdown_cell("## A widget"), "slide"),
        cell(new_code_cell("import ipywidgets as w\nw.IntSlider(value=7, min=0, max=10, description='k')"), "-"),
    ]
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    tmp = tmp_path_factory.mktemp("slides")
    path = tmp / "sample.ipynb"
    nbformat.write(nb, path)
    # Execute in a separate process: Playwright's event loop may already run in this one.
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                    "--ExecutePreprocessor.timeout=120", str(path)], check=True, capture_output=True)
    (deck,) = _build(_load_builder(), [path], tmp / "out")
    return deck, json.loads(path.read_text(encoding="utf-8"))


def test_sample_deck_offline_with_math_widgets_and_notes(offline_page, sample_deck, screenshot_dir):
    deck, nb = sample_deck
    page = offline_page
    facts = check_deck(page, deck, nb, screenshot_dir / "slides_sample_title.png")
    assert facts["total"] == 4 == expected_slides(nb)  # title, formula, its sub-slide, widget
    assert facts["sources"] == 2  # the display formula and the inline one

    page.evaluate("Reveal.slide(1, 0)")
    # The deck re-renders a slide's formulas when it is shown: wait for the fraction.
    formula = page.locator(".present .MathJax_CHTML .mjx-mfrac")
    formula.wait_for(state="visible", timeout=10_000)
    assert formula.count() == 1, "the sigmoid's fraction is not typeset on slide 2"
    box = formula.bounding_box()
    assert box and box["height"] > 30, f"the typeset fraction is not drawn at a readable size: {box}"
    assert page.locator(".present .fragment").count() == 1
    assert page.evaluate("Reveal.availableFragments().next"), "the code cell should be a fragment still to come"
    page.screenshot(path=str(screenshot_dir / "slides_sample_formula.png"))

    page.evaluate("Reveal.slide(3, 0)")
    readout = page.locator(".present .widget-readout")
    assert readout.inner_text().strip() == "7", "the slider does not show its saved value"
    page.screenshot(path=str(screenshot_dir / "slides_sample_widget.png"))

    notes = page.evaluate("[...document.querySelectorAll('aside.notes')].map(a => a.textContent.trim())")
    assert any("greet the class" in n for n in notes)
    assert "hidden = 1" not in page.content()
    assert not page.blocked_requests


def test_missing_local_files_are_recorded(offline_page, tmp_path):
    """The guard itself: a page asking for a local file that is not there is caught."""
    page = tmp_path / "missing.html"
    page.write_text('<!DOCTYPE html><script src="no-such-file.js"></script><p>hi</p>')
    offline_page.goto(page.as_uri())
    assert offline_page.missing_files == [(tmp_path / "no-such-file.js").as_uri()]


def test_a_slide_taller_than_the_canvas_fails_the_deck_check(offline_page, tmp_path):
    """The measure itself: a slide with a figure taller than 720 px is reported."""
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    lines = "\n\n".join(f"Line {i} of a slide that is far too long." for i in range(40))
    cells = [new_markdown_cell("# Short"), new_markdown_cell(f"## Long\n\n{lines}")]
    for c in cells:
        c.metadata["slideshow"] = {"slide_type": "slide"}
    nb = new_notebook(cells=cells)
    path = tmp_path / "long.ipynb"
    nbformat.write(nb, path)
    (deck,) = _build(_load_builder(), [path], tmp_path / "out")
    with pytest.raises(AssertionError, match=r"slide 2\.1 \('Long'\): \d+ px"):
        check_deck(offline_page, deck, json.loads(path.read_text()), tmp_path / "long.png")


def test_offline_guard_records_remote_requests(offline_page, tmp_path):
    """The guard itself: a page asking for a remote script is caught."""
    html = tmp_path / "remote.html"
    html.write_text('<!DOCTYPE html><script src="https://cdn.example.org/x.js"></script><p>hi</p>')
    offline_page.goto(html.as_uri())
    assert offline_page.blocked_requests == ["https://cdn.example.org/x.js"]


# ---- the course's own decks ----------------------------------------------------------------

@pytest.fixture(scope="module")
def course_decks():
    """Build (or bring up to date) build/slides/, as `make slides` does."""
    if not NOTEBOOKS:
        pytest.skip("no notebooks in notebooks/")
    return _build(_load_builder(), None, ROOT / "build" / "slides")


@pytest.mark.parametrize("notebook", NOTEBOOKS + KOREAN,
                         ids=[p.stem for p in NOTEBOOKS] + [f"ko-{p.stem}" for p in KOREAN])
def test_course_deck(offline_page, course_decks, notebook, screenshot_dir):
    builder = _load_builder()
    deck = ROOT / "build" / "slides" / builder.deck_name(notebook)
    assert deck in course_decks
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    shot = f"slides_{'ko_' if builder.is_korean(notebook) else ''}{notebook.stem}.png"
    check_deck(offline_page, deck, nb, screenshot_dir / shot)


def test_index_lists_every_deck_in_both_languages_with_its_title(course_decks):
    builder = _load_builder()
    index = (ROOT / "build" / "slides" / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+\.slides\.html)">([^<]+)</a>', index))
    assert KOREAN, "no Korean notebooks in notebooks/ko/"
    for notebook in NOTEBOOKS + KOREAN:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        heading = next(line[2:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                       for line in "".join(c["source"]).splitlines() if line.startswith("# "))
        title = links.get(builder.deck_name(notebook))
        assert title is not None, f"index.html has no link to {builder.deck_name(notebook)}"
        assert html.unescape(title) == heading
