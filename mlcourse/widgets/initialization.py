"""Weight initialization (notebook 12): what happens to activations and gradients in a deep
stack of ``Dense`` layers, for each way of drawing the initial weights.

The experiment: ``n`` random inputs (standard normal, 100 features) go through ``depth``
layers ``Dense(units, activation, kernel_initializer=init)``; we keep every layer's output.
Backwards, a random upstream gradient (standard normal, divided by ``n`` as a mean loss
would) flows through the same layers; we keep every layer's weight gradient ``dW``.

- :func:`layer_outputs` and :func:`layer_weight_gradients` run the experiment.
- :func:`per_layer_std` summarises it: one standard deviation per layer.
- :func:`plot_layer_histograms` draws one row of histograms (one per layer);
  :func:`plot_init_grid` stacks one row per initialization (the static figures).
- :func:`initialization_explorer` wires dropdowns (initialization, activation, what to
  show) and a slider (depth) to :func:`plot_layer_histograms`.

matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

import math

import numpy as np

from .. import initializers as _init
from .._checks import MLCourseError, check_rng
from ..i18n import N_, tr
from ..layers import Dense

#: The initializations the notebook compares: name -> (label for plots, initializer).
INITS = {
    "normal_1": (N_("std 1"), _init.normal(1.0)),
    "normal_0.01": (N_("std 0.01"), _init.normal(0.01)),
    "glorot_normal": ("Xavier (Glorot)", _init.glorot_normal),
    "he_normal": ("He", _init.he_normal),
}
ACTIVATIONS = ("sigmoid", "tanh", "relu")
MAX_DEPTH = 10


def shown_label(label: str) -> str:
    """An initialization's label of :data:`INITS` in the selected language (names stay)."""
    return tr(label) if label.startswith("std ") else label


def _initializer(init):
    if callable(init) and not isinstance(init, str):
        return getattr(init, "__name__", "custom"), init
    if init in INITS:
        return INITS[init]
    raise MLCourseError(f"Unknown initialization {init!r}. Choose one of: {', '.join(INITS)}.")


def _check_setup(activation: str, depth: int) -> None:
    if activation not in ACTIVATIONS:
        raise MLCourseError(f"Unknown activation {activation!r}. Choose one of: {', '.join(ACTIVATIONS)}.")
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise MLCourseError(f"depth must be a whole number of layers, 1 or more, received depth={depth!r}.")


def build_stack(init, activation: str = "relu", depth: int = 5, units: int = 100,
                n_inputs: int = 100, rng=None, seed: int | None = 0) -> list[Dense]:
    """``depth`` layers ``Dense(units, activation, kernel_initializer=init)``, built.

    ``init`` is a key of :data:`INITS` or an initializer ``init(shape, rng, dtype)``.
    The weights come from ``rng`` (or ``seed``), drawn layer after layer.
    """
    _check_setup(activation, depth)
    _label, initializer = _initializer(init)
    gen = check_rng(rng, seed)
    layers, width = [], n_inputs
    for i in range(depth):
        layer = Dense(units, activation=activation, kernel_initializer=initializer)
        layer.index = i
        layer.build((None, width), rng=gen)
        layers.append(layer)
        width = units
    return layers


def _inputs(n: int, n_inputs: int, seed: int) -> np.ndarray:
    return np.random.default_rng([seed, 1]).standard_normal((n, n_inputs))


def layer_outputs(init, activation: str = "relu", depth: int = 5, units: int = 100, n: int = 1000,
                  seed: int = 0) -> list[np.ndarray]:
    """Outputs of every layer for ``n`` standard normal inputs: a list of ``depth`` arrays (n, units).

    The inputs have ``units`` features. Weights come from ``seed``; the inputs from a stream
    derived from it, so the same seed gives the same numbers for every ``init``.
    """
    layers = build_stack(init, activation, depth, units, units, seed=seed)
    x = _inputs(n, units, seed)
    outs = []
    with np.errstate(over="ignore"):
        for layer in layers:
            x = layer.forward(x)
            outs.append(x)
    return outs


def layer_weight_gradients(init, activation: str = "relu", depth: int = 5, units: int = 100,
                           n: int = 1000, seed: int = 0) -> list[np.ndarray]:
    """``dW`` of every layer after one backward pass: a list of ``depth`` arrays (units, units).

    Forward as in :func:`layer_outputs`, then an upstream gradient drawn from
    ``N(0, 1) / n`` (what the mean of a loss over ``n`` samples would send) flows back.
    """
    layers = build_stack(init, activation, depth, units, units, seed=seed)
    x = _inputs(n, units, seed)
    with np.errstate(over="ignore", invalid="ignore"):
        for layer in layers:
            x = layer.forward(x)
        dout = np.random.default_rng([seed, 2]).standard_normal(x.shape) / n
        for layer in reversed(layers):
            dout = layer.backward(dout)
    return [layer.grads["W"].copy() for layer in layers]


