"""Depth experiment (notebook 05): how big each layer's output and gradient are in a deep stack,
for a choice of activation and weight initialization.

The experiment: a batch of ``batch`` standard normal inputs (``width`` features) goes through
``depth`` layers ``h_l = f(h_{l-1} W_l)`` (square weights, no biases); backwards, a gradient of
ones arrives at the last output and flows back through every layer::

    dL/dz_l = dL/dh_l * f'(z_l)          (times the activation's derivative)
    dL/dW_l = h_{l-1}^T dL/dz_l           (the weight gradient)
    dL/dh_{l-1} = dL/dz_l W_l^T           (times the weights: the gradient at the layer's input)

so the gradient meets one activation derivative *and* one weight matrix per layer. The
derivatives alone can only shrink it (sigmoid' <= 0.25); the weights can shrink or grow it.

- :func:`depth_experiment` runs it and returns the size (root mean square) of every layer's
  output, of the gradient at every layer's input, of every weight gradient and of every
  layer's activation derivatives.
- :func:`plot_depth_experiment` draws those sizes per layer (the static figure).
- :func:`depth_explorer` wires an activation, an initialization and a depth to it.

matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import activations as _activations
from .._checks import MLCourseError
from ..i18n import tr
from . import figure_widget, set_scene
from .initialization import INITS, shown_label

ACTIVATIONS = ("sigmoid", "tanh", "relu")
MAX_DEPTH = 30


class DepthResult(NamedTuple):
    """Sizes per layer, index 0 = layer 1 (next to the input); each an array of shape (depth,)."""

    outputs: np.ndarray          # RMS of h_l, the layer's output
    input_gradients: np.ndarray  # RMS of dL/dh_{l-1}, the gradient at the layer's input
    weight_gradients: np.ndarray  # RMS of dL/dW_l
    derivatives: np.ndarray      # RMS of f'(z_l), the activation's derivative at the layer


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(a))))


def _check(activation, init, depth):
    if activation not in ACTIVATIONS:
        raise MLCourseError(f"Unknown activation {activation!r}. Choose one of: {', '.join(ACTIVATIONS)}.")
    if init not in INITS:
        raise MLCourseError(f"Unknown initialization {init!r}. Choose one of: {', '.join(INITS)}.")
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise MLCourseError(f"depth must be a whole number of layers, 1 or more, received depth={depth!r}.")


def depth_experiment(depth: int = 12, activation: str = "sigmoid", init: str = "glorot_normal", *,
                     width: int = 32, batch: int = 64, seed: int = 0) -> DepthResult:
    """Run the experiment described in the module docstring; returns a :class:`DepthResult`.

    ``init`` is a key of :data:`mlcourse.widgets.initialization.INITS` ("normal_1",
    "normal_0.01", "glorot_normal", "he_normal"). One generator made from ``seed`` draws the
    weights, layer 1 first, then the inputs (batch, width).
    """
    _check(activation, init, depth)
    act = _activations.get(activation)
    _label, initializer = INITS[init]
    rng = np.random.default_rng(seed)
    Ws = [initializer((width, width), rng) for _ in range(depth)]
    h = rng.standard_normal((batch, width))
    inputs, zs = [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for W in Ws:                       # forward: keep each layer's input and pre-activation
            inputs.append(h)
            zs.append(h @ W)
            h = act(zs[-1])
        outputs = [act(z) for z in zs]
        g = np.ones_like(h)                # dL/dh at the last output
        grad_in, grad_w, derivs = [], [], []
        for W, z, x in zip(reversed(Ws), reversed(zs), reversed(inputs)):
            derivs.append(_rms(act.grad(z)))
            dz = g * act.grad(z)
            grad_w.append(_rms(x.T @ dz))
            g = dz @ W.T
            grad_in.append(_rms(g))
    return DepthResult(np.array([_rms(o) for o in outputs]), np.array(grad_in[::-1]), np.array(grad_w[::-1]),
                       np.array(derivs[::-1]))


def _limits(*arrays) -> tuple[float, float]:
    """Log-axis limits at whole decades, at least 1e-2 to 1e1, with room around the values
    (whole decades keep the axes the same for many settings, so the explorer redraws only
    its curves when the limits do not change)."""
    values = np.concatenate([np.ravel(a) for a in arrays])
    values = values[np.isfinite(values) & (values > 0)]
    lo = min(float(values.min()) if values.size else 1.0, 1e-2)
    hi = max(float(values.max()) if values.size else 1.0, 1e1)
    return 10.0 ** np.floor(np.log10(lo / 2)), 10.0 ** np.ceil(np.log10(hi * 2))


def _titles(r: DepthResult, depth: int, activation: str, init: str) -> tuple[str, str]:
    ratio = r.input_gradients[0] / r.input_gradients[-1]
    times = f"{ratio:.3g}" if 1e-3 <= ratio < 1e4 else f"{ratio:.1e}"
    return (tr("forward: each layer's output\n{activation}, {init} init", activation=activation, init=shown_label(INITS[init][0])),
            tr("backward: gradients\ndL/dh at layer 1 = {times} x dL/dh at layer {depth}", times=times, depth=depth))


def plot_depth_experiment(depth: int = 12, activation: str = "sigmoid", init: str = "glorot_normal", seed: int = 0,
                          axes=None, fig=None, result: DepthResult | None = None):
    """Two panels for one run of :func:`depth_experiment`: the size of each layer's output,
    and the size of the gradients (at each layer's input, and of its weights), both on a log scale.

    Pass ``axes`` (two axes) or ``fig`` (two are added to it); a new figure is made otherwise.
    ``result`` skips the experiment (it must come from these settings). Returns the two axes.
    """
    _check(activation, init, depth)
    if axes is None:
        if fig is None:
            import matplotlib.pyplot as plt

            fig = plt.figure(figsize=(10, 3.4))
        axes = fig.subplots(1, 2)
    if len(axes) != 2:
        raise MLCourseError(f"plot_depth_experiment needs 2 axes, received {len(axes)}.")
    r = result if result is not None else depth_experiment(depth, activation, init, seed=seed)
    layers = np.arange(1, depth + 1)
    forward_title, backward_title = _titles(r, depth, activation, init)
    marker = "o-" if depth <= 15 else ".-"

    ax = axes[0]
    ax.semilogy(layers, r.outputs, marker, color="tab:blue", label=tr("output h of the layer"))
    ax.set(xlabel=tr("layer (1 = next to the input)"), ylabel=tr("size (RMS)"), ylim=_limits(r.outputs),
           title=forward_title)
    ax.axhline(1.0, color="0.8", lw=0.8, zorder=0)

    ax = axes[1]
    ax.semilogy(layers, r.input_gradients, marker, color="tab:red", label=tr("dL/dh at the layer's input"))
    ax.semilogy(layers, r.weight_gradients, "s--", color="tab:purple", ms=3, lw=1.2, label=tr("dL/dW of the layer"))
    ax.set(xlabel=tr("layer (1 = next to the input)"), ylabel=tr("size (RMS)"),
           ylim=_limits(r.input_gradients, r.weight_gradients), title=backward_title)
    ax.axhline(1.0, color="0.8", lw=0.8, zorder=0)
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False)
    for a in axes:
        a.set_xlim(0.5, depth + 0.5)
        a.xaxis.get_major_locator().set_params(integer=True)
    return axes


def depth_explorer(depth: int = 12, activation: str = "sigmoid", init: str = "glorot_normal"):
    """Dropdowns (activation, initialization) and a depth slider redrawing
    :func:`plot_depth_experiment`.

    Returns an ipywidgets ``VBox``; its attributes ``activation``, ``init``, ``depth``,
    ``figure`` and ``state`` (``state["result"]``: the :class:`DepthResult` drawn last) let code
    and tests drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    style = {"description_width": "initial"}
    act_dd = widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description=tr("activation"), style=style)
    init_dd = widgets.Dropdown(options=[(shown_label(label), key) for key, (label, _) in INITS.items()], value=init,
                               description=tr("initialization"), style=style)
    depth_sl = widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description=tr("layers"), style=style)
    fig = Figure(figsize=(10, 3.6))
    axes = fig.subplots(1, 2)
    # fixed margins: room for the two-line titles, the axis labels and the legend below
    fig.subplots_adjust(left=0.07, right=0.985, bottom=0.27, top=0.80, wspace=0.22)
    state: dict = {"result": depth_experiment(depth, activation, init)}
    plot_depth_experiment(depth, activation, init, axes=axes, result=state["result"])
    # the curves and titles change with every setting; the axes only when a limit does
    out_line, grad_in_line, grad_w_line = axes[0].lines[0], axes[1].lines[0], axes[1].lines[1]
    for artist in (out_line, grad_in_line, grad_w_line, axes[0].title, axes[1].title):
        artist.set_animated(True)

    def draw():
        d, act, ini = depth_sl.value, act_dd.value, init_dd.value
        r = state["result"] = depth_experiment(d, act, ini)
        layers = np.arange(1, d + 1)
        out_line.set_data(layers, r.outputs)
        grad_in_line.set_data(layers, r.input_gradients)
        grad_w_line.set_data(layers, r.weight_gradients)
        for line in (out_line, grad_in_line):
            line.set_marker("o" if d <= 15 else ".")
        for ax, title in zip(axes, _titles(r, d, act, ini)):
            ax.title.set_text(title)
        wanted = [((0.5, d + 0.5), _limits(r.outputs)),
                  ((0.5, d + 0.5), _limits(r.input_gradients, r.weight_gradients))]
        for ax, (xlim, ylim) in zip(axes, wanted):
            if ax.get_xlim() != xlim:
                ax.set_xlim(xlim)
            if ax.get_ylim() != ylim:
                ax.set_ylim(ylim)
        set_scene(fig, (d, wanted[0][1], wanted[1][1]))

    box = figure_widget([act_dd, init_dd, depth_sl], fig, draw, layout=None)
    box.activation, box.init, box.depth, box.state = act_dd, init_dd, depth_sl, state
    return box
