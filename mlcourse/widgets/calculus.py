"""Derivatives you can see (notebook 02): tangent lines and the step size of finite differences.

- :func:`plot_tangent` draws ``f`` and its tangent line at ``x0`` (the static figure).
- :func:`plot_secants` zooms in on ``x0`` and draws the forward and central secants for a
  step ``h`` next to the tangent.
- :func:`plot_difference_errors` draws the error of both differences against ``h`` on a
  log-log plot: the forward error shrinks like ``h``, the central one like ``h^2``, until
  round-off (about ``eps / h``) takes over for tiny ``h``.
- :func:`tangent_explorer` and :func:`step_size_explorer` wire sliders to these plots.

The example function is ``f(x) = x^3 - 3x`` with ``f'(x) = 3x^2 - 3``.
matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .._checks import MLCourseError
from ..i18n import tr
from . import figure_widget, set_scene

Fn = Callable[[np.ndarray], np.ndarray]
X_RANGE = (-2.5, 2.5)


def cubic(x):
    """The example function ``x^3 - 3x``."""
    return x ** 3 - 3 * x


def cubic_grad(x):
    """Its derivative ``3x^2 - 3``."""
    return 3 * x ** 2 - 3


def forward_difference(f: Fn, x, h: float = 1e-5):
    """``(f(x + h) - f(x)) / h``: error of order ``h``. x: any shape (elementwise)."""
    _check_h(h)
    return (f(x + h) - f(x)) / h


def central_difference(f: Fn, x, h: float = 1e-5):
    """``(f(x + h) - f(x - h)) / (2h)``: error of order ``h^2``. x: any shape (elementwise)."""
    _check_h(h)
    return (f(x + h) - f(x - h)) / (2 * h)


def _check_h(h):
    if not np.isfinite(h) or h <= 0:
        raise MLCourseError(f"The step h must be a positive number, received h={h!r}.")


def _axes(ax=None, figsize=(6, 4)):
    if ax is None:
        import matplotlib.pyplot as plt

        _fig, ax = plt.subplots(figsize=figsize)
    return ax


def plot_tangent(x0: float, f: Fn = cubic, df: Fn = cubic_grad, xlim=X_RANGE, ax=None):
    """Draw ``f`` over ``xlim`` and its tangent line ``f(x0) + f'(x0) (x - x0)``. Returns the axes."""
    ax = _axes(ax)
    x = np.linspace(*xlim, 401)
    y0, slope = float(f(x0)), float(df(x0))
    ax.plot(x, f(x), lw=2, label="f(x)")
    ax.plot(x, y0 + slope * (x - x0), "--", color="tab:red", lw=1.5, label=tr("tangent line"))
    ax.plot([x0], [y0], "o", color="tab:red", ms=7)
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    fy = f(x)
    pad = 0.15 * (fy.max() - fy.min())
    ax.set(xlim=xlim, ylim=(fy.min() - pad, fy.max() + pad), xlabel="x", ylabel="f(x)",
           title=tr("x0 = {x0:.2f}: slope f'(x0) = {slope:.2f}", x0=x0, slope=slope))
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_secants(x0: float, h: float, f: Fn = cubic, df: Fn = cubic_grad, ax=None):
    """Zoom on ``x0``: the tangent, the forward secant through ``x0, x0 + h`` and the central
    secant through ``x0 - h, x0 + h``. Returns the axes."""
    _check_h(h)
    ax = _axes(ax)
    width = max(2.5 * h, 0.05)
    x = np.linspace(x0 - width, x0 + width, 201)
    y0 = float(f(x0))
    fwd, cen, exact = float(forward_difference(f, x0, h)), float(central_difference(f, x0, h)), float(df(x0))
    ax.plot(x, f(x), lw=2, color="tab:blue", label="f(x)")
    ax.plot(x, y0 + exact * (x - x0), color="k", lw=1, label=tr("tangent, slope {slope:.4f}", slope=exact))
    ax.plot(x, y0 + fwd * (x - x0), "--", color="tab:orange", label=tr("forward, slope {slope:.4f}", slope=fwd))
    ax.plot(x, float(f(x0 - h)) + cen * (x - x0 + h), ":", color="tab:green", lw=2.5, label=tr("central, slope {slope:.4f}", slope=cen))
    ax.plot([x0 - h, x0, x0 + h], [f(x0 - h), y0, f(x0 + h)], "o", color="0.3", ms=5)
    ax.set(xlabel="x", ylabel="f(x)", title=tr("h = {h:.3g} around x0 = {x0:g}", h=h, x0=x0))
    ax.legend(loc="upper left", fontsize="small")
    return ax


def difference_errors(x0: float, hs, f: Fn = cubic, df: Fn = cubic_grad):
    """Absolute errors ``(forward, central)`` of both differences at ``x0`` for every step in ``hs``."""
    hs = np.asarray(hs, dtype=np.float64)
    exact = float(df(x0))
    fwd = np.abs(np.array([forward_difference(f, x0, h) for h in hs]) - exact)
    cen = np.abs(np.array([central_difference(f, x0, h) for h in hs]) - exact)
    return fwd, cen


