"""The learning rate (학습률) on the simplest loss there is (notebook 09).

Gradient descent on ``f(x) = x^2`` (gradient ``2x``) multiplies ``x`` by ``1 - 2 lr`` at every
step, so the learning rate alone decides what happens:

- ``0 < lr < 0.5``: ``x`` shrinks towards 0 from one side (slowly when lr is small);
- ``0.5 < lr < 1``: ``x`` jumps over the minimum each step but still shrinks;
- ``lr = 1``: ``x`` bounces between ``x0`` and ``-x0`` for ever;
- ``lr > 1``: every jump lands farther out: the iterates diverge.

:func:`parabola_path` runs the package's ``SGD`` (through :func:`mlcourse.paths.descend`),
:func:`summary_line` is the sentence the widget prints, :func:`plot_learning_rate` draws the
path on the parabola and the loss curve (the notebook's static figure), and
:func:`learning_rate_explorer` wires a log-scale learning-rate slider and a start slider to
them. matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from mlcourse.i18n import tr
from mlcourse.optimizers import SGD
from mlcourse.paths import descend

__all__ = ["parabola", "parabola_grad", "parabola_path", "summary_line", "plot_learning_rate",
           "learning_rate_explorer", "LOSS_BOTTOM", "LOSS_TOP"]

#: The loss axis shows f from LOSS_BOTTOM to LOSS_TOP (log scale) for every learning rate, so
#: curves of different rates compare at a glance. A loss below LOSS_BOTTOM (down to exactly 0
#: at lr = 0.5) is drawn as a triangle on the bottom edge; the printed line has its value.
LOSS_BOTTOM, LOSS_TOP = 1e-40, 1e20


def parabola(x):
    """``f(x) = x^2``, elementwise."""
    return np.asarray(x, dtype=np.float64) ** 2


def parabola_grad(x):
    """``f'(x) = 2x``, elementwise."""
    return 2.0 * np.asarray(x, dtype=np.float64)


def parabola_path(lr: float, start: float = 10.0, steps: int = 20) -> np.ndarray:
    """Iterates of gradient descent on ``x^2``: an array of shape (steps + 1,), ``x_0 = start``.

    Uses ``mlcourse.optimizers.SGD(lr)``; after a divergence (|x| > 1e8) the values are NaN.
    """
    return descend(parabola_grad, [float(start)], SGD(lr), steps)[:, 0]


def summary_line(lr: float, start: float = 10.0, steps: int = 20) -> str:
    """E.g. ``"learning rate 0.2: f(x) after 20 steps = 1.3e-07"`` (what the widget prints)."""
    x = parabola_path(lr, start, steps)
    last = x[-1]
    if not np.isfinite(last):
        return tr("learning rate {lr:.3g}: diverged (|x| passed 1e8) after {steps} steps", lr=lr, steps=steps)
    return tr("learning rate {lr:.3g}: f(x) after {steps} steps = {f:.1e}", lr=lr, steps=steps, f=float(last) ** 2)


def _loss_points(f):
    """Split ``f`` for the log-scale loss axis: (values on the axis, NaN elsewhere) and
    (LOSS_BOTTOM where f is below the axis, NaN elsewhere)."""
    f = np.asarray(f, dtype=np.float64)
    below = np.isfinite(f) & (f < LOSS_BOTTOM)
    return np.where(below, np.nan, f), np.where(below, LOSS_BOTTOM, np.nan)


def _path_width(x, start, least: float = 1.0) -> float:
    # wide enough for the first few jumps of a diverging run, at least 1.3 |x0|
    early = np.abs(x[:6][np.isfinite(x[:6])])
    return max(abs(start) * 1.3, 1.15 * float(early.max()), least)


def plot_learning_rate(lr: float, start: float = 10.0, steps: int = 20, axes=None, label: str | None = None,
                       color: Any = None):
    """Draw the iterates on the parabola (left) and ``f(x_k)`` against the step k (right).

    Parameters
    ----------
    lr : float
    start : float
    steps : int
    axes : pair of matplotlib Axes, optional
        Draw into these (several learning rates can share them: call once per rate);
        a new 1x2 figure otherwise.
    label : str, optional
        Legend entry; default ``"lr = 0.2"``.
    color : matplotlib color, optional
        Default: the next colour of the loss axes, so that several calls sharing the loss
        axes get different colours.

    Returns
    -------
    (ax_path, ax_loss)
        The loss axes runs from :data:`LOSS_BOTTOM` to :data:`LOSS_TOP`; its first line of
        each call holds the losses on the axis, the second (triangles) those below it.
    """
    import matplotlib.pyplot as plt

    if axes is None:
        _fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    ax_path, ax_loss = axes
    x = parabola_path(lr, start, steps)
    f = x**2
    label = label or f"lr = {lr:.3g}"
    n_runs = sum(1 for line in ax_loss.lines if not line.get_label().startswith("_"))
    color = color if color is not None else f"C{n_runs % 10}"

    width = _path_width(x, start)
    if not ax_path.lines:  # draw the parabola once per axes
        grid = np.linspace(-width, width, 201)
        ax_path.plot(grid, grid**2, color="0.6", lw=1, zorder=1)
        ax_path.set(xlabel="x", ylabel="f(x) = x^2", xlim=(-width, width), ylim=(-0.05 * width**2, 1.15 * width**2))
    ax_path.plot(x, f, "o-", ms=4, lw=1, label=label, color=color, zorder=3)
    ax_path.plot([x[0]], [f[0]], "s", ms=7, color=color, zorder=4)
    ax_path.legend(fontsize="small", loc="upper center")

    on_axis, below = _loss_points(f)
    ax_loss.plot(np.arange(len(f)), on_axis, "o-", ms=3, label=label, color=color)
    ax_loss.plot(np.arange(len(f)), below, "v", ms=5, color=color, clip_on=False, label="_below")
    _loss_axis(ax_loss, steps)
    if np.any(np.isfinite(below)) and not any(t.get_gid() == "below-note" for t in ax_loss.texts):
        _below_note(ax_loss)
    ax_loss.legend(fontsize="small", loc="upper right")
    return ax_path, ax_loss


