"""Every slide of every notebook fits on a 1280x720 screen, by a simple measure.

The decks (``make slides``) use a 1280x720 reveal.js canvas. This test estimates how many
*rendered lines* each slide needs and fails when a slide needs more than ``BUDGET``.

How a notebook becomes slides (the same rule as nbconvert's slides exporter):
a cell of ``slide_type`` ``slide`` or ``subslide`` starts a new slide (the first visible
cell always does); ``fragment`` and ``-`` cells add to the current slide (every fragment is
visible at the end, so they all count); ``notes`` and ``skip`` cells take no room.

How many rendered lines a cell takes (one line is about 28 px of the 720):

* markdown: each source line takes ``ceil(len / PROSE_CHARS)`` lines; a blank line 0.5
  (paragraph gap); a heading ``HEADING_LINES``; a table's ``|---|`` row nothing; a line with
  display math ``$$`` ``DISPLAY_MATH_LINES``; a table row ``TABLE_ROW_LINES`` (a lone ``$$`` delimiter nothing); an image
  ``![..](..)`` ``FIGURE_LINES``.
* code input: each line ``ceil(len / CODE_CHARS)`` (blank lines too), plus ``BOX_LINES``
  for the box around it.
* outputs, as the deck shows them: text counts like code; an image its pixel height (from
  the PNG header, or the ``height`` metadata) capped at ``IMAGE_MAX_PX`` (the template's
  ``max-height``), divided by ``LINE_PX``; ``FIGURE_LINES`` when the height is unknown;
  markdown like markdown; HTML its table rows or text lines; a widget its controls (one
  line each) plus the outputs saved in its ``Output`` widgets, measured the same way.

Tune the constants below rather than the notebooks when the template's fonts change; the
browser test ``tests/browser/test_slides_deck.py`` shows the decks as they really render.
"""
from __future__ import annotations

import base64
import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

BUDGET = 25              # rendered lines per 1280x720 slide (25 x 28 px = 700 px of 720)
LINE_PX = 28             # pixels per rendered line
PROSE_CHARS = 90         # characters of prose per rendered line
CODE_CHARS = 100         # characters of code (or text output) per rendered line
HEADING_LINES = 2        # a markdown heading, with its margins
TABLE_ROW_LINES = 1.25   # a table row (cells have padding)
DISPLAY_MATH_LINES = 2   # a line of display math (fractions are tall)
BOX_LINES = 1            # padding of a code cell's input box
FIGURE_LINES = 12        # an image whose height is unknown
IMAGE_MAX_PX = 420       # the slide template caps output images at this height

HIDDEN = {"notes", "skip"}
STARTS = {"slide", "subslide"}


def slide_type(cell: dict) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def group_slides(cells: list[dict]) -> list[list[dict]]:
    """Split cells into slides: lists of the visible cells each slide shows."""
    slides: list[list[dict]] = []
    for cell in cells:
        kind = slide_type(cell)
        if kind in HIDDEN:
            continue
        if kind in STARTS or not slides:
            slides.append([])
        slides[-1].append(cell)
    return slides


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def text_lines(text: str, width: int = CODE_CHARS) -> float:
    """Rendered lines of monospace text: long lines wrap every ``width`` characters."""
    return float(sum(max(1, math.ceil(len(line) / width)) for line in text.rstrip("\n").split("\n")))


