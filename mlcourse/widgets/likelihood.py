"""The thumbtack (압정) likelihood: how the counts of heads and tails pick a probability.

Throw a thumbtack ``heads + tails`` times. If it lands point up ("heads") with probability
``p``, the probability of the observed counts, in a fixed order, is the likelihood

    L(p) = p ** heads * (1 - p) ** tails,

largest at ``p = heads / (heads + tails)`` (the maximum-likelihood estimate).

``likelihood_curve`` computes it (numpy only), ``plot_likelihood`` draws it with its maximum
marked (the static figure of the notebook), and ``likelihood_explorer`` wires two sliders to
that same plot. matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse._checks import MLCourseError
from mlcourse.i18n import tr

__all__ = ["log_likelihood", "likelihood_curve", "mle", "plot_likelihood", "likelihood_explorer"]


def _check_count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise MLCourseError(f"{name} must be a whole number of throws, 0 or more, received {value!r}.")
    return int(value)


def log_likelihood(p: Any, heads: int, tails: int) -> np.ndarray:
    """``heads * log(p) + tails * log(1 - p)``, elementwise over ``p`` (any shape).

    ``0 * log(0)`` counts as 0, so ``p = 0`` with no heads (or ``p = 1`` with no tails) is
    fine; ``p = 0`` with heads gives ``-inf`` (those data are impossible there).
    """
    heads, tails = _check_count(heads, "heads"), _check_count(tails, "tails")
    p = np.asarray(p, dtype=np.float64)
    if np.any((p < 0) | (p > 1)) or np.any(np.isnan(p)):
        raise MLCourseError(f"p must be probabilities between 0 and 1, received values from {p.min()} to {p.max()}.")
    with np.errstate(divide="ignore"):
        ll_heads = np.where(p > 0, heads * np.log(np.where(p > 0, p, 1.0)), -np.inf if heads else 0.0)
        ll_tails = np.where(p < 1, tails * np.log(np.where(p < 1, 1 - p, 1.0)), -np.inf if tails else 0.0)
    return ll_heads + ll_tails


def mle(heads: int, tails: int) -> float:
    """The maximum-likelihood estimate ``heads / (heads + tails)``; needs at least one throw."""
    heads, tails = _check_count(heads, "heads"), _check_count(tails, "tails")
    if heads + tails == 0:
        raise MLCourseError("With 0 throws every p is equally likely: the maximum is not unique. Throw at least once.")
    return heads / (heads + tails)


def likelihood_curve(heads: int, tails: int, num: int = 501, relative: bool = True):
    """The likelihood on a grid of ``num`` values of p from 0 to 1.

    Returns
    -------
    p : ndarray of shape (num,)
    L : ndarray of shape (num,)
        ``p ** heads * (1 - p) ** tails``; with ``relative=True`` divided by its largest
        value, so that curves from different numbers of throws share the scale 0..1 (the raw
        likelihood of 100 throws is around 1e-27).
    """
    p = np.linspace(0.0, 1.0, int(num))
    ll = log_likelihood(p, heads, tails)
    if relative:
        ll = ll - ll.max()
    return p, np.exp(ll)


def plot_likelihood(heads: int, tails: int, *, log: bool = False, relative: bool = True, ax=None,
                    label: str | None = None, color: Any = None, hollow_peak: bool = False):
    """Plot the likelihood of ``heads`` and ``tails`` against p and mark its maximum.

    With ``hollow_peak=True`` the maximum is a larger ring whose dotted line sits below other
    lines, so that a filled peak of another curve at the same p stays visible inside it.

    With ``log=True`` the log-likelihood is drawn instead (relative: 0 at the maximum); its
    peak is at the same p. Returns the axes; the curve is the first line added by this call.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=(6, 3.5))
    p, L = likelihood_curve(heads, tails, relative=relative)
    if label is None:
        if heads + tails > 0:
            label = tr("{heads} heads, {tails} tails: p_hat = {p_hat:.2f}", heads=heads, tails=tails,
                       p_hat=mle(heads, tails))
        else:
            label = tr("{heads} heads, {tails} tails", heads=heads, tails=tails)
    if log:
        with np.errstate(divide="ignore"):
            y = np.log(L)
        y = np.where(np.isfinite(y), y, np.nan)
        ylabel = "log L(p) - log L(p_hat)" if relative else "log L(p)"
    else:
        y = L
        ylabel = "L(p) / L(p_hat)" if relative else "L(p)"
    (line,) = ax.plot(p, y, label=label, color=color)
    if heads + tails > 0:
        p_hat = mle(heads, tails)
        ll_hat = 0.0 if relative else float(log_likelihood(p_hat, heads, tails))
        y_hat = ll_hat if log else float(np.exp(ll_hat))
        ax.axvline(p_hat, color=line.get_color(), ls=":", lw=1, zorder=1 if hollow_peak else 2)
        if hollow_peak:
            ax.plot([p_hat], [y_hat], "o", color=line.get_color(), ms=11, mfc="none", mew=1.5)
        else:
            ax.plot([p_hat], [y_hat], "o", color=line.get_color())
    ax.set(xlabel=tr("p = probability of heads"), ylabel=ylabel, xlim=(0, 1))
    if log and relative:
        ax.set_ylim(-10, 0.5)
    ax.legend(loc="best", fontsize="small")
    return ax


