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
from ..i18n import tr
from . import figure_widget, set_scene

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


def _label(name: str) -> str:
    return f"{name} (alpha={LEAKY_ALPHA})" if name == "leaky_relu" else name


class _ActivationPanels:
    """The artists of :func:`plot_activation`, made once and updated in place.

    ``show(name, k)`` sets every artist for activation ``name`` and depth ``k``;
    ``show_depth(k)`` moves only the depth marker and its text (the widget's slider).
    """

    def __init__(self, axes):
        self.axes = axes
        self.x = np.linspace(*X_RANGE, 401)
        self.depths = np.arange(1, MAX_DEPTH + 1)
        ax_f, ax_g, ax_k = axes
        (self.f_line,) = ax_f.plot([], [], color="tab:blue", lw=2, label="f(x)")
        ax_f.set(xlabel="x", ylabel="f(x)")
        (self.g_line,) = ax_g.plot([], [], color="tab:orange", lw=2, label="f'(x)")
        (self.peak_dot,) = ax_g.plot([], [], "o", color="k", ms=5)
        self.peak_text = ax_g.annotate("", (0, 0), textcoords="offset points", xytext=(0, 7), ha="center",
                                       va="bottom", fontsize=9)
        self.flat_text = ax_g.text(0.5, 0.62, "", transform=ax_g.transAxes, ha="center", va="center", fontsize=9)
        ax_g.set(xlabel="x", ylabel="f'(x)")
        for a in (ax_f, ax_g):
            a.axhline(0, color="0.8", lw=0.8, zorder=0)
            a.axvline(0, color="0.8", lw=0.8, zorder=0)
            a.set_xlim(*X_RANGE)
        ax_k.axhline(1.0, color="0.8", lw=0.8, zorder=0)
        ax_k.set_yscale("log")
        (self.factor_line,) = ax_k.plot([], [], "o-", color="tab:green", ms=3, lw=1.5, label="(max f')^depth")
        (self.depth_dot,) = ax_k.plot([], [], "o", color="tab:red", ms=9, zorder=5)
        self.depth_text = ax_k.text(0.97, 0.95, "", transform=ax_k.transAxes, ha="right", va="top", fontsize=9,
                                    bbox=dict(boxstyle="round", fc="white", ec="0.7"), zorder=6)
        ax_k.set(title=tr("best case after k layers"), xlabel=tr("k (layers)"), ylabel=tr("gradient factor left"),
                 xlim=(0, MAX_DEPTH + 1))
        self.peak = 0.0

    def show(self, name: str, k: int) -> None:
        act = _function(name)
        x = self.x
        f, g = act(x), act.grad(x)
        ax_f, ax_g, ax_k = self.axes
        self.f_line.set_data(x, f)
        pad = 0.08 * (f.max() - f.min() or 1.0)
        ax_f.set_ylim(f.min() - pad, f.max() + pad)
        ax_f.set_title(_label(name))
        self.g_line.set_data(x, g)
        i = int(np.argmax(g))
        self.peak = peak = float(g[i])
        span = max(peak, 1.0) - min(g.min(), 0.0)
        # room below for a negative dip (gelu) and above the peak for its label
        ax_g.set_ylim(min(g.min(), 0.0) - 0.08 * span, max(peak, 1.0) + 0.28 * span)
        if peak > 0:
            self.peak_dot.set_data([x[i]], [peak])
            self.peak_text.xy = (x[i], peak)
            self.peak_text.set_text(tr("peak {peak:.3g}", peak=peak))
            self.flat_text.set_text("")
        else:  # the step function: no peak to mark, the derivative is 0 wherever it exists
            self.peak_dot.set_data([], [])
            self.peak_text.set_text("")
            self.flat_text.set_text(tr("f'(x) = 0 for every x except 0\n(where it does not exist)"))
        ax_g.set_title(tr("derivative of {name}", name=name))
        if peak > 0:
            factors = peak ** self.depths
            self.factor_line.set_data(self.depths, factors)
            ax_k.set_ylim(min(1e-13, factors.min() / 3), max(10.0, factors.max() * 8))
            # the text goes where the curve is not: low when the factor stays near 1 or grows
            low = peak >= 0.5
            self.depth_text.set_y(0.05 if low else 0.95)
            self.depth_text.set_va("bottom" if low else "top")
        else:
            self.factor_line.set_data([], [])
            ax_k.set_ylim(1e-13, 10)
        self.show_depth(k)

    def show_depth(self, k: int) -> None:
        peak = self.peak
        if peak > 0:
            self.depth_dot.set_data([k], [peak ** k])
            self.depth_text.set_text(tr("after {k} layers: {peak:.3g}^{k} = {factor:.2g}", k=k, peak=peak, factor=peak ** k))
        else:
            self.depth_dot.set_data([], [])
            self.depth_text.set_text(tr("f' = 0 everywhere:\nno gradient at all"))

    def animate_depth(self) -> None:
        """Mark what the depth slider changes as animated (redrawn alone on every move)."""
        for artist in (self.depth_dot, self.depth_text):
            artist.set_animated(True)


def plot_activation(name: str, k: int = 5, axes=None):
    """Three panels for activation ``name``: f(x); f'(x) with its peak; the gradient factor
    ``(max f')^j`` for depths j = 1..20 on a log scale, with depth ``k`` marked.

    Returns the three axes. The derivative is the line labelled ``"f'(x)"`` in ``axes[1]``.
    """
    _function(name)
    axes = _axes(axes)
    _ActivationPanels(axes).show(name, k)
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

    The artists are made once: the dropdown updates all three panels in place, the slider
    only the marked depth and its text (drawn alone over a kept background). The background
    of each activation is kept after its first showing. Returns an
    ipywidgets ``VBox``; its attributes ``dropdown``, ``slider`` and ``figure`` let code (and
    tests) drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    _function(name)
    dropdown = widgets.Dropdown(options=list(NAMES), value=name, description=tr("activation"),
                                style={"description_width": "initial"})
    slider = widgets.IntSlider(value=k, min=1, max=MAX_DEPTH, description=tr("layers k"),
                               style={"description_width": "initial"})
    fig = Figure(figsize=(11, 3.3))
    panels = _ActivationPanels(fig.subplots(1, 3))
    panels.animate_depth()
    shown = {}

    def draw():
        if shown.get("name") != dropdown.value:
            panels.show(dropdown.value, slider.value)
            shown["name"] = dropdown.value
        else:
            panels.show_depth(slider.value)
        # everything but the depth mark follows the activation alone: the picture of each
        # activation is kept, so coming back to one costs no full redraw
        set_scene(fig, dropdown.value)

    box = figure_widget([dropdown, slider], fig, draw)
    box.dropdown, box.slider = dropdown, slider
    return box
