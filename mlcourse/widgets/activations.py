"""The activation explorer (notebook 05): an activation, its derivative, and what is left
of a gradient after it passes through k layers of that activation.

- :func:`plot_activation` draws the three panels for one activation (the static figure).
- :func:`plot_all_activations` draws every activation with its derivative (small multiples).
- :func:`activation_explorer` wires a dropdown (activation) and a slider (k) to
  :func:`plot_activation`.

"Gradient after k layers" is the best case: the backward pass multiplies the gradient by
one derivative ``f'(z)`` per layer, and ``f'`` is never larger than its peak, so after k
layers at most ``(max f')^k`` of it is left (ignoring the weights). For sigmoid that is
``0.25^k``.

matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

import numpy as np

from .. import activations as _activations
from .._checks import MLCourseError
from . import figure_widget

#: The activations the explorer offers, in teaching order.
NAMES = ("step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu")
LEAKY_ALPHA = 0.1  # larger than Keras' 0.01 so the leak is visible in a plot
X_RANGE = (-5.0, 5.0)
MAX_DEPTH = 20


def _function(name: str):
    if name not in NAMES:
        raise MLCourseError(f"Unknown activation {name!r} for the explorer. Choose one of: {', '.join(NAMES)}.")
    if name == "leaky_relu":
        return _activations.get(name, alpha=LEAKY_ALPHA)
    return _activations.get(name)


def peak_derivative(name: str, num: int = 20001) -> float:
    """The largest value of the derivative of activation ``name`` over [-5, 5] (on a fine grid)."""
    act = _function(name)
    x = np.linspace(*X_RANGE, num)
    return float(np.max(act.grad(x)))


def gradient_after(name: str, k: int) -> float:
    """The best case gradient factor after ``k`` layers: ``peak_derivative(name) ** k``."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise MLCourseError(f"k must be a whole number of layers, 0 or more, received k={k!r}.")
    return peak_derivative(name) ** int(k)


def _axes(axes=None):
    if axes is None:
        import matplotlib.pyplot as plt

        _fig, axes = plt.subplots(1, 3, figsize=(11, 3.2))
    if len(axes) != 3:
        raise MLCourseError(f"plot_activation needs 3 axes, received {len(axes)}.")
    return axes


def plot_activation(name: str, k: int = 5, axes=None):
    """Three panels for activation ``name``: f(x); f'(x) with its peak; the gradient factor
    ``(max f')^j`` for depths j = 1..20 on a log scale, with depth ``k`` marked.

    Returns the three axes. The derivative is the line labelled ``"f'(x)"`` in ``axes[1]``.
    """
    axes = _axes(axes)
    act = _function(name)
    x = np.linspace(*X_RANGE, 401)
    f, g = act(x), act.grad(x)
    label = f"{name} (alpha={LEAKY_ALPHA})" if name == "leaky_relu" else name

    ax = axes[0]
    ax.plot(x, f, color="tab:blue", lw=2, label="f(x)")
    ax.set(title=f"{label}", xlabel="x", ylabel="f(x)")

    ax = axes[1]
    ax.plot(x, g, color="tab:orange", lw=2, label="f'(x)")
    i = int(np.argmax(g))
    peak = float(g[i])
    ax.plot([x[i]], [peak], "o", color="k", ms=5)
    ax.annotate(f"peak {peak:.3g}", (x[i], peak), textcoords="offset points", xytext=(8, -12), fontsize=9)
    ax.set(title=f"derivative of {name}", xlabel="x", ylabel="f'(x)", ylim=(-0.05, max(1.1, peak * 1.15)))

    for a in axes[:2]:
        a.axhline(0, color="0.8", lw=0.8, zorder=0)
        a.axvline(0, color="0.8", lw=0.8, zorder=0)

    ax = axes[2]
    depths = np.arange(1, MAX_DEPTH + 1)
    ax.axhline(1.0, color="0.8", lw=0.8, zorder=0)
    if peak > 0:
        factors = peak ** depths
        ax.semilogy(depths, factors, "o-", color="tab:green", ms=3, lw=1.5, label="(max f')^depth")
        ax.semilogy([k], [peak ** k], "o", color="tab:red", ms=9, zorder=5)
        text = f"after {k} layers: {peak:.3g}^{k} = {peak ** k:.2g}"
        ax.set_ylim(min(1e-13, factors.min() / 3), 10)
    else:
        ax.set_yscale("log")
        ax.set_ylim(1e-13, 10)
        text = "f' = 0 everywhere:\nno gradient at all"
    ax.text(0.97, 0.95, text, transform=ax.transAxes, ha="right", va="top", fontsize=9,
            bbox=dict(boxstyle="round", fc="white", ec="0.7"))
    ax.set(title="best case after k layers", xlabel="k (layers)", ylabel="gradient factor left",
           xlim=(0, MAX_DEPTH + 1))
    return axes


def plot_all_activations(names=NAMES, axes=None):
    """Small multiples: each activation f(z) (solid) with its derivative f'(z) (dashed).

    Every panel has its own z tick labels (a panel above an empty slot is the bottom of its
    column). Returns the axes.
    """
    import matplotlib.pyplot as plt

    if axes is None:
        ncols = 4
        nrows = int(np.ceil(len(names) / ncols))
        _fig, axes = plt.subplots(nrows, ncols, figsize=(3 * ncols, 2.6 * nrows))
        axes = np.ravel(axes)
        for extra in axes[len(names):]:
            extra.axis("off")
    z = np.linspace(*X_RANGE, 401)
    for ax, name in zip(axes, names):
        act = _function(name)
        ax.plot(z, act(z), color="tab:blue", lw=2, label="f(z)")
        ax.plot(z, act.grad(z), "--", color="tab:orange", lw=1.8, label="f'(z)")
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.axvline(0, color="0.8", lw=0.8, zorder=0)
        ax.set_title(name)
        ax.set_xlim(*X_RANGE)
        ax.set_ylim(-1.3, 2.3)
        ax.set_xlabel("z", labelpad=1)
    axes[0].legend(fontsize="small", loc="upper left")
    return axes


def activation_explorer(name: str = "sigmoid", k: int = 5):
    """Dropdown (activation) and slider (k layers) redrawing :func:`plot_activation`.

    Returns an ipywidgets ``VBox``; its attributes ``dropdown``, ``slider`` and ``figure``
    let code (and tests) drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    dropdown = widgets.Dropdown(options=list(NAMES), value=name, description="activation",
                                style={"description_width": "initial"})
    slider = widgets.IntSlider(value=k, min=1, max=MAX_DEPTH, description="layers k",
                               style={"description_width": "initial"})
    fig = Figure(figsize=(11, 3.3))
    axes = fig.subplots(1, 3)

    def draw():
        for ax in axes:
            ax.clear()
        plot_activation(dropdown.value, slider.value, axes=axes)

    box = figure_widget([dropdown, slider], fig, draw)
    box.dropdown, box.slider = dropdown, slider
    return box
