"""Thin matplotlib helpers shared by the notebooks.

Every function takes ``ax=None`` (a new figure is made when it is None) and returns the
axes, so a notebook can add titles, combine plots in subplots, and end with ``plt.show()``.
matplotlib is imported inside the functions: ``import mlcourse`` stays light.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np

from mlcourse._checks import MLCourseError, check_array, check_labels, check_whole
from mlcourse.callbacks import log_label
from mlcourse.i18n import tr


def _axes(ax=None, figsize=(6, 4)):
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=figsize)
    return ax


def plot_function(
    f: Callable[[np.ndarray], np.ndarray],
    xlim: tuple[float, float] = (-5.0, 5.0),
    *,
    derivative: Callable[[np.ndarray], np.ndarray] | None = None,
    label: str = "f(x)",
    num: int = 401,
    ax=None,
):
    """Plot ``f`` over ``xlim``, and its derivative dashed when given."""
    ax = _axes(ax)
    x = np.linspace(*xlim, num)
    (line,) = ax.plot(x, f(x), label=label)
    if derivative is not None:
        ax.plot(x, derivative(x), "--", color=line.get_color(), label=f"d/dx {label}")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_xlabel("x")
    ax.legend()
    return ax


def grid_over(X: np.ndarray, resolution: int = 200, margin: float = 0.5):
    """A (resolution^2, 2) grid covering the points ``X`` (N, 2), and its two mesh arrays."""
    X = check_array(X, "X", ndim=2)
    resolution = check_whole(resolution, "resolution", low=2, where="grid_over")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return np.column_stack([xx.ravel(), yy.ravel()]), xx, yy


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray] | Any,
    X: np.ndarray,
    y: np.ndarray | None = None,
    *,
    resolution: int = 200,
    ax=None,
    cmap: str = "coolwarm",
):
    """Colour the plane by the model's output and scatter the points ``X`` (N, 2) coloured by ``y``.

    ``predict`` is a function of an (M, 2) array or an object with a ``predict`` method.
    Outputs of shape (M,) or (M, 1) are shown as a continuous map (a probability or a score);
    outputs of shape (M, K) with K > 1 are shown as the most probable class.
    """
    ax = _axes(ax, figsize=(5, 5))
    fn = predict.predict if hasattr(predict, "predict") else predict
    grid, xx, yy = grid_over(X, resolution)
    out = np.asarray(fn(grid))
    if out.ndim == 2 and out.shape[1] > 1:
        z = out.argmax(axis=1).reshape(xx.shape)
        k = out.shape[1]
        ax.contourf(xx, yy, z, levels=np.arange(k + 1) - 0.5, cmap=cmap, alpha=0.35)
    else:
        z = out.reshape(xx.shape)
        ax.contourf(xx, yy, z, levels=20, cmap=cmap, alpha=0.45)
        if z.min() < 0.5 < z.max():
            ax.contour(xx, yy, z, levels=[0.5], colors="k", linewidths=1.2)
    if y is not None:
        ax.scatter(X[:, 0], X[:, 1], c=np.asarray(y).ravel(), cmap=cmap, edgecolors="k", s=25)
    ax.set(xlabel="x1", ylabel="x2", xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()))
    return ax


def plot_history(history: Any, keys: Sequence[str] | None = None, *, ax=None, logy: bool = False):
    """Plot training curves from a ``History`` (or its ``.history`` dict) against the epoch.

    ``keys`` defaults to the loss and, when present, ``val_loss``.
    """
    ax = _axes(ax)
    logs: Mapping[str, Sequence[float]] = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise MLCourseError(f"plot_history takes the History that fit returns (or its .history dict), "
                            f"received {type(history).__name__}.")
    keys = keys or [k for k in ("loss", "val_loss") if k in logs]
    unknown = [k for k in keys if k not in logs]
    if unknown:
        raise MLCourseError(f"plot_history: no key {', '.join(map(repr, unknown))} in the history; it has "
                            f"{', '.join(map(repr, logs))}.")
    for key in keys:
        values = logs[key]
        ax.plot(np.arange(1, len(values) + 1), values, label=log_label(key), ls="--" if key.startswith("val_") else "-")
    ax.set_xlabel(tr("epoch"))
    if logy:
        ax.set_yscale("log")
    ax.legend()
    return ax


def plot_contour(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    paths: Mapping[str, np.ndarray] | None = None,
    levels: int | Sequence[float] = 30,
    log_levels: bool = False,
    num: int = 200,
    ax=None,
):
    """Contour lines of ``f(x, y)`` with optional optimizer ``paths`` (name -> (steps, 2) array).

    A path named after an optimizer ("Adam", "Momentum, momentum 0.9") is drawn in that
    optimizer's course colour (:func:`path_color`).
    """
    ax = _axes(ax, figsize=(6, 4.5))
    xx, yy = np.meshgrid(np.linspace(*xlim, num), np.linspace(*ylim, num))
    zz = f(xx, yy)
    if log_levels and isinstance(levels, int):
        lo = max(float(zz.min()), 1e-3)
        levels = np.geomspace(lo, float(zz.max()), levels) if zz.min() >= 0 else levels
    ax.contour(xx, yy, zz, levels=levels, cmap="viridis", linewidths=0.8)
    for i, (name, path) in enumerate((paths or {}).items()):
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], "o-", ms=3, lw=1.5, color=path_color(name, i), label=name)
    if paths:
        ax.legend(fontsize="small")
    ax.set(xlabel="x", ylabel="y", xlim=xlim, ylim=ylim)
    return ax


def plot_images(
    images: np.ndarray,
    labels: Sequence[Any] | None = None,
    predictions: Sequence[Any] | None = None,
    *,
    ncols: int = 8,
    size: float = 1.2,
    axes=None,
):
    """Show images (N, H, W) or flattened square images (N, H*W) in a grid; titles show labels.

    A prediction that differs from its label is titled in red. Returns the array of axes.
    """
    import matplotlib.pyplot as plt

    images = check_array(images, "images", ndim=(2, 3), where="plot_images")
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        images = images.reshape(len(images), side, side)
    n = len(images)
    nrows = max(1, -(-n // ncols))
    if axes is None:
        _fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * size, nrows * size * 1.15))
    axes = np.atleast_1d(axes).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap="gray_r")
        title, color = "", "k"
        if labels is not None:
            title = str(labels[i])
        if predictions is not None:
            title = f"{title} → {predictions[i]}" if labels is not None else str(predictions[i])
            if labels is not None and predictions[i] != labels[i]:
                color = "tab:red"
        ax.set_title(title, fontsize=9, color=color)
    return axes


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int | None = None) -> np.ndarray:
    """Counts (K, K): row = true class, column = predicted class."""
    if n_classes is not None:
        n_classes = check_whole(n_classes, "n_classes", low=1, where="confusion_matrix")
    y_true = check_labels(np.ravel(y_true), n_classes, name="y_true", where="confusion_matrix")
    y_pred = check_labels(np.ravel(y_pred), n_classes, name="y_pred", where="confusion_matrix")
    if len(y_true) != len(y_pred):
        raise MLCourseError(f"confusion_matrix: y_true has {len(y_true)} labels but y_pred has {len(y_pred)}.")
    k = n_classes or int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def plot_confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, *, n_classes: int | None = None, ax=None):
    """Draw the confusion matrix with its counts written in the cells."""
    ax = _axes(ax, figsize=(5, 5))
    cm = confusion_matrix(y_true, y_pred, n_classes)
    ax.imshow(cm, cmap="Blues")
    for (i, j), count in np.ndenumerate(cm):
        if count:
            ax.text(j, i, str(count), ha="center", va="center", fontsize=8,
                    color="white" if count > cm.max() / 2 else "black")
    ticks = np.arange(len(cm))
    ax.set(xticks=ticks, yticks=ticks, xlabel=tr("predicted class"), ylabel=tr("true class"))
    return ax


def path_color(label: Any, index: int = 0) -> str:
    """The colour for a curve or path labelled ``label``, the ``index``-th one in its figure.

    A label that names an optimizer, alone or as its first word ("Adam", "adamw",
    "Adam (lr 0.01)", "Momentum, momentum 0.9"), gets that optimizer's course colour
    (:func:`mlcourse.palette.optimizer_color`), so an optimizer looks the same in every
    figure; any other label gets matplotlib's ``C{index}``.
    """
    from mlcourse.palette import OPTIMIZER_COLORS

    text = str(label).strip().lower()
    first = text.replace(",", " ").replace("(", " ").split()
    for key in (text, first[0] if first else ""):
        if key in OPTIMIZER_COLORS:
            return OPTIMIZER_COLORS[key]
    return f"C{index % 10}"


def plot_paths_grid(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    paths: Mapping[str, np.ndarray],
    *,
    levels: int | Sequence[float] = 15,
    marks: Sequence[tuple[float, float]] = (),
    ncols: int = 4,
    panel_size: tuple[float, float] = (3.0, 1.7),
    series: Callable[[np.ndarray], np.ndarray] | None = None,
    series_title: str = "",
    series_log: bool = False,
    series_legend: bool = False,
    axes=None,
):
    """Small multiples: one contour panel per path, so that no path hides another.

    Each panel draws the contour lines of ``f``, its own path (dots for paths of up to 80
    points, a line for longer ones, in the colour of
    :func:`path_color`, start as a square) and, thin and grey, the other paths for
    comparison; ``marks`` (e.g. the minima) are drawn as black stars in every panel.

    Parameters
    ----------
    f : callable
        ``f(x, y)`` on arrays.
    xlim, ylim : pair of floats
    paths : dict label -> (steps + 1, 2) array
        As :func:`mlcourse.paths.race` returns them; NaN rows (a diverged path) are not drawn.
    levels : int or sequence of floats
        Contour levels.
    marks : sequence of (x, y)
    ncols : int
        Panels per row; the figure gets ``ceil(n / ncols)`` rows, ``n`` the number of panels.
    panel_size : (width, height) in inches
        Size of one panel when a new figure is made.
    series : callable, optional
        ``series(path) -> (steps + 1,) array``, e.g. ``f`` along the path: drawn for every
        path against the step, in one extra panel after the paths (its title
        ``series_title``, a log y axis when ``series_log``).
    series_legend : bool
        Name the curves of the series panel in a small legend, placed in room added above them
        (for curves that end close together, where the colours alone are hard to tell apart).
    axes : array of Axes, optional
        At least ``n`` axes: one per path, and one more with ``series``.

    Returns
    -------
    axes : 2-D array of Axes
        The series panel, if any, is ``axes.flat[len(paths)]``. Panels after the last one
        used are switched off (``ax.axis("off")``); a caller may switch one on again
        (``ax.axis("on")``) to draw something else there.
    """
    import matplotlib.pyplot as plt

    n = len(paths) + (series is not None)
    if axes is None:
        nrows = max(1, -(-n // ncols))
        _fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
                                  layout="constrained", squeeze=False)
    axes = np.asarray(axes, dtype=object)
    flat = axes.ravel()
    if len(flat) < n:
        raise MLCourseError(f"plot_paths_grid needs at least {n} axes (one per path, one for the series), "
                            f"received {len(flat)}.")
    xx, yy = np.meshgrid(np.linspace(*xlim, 160), np.linspace(*ylim, 160))
    zz = f(xx, yy)
    labels = list(paths)
    for i, ax in enumerate(flat):
        if i == len(labels) and series is not None:
            for j, label in enumerate(labels):
                ax.plot(series(np.asarray(paths[label])), color=path_color(label, j), lw=1.2, label=str(label))
            ax.set_xlabel(tr("step"), fontsize=9)
            ax.set_title(series_title, fontsize=10)
            if series_log:
                ax.set_yscale("log")
            if series_legend:
                lo, hi = ax.get_ylim()
                ax.set_ylim(lo, hi * (hi / lo) ** 0.45 if series_log else hi + 0.45 * (hi - lo))
                ax.legend(fontsize=6, ncol=3, loc="upper right", handlelength=1, columnspacing=0.8)
            ax.tick_params(labelsize=8)
            continue
        if i >= n:
            ax.axis("off")
            continue
        ax.contour(xx, yy, zz, levels=levels, cmap="viridis", linewidths=0.6, alpha=0.8)
        for j, other in enumerate(labels):
            if j != i:
                p = np.asarray(paths[other])
                ax.plot(p[:, 0], p[:, 1], "-", color="0.75", lw=0.7, zorder=1)
        p = np.asarray(paths[labels[i]])
        color = path_color(labels[i], i)
        ax.plot(p[:, 0], p[:, 1], "o-" if len(p) <= 80 else "-", ms=2.5, lw=1.4, color=color, zorder=3)
        ax.plot(p[0, 0], p[0, 1], "s", ms=5, color=color, zorder=4)
        for point in marks:
            ax.plot(*point, "k*", ms=9, zorder=5)
        ax.set_title(str(labels[i]), fontsize=10, color=color)
        ax.set(xlim=xlim, ylim=ylim)
        ax.tick_params(labelsize=8)
    return axes.reshape(axes.shape if axes.ndim == 2 else (1, -1))


def label_points(points: np.ndarray, labels: Sequence[str], colors: Sequence | None = None, *,
                 fontsize: float = 7, ax=None):
    """Write ``labels[i]`` next to ``points[i]`` so that no label covers another label or a point.

    points: (N, 2) in data coordinates, already drawn (e.g. with ``ax.scatter``). Each label
    takes the first free place among offsets that grow from 3 to 48 points around its point;
    a label placed farther than 3 points gets a thin leader line. A label with no free place
    goes next to its point. Set the axis limits before calling: the places are measured on
    the screen.
    """
    from matplotlib.transforms import Bbox

    ax = _axes(ax)
    points = check_array(points, "label_points: points", ndim=2)
    if points.shape[1] != 2 or len(labels) != len(points):
        raise ValueError(f"label_points needs points of shape (N, 2) and N labels; received points "
                         f"{points.shape} and {len(labels)} labels.")
    colors = ["k"] * len(points) if colors is None else list(colors)
    offsets = [(3, 2), (3, -2), (-3, 2), (-3, -2)] + [
        (dx * r, dy * r) for r in (12, 24, 36, 48)
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))]
    ax.figure.canvas.draw()                       # fix limits and layout before measuring text
    renderer = ax.figure.canvas.get_renderer()
    taken = [Bbox.from_extents(x - 3, y - 3, x + 3, y + 3) for x, y in ax.transData.transform(points)]
    for i, (point, label) in enumerate(zip(points, labels)):
        others = taken[:i] + taken[i + 1:]
        for dx, dy in offsets:
            style = dict(xytext=(dx, dy), textcoords="offset points", fontsize=fontsize, color=colors[i],
                         ha="left" if dx >= 0 else "right", va="bottom" if dy > 0 else ("top" if dy < 0 else "center"))
            text = ax.annotate(label, point, **style)
            box = text.get_window_extent(renderer)
            if not any(box.overlaps(b) for b in others):
                break
            text.remove()
        else:                                     # no free place: next to the point
            dx, dy = offsets[0]
            style = dict(xytext=(dx, dy), textcoords="offset points", fontsize=fontsize, color=colors[i])
            text = ax.annotate(label, point, **style)
            box = text.get_window_extent(renderer)
        if max(abs(dx), abs(dy)) > 3:             # far from its point: draw a leader line
            text.remove()
            ax.annotate(label, point, arrowprops=dict(arrowstyle="-", color="0.6", lw=0.5, shrinkA=0, shrinkB=2), **style)
        taken.append(box)
    return ax