def per_layer_std(arrays: list[np.ndarray]) -> np.ndarray:
    """The standard deviation of each array: shape (len(arrays),)."""
    return np.array([float(np.std(a)) for a in arrays])


def _values(init, activation, depth, kind, seed):
    if kind == "activations":
        return layer_outputs(init, activation, depth, seed=seed)
    if kind == "gradients":
        return layer_weight_gradients(init, activation, depth, seed=seed)
    raise MLCourseError(f"kind must be 'activations' or 'gradients', received kind={kind!r}.")


def _hist_range(values: np.ndarray, activation: str, kind: str):
    """One panel's x range: the output range of sigmoid or tanh, else the full range of its
    values; nothing is ever clipped into an edge bar."""
    if kind == "activations" and activation == "sigmoid":
        return (0.0, 1.0)
    if kind == "activations" and activation == "tanh":
        return (-1.0, 1.0)
    lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    if not hi > lo:  # all equal (or a single value): a small symmetric window around it
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    return lo, hi


BINS = 30
#: What the explorer can show: the layers' outputs or their weight gradients.
KINDS = (N_("activations"), N_("gradients"))


def _row_label(label: str, activation: str, kind: str) -> str:
    if kind == "activations":
        return tr("{label}\n{activation} outputs", label=shown_label(label), activation=activation)
    return tr("{label}\n{activation} dW", label=shown_label(label), activation=activation)


def _finite_values(v, activation: str, kind: str) -> np.ndarray:
    flat = np.ravel(v)
    flat = flat[np.isfinite(flat)]
    if kind == "activations" and activation == "relu":
        flat = flat[flat > 0]  # about half are exactly 0; a bar that tall would hide the rest
    return flat


def _tick(value: float) -> str:
    return "0" if value == 0 else f"{value:.2g}"


def summarize(values, activation: str, kind: str) -> list[tuple[np.ndarray, float, float, float]]:
    """Per layer: (bar heights scaled to a tallest bar of 1, range start, range end, std of
    all values). The bars count every value of the panel's range (:func:`_hist_range`)."""
    panels = []
    for v in values:
        flat = _finite_values(v, activation, kind)
        lo, hi = _hist_range(flat, activation, kind)
        counts, _ = np.histogram(flat, bins=BINS, range=(lo, hi))
        top = counts.max() if counts.size and counts.max() > 0 else 1
        panels.append((counts / top, lo, hi, float(np.std(v))))
    return panels


class _HistogramRow:
    """One row of histograms, one panel per layer, drawn in fixed axes coordinates.

    Each panel spans its own range (:func:`_hist_range`, the same rule as the static
    figure): the bars are drawn on [0, 1] and the tick labels at both ends of each panel say
    which values the ends stand for (the middle tick marks the centre of the range). So the
    axes never change, and the bars, labels and titles can be redrawn
    alone (``animated``) when the widget changes its settings.
    """

    def __init__(self, axes, animated: bool = False):
        self.axes = list(axes)
        self.bars, self.ticks = [], []
        edges = np.linspace(0.0, 1.0, BINS + 1)
        for ax in self.axes:
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1.1)
            ax.set_yticks([])
            ax.set_xticks([0, 0.5, 1], ["", "", ""])
            ax.tick_params(axis="x", length=3)
            self.bars.append(ax.stairs(np.zeros(BINS), edges, fill=True, animated=animated))
            # labels at the two ends only: small numbers like 5.2e-05 need the room
            self.ticks.append([ax.text(p, -0.04, "", transform=ax.transAxes, ha=ha, va="top", fontsize=7,
                                       animated=animated)
                               for p, ha in ((0.0, "left"), (1.0, "right"))])
            ax.title.set_fontsize(9)
            ax.title.set_animated(animated)
        first = self.axes[0]
        self.row_label = first.text(-0.06, 0.5, "", transform=first.transAxes, rotation=90, ha="right",
                                    va="center", fontsize=9, animated=animated)

    def show(self, values, activation: str, kind: str, label: str) -> None:
        self.show_summary(summarize(values, activation, kind), kind, activation, label)

    def show_summary(self, panels, kind: str, activation: str, label: str) -> None:
        color = "tab:blue" if kind == "activations" else "tab:purple"
        for i, (ax, bars, ticks, (heights, lo, hi, std)) in enumerate(zip(self.axes, self.bars, self.ticks, panels)):
            bars.set_data(heights)
            bars.set_color(color)
            for text, value in zip(ticks, (lo, hi)):
                text.set_text(_tick(value))
            ax.title.set_text(tr("layer {i}\nstd {std:.3g}", i=i + 1, std=std))
        self.row_label.set_text(_row_label(label, activation, kind))


