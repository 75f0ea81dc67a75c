"""Softmax you can see (notebook 03): scores to probabilities, temperature, class regions.

- :func:`softmax_with_temperature` is ``softmax(scores / T)``.
- :func:`plot_softmax` draws the probabilities of a few scores as bars (the static figure).
- :func:`plot_class_probabilities` colours the plane by the class probabilities of a linear
  model ``softmax(X @ W + b)`` with three classes (red, green, blue mixed by probability).
- :func:`softmax_explorer` wires three score sliders and a temperature slider to
  :func:`plot_softmax`.

matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

import numpy as np

from .. import activations as _activations
from .._checks import MLCourseError
from ..i18n import tr

CLASS_COLORS = np.array([[0.84, 0.15, 0.16], [0.17, 0.63, 0.17], [0.12, 0.47, 0.71]])  # red, green, blue


def softmax_with_temperature(scores, temperature: float = 1.0) -> np.ndarray:
    """``softmax(scores / temperature)`` along the last axis. scores: (K,) or (N, K)."""
    if not np.isfinite(temperature) or temperature <= 0:
        raise MLCourseError(f"The temperature must be a positive number, received temperature={temperature!r}.")
    return _activations.softmax(np.asarray(scores, dtype=np.float64) / temperature, axis=-1)


def _axes(ax=None, figsize=(5, 3.2)):
    if ax is None:
        import matplotlib.pyplot as plt

        _fig, ax = plt.subplots(figsize=figsize)
    return ax


def plot_softmax(scores, temperature: float = 1.0, ax=None):
    """Bars of ``softmax(scores / temperature)``, one per class, each labelled with its value.

    scores: (K,). Returns the axes.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 1:
        raise MLCourseError(f"plot_softmax takes one vector of scores, shape (K,), received shape {scores.shape}.")
    p = softmax_with_temperature(scores, temperature)
    ax = _axes(ax)
    k = np.arange(scores.size)
    colors = [CLASS_COLORS[i % len(CLASS_COLORS)] for i in k]
    ax.bar(k, p, color=colors, alpha=0.85)
    for i, value in zip(k, p):
        ax.text(i, value + 0.02, f"{value:.2f}", ha="center", va="bottom", fontsize=10)
    ax.set_xticks(k, [tr("class {i}\nscore {score:g}", i=i, score=s) for i, s in zip(k, scores)])
    ax.set(ylim=(0, 1.12), ylabel=tr("probability"), title=tr("softmax, temperature T = {t:g}", t=temperature))
    return ax


def plot_class_probabilities(W, b, X=None, y=None, xlim=(-4.0, 4.0), ylim=(-4.0, 4.0), num=200, ax=None):
    """Colour the plane by ``softmax(points @ W + b)`` for 3 classes, and scatter ``X`` coloured by ``y``.

    W: (2, 3), b: (3,), X: (N, 2), y: (N,) integer labels 0..2. Each pixel mixes red, green
    and blue in proportion to the three probabilities: pure colours are confident, blends
    are unsure. Returns the axes.
    """
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if W.shape != (2, 3) or b.shape != (3,):
        raise MLCourseError(f"plot_class_probabilities expects W of shape (2, 3) and b of shape (3,), "
                            f"received {W.shape} and {b.shape}.")
    ax = _axes(ax, figsize=(4.5, 4.5))
    xx, yy = np.meshgrid(np.linspace(*xlim, num), np.linspace(*ylim, num))
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    probs = _activations.softmax(grid @ W + b, axis=1)
    image = (probs @ CLASS_COLORS).reshape(num, num, 3)
    ax.imshow(image, origin="lower", extent=(*xlim, *ylim), alpha=0.6, aspect="auto")
    if X is not None:
        X = np.asarray(X)
        if y is None:
            ax.scatter(X[:, 0], X[:, 1], c="k", s=22)
        else:
            y = np.asarray(y)
            for k in np.unique(y):  # one scatter per class, labelled, so ax.legend() gives the class key
                ax.scatter(X[y == k, 0], X[y == k, 1], color=CLASS_COLORS[k], edgecolors="k", s=22, label=tr("class {k}", k=k))
    ax.set(xlim=xlim, ylim=ylim, xlabel="x1", ylabel="x2")
    return ax


def softmax_explorer(scores=(1.0, 2.0, 0.0), temperature: float = 1.0):
    """Three score sliders and a temperature slider redrawing :func:`plot_softmax`.

    The bars, their values, the class labels and the title are updated in place and drawn
    alone over the kept axes. Returns an ipywidgets ``VBox`` with attributes ``sliders``
    (the three scores), ``temperature``, ``figure`` and ``ax``.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure
    from matplotlib.transforms import blended_transform_factory

    from . import figure_widget

    sliders = [widgets.FloatSlider(value=float(s), min=-5.0, max=5.0, step=0.1, description=tr("score {i}", i=i))
               for i, s in enumerate(scores)]
    temp = widgets.FloatLogSlider(value=temperature, base=10, min=-1, max=1, step=None, description="T")
    fig = Figure(figsize=(5.5, 3.4))
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.2, top=0.9)
    ax = fig.subplots()
    k = np.arange(len(sliders))
    bars = ax.bar(k, np.zeros(len(k)), color=[CLASS_COLORS[i % len(CLASS_COLORS)] for i in k], alpha=0.85)
    values = [ax.text(i, 0.02, "", ha="center", va="bottom", fontsize=10) for i in k]
    below = blended_transform_factory(ax.transData, ax.transAxes)
    names = [ax.text(i, -0.04, "", transform=below, ha="center", va="top", fontsize=10) for i in k]
    ax.set_xticks(k, [""] * len(k))
    ax.set(ylim=(0, 1.12), xlim=(-0.6, len(k) - 0.4), ylabel=tr("probability"))
    ax.title.set_text(" ")
    for artist in [*bars, *values, *names, ax.title]:
        artist.set_animated(True)

    def draw():
        s = np.array([sl.value for sl in sliders])
        p = softmax_with_temperature(s, temp.value)
        for bar, text, name, i in zip(bars, values, names, k):
            bar.set_height(p[i])
            text.set_position((i, p[i] + 0.02))
            text.set_text(f"{p[i]:.2f}")
            name.set_text(tr("class {i}\nscore {score:g}", i=i, score=s[i]))
        ax.title.set_text(tr("softmax, temperature T = {t:.3g}", t=temp.value))

    box = figure_widget([*sliders, temp], fig, draw, layout=None, rows=[[widgets.VBox(sliders), temp]])
    box.sliders, box.temperature, box.ax = sliders, temp, ax
    return box
