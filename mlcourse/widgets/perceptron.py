"""Pictures and a widget for the perceptron (notebook 04).

- :func:`plot_gate` draws the four inputs of a two-input gate, the decision line
  ``w1 x1 + w2 x2 + b = 0`` and the two half-planes (shaded by the perceptron's output).
- :func:`plot_updates` draws the line after each step of the learning rule, as small multiples.
- :func:`perceptron_stepper` puts the same pictures behind a slider over the steps.

A learning history is a sequence of ``(w, b)`` pairs, ``w`` of shape (2,): the state before
any update, then the state after each step. matplotlib and ipywidgets are imported inside
the functions.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .._checks import MLCourseError, check_array
from ..i18n import tr
from . import figure_widget, set_scene

ZERO_COLOUR, ONE_COLOUR = "#4c72b0", "#dd8452"
LIM = (-0.5, 1.5)


def _axes(ax=None, figsize=(4, 4)):
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=figsize)
    return ax


def decision_line(w, b, lim: tuple[float, float] = LIM):
    """Two points (x1s, x2s) of the line ``w1 x1 + w2 x2 + b = 0`` across ``lim``, or None
    when ``w = 0`` (no line: the output is the same everywhere)."""
    w = check_array(w, "w", ndim=1)
    if w.shape != (2,):
        raise MLCourseError(f"w must hold 2 weights, received shape {w.shape}.")
    w1, w2 = float(w[0]), float(w[1])
    if abs(w2) > 1e-12:
        x1 = np.array(lim, dtype=float)
        return x1, -(w1 * x1 + b) / w2
    if abs(w1) > 1e-12:
        return np.full(2, -b / w1), np.array(lim, dtype=float)
    return None


def _middle_of_visible_line(w, b, lim):
    """Middle of the segment of ``w . x + b = 0`` inside the square ``lim`` x ``lim``, or None."""
    w = np.asarray(w, dtype=float)
    start, along = -b * w / (w @ w), np.array([-w[1], w[0]])
    t_lo, t_hi = -np.inf, np.inf
    for i in range(2):
        if abs(along[i]) < 1e-12:
            if not lim[0] <= start[i] <= lim[1]:
                return None
            continue
        ends = sorted(((lim[0] - start[i]) / along[i], (lim[1] - start[i]) / along[i]))
        t_lo, t_hi = max(t_lo, ends[0]), min(t_hi, ends[1])
    if t_lo >= t_hi:
        return None
    return start + (t_lo + t_hi) / 2 * along


def _draw_weight_arrow(ax, w, b, lim) -> None:
    """Draw w (scaled) as an arrow from the middle of the part of the decision line in view.

    The arrow is at most 0.35 long and short enough that its tip stays in view (matplotlib
    does not draw an arrow whose tip is outside the axes); when the line is out of view, or
    leaves less than 0.1 of room, nothing is drawn. The label sits beside the arrow's middle,
    not beyond its tip, where a data point may be.
    """
    foot = _middle_of_visible_line(w, b, lim)
    if foot is None:
        return
    unit = w / np.linalg.norm(w)
    room = min(((lim[1] if u > 0 else lim[0]) - f) / u for f, u in zip(foot, unit) if abs(u) > 1e-12)
    length = min(0.35, room - 0.05)
    if length < 0.1:
        return
    arrow = length * unit
    ax.annotate("", xy=foot + arrow, xytext=foot, arrowprops=dict(arrowstyle="-|>", color="k", lw=1.2))
    side = 0.13 * np.array([-unit[1], unit[0]])
    ax.text(*(foot + 0.6 * arrow + side), "w", fontsize=10, ha="center", va="center", clip_on=True)


def plot_gate(w, b, X=None, y=None, *, title: str | None = None, labels=("x1", "x2"),
              lim: tuple[float, float] = LIM, highlight: int | None = None, show_normal: bool = True, ax=None):
    """The perceptron ``y = step(w . x + b)`` on the plane, with the points ``X`` (N, 2).

    Parameters
    ----------
    w : (2,) weights; b : float bias.
    X : (N, 2), optional
        Points to draw (default: the four inputs of a two-input gate).
    y : (N,), optional
        Their targets, 0 (blue circle) or 1 (orange square). Default: the perceptron's own outputs.
    highlight : int, optional
        Index of a point to ring in red (e.g. the one that caused an update).
    show_normal : bool
        Draw the weight vector as an arrow from the line: it points into the side with output 1.

    Returns
    -------
    ax : matplotlib Axes. The region where the output is 1 is shaded orange, 0 blue.
    """
    ax = _axes(ax)
    w = check_array(w, "w", ndim=1)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float) if X is None else check_array(X, "X", ndim=2)
    out = (X @ w + b > 0).astype(int)
    y = out if y is None else np.asarray(y).reshape(-1).astype(int)
    g = np.linspace(*lim, 201)
    xx, yy = np.meshgrid(g, g)
    zz = (w[0] * xx + w[1] * yy + b > 0).astype(float)
    ax.contourf(xx, yy, zz, levels=[-0.5, 0.5, 1.5], colors=[ZERO_COLOUR, ONE_COLOUR], alpha=0.18)
    line = decision_line(w, b, lim)
    if line is not None:
        ax.plot(*line, color="k", lw=1.8)
        if show_normal:
            _draw_weight_arrow(ax, w, b, lim)
    for cls, colour, marker in ((0, ZERO_COLOUR, "o"), (1, ONE_COLOUR, "s")):
        m = y == cls
        ax.scatter(X[m, 0], X[m, 1], s=110, c=colour, marker=marker, edgecolors="k", zorder=3, label=f"target {cls}")
    wrong = out != y
    if wrong.any():
        ax.scatter(X[wrong, 0], X[wrong, 1], s=300, facecolors="none", edgecolors="k", linestyles=":", lw=1.5,
                   zorder=2, label="misclassified")
    if highlight is not None:
        ax.scatter([X[highlight, 0]], [X[highlight, 1]], s=380, facecolors="none", edgecolors="red", lw=2, zorder=4)
    ax.set(xlim=lim, ylim=lim, xlabel=labels[0], ylabel=labels[1], aspect="equal")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_title(title if title is not None else f"w = ({w[0]:g}, {w[1]:g}), b = {b:g}", fontsize=10)
    return ax


def _half_planes(w, b, lim: tuple[float, float] = LIM) -> tuple[np.ndarray, np.ndarray]:
    """The square ``lim`` x ``lim`` cut by the line ``w . x + b = 0``: the corners (k, 2) of
    the part with output 0 and of the part with output 1 (an empty array for a part that
    is not there). Sutherland-Hodgman clipping of the square by one half-plane."""
    lo, hi = lim
    square = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]], dtype=float)
    s = square @ np.asarray(w, dtype=float) + b
    parts = []
    for keep in (s <= 0, s > 0):
        corners = []
        for i in range(4):
            j = (i + 1) % 4
            if keep[i]:
                corners.append(square[i])
            if keep[i] != keep[j]:  # the edge crosses the line
                t = s[i] / (s[i] - s[j])
                corners.append(square[i] + t * (square[j] - square[i]))
        parts.append(np.array(corners) if corners else np.empty((0, 2)))
    return parts[0], parts[1]


def _check_history(history) -> list[tuple[np.ndarray, float]]:
    steps = []
    for i, item in enumerate(history):
        try:
            w, b = item
        except (TypeError, ValueError):
            raise MLCourseError(f"history[{i}] must be a pair (w, b), received {item!r}.") from None
        steps.append((np.asarray(w, dtype=float), float(b)))
    if not steps:
        raise MLCourseError("history is empty; it needs at least the starting (w, b).")
    return steps


def plot_updates(history: Sequence, X, y, *, samples: Sequence[int | None] | None = None, ncols: int = 4, axes=None):
    """Small multiples: the decision line before training and after each step of ``history``.

    ``samples[i]`` (optional) is the index of the point used at step i; it is ringed in red.
    Returns the array of axes.
    """
    import matplotlib.pyplot as plt

    steps = _check_history(history)
    if axes is None:
        nrows = int(np.ceil(len(steps) / ncols))
        _fig, axes = plt.subplots(nrows, ncols, figsize=(2.6 * ncols, 2.7 * nrows), squeeze=False)
    axes = np.ravel(axes)
    for i, ax in enumerate(axes):
        if i >= len(steps):
            ax.axis("off")
            continue
        w, b = steps[i]
        title = tr("start") if i == 0 else tr("step {i}", i=i)
        plot_gate(w, b, X, y, title=f"{title}:\nw=({w[0]:.2g}, {w[1]:.2g}), b={b:.2g}", show_normal=False,
                  highlight=None if samples is None else samples[i], ax=ax)
        ax.set(xlabel="", ylabel="")
        ax.title.set_fontsize(10)
    return axes


def perceptron_stepper(history: Sequence, X, y, *, samples: Sequence[int | None] | None = None):
    """A slider over the steps of ``history``; each position shows :func:`plot_gate`.

    The points, the axes and the labels are drawn once; for each step the shaded halves,
    the decision line, the weight arrow, the rings and the title are redrawn alone. Returns
    an ipywidgets ``VBox``; its attributes ``slider`` and ``figure`` let code (and tests)
    drive it. The decision line is the only ``Line2D`` of the axes (none when ``w = 0``).
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon

    steps = _check_history(history)
    X = check_array(X, "X", ndim=2)
    targets = np.asarray(y).reshape(-1).astype(int)
    slider = widgets.IntSlider(value=0, min=0, max=len(steps) - 1, description=tr("step"),
                               style={"description_width": "initial"})
    fig = Figure(figsize=(4.2, 4.2))
    ax = fig.add_subplot()
    w0, b0 = steps[0]
    plot_gate(w0, b0, X, targets, show_normal=False, ax=ax)  # points, limits, ticks and labels
    for artist in list(ax.collections) + list(ax.lines) + list(ax.texts):
        if artist.get_label() not in ("target 0", "target 1"):
            artist.remove()  # keep only the two scatters of the targets
    # the two half-planes: one polygon each, reshaped in place at every step (cheaper to draw
    # than a shaded grid); the colours and transparency are those of plot_gate's contourf
    regions = [ax.add_patch(Polygon(np.empty((0, 2)), closed=True, facecolor=colour, edgecolor="none",
                                    alpha=0.18, zorder=0)) for colour in (ZERO_COLOUR, ONE_COLOUR)]
    line = None
    arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", color="k", lw=1.2))
    w_text = ax.text(0, 0, "w", fontsize=10, ha="center", va="center")
    wrong = ax.scatter([], [], s=300, facecolors="none", edgecolors="k", linestyles=":", lw=1.5, zorder=2)
    ring = ax.scatter([], [], s=380, facecolors="none", edgecolors="red", lw=2, zorder=4)
    ax.set(xlim=LIM, ylim=LIM, aspect="equal")
    points = [c for c in ax.collections if c.get_label() in ("target 0", "target 1")]
    # the points too are drawn with the animated artists (in z-order), so the shading lies under them
    for artist in (*regions, *points, arrow, w_text, wrong, ring, ax.title):
        artist.set_animated(True)
    for artist in (arrow, w_text):
        artist.set_clip_on(True)  # a line outside the view takes its arrow with it
    ax.title.set_fontsize(10)
    (decision,) = ax.plot([], [], color="k", lw=1.8, animated=True)
    decision.remove()  # added to the axes when there is a line to draw
    state = {"line": line}

    def draw():
        i = slider.value
        w, b = steps[i]
        out = (X @ w + b > 0).astype(int)
        for patch, corners in zip(regions, _half_planes(w, b)):
            patch.set_xy(corners if len(corners) else np.full((1, 2), LIM[0]))
            patch.set_visible(len(corners) > 0)
        points = decision_line(w, b, LIM)
        if points is None:
            if state["line"] is not None:
                state["line"].remove()  # w = 0: no line
                state["line"] = None
            arrow.set_visible(False)
            w_text.set_visible(False)
        else:
            if state["line"] is None:
                state["line"] = ax.add_line(decision)  # the same line object every time
            state["line"].set_data(*points)
            c = np.full(2, sum(LIM) / 2)
            foot = c - (w @ c + b) / (w @ w) * w
            tip = 0.35 * w / np.linalg.norm(w)
            arrow.xy, arrow.xyann = tuple(foot + tip), tuple(foot)
            w_text.set_position(tuple(foot + 1.25 * tip))
            arrow.set_visible(True)
            w_text.set_visible(True)
        # the line comes and goes with w = 0, the rest of the picture stays: one kept
        # background for each case, so the removal does not cost a full redraw
        set_scene(fig, "no line" if state["line"] is None else "line")
        miss = out != targets
        wrong.set_offsets(X[miss] if miss.any() else np.empty((0, 2)))
        k = None if samples is None else samples[i]
        ring.set_offsets(X[[k]] if k is not None else np.empty((0, 2)))
        errors = int(np.sum(miss))
        ax.title.set_text((tr("start") if i == 0 else tr("after step {i}", i=i))
                          + f": w=({w[0]:.2g}, {w[1]:.2g}), b={b:.2g}, " + tr("errors {n}", n=errors))

    box = figure_widget([slider], fig, draw)
    box.slider = slider
    return box