def likelihood_explorer(heads: int = 7, tails: int = 3, max_count: int = 100):
    """Two sliders (heads, tails) and a checkbox (log scale) redrawing :func:`plot_likelihood`.

    The curve, the maximum and the title are updated in place; switching the log scale
    redraws the axes. Returns an ``ipywidgets.VBox``; for tests and curious learners it
    also carries ``heads_slider``, ``tails_slider``, ``log_box``, ``figure`` and ``ax``.
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    from . import figure_widget

    heads_slider = w.IntSlider(value=_check_count(heads, "heads"), min=0, max=max_count, description=tr("heads"))
    tails_slider = w.IntSlider(value=_check_count(tails, "tails"), min=0, max=max_count, description=tr("tails"))
    log_box = w.Checkbox(value=False, description=tr("log-likelihood"))
    fig = Figure(figsize=(6, 3.5))
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.15, top=0.9)
    ax = fig.subplots()
    (curve,) = ax.plot([], [], color="C0")
    peak_line = ax.axvline(0.5, color="C0", ls=":", lw=1)
    (peak_dot,) = ax.plot([], [], "o", color="C0")
    ax.set(xlabel=tr("p = probability of heads"), xlim=(0, 1))
    ax.title.set_fontsize(9)
    for artist in (curve, peak_line, peak_dot, ax.title):
        artist.set_animated(True)

    def draw():
        h, t, log = heads_slider.value, tails_slider.value, log_box.value
        p, L = likelihood_curve(h, t)
        with np.errstate(divide="ignore"):
            y = np.where(L > 0, np.log(np.where(L > 0, L, 1.0)), np.nan) if log else L
        curve.set_data(p, y)
        if log != ax.get_ylabel().startswith("log"):  # the axes change: a full redraw
            ax.set_ylabel("log L(p) - log L(p_hat)" if log else "L(p) / L(p_hat)")
            ax.set_ylim((-10, 0.5) if log else (-0.03, 1.05))
        if h + t == 0:
            peak_line.set_visible(False)
            peak_dot.set_data([], [])
            ax.title.set_text(tr("no throws yet: every p is equally likely"))
        else:
            p_hat = mle(h, t)
            peak_line.set_visible(True)
            peak_line.set_xdata([p_hat, p_hat])
            peak_dot.set_data([p_hat], [0.0 if log else 1.0])
            ax.title.set_text(tr("{h} of {n} throws landed heads: maximum at p = {h}/{n} = {p_hat:.3f}",
                                  h=h, n=h + t, p_hat=h / (h + t)))

    ax.set_ylabel("L(p) / L(p_hat)")
    ax.set_ylim(-0.03, 1.05)
    box = figure_widget([heads_slider, tails_slider, log_box], fig, draw, layout=None)
    box.heads_slider, box.tails_slider, box.log_box = heads_slider, tails_slider, log_box
    box.ax = ax
    return box
