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

from mlcourse.optimizers import SGD
from mlcourse.paths import descend

__all__ = ["parabola", "parabola_grad", "parabola_path", "summary_line", "plot_learning_rate",
           "learning_rate_explorer"]

LOSS_FLOOR = 1e-30  # f(x) exactly 0 (lr = 0.5) is drawn here on the log-scale loss curve


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
        return f"learning rate {lr:.3g}: diverged (|x| passed 1e8) after {steps} steps"
    return f"learning rate {lr:.3g}: f(x) after {steps} steps = {float(last) ** 2:.1e}"


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
    """
    import matplotlib.pyplot as plt

    if axes is None:
        _fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    ax_path, ax_loss = axes
    x = parabola_path(lr, start, steps)
    f = x**2
    label = label or f"lr = {lr:.3g}"
    color = color if color is not None else f"C{len(ax_loss.lines) % 10}"

    # wide enough for the first few jumps of a diverging run, at least 1.3 |x0|
    early = np.abs(x[:6][np.isfinite(x[:6])])
    width = max(abs(start) * 1.3, 1.15 * float(early.max()), 1.0)
    if not ax_path.lines:  # draw the parabola once per axes
        grid = np.linspace(-width, width, 201)
        ax_path.plot(grid, grid**2, color="0.6", lw=1, zorder=1)
        ax_path.set(xlabel="x", ylabel="f(x) = x^2", xlim=(-width, width), ylim=(-0.05 * width**2, 1.15 * width**2))
    ax_path.plot(x, f, "o-", ms=4, lw=1, label=label, color=color, zorder=3)
    ax_path.plot([x[0]], [f[0]], "s", ms=7, color=color, zorder=4)
    ax_path.legend(fontsize="small", loc="upper center")

    ax_loss.plot(np.arange(len(f)), np.maximum(f, LOSS_FLOOR), "o-", ms=3, label=label, color=color)
    ax_loss.set_yscale("log")
    ax_loss.set(xlabel="step k", ylabel="f(x_k)  (log scale)")
    ax_loss.legend(fontsize="small")
    return ax_path, ax_loss


def learning_rate_explorer(lr: float = 0.2, start: float = 10.0, steps: int = 20, lr_min: float = 1e-3,
                           lr_max: float = 1.5):
    """A log-scale learning-rate slider and a start slider redrawing :func:`plot_learning_rate`.

    The output shows :func:`summary_line` above the figure. Returns an ``ipywidgets.VBox``
    carrying ``lr_slider``, ``start_slider``, ``output``, ``figure``, ``axes`` and
    ``last_line`` (the line printed last) for tests.
    """
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    lr_slider = w.FloatLogSlider(value=lr, base=10, min=math.log10(lr_min), max=math.log10(lr_max), step=0.01,
                                 description="learning rate", readout_format=".3g",
                                 style={"description_width": "initial"}, layout=w.Layout(width="420px"))
    start_slider = w.FloatSlider(value=start, min=-10.0, max=10.0, step=0.5, description="start x0",
                                 layout=w.Layout(width="320px"))
    out = w.Output()
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    plt.close(fig)  # shown through the Output widget only
    box = w.VBox([w.HBox([lr_slider, start_slider]), out])

    def redraw(_change=None):
        rate, x0 = lr_slider.value, start_slider.value
        for ax in axes:
            ax.clear()
        plot_learning_rate(rate, x0, steps, axes=axes)
        factor = 1 - 2 * rate
        axes[0].set_title(f"each step multiplies x by 1 - 2 lr = {factor:.3g}", fontsize="medium")
        axes[1].set_title(f"{steps} steps from x0 = {x0:g}", fontsize="medium")
        box.last_line = summary_line(rate, x0, steps)
        with out:
            out.clear_output(wait=True)
            print(box.last_line)
            display(fig)

    lr_slider.observe(redraw, names="value")
    start_slider.observe(redraw, names="value")
    box.lr_slider, box.start_slider, box.output = lr_slider, start_slider, out
    box.figure, box.axes = fig, axes
    redraw()
    return box
