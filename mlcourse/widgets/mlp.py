"""Pictures and a widget for multi-layer perceptrons (notebooks 04 and 06).

- :func:`draw_network` draws a small fully connected network as circles and arrows, with
  the weights written on the arrows, each next to the unit the arrow points to.
- :func:`random_feature_fit` fits a one-hidden-layer network to 1-D data in one step: the
  hidden weights are random (seeded) and only the output layer is fitted, by least squares.
  That is fast enough to redraw on every slider move.
- :func:`plot_fit` draws such a fit; :func:`approximation_explorer` puts it behind a slider
  over the number of hidden units.

matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .. import activations as _activations
from .._checks import MLCourseError, check_array, check_rng
from ..i18n import N_, tr
from . import figure_widget

UNIT_CHOICES = (1, 2, 4, 8, 16, 32)
#: Column names :func:`draw_network` shows in the selected language (other names stay as given).
LAYER_NAMES = (N_("input"), N_("input layer"), N_("hidden"), N_("hidden layer"), N_("output"), N_("output layer"))


def _units_title(units: int, mse: float) -> str:
    if units == 1:
        return tr("1 hidden unit: MSE {mse:.3f}", mse=mse)
    return tr("{units} hidden units: MSE {mse:.3f}", units=units, mse=mse)


def _axes(ax=None, figsize=(6, 4)):
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=figsize)
    return ax


def draw_network(
    layer_sizes: Sequence[int],
    weights: Sequence[np.ndarray] | None = None,
    biases: Sequence[np.ndarray] | None = None,
    *,
    node_labels: Sequence[Sequence[str]] | None = None,
    layer_names: Sequence[str] | None = None,
    ax=None,
):
    """Draw a fully connected network, input layer on the left.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input layer first, e.g. ``(2, 3, 1)``.
    weights : sequence of ndarray, optional
        ``weights[l]`` has shape ``(layer_sizes[l], layer_sizes[l + 1])`` (the ``W`` of a
        ``Dense`` layer: row = from, column = to); each arrow is labelled with its weight,
        close to its head, so the labels of one unit's inputs sit around that unit.
    biases : sequence of ndarray, optional
        ``biases[l]`` has shape ``(layer_sizes[l + 1],)``; written above each unit as ``b=...``.
    node_labels : sequence of sequence of str, optional
        Text inside each circle, per layer.
    layer_names : sequence of str, optional
        Text under each column, e.g. ``("input", "hidden", "output")``.
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes
    """
    sizes = [int(s) for s in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise MLCourseError(f"layer_sizes must list at least two positive sizes, received {tuple(layer_sizes)!r}.")
    if weights is not None:
        if len(weights) != len(sizes) - 1:
            raise MLCourseError(f"weights must hold {len(sizes) - 1} matrices for layer_sizes {tuple(sizes)}, received {len(weights)}.")
        for i, W in enumerate(weights):
            if np.shape(W) != (sizes[i], sizes[i + 1]):
                raise MLCourseError(f"weights[{i}] must have shape {(sizes[i], sizes[i + 1])}, received {np.shape(W)}.")
    ax = _axes(ax, figsize=(2.2 * len(sizes) + 1, 1.3 * max(sizes) + 1))
    radius = 0.26
    top = max(sizes)
    # centre every column vertically around 0
    pos = [[(2.0 * li, (n - 1) / 2 - j) for j in range(n)] for li, n in enumerate(sizes)]
    colours = ["#cfe2f3"] + ["#fde2c8"] * (len(sizes) - 2) + ["#d9ead3"]
    for li in range(len(sizes) - 1):
        for i, (x0, y0) in enumerate(pos[li]):
            for j, (x1, y1) in enumerate(pos[li + 1]):
                d = np.hypot(x1 - x0, y1 - y0)
                ux, uy = (x1 - x0) / d, (y1 - y0) / d
                ax.annotate("", xy=(x1 - ux * radius, y1 - uy * radius), xytext=(x0 + ux * radius, y0 + uy * radius),
                            arrowprops=dict(arrowstyle="-|>", color="0.45", lw=1.0, shrinkA=0, shrinkB=0))
                if weights is not None:
                    # near the arrow head: the arrows into one unit fan out there and cross no others
                    back = radius + 0.42
                    ax.text(x1 - ux * back, y1 - uy * back, f"{weights[li][i, j]:g}", fontsize=9.5, zorder=3.5,
                            ha="center", va="center", bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
    import matplotlib.patches as mpatches

    for li, column in enumerate(pos):
        for j, (x, y) in enumerate(column):
            ax.add_patch(mpatches.Circle((x, y), radius, fc=colours[li], ec="0.2", lw=1.2, zorder=3))
            if node_labels is not None:
                text = node_labels[li][j]
                ax.text(x, y, text, ha="center", va="center", fontsize=10 if len(text) <= 3 else 7, zorder=4)
            if biases is not None and li > 0:
                ax.text(x, y + radius + 0.05, f"b={biases[li - 1][j]:g}", ha="center", va="bottom", fontsize=8,
                        color="tab:purple")
        if layer_names is not None:
            name = layer_names[li]
            ax.text(2.0 * li, -(top - 1) / 2 - 0.4, tr(name) if name in LAYER_NAMES else name, ha="center",
                    va="top", fontsize=10)
    ax.set_xlim(-0.6, 2.0 * (len(sizes) - 1) + 0.6)
    ax.set_ylim(-(top - 1) / 2 - 0.8, (top - 1) / 2 + (0.75 if biases is not None else 0.4))
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


# --------------------------------------------------------------------------- universal approximation

class RandomFeatureFit:
    """A one-hidden-layer network ``y = f(x w + b) @ v + c`` whose output layer was fitted.

    ``w``, ``b``: (units,) random hidden weights and biases; ``v``: (units,), ``c``: float
    fitted by least squares. ``predict(x)`` takes x: (N,) or (N, 1) and returns (N,).
    """

    def __init__(self, w, b, v, c, activation):
        self.w, self.b, self.v, self.c = w, b, v, c
        self.activation = activation

    @property
    def units(self) -> int:
        return int(self.w.size)

    def hidden(self, x) -> np.ndarray:
        """x: (N,) -> hidden activations (N, units)."""
        x = np.asarray(x, dtype=np.float64).reshape(-1, 1)
        return self.activation(x * self.w + self.b)

    def predict(self, x) -> np.ndarray:
        """x: (N,) or (N, 1) -> (N,)."""
        return self.hidden(x) @ self.v + self.c

    def count_params(self) -> int:
        """Weights and biases of both layers: 3 per hidden unit plus the output bias."""
        return 3 * self.units + 1

    def __repr__(self) -> str:
        return f"RandomFeatureFit(units={self.units}, activation={self.activation.name!r})"


def random_feature_fit(x, y, units: int, activation: str = "tanh", *, scale: float = 3.0,
                       x_range: tuple[float, float] | None = None, rng=None, seed: int | None = 0) -> RandomFeatureFit:
    """Fit a 1-input, ``units``-hidden, 1-output network to (x, y) in one step.

    Each hidden unit gets a random slope ``w ~ N(0, scale^2)`` and a random centre ``t``
    uniform over ``x_range``, so its bias is ``b = -w t`` and its bend lies inside the data.
    The output weights and bias then solve the least-squares problem exactly.

    x: (N,) or (N, 1); y: (N,) or (N, 1). Returns a :class:`RandomFeatureFit`.
    """
    x = check_array(x, "x", ndim=(1, 2)).reshape(-1)
    y = check_array(y, "y", ndim=(1, 2)).reshape(-1)
    if x.size != y.size:
        raise MLCourseError(f"x and y must hold the same number of points, received {x.size} and {y.size}.")
    if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1:
        raise MLCourseError(f"units must be a positive integer, received units={units!r}.")
    gen = check_rng(rng, None if rng is not None else seed)
    lo, hi = x_range if x_range is not None else (float(x.min()), float(x.max()))
    w = gen.normal(0.0, scale, size=units)
    centres = gen.uniform(lo, hi, size=units)
    b = -w * centres
    act = _activations.get(activation)
    H = act(x[:, None] * w + b)
    A = np.column_stack([H, np.ones_like(x)])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    return RandomFeatureFit(w, b, coef[:-1], float(coef[-1]), act)


def plot_fit(fit: RandomFeatureFit, x, y, target=None, *, show_units: bool = False, ax=None):
    """Plot the data (x, y), the optional true function ``target`` and the network's fit.

    With ``show_units``, each hidden unit's contribution ``v_i f(w_i x + b_i)`` is drawn
    faintly: the fit is their sum (plus the output bias).
    """
    ax = _axes(ax)
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    grid = np.linspace(x.min(), x.max(), 300)
    if show_units and fit.units <= 16:
        parts = fit.hidden(grid) * fit.v
        for i in range(fit.units):
            ax.plot(grid, parts[:, i], color="0.6", lw=0.7, alpha=0.7, label=tr("one hidden unit's part") if i == 0 else None)
    ax.scatter(x, y, s=10, color="0.3", alpha=0.6, label=tr("data"))
    if target is not None:
        ax.plot(grid, target(grid), "k--", lw=1.2, label=tr("true function"))
    mse = float(np.mean((fit.predict(x) - y) ** 2))
    ax.plot(grid, fit.predict(grid), color="tab:red", lw=2.2, label=tr("network"), gid="network")
    ax.set(xlabel="x", ylabel="y", title=_units_title(fit.units, mse))
    lo, hi = y.min(), y.max()
    pad = 0.35 * (hi - lo)
    ax.set_ylim(lo - pad, hi + pad)
    return ax


def approximation_explorer(x, y, target=None, units: Sequence[int] = UNIT_CHOICES, activation: str = "tanh", seed: int = 0):
    """Slider over the number of hidden units; the fits are computed once, up front.

    Returns an ipywidgets ``VBox``; its attributes ``fits`` (dict units -> fit),
    ``slider`` and ``figure`` let code (and tests) drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    fits = {int(u): random_feature_fit(x, y, int(u), activation, seed=seed) for u in units}
    slider = widgets.SelectionSlider(options=list(fits), value=list(fits)[len(fits) // 2], description=tr("hidden units"),
                                     style={"description_width": "initial"}, continuous_update=True)
    fig = Figure(figsize=(6.5, 3.8))
    ax = fig.add_subplot()
    plot_fit(fits[slider.value], x, y, target, ax=ax)  # the data, the true function and the axes stay
    ax.legend(fontsize="small", loc="upper left")
    network = [ln for ln in ax.get_lines() if ln.get_gid() == "network"][0]
    grid = network.get_xdata()
    xs, ys = np.asarray(x, dtype=np.float64).reshape(-1), np.asarray(y, dtype=np.float64).reshape(-1)
    for artist in (network, ax.title):
        artist.set_animated(True)

    def draw():
        fit = fits[slider.value]
        network.set_ydata(fit.predict(grid))
        mse = float(np.mean((fit.predict(xs) - ys) ** 2))
        ax.title.set_text(_units_title(fit.units, mse))

    box = figure_widget([slider], fig, draw)
    box.fits, box.slider = fits, slider
    return box


def count_dense_params(layer_sizes: Sequence[int]) -> int:
    """Weights plus biases of a stack of Dense layers, e.g. (1, 32, 1) -> 32 + 32 + 32 + 1 = 97."""
    sizes = [int(s) for s in layer_sizes]
    return int(sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])))