def _loss_axis(ax, steps: int) -> None:
    ax.set_yscale("log")
    ax.set(xlabel=tr("step k"), ylabel=tr("f(x_k)  (log scale)"), ylim=(LOSS_BOTTOM, LOSS_TOP), xlim=(-0.5, steps + 0.5))
    ax.set_yticks(10.0 ** np.arange(-40, 21, 10))
    ax.minorticks_off()


def _below_note(ax):
    return ax.text(0.98, 0.04, tr("▼ = below {bottom:g}", bottom=LOSS_BOTTOM), transform=ax.transAxes, ha="right", va="bottom",
                   fontsize="small", color="0.3", gid="below-note")


def learning_rate_explorer(lr: float = 0.2, start: float = 10.0, steps: int = 20, lr_min: float = 1e-3,
                           lr_max: float = 1.5):
    """A log-scale learning-rate slider and a start slider redrawing :func:`plot_learning_rate`.

    A learning rate typed into the slider's readout is kept exactly as typed (the slider has
    no grid to snap to; its arrow keys move in steps of a tenth of its range). The line of
    :func:`summary_line` is shown above the figure. Only the paths, the loss curve and the
    titles are redrawn on a move (the parabola and the axes stay, unless a diverging run
    needs a wider view). Returns an ``ipywidgets.VBox`` carrying ``lr_slider``,
    ``start_slider``, ``figure``, ``axes`` and ``last_line`` (the line shown last).
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    from . import figure_widget

    lr_slider = w.FloatLogSlider(value=lr, base=10, min=math.log10(lr_min), max=math.log10(lr_max), step=None,
                                 description=tr("learning rate"), readout_format=".3g",
                                 style={"description_width": "initial"}, layout=w.Layout(width="420px"))
    start_slider = w.FloatSlider(value=start, min=-10.0, max=10.0, step=0.5, description=tr("start x0"),
                                 layout=w.Layout(width="320px"))
    fig = Figure(figsize=(10, 3.6))
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.14, top=0.91, wspace=0.25)  # room for 5-digit ticks
    axes = fig.subplots(1, 2)
    ax_path, ax_loss = axes
    plot_learning_rate(lr, start, steps, axes=axes, color="C0")
    for ax in axes:
        ax.get_legend().remove()  # one run: the titles say which
        ax.title.set_fontsize("medium")
    path, start_mark = ax_path.lines[1], ax_path.lines[2]
    loss, below = ax_loss.lines[0], ax_loss.lines[1]
    note = _below_note(ax_loss)
    for artist in (path, start_mark, loss, below, note, ax_path.title, ax_loss.title):
        artist.set_animated(True)
    least_width = 1.3 * max(abs(start_slider.min), abs(start_slider.max))

    def draw():
        rate, x0 = lr_slider.value, start_slider.value
        x = parabola_path(rate, x0, steps)
        f = x**2
        width = _path_width(x, x0, least_width)
        if ax_path.get_xlim()[1] != width:  # a diverging run: widen the view (a full redraw)
            grid = np.linspace(-width, width, 201)
            ax_path.lines[0].set_data(grid, grid**2)
            ax_path.set(xlim=(-width, width), ylim=(-0.05 * width**2, 1.15 * width**2))
        path.set_data(x, f)
        start_mark.set_data([x[0]], [f[0]])
        on_axis, under = _loss_points(f)
        loss.set_ydata(on_axis)
        below.set_ydata(under)
        note.set_visible(bool(np.any(np.isfinite(under))))
        # set_text, not set_title: set_title also moves the side titles, a change of the background
        ax_path.title.set_text(tr("each step multiplies x by 1 - 2 lr = {factor:.3g}", factor=1 - 2 * rate))
        ax_loss.title.set_text(tr("{steps} steps from x0 = {x0:g}", steps=steps, x0=x0))
        return summary_line(rate, x0, steps)

    box = figure_widget([lr_slider, start_slider], fig, draw, text=True, layout=None)
    box.lr_slider, box.start_slider, box.axes = lr_slider, start_slider, axes
    return box


