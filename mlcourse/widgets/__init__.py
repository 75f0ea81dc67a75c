"""Widgets for the notebooks.

One module per topic; each imports ipywidgets and matplotlib inside its functions, so
``import mlcourse`` stays light. Widget code only wires controls to package functions: the
plot a widget redraws is a plain function a notebook can also call for a static figure.

:func:`figure_widget` is the one place where controls are wired to a redrawn figure. It is
built to answer at once:

- the figure is shown in an ``ipywidgets.Image`` whose PNG bytes are replaced on every
  redraw (no ``Output`` cleared and shown again, which makes the page rebuild its output);
- the PNG is rendered straight from matplotlib's Agg buffer at the figure's own size and
  encoded with the fastest zlib setting;
- the layout (``tight_layout`` or constrained layout) runs once, at the first draw; later
  draws keep the axes where they are;
- changes are coalesced, so a fast drag never builds a queue of stale pictures and the last
  position always wins. In the browser, ipywidgets keeps at most one update of a control
  on its way to the kernel: the values a drag produces meanwhile are merged and only the
  newest is sent once the kernel has finished the previous one (the kernel handles widget
  messages one at a time). In the kernel, a redraw reads the controls' values when it
  starts, and a change made while a redraw runs (by the drawing code itself, or by another
  control's observer) only marks the figure for one more redraw after it.

A widget whose background takes a few shapes (a zoom per step size, a contour plot per
function) names the current one with :func:`set_scene`; the renderer keeps the background
of each scene it has drawn, so coming back to a scene restores its picture instead of
drawing the whole figure again.

Each redraw's time is logged at DEBUG level on the logger ``"mlcourse.widgets"`` (record
attribute ``redraw_seconds``), which the browser benchmark reads.
"""
from __future__ import annotations

import html
import io
import logging
import time
from typing import Callable, Sequence

LOG = logging.getLogger("mlcourse.widgets")
PNG_COMPRESS_LEVEL = 1  # zlib level of a redraw: faster than the default 6, files ~20% larger
SAVED_COMPRESS_LEVEL = 6  # the first picture, drawn when the cell runs, is saved with the notebook


def _agg_canvas(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def _encode(canvas, level: int | None = None) -> bytes:
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL if level is None else level)
    return out.getvalue()


def render_png(fig, dpi: float | None = None) -> bytes:
    """The whole figure as PNG bytes: Agg draws it at ``dpi`` (default: the figure's own),
    Pillow encodes the RGBA buffer with zlib level :data:`PNG_COMPRESS_LEVEL`."""
    if dpi is not None and fig.dpi != dpi:
        fig.set_dpi(dpi)
    canvas = _agg_canvas(fig)
    canvas.draw()
    return _encode(canvas)


SCENE_CACHE = 24  # backgrounds kept per figure (one RGBA copy of the figure each, ~1-2 MB)


def set_scene(fig, key) -> None:
    """Name the background ``fig`` shows now: ``key`` (hashable) stands for everything that
    is not animated (limits, ticks, static curves, which axes are visible). Two moments with
    the same key must have the same background; :class:`FrameRenderer` then reuses the
    picture drawn for it. ``None`` (the default) keeps no cache."""
    fig._mlcourse_scene = key


class FrameRenderer:
    """Renders a figure again and again, drawing only what changed.

    Artists marked ``set_animated(True)`` are the ones a widget changes on every move
    (a line's data, a marker, a title). matplotlib does not mark the figure stale when they
    change, and leaves them out of a full draw. So: when the figure is stale (something
    else changed: limits, ticks, a static curve) the whole figure is drawn, without the
    animated artists, and that picture is kept as the background; otherwise the background
    is restored. Then the animated artists are drawn on top. ``full_draws`` and
    ``fast_draws`` count the two cases.

    With a scene named by :func:`set_scene`, the background of each scene is kept (up to
    :data:`SCENE_CACHE`), and a scene drawn before is restored even when the figure is stale.
    """

    def __init__(self, fig, dpi: float | None = None):
        self.fig = fig
        self.dpi = dpi
        self.canvas = _agg_canvas(fig)
        self.background = None
        self.animated: list = []
        self.full_draws = self.fast_draws = 0
        self.scenes: dict = {}  # scene key -> (background, animated artists)
        self.scene = None  # the key of the background held now

    def png(self, level: int | None = None) -> bytes:
        """The figure as PNG bytes (zlib ``level``, default :data:`PNG_COMPRESS_LEVEL`)."""
        fig = self.fig
        if self.dpi is not None and fig.dpi != self.dpi:
            fig.set_dpi(self.dpi)
        key = getattr(fig, "_mlcourse_scene", None)
        if key is not None and key != self.scene and key in self.scenes:
            self.background, self.animated = self.scenes[key]
            self.scene = key
            fig.stale = False  # the figure's state matches the kept picture of this scene
        if self.background is None or fig.stale or key != self.scene:
            self.canvas.draw()  # leaves the animated artists out
            self.animated = [a for a in fig.findobj(lambda a: a.get_animated()) if a is not fig]
            order = {id(ax): i for i, ax in enumerate(fig.axes)}
            self.animated.sort(key=lambda a: (order.get(id(a.axes), -1), a.get_zorder()))
            self.background = self.canvas.copy_from_bbox(fig.bbox) if self.animated else None
            self.scene = key
            if key is not None and self.background is not None:
                self.scenes.pop(key, None)
                while len(self.scenes) >= SCENE_CACHE:
                    self.scenes.pop(next(iter(self.scenes)))
                self.scenes[key] = (self.background, self.animated)
            self.full_draws += 1
        else:
            self.canvas.restore_region(self.background)
            self.fast_draws += 1
        for artist in self.animated:
            if artist.get_visible() and (artist.axes is None or (artist.axes in fig.axes
                                                                 and artist.axes.get_visible())):
                fig.draw_artist(artist)
        # drawing an animated axis updates its ticks, which marks the axes (not the picture) stale
        fig.stale = False
        return _encode(self.canvas, level)