def markdown_lines(source: str) -> float:
    total = 0.0
    for raw in source.strip("\n").split("\n"):
        line = raw.strip()
        if not line:
            total += 0.5
        elif line == "$$":
            continue
        elif line.startswith("#"):
            total += HEADING_LINES
        elif re.fullmatch(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?", line):
            continue
        elif line.startswith("|"):
            total += TABLE_ROW_LINES * max(1, math.ceil(len(line) / PROSE_CHARS))
        elif re.search(r"!\[[^\]]*\]\([^)]*\)|<img\b", line):
            total += FIGURE_LINES
        elif "$$" in line:
            total += DISPLAY_MATH_LINES
        else:
            total += math.ceil(len(line) / PROSE_CHARS)
    return total


def image_lines(data: str, metadata: dict | None) -> float:
    """Lines an image output takes: its displayed height, capped like the template does."""
    height = (metadata or {}).get("height")
    if height is None:
        try:
            head = base64.b64decode(_text(data)[:64])
            if head[:8] == b"\x89PNG\r\n\x1a\n":
                height = int.from_bytes(head[20:24], "big")
        except ValueError:
            height = None
    if height is None:
        return float(FIGURE_LINES)
    return min(float(height), IMAGE_MAX_PX) / LINE_PX


def html_lines(html: str) -> float:
    rows = len(re.findall(r"<tr\b", html, re.I))
    if rows:
        return rows * TABLE_ROW_LINES
    text = re.sub(r"<[^>]+>", "", html)
    return markdown_lines(text) if text.strip() else 0.0


def widget_lines(model_id: str, state: dict, seen: set[str] | None = None) -> float:
    """Lines a saved widget takes: its controls, and the outputs its Output widgets hold."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return 0.0
    seen.add(model_id)
    model = state[model_id]
    name, props = model.get("model_name", ""), model.get("state", {})
    if name == "OutputModel":
        return sum(output_lines(o, state) for o in props.get("outputs", []))
    children = [c.removeprefix("IPY_MODEL_") for c in props.get("children", []) if isinstance(c, str)]
    if children:
        nested = [widget_lines(c, state, seen) for c in children]
        return max(nested) if name == "HBoxModel" else sum(nested)
    return 0.0 if name.startswith("Layout") or name.endswith("StyleModel") else 1.0


def output_lines(output: dict, state: dict) -> float:
    """Lines one output takes in the deck, using the richest representation it shows."""
    kind = output.get("output_type")
    if kind == "stream":
        return text_lines(_text(output.get("text", "")))
    if kind == "error":
        return text_lines("\n".join(output.get("traceback", [])))
    data, meta = output.get("data", {}), output.get("metadata", {})
    view = data.get("application/vnd.jupyter.widget-view+json")
    if view and view.get("model_id") in state:
        return widget_lines(view["model_id"], state)
    for mime in ("image/png", "image/jpeg", "image/svg+xml"):
        if mime in data:
            if mime == "image/svg+xml":
                match = re.search(r'height="([\d.]+)(pt|px)?"', _text(data[mime]))
                px = float(match.group(1)) * (4 / 3 if match and match.group(2) == "pt" else 1) if match else None
                return image_lines("", {"height": px} if px else None)
            return image_lines(data[mime], meta.get(mime))
    if "text/html" in data:
        return html_lines(_text(data["text/html"]))
    if "text/markdown" in data:
        return markdown_lines(_text(data["text/markdown"]))
    if "text/latex" in data:
        return float(DISPLAY_MATH_LINES)
    if "text/plain" in data:
        return text_lines(_text(data["text/plain"]))
    return 0.0


def cell_lines(cell: dict, state: dict) -> float:
    source = _text(cell.get("source", ""))
    if cell["cell_type"] == "markdown":
        return markdown_lines(source)
    if cell["cell_type"] != "code":
        return text_lines(source)
    lines = text_lines(source) + BOX_LINES if source.strip() else 0.0
    return lines + sum(output_lines(o, state) for o in cell.get("outputs", []))


def widget_state(nb: dict) -> dict:
    return nb.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})


def overflowing_slides(nb: dict, budget: float = BUDGET) -> list[tuple[int, str, float]]:
    """(slide number from 1, the slide's first source line, its rendered lines) over budget."""
    state = widget_state(nb)
    over = []
    for number, cells in enumerate(group_slides(nb["cells"]), start=1):
        lines = sum(cell_lines(c, state) for c in cells)
        if lines > budget:
            first = next((ln for c in cells for ln in _text(c["source"]).splitlines() if ln.strip()), "")
            over.append((number, first.strip()[:70], lines))
    return over


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_slide_fits_the_screen(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    over = overflowing_slides(nb)
    assert not over, f"{path.name}: slides too full for 1280x720 (budget {BUDGET} lines; split with a " \
        "subslide, move detail to a notes cell, or shorten):\n" + "\n".join(
            f"  slide {n} starting {first!r}: {lines:.1f} lines" for n, first, lines in over)


# ---- the measure itself ---------------------------------------------------------------

def _md(source: str, kind: str = "-") -> dict:
    return {"cell_type": "markdown", "source": source, "metadata": {"slideshow": {"slide_type": kind}}}


def _code(source: str, kind: str = "-", outputs: list | None = None) -> dict:
    return {"cell_type": "code", "source": source, "outputs": outputs or [],
            "metadata": {"slideshow": {"slide_type": kind}}}


def _png(height: int) -> str:
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (640).to_bytes(4, "big") + height.to_bytes(4, "big")
    return base64.b64encode(header + b"\x08\x06\x00\x00\x00").decode()


def test_slides_group_like_nbconvert():
    cells = [_md("note", "notes"), _md("# T"), _md("a", "fragment"), _md("b", "subslide"),
             _md("c", "skip"), _md("d", "-"), _md("e", "slide"), _md("f", "notes")]
    slides = group_slides(cells)
    assert [[_text(c["source"]) for c in s] for s in slides] == [["# T", "a"], ["b", "d"], ["e"]]


def test_markdown_measure():
    # heading + blank 0.5 + prose just over two lines wide wraps to 3 + table: 2 rows, no separator
    source = "## Title\n\n" + "x" * (2 * PROSE_CHARS + 10) + "\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert markdown_lines(source) == HEADING_LINES + 0.5 + 3 + 2 * TABLE_ROW_LINES
    assert markdown_lines("$$\n\\frac{1}{1+e^{-x}}\n$$") == 1
    assert markdown_lines("$$\\frac{1}{1+e^{-x}}$$") == DISPLAY_MATH_LINES


def test_code_and_outputs_measure():
    cell = _code("a = 1\n\nprint(a)", outputs=[{"output_type": "stream", "name": "stdout", "text": "1\n2\n"}])
    assert cell_lines(cell, {}) == 3 + BOX_LINES + 2
    figure = {"output_type": "display_data", "metadata": {},
              "data": {"image/png": _png(280), "text/plain": "<Figure size 640x280 with 1 Axes>"}}
    assert output_lines(figure, {}) == 280 / LINE_PX
    tall = {"output_type": "display_data", "metadata": {}, "data": {"image/png": _png(2000)}}
    assert output_lines(tall, {}) == IMAGE_MAX_PX / LINE_PX


def test_widget_measure_counts_controls_and_saved_outputs():
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_out"]}},
        "s": {"model_name": "FloatSliderModel", "state": {}},
        "out": {"model_name": "OutputModel", "state": {"outputs": [
            {"output_type": "stream", "name": "stdout", "text": "one\ntwo\nthree\n"}]}},
    }
    view = {"output_type": "display_data", "metadata": {},
            "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "box"}, "text/plain": "x"}}
    assert output_lines(view, state) == 1 + 3


def test_overflow_is_reported_with_the_slide_first_line():
    nb = {"cells": [_md("# Fits"), _md("## Too long", "slide"), _code("\n".join(["x = 1"] * 30), "fragment"),
                     _md("## Fits again", "slide"), _md("long notes\n" * 50, "notes")], "metadata": {}}
    over = overflowing_slides(nb)
    assert [(n, first) for n, first, _ in over] == [(2, "## Too long")]
    assert over[0][2] == HEADING_LINES + 30 + BOX_LINES