def plot_layer_histograms(init="he_normal", activation: str = "relu", depth: int = 5,
                          kind: str = "activations", seed: int = 0, axes=None, row_label: bool = True,
                          values: list[np.ndarray] | None = None):
    """One histogram per layer of the values of ``kind`` ("activations" or "gradients").

    Sigmoid and tanh outputs are drawn over the function's whole output range ((0, 1) and
    (-1, 1)), so saturation and collapse show as a change of shape. ReLU outputs and
    gradients, which have no fixed range, get their own x range per panel, the full range of
    its values (nothing is clipped): read their scale from the tick labels and from the
    title, which gives the layer and the standard deviation of its values (3 significant
    digits). For ReLU outputs only the positive values are drawn (about half are exactly 0).
    ``values`` skips the experiment (a list from :func:`layer_outputs` or
    :func:`layer_weight_gradients` with these settings). Without ``axes``, a new figure holds
    up to 5 panels per row. Returns the axes (one per layer, a flat array).
    """
    from matplotlib.ticker import MaxNLocator

    _check_setup(activation, depth)
    label, _ = _initializer(init)
    if kind not in ("activations", "gradients"):
        raise MLCourseError(f"kind must be 'activations' or 'gradients', received kind={kind!r}.")
    if values is None:
        values = _values(init, activation, depth, kind, seed)
    if axes is None:
        import matplotlib.pyplot as plt

        ncols = min(depth, 5)
        nrows = -(-depth // ncols)
        _fig, axes = plt.subplots(nrows, ncols, figsize=(2.3 * ncols, 1.9 * nrows), squeeze=False,
                                  layout="constrained")
        for ax in axes.ravel()[depth:]:
            ax.axis("off")
        axes = axes.ravel()[:depth]
    axes = np.atleast_1d(axes).ravel()
    if len(axes) != depth:
        raise MLCourseError(f"plot_layer_histograms needs {depth} axes (one per layer), received {len(axes)}.")
    for i, (ax, v) in enumerate(zip(axes, values)):
        flat = np.ravel(v)
        flat = flat[np.isfinite(flat)]
        if kind == "activations" and activation == "relu":
            flat = flat[flat > 0]  # about half are exactly 0; a bar that tall would hide the rest
        ax.hist(flat, bins=30, range=_hist_range(flat, activation, kind), color="tab:blue" if kind == "activations" else "tab:purple")
        ax.set_title(tr("layer {i}\nstd {std:.3g}", i=i + 1, std=np.std(v)), fontsize=9)
        if kind == "activations" and activation in ("sigmoid", "tanh"):
            lo, hi = _hist_range(flat, activation, kind)
            ax.set_xticks([lo, (lo + hi) / 2, hi])
        else:
            ax.xaxis.set_major_locator(MaxNLocator(3))
            ax.ticklabel_format(axis="x", style="sci", scilimits=(-2, 3))
            ax.xaxis.get_offset_text().set_fontsize(7)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    if row_label:
        axes[0].set_ylabel(_row_label(label, activation, kind), fontsize=9)
    return axes


def plot_init_grid(activation: str = "relu", inits=tuple(INITS), depth: int = 5, kind: str = "activations",
                   seed: int = 0, axes=None):
    """One row of :func:`plot_layer_histograms` per initialization; returns the 2-D axes array."""
    if axes is None:
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(len(inits), depth, figsize=(min(2.2 * depth, 16), 1.9 * len(inits)),
                                 layout="constrained")
        what = tr("layer outputs") if kind == "activations" else tr("weight gradients dW")
        fig.suptitle(tr("{activation}: {what}, {depth} layers of 100 units, 1000 random inputs",
                        activation=activation, what=what, depth=depth), fontsize=11)
    axes = np.asarray(axes).reshape(len(inits), depth)
    for row, init in zip(axes, inits):
        plot_layer_histograms(init, activation, depth, kind, seed, axes=row)
    return axes


def std_table(activation: str = "relu", inits=tuple(INITS), depth: int = 5, kind: str = "activations",
              seed: int = 0) -> dict[str, np.ndarray]:
    """``{label: per-layer std}`` for each initialization (the numbers behind the grid)."""
    return {_initializer(i)[0]: per_layer_std(_values(i, activation, depth, kind, seed)) for i in inits}


def format_std_table(table: dict[str, np.ndarray]) -> str:
    """The table as text, every number with 3 significant digits."""
    depth = len(next(iter(table.values())))
    labels = [shown_label(k) for k in table]
    width = max(_columns(k) for k in labels) + 2
    names = [tr("layer {i}", i=i + 1) for i in range(depth)]
    # a Hangul letter takes two columns of a monospaced font: pad by the columns a name takes
    head = " " * width + "".join(" " * (11 - _columns(name)) + name for name in names)
    rows = [head]
    for label, stds in zip(labels, table.values()):
        rows.append(label + " " * (width - _columns(label)) + "".join(f"{s:>11.3g}" for s in stds))
    return "\n".join(rows)


def _columns(text: str) -> int:
    """How many columns of a monospaced font ``text`` takes (wide East Asian letters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def initialization_explorer(init: str = "he_normal", activation: str = "relu", depth: int = 5,
                            kind: str = "activations"):
    """Dropdowns (initialization, activation, activations/gradients) and a depth slider
    redrawing :func:`plot_layer_histograms`.

    The panels keep their axes: a change of initialization, activation or kind redraws only
    the bars, tick labels and titles; each depth has its own row of axes, made at its first
    use and kept with its picture. Returns an
    ipywidgets ``VBox``; its attributes ``init``, ``activation``, ``kind``, ``depth``,
    ``figure`` and ``stds`` (the per-layer standard deviations drawn last) let code and tests
    drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    from . import figure_widget, set_scene

    style = {"description_width": "initial"}
    init_dd = widgets.Dropdown(options=[(shown_label(label), key) for key, (label, _) in INITS.items()], value=init,
                               description=tr("initialization"), style=style)
    act_dd = widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description=tr("activation"), style=style)
    kind_dd = widgets.Dropdown(options=[(tr(name), name) for name in KINDS], value=kind, description=tr("show"),
                               style=style)
    depth_sl = widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description=tr("layers"), style=style)
    fig = Figure(figsize=(12, 2.6))
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.12, top=0.78, wspace=0.2)
    # one row of axes per depth, made at its first use; only the current row is in the
    # figure, and the picture of each is kept (set_scene): a depth seen before costs no full redraw
    rows: dict[int, _HistogramRow] = {}
    state = {"row": None, "box": None}
    # settings -> per-layer summaries. Layer i of a stack does not depend on the layers
    # after it (the weights are drawn layer after layer), so the outputs of a shallower
    # stack are the first layers of a deeper one: their summaries are a prefix. Gradients
    # flow back from the top, so they are kept per depth.
    seen: dict[tuple, list] = {}

    def summary(init_key: str, act: str, d: int, kind: str) -> list:
        if kind == "activations":
            deeper = [v for (i, a, k, kd), v in seen.items() if (i, a, kd) == (init_key, act, kind) and k >= d]
            if deeper:
                return deeper[0][:d]
        key = (init_key, act, d, kind)
        if key not in seen:
            seen[key] = summarize(_values(*key, 0), act, kind)
        return seen[key]

    def draw():
        d = depth_sl.value
        shown = state["row"]
        if shown is not None and len(shown.axes) != d:
            for ax in shown.axes:
                fig.delaxes(ax)  # kept in `rows`, added back when its depth comes again
        if d not in rows:
            rows[d] = _HistogramRow(np.atleast_1d(fig.subplots(1, d)), animated=True)
        elif shown is not rows[d]:
            for ax in rows[d].axes:
                fig.add_axes(ax)
        row = state["row"] = rows[d]
        set_scene(fig, d)
        panels = summary(init_dd.value, act_dd.value, d, kind_dd.value)
        row.show_summary(panels, kind_dd.value, act_dd.value, _initializer(init_dd.value)[0])
        state["stds"] = np.array([panel[3] for panel in panels])
        if state["box"] is not None:
            state["box"].stds = state["stds"]

    box = state["box"] = figure_widget([init_dd, act_dd, kind_dd, depth_sl], fig, draw, layout=None,
                                       rows=[[init_dd, act_dd], [kind_dd, depth_sl]])
    box.stds = state["stds"]
    box.init, box.activation, box.kind, box.depth = init_dd, act_dd, kind_dd, depth_sl
    return box


def he_std(fan_in: int) -> float:
    """``sqrt(2 / fan_in)``, the He standard deviation."""
    return math.sqrt(2.0 / fan_in)