def figure_widget(controls: Sequence, fig, draw: Callable[[], str | None], *, layout: str | None = "tight",
                  dpi: float | None = None, text: bool = False, rows: Sequence[Sequence] | None = None):
    """Wire ``controls`` to a matplotlib ``fig`` shown as a PNG in an ``ipywidgets.Image``.

    Parameters
    ----------
    controls : sequence of ipywidgets
        Every control whose ``value`` changes the figure.
    fig : matplotlib Figure
        Create it with ``matplotlib.figure.Figure`` (or close it in pyplot), so that it is
        shown only through the widget.
    draw : callable
        ``draw()`` updates ``fig`` from the controls' current values (update artists in
        place where it can; rebuild only what changed). It may return a line of text, shown
        above the figure when ``text`` is true.
    layout : "tight", "constrained" or None
        Run this layout once, at the first draw, then keep it (later draws do not lay out).
    dpi : float, optional
        Pixels per inch of the PNG (default: the figure's dpi, so the image has the size the
        same figure has as a static output).
    text : bool
        Show what ``draw()`` returns in a text line above the figure.
    rows : sequence of sequences of widgets, optional
        How to arrange the controls (one ``HBox`` per row); default: all in one row.

    Returns
    -------
    ipywidgets.VBox
        The controls, the text line (when asked for) and the image. Attributes for code and
        tests: ``figure``, ``image`` (the ``Image`` widget), ``text`` (the ``HTML`` line or
        None), ``last_text``, ``redraw()`` (draw now), ``flush()`` (run a waiting redraw
        now), ``pending`` (a redraw is waiting), ``draws`` (how many ran) and
        ``last_seconds`` (the time of the last redraw, PNG included), ``frames`` (the
        :class:`FrameRenderer`: how many full and fast draws ran).
    """
    import ipywidgets as widgets

    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    line = widgets.HTML() if text else None
    if rows is None:
        rows = [list(controls)]
    boxes = [row[0] if len(row) == 1 else widgets.HBox(list(row)) for row in rows]
    box = widgets.VBox(boxes + ([line] if line is not None else []) + [image])
    box.figure, box.image, box.text = fig, image, line
    box.pending, box.draws, box.last_seconds, box.last_text, box.last_line = False, 0, 0.0, None, None
    laid_out = [layout is None]
    frames = FrameRenderer(fig, dpi)

    def redraw() -> None:
        box.pending = False
        start = time.perf_counter()
        result = draw()
        if not laid_out[0]:
            if layout == "tight":
                fig.tight_layout()
            elif layout == "constrained":
                fig.set_layout_engine("constrained")
                render_png(fig, dpi)  # a draw runs the layout engine
                fig.set_layout_engine("none")  # the axes keep the positions it gave them
            laid_out[0] = True
        if line is not None:
            box.last_text = box.last_line = "" if result is None else str(result)
            line.value = f"<pre class='mlcourse-widget-text' style='margin:0'>{html.escape(box.last_text)}</pre>"
        # the first picture is the one a saved notebook keeps: compress it well
        image.value = frames.png(SAVED_COMPRESS_LEVEL if box.draws == 0 else None)
        box.draws += 1
        box.last_seconds = time.perf_counter() - start
        LOG.debug("redraw %.4f s", box.last_seconds, extra={"redraw_seconds": box.last_seconds})

    drawing = [False]

    def flush() -> None:
        while box.pending:
            redraw()

    def on_change(_change=None) -> None:
        box.pending = True
        if drawing[0]:
            return  # the redraw running now is followed by one more, with the newest values
        drawing[0] = True
        try:
            flush()
        finally:
            drawing[0] = False

    for control in controls:
        control.observe(on_change, names="value")
    box.redraw, box.flush, box.frames = redraw, flush, frames
    redraw()
    return box