def plot_difference_errors(x0: float = 1.5, f: Fn = cubic, df: Fn = cubic_grad, h_mark: float | None = None, ax=None):
    """Log-log plot of the forward and central errors at ``x0`` for h from 1e-14 to 1.

    Zero errors (exact by luck) are drawn at 1e-17 so the log scale keeps them.
    Returns the axes.
    """
    ax = _axes(ax)
    hs = np.logspace(-14, 0, 57)
    fwd, cen = difference_errors(x0, hs, f, df)
    floor = 1e-17
    # forward on top, thinner, so it stays visible where both errors are round-off and coincide
    ax.loglog(hs, np.maximum(fwd, floor), "o-", ms=2.5, lw=1, color="tab:orange", label=tr("forward difference"), zorder=3)
    ax.loglog(hs, np.maximum(cen, floor), "o-", ms=5, lw=2.5, color="tab:green", label=tr("central difference"), zorder=2)
    ax.loglog(hs, np.finfo(np.float64).eps / hs, ":", color="0.5", label=tr("round-off ~ eps / h"))
    if h_mark is not None:
        ax.axvline(h_mark, color="tab:red", lw=1)
    ax.set(xlabel=tr("step h"), ylabel=tr("|error| of the derivative"), ylim=(1e-13, 1e2),
           title=tr("Finite-difference error at x0 = {x0:g}", x0=x0))
    ax.legend(loc="lower left", fontsize="small")
    return ax


def tangent_explorer(x0: float = 0.5):
    """A slider for ``x0`` redrawing :func:`plot_tangent`. Returns an ipywidgets ``VBox``
    with attributes ``slider`` and ``figure``."""
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    slider = widgets.FloatSlider(value=x0, min=X_RANGE[0] + 0.5, max=X_RANGE[1] - 0.5, step=0.05, description="x0")
    fig = Figure(figsize=(6, 3.6))
    ax = fig.subplots()
    plot_tangent(slider.value, ax=ax)  # the curve and the axes stay; the tangent moves
    tangent, point = ax.lines[1], ax.lines[2]
    x = tangent.get_xdata()
    for artist in (tangent, point, ax.title):
        artist.set_animated(True)

    def draw():
        x0 = slider.value
        y0, slope = float(cubic(x0)), float(cubic_grad(x0))
        tangent.set_ydata(y0 + slope * (x - x0))
        point.set_data([x0], [y0])
        ax.title.set_text(tr("x0 = {x0:.2f}: slope f'(x0) = {slope:.2f}", x0=x0, slope=slope))

    box = figure_widget([slider], fig, draw)
    box.slider = slider
    return box


def step_size_explorer(x0: float = 1.5, log10_h: float = -1.0):
    """A slider for ``log10(h)`` redrawing the secants (left) and the error curve (right).
    Returns an ipywidgets ``VBox`` with attributes ``slider`` and ``figure``.

    The error curve is drawn once; only its mark moves. The secant panel zooms with ``h``
    (its width is ``max(2.5 h, 0.05)``, so every ``h`` up to 0.02 shares one zoom): each zoom
    has its own axes, made at its first use and stacked in the same place, and only the
    current one is shown. The picture of each zoom is kept (see :func:`set_scene`), so a
    zoom seen before costs no full redraw.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    slider = widgets.FloatSlider(value=log10_h, min=-14.0, max=0.0, step=0.5, description="log10(h)",
                                 style={"description_width": "initial"})
    fig = Figure(figsize=(11, 3.6))
    ax_s, ax_e = fig.subplots(1, 2)
    plot_difference_errors(x0, h_mark=10.0 ** slider.value, ax=ax_e)  # drawn once; only the mark moves
    mark = ax_e.lines[-1]
    mark.set_animated(True)
    zooms: dict[float, tuple] = {}  # width -> (axes, [forward, central, points])

    def zoom(h: float, width: float):
        if width in zooms:
            return zooms[width]
        ax = ax_s if not zooms else fig.add_axes(ax_s.get_position())  # same place as the first
        plot_secants(x0, h, ax=ax)
        xs = np.linspace(x0 - width, x0 + width, 201)
        fy = cubic(xs)
        pad = 0.3 * (fy.max() - fy.min())
        ax.set(xlim=(x0 - width, x0 + width), ylim=(fy.min() - pad, fy.max() + pad))
        lines = [ax.lines[2], ax.lines[3], ax.lines[4]]  # forward, central, points
        legend = ax.get_legend()
        for artist in (*lines, legend, ax.title):
            artist.set_animated(True)
        for part in legend.findobj():  # its texts change with h: they must not mark the
            if part is not legend:     # axes stale (the legend is redrawn whole anyway)
                part.stale_callback = None
        zooms[width] = (ax, lines)
        return zooms[width]

    def draw():
        h = 10.0 ** slider.value
        mark.set_xdata([h, h])
        width = max(2.5 * h, 0.05)
        ax, (forward, central, points) = zoom(h, width)
        for other, _ in zooms.values():
            if other.get_visible() != (other is ax):
                other.set_visible(other is ax)
        set_scene(fig, width)
        y0 = float(cubic(x0))
        fwd, cen = float(forward_difference(cubic, x0, h)), float(central_difference(cubic, x0, h))
        xs = forward.get_xdata()
        forward.set_ydata(y0 + fwd * (xs - x0))
        central.set_ydata(float(cubic(x0 - h)) + cen * (xs - x0 + h))
        points.set_data([x0 - h, x0, x0 + h], [cubic(x0 - h), y0, cubic(x0 + h)])
        texts = ax.get_legend().get_texts()
        texts[2].set_text(tr("forward, slope {slope:.4f}", slope=fwd))
        texts[3].set_text(tr("central, slope {slope:.4f}", slope=cen))
        ax.title.set_text(tr("h = {h:.3g} around x0 = {x0:g}", h=h, x0=x0))

    box = figure_widget([slider], fig, draw)
    box.slider = slider
    return box
