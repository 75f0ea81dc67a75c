"""Drawings of a playground with matplotlib: the output heat map, the network, the loss curves.

Colours: orange is class 0 (or a negative value), blue class 1 (or a positive value), white
the middle; more classes get more colours (``CLASS_COLOURS``). Heat maps are computed as RGB
arrays in numpy (:func:`output_rgb`, :func:`value_rgb`), so redrawing is a ``set_data``.

- :func:`plot_output`, :func:`plot_network`, :func:`plot_loss` draw one view on ``ax``
  (``ax=None`` makes a new figure) and return the axes: the notebook's static figures.
- :class:`Dashboard` puts the three views in one figure, keeps the artists and only updates
  their data on :meth:`Dashboard.update`; :meth:`Dashboard.to_png` renders it with Agg for an
  ``ipywidgets.Image``. This is the frame the widget shows (fast: see
  benchmarks/bench_playground.py).
- :func:`draw_playground` is the same dashboard as a pyplot figure, for ``plt.show()``.

matplotlib is imported inside the functions.
"""
from __future__ import annotations

import io
import textwrap
from typing import Any

import numpy as np

from ..i18n import tr
from ..palette import CLASS_COLORS

__all__ = ["plot_output", "plot_network", "plot_loss", "Dashboard", "draw_playground", "output_rgb",
           "value_rgb", "CLASS_COLOURS"]


def _hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])


#: Class colours from the course palette (class 0 orange, class 1 blue, ...).
CLASS_COLOURS = np.array([_hex_rgb(c) for c in CLASS_COLORS])
ORANGE, BLUE = CLASS_COLOURS[0], CLASS_COLOURS[1]
WHITE = np.array([1.0, 1.0, 1.0])
GREY = np.array([0.75, 0.75, 0.75])
_LIGHTEN = 0.3  # heat maps are mixed with this much white, so the points stand out


def value_rgb(t: np.ndarray) -> np.ndarray:
    """t: (...) numbers in [0, 1] (0 orange, 0.5 white, 1 blue) -> (..., 3) RGB; NaN -> grey."""
    t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0)[..., None]
    low = ORANGE + (WHITE - ORANGE) * (2 * t)
    high = WHITE + (BLUE - WHITE) * (2 * t - 1)
    rgb = np.where(t < 0.5, low, high)
    bad = np.isnan(t[..., 0])
    if bad.any():
        rgb[bad] = GREY
    return rgb


def _target_scale(pg) -> float:
    """Half-width of the colour range for regression values: max |y| of the data."""
    y = np.concatenate([pg.y_train.ravel(), pg.y_test.ravel()])
    return float(max(np.max(np.abs(y)), 1e-9))


def output_rgb(pg, out: np.ndarray, discretize: bool = False, lighten: float = _LIGHTEN) -> np.ndarray:
    """Colour the network output ``out`` from :meth:`Playground.predict_grid` -> (res, res, 3) RGB."""
    if out.ndim == 3:  # class probabilities (or MSE outputs) per class
        p = np.nan_to_num(out, nan=0.0)
        if discretize:
            p = np.eye(out.shape[-1])[p.argmax(axis=-1)]
        else:
            p = np.clip(p, 0, None)
            p = p / np.maximum(p.sum(axis=-1, keepdims=True), 1e-12)
        rgb = p @ CLASS_COLOURS[: out.shape[-1]]
        rgb[np.isnan(out).any(axis=-1)] = GREY
    else:
        rgb = value_rgb(output_values(pg, out, discretize))
    return rgb * (1 - lighten) + lighten


def output_values(pg, out: np.ndarray, discretize: bool = False) -> np.ndarray:
    """One output (res, res) -> the numbers in [0, 1] that :func:`value_rgb` colours."""
    if pg.task == "regression":
        if discretize:
            return np.where(np.isnan(out), np.nan, (out > 0).astype(float))
        return (out / _target_scale(pg) + 1) / 2
    return out if not discretize else np.where(np.isnan(out), np.nan, (out > 0.5).astype(float))


def _point_colours(pg, y: np.ndarray) -> np.ndarray:
    if pg.task == "regression":
        return value_rgb((y.ravel() / _target_scale(pg) + 1) / 2)
    return CLASS_COLOURS[np.asarray(y, dtype=int) % len(CLASS_COLOURS)]


def _unit_rgb(maps: np.ndarray, activation: str | None) -> np.ndarray:
    """maps: (U, r, r) unit outputs -> (U, r, r, 3); tanh in [-1, 1], sigmoid in [0, 1], others by max |value|."""
    return value_rgb(unit_values(maps, activation))


def unit_values(maps: np.ndarray, activation: str | None) -> np.ndarray:
    """maps: (U, r, r) unit outputs -> the numbers in [0, 1] that :func:`value_rgb` colours."""
    if activation == "sigmoid":
        return maps
    if activation == "tanh":
        return (maps + 1) / 2
    finite = np.isfinite(maps)
    m = np.max(np.abs(maps[finite])) if finite.any() else 1.0
    return (maps / max(float(m), 1e-9) + 1) / 2


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=figsize)
    return ax


def _wrap(text: str, width: int = 34) -> str:
    if not text.isascii():  # Hangul letters are about twice as wide as Latin ones
        width = int(width * 0.6)
    return "\n".join(textwrap.wrap(text, width))


# --------------------------------------------------------------------------- single views

def plot_output(pg, ax=None, resolution: int = 100, show_test: bool | None = None,
                discretize: bool | None = None, title: str | None = None):
    """The output over the input plane as a heat map, with the training points (and test points).

    Parameters
    ----------
    pg : Playground
    show_test, discretize : bool, optional
        Default: the playground's settings.
    title : str, optional
        Default: epoch and losses.

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax, (3.6, 3.6))
    s = pg.state
    show_test = s.show_test if show_test is None else show_test
    discretize = s.discretize if discretize is None else discretize
    ax.imshow(output_rgb(pg, pg.predict_grid(resolution), discretize), origin="lower", extent=pg.extent,
              interpolation="bilinear")
    ax.scatter(pg.X_train[:, 0], pg.X_train[:, 1], s=14, c=_point_colours(pg, pg.y_train), edgecolors="white",
               linewidths=0.6, label=tr("train"))
    if show_test:
        ax.scatter(pg.X_test[:, 0], pg.X_test[:, 1], s=14, c=_point_colours(pg, pg.y_test), edgecolors="black",
                   linewidths=0.6, label=tr("test"))
    ax.set(xlim=pg.extent[:2], ylim=pg.extent[2:], xlabel="x1", ylabel="x2")
    ax.set_title(title if title is not None else _status(pg), fontsize=9)
    if pg.diverged:
        ax.text(0.5, 0.5, _wrap(pg.message), transform=ax.transAxes, ha="center", va="center", fontsize=8,
                color="#a00000", bbox=dict(facecolor="white", edgecolor="#a00000", alpha=0.9))
    return ax


def _status(pg) -> str:
    return tr("epoch {epoch}   train loss {train:.3f}   test loss {test:.3f}", epoch=pg.epoch, train=pg.train_loss,
              test=pg.test_loss)


def plot_loss(pg, ax=None):
    """Train and test loss per epoch. Returns the axes."""
    ax = _axes(ax, (4, 2.5))
    h = pg.history
    ax.plot(h["epoch"], h["train_loss"], color="0.2", lw=1.5, label=tr("train"))
    ax.plot(h["epoch"], h["test_loss"], color="0.2", lw=1.0, ls="--", label=tr("test"))
    ax.set(xlabel=tr("epoch"), ylabel=tr("loss"))
    ax.set_xlim(0, max(pg.epoch, 1))
    finite = [v for v in h["train_loss"] + h["test_loss"] if np.isfinite(v)]
    ax.set_ylim(0, max(finite, default=1.0) * 1.05 or 1.0)
    ax.legend(fontsize=8, frameon=False)
    return ax


def plot_network(pg, ax=None, resolution: int = 24):
    """The network: a heat map for every input feature and unit, links by weight.

    Link width grows with |weight|; blue links are positive weights, orange negative.
    Returns the axes.
    """
    ax = _axes(ax, (6, 3.5))
    _NetworkView(ax, pg, resolution).update(pg)
    return ax


# --------------------------------------------------------------------------- the network view

class _NetworkView:
    """Thumbnails and links on one axes, updated in place."""

    SIZE = 0.34  # half-width of a thumbnail, in row units
    COLUMN = 2.2  # distance between layers, in row units

    def __init__(self, ax, pg, resolution: int = 24) -> None:
        from matplotlib.collections import LineCollection

        self.ax, self.res = ax, resolution
        sizes = pg.layer_sizes
        self.sizes = sizes
        top = max(sizes)
        self.pos = [[(self.COLUMN * c, (n - 1) / 2 - j) for j in range(n)] for c, n in enumerate(sizes)]
        segs = []
        for c in range(len(sizes) - 1):
            for (x0, y0) in self.pos[c]:
                for (x1, y1) in self.pos[c + 1]:
                    segs.append([(x0 + self.SIZE, y0), (x1 - self.SIZE, y1)])
        self.links = LineCollection(segs, linewidths=1.0, colors="0.6", zorder=1)
        ax.add_collection(self.links)
        blank = np.ones((resolution, resolution, 3))
        self.images = []
        r = self.SIZE
        for col in self.pos:
            self.images.append([ax.imshow(blank, extent=(x - r, x + r, y - r, y + r), origin="lower",
                                          interpolation="nearest", zorder=2) for (x, y) in col])
        for (x, y), name in zip(self.pos[0], pg.state.features):
            ax.text(x - r - 0.08, y, name, ha="right", va="center", fontsize=10)
        names = [tr("inputs")] + [tr("layer {i}", i=i + 1) for i in range(len(sizes) - 2)] + [tr("output")]
        for c, name in enumerate(names):
            ax.text(self.COLUMN * c, (top - 1) / 2 + 0.62, name, ha="center", va="bottom", fontsize=10)
        # limits with the axes' own width/height ratio, so the thumbnails stay square
        x0, x1 = -1.4, self.COLUMN * (len(sizes) - 1) + 0.6
        y0, y1 = -(top - 1) / 2 - 0.6, (top - 1) / 2 + 1.0
        ax.set_aspect("auto")
        pos, (fw, fh) = ax.get_position(original=True), ax.figure.get_size_inches()
        ratio = (pos.width * fw) / (pos.height * fh)
        if (x1 - x0) / (y1 - y0) < ratio:
            grow = ((y1 - y0) * ratio - (x1 - x0)) / 2
            x0, x1 = x0 - grow, x1 + grow
        else:
            grow = ((x1 - x0) / ratio - (y1 - y0)) / 2
            y0, y1 = y0 - grow, y1 + grow
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_axis_off()
        self.activation = pg.state.activation

    def update(self, pg, out_rgb: np.ndarray | None = None) -> None:
        res = self.res
        feats = pg.feature_maps(res)
        rgbs = [[_unit_rgb(f[None], None)[0] for f in feats]]
        rgbs += [list(_unit_rgb(m, self.activation)) for m in pg.hidden_unit_outputs(res)]
        if out_rgb is None:
            out_rgb = output_rgb(pg, pg.predict_grid(res), pg.state.discretize, lighten=0.0)
        if pg.layer_sizes[-1] == 1 or out_rgb.ndim == 3:
            rgbs.append([out_rgb] + [out_rgb] * (self.sizes[-1] - 1))
        for col_imgs, col_rgbs in zip(self.images, rgbs):
            for im, rgb in zip(col_imgs, col_rgbs):
                im.set_data(rgb)
        w = np.concatenate([W.ravel() for W, _ in pg.weights()])
        w = np.nan_to_num(w, nan=0.0, posinf=1e3, neginf=-1e3)
        self.links.set_linewidths(0.3 + 1.4 * np.minimum(np.abs(w), 3.0))
        colours = np.where((w >= 0)[:, None], BLUE, ORANGE)
        self.links.set_color(np.column_stack([colours, np.full(len(w), 0.75)]))


# --------------------------------------------------------------------------- the dashboard

class Dashboard:
    """The network, the output heat map and the loss curves in one figure, updated in place.

    Parameters
    ----------
    pg : Playground
    figure : matplotlib Figure, optional
        Default: a new ``matplotlib.figure.Figure`` (not a pyplot one: it is never shown by
        the notebook's inline backend, only rendered by :meth:`to_png`).
    dpi : int
    resolution : int
        Grid of the main heat map (the unit thumbnails use ``resolution // 4``).
    """

    def __init__(self, pg, figure: Any = None, dpi: int = 100, resolution: int = 100) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.fig = figure if figure is not None else Figure(figsize=(10, 4.6), dpi=dpi)
        if self.fig.canvas is None or not hasattr(self.fig.canvas, "buffer_rgba"):
            FigureCanvasAgg(self.fig)
        self.resolution = resolution
        self._layout_key = None
        self.update(pg)

    def _key(self, pg) -> tuple:
        s = pg.state
        return (pg.layer_sizes, s.features, s.activation, id(pg.X_train), s.show_test, pg.task)

    def _build(self, pg) -> None:
        fig = self.fig
        fig.clear()
        self.ax_net = fig.add_axes((0.0, 0.30, 0.58, 0.66))
        self.ax_loss = fig.add_axes((0.07, 0.09, 0.48, 0.17))
        # with test points the output map is a little smaller, leaving room for a legend below it
        self.ax_out = fig.add_axes((0.61, 0.16, 0.37, 0.73) if pg.state.show_test else (0.61, 0.09, 0.37, 0.80))
        self.net = _NetworkView(self.ax_net, pg, max(self.resolution // 4, 8))
        ax = self.ax_out
        res = self.resolution
        self.out_im = ax.imshow(np.ones((res, res, 3)), origin="lower", extent=pg.extent, interpolation="bilinear")
        ax.scatter(pg.X_train[:, 0], pg.X_train[:, 1], s=12, c=_point_colours(pg, pg.y_train), edgecolors="white",
                   linewidths=0.5, label=tr("training points (white edge)"))
        if pg.state.show_test:
            ax.scatter(pg.X_test[:, 0], pg.X_test[:, 1], s=12, c=_point_colours(pg, pg.y_test), edgecolors="black",
                       linewidths=0.5, label=tr("test points (black edge)"))
            legend = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), ncols=2, fontsize=9, frameon=False,
                               markerscale=1.5, handletextpad=0.1, columnspacing=0.6)
            for handle in legend.legend_handles:  # grey fill, so the edge is what tells them apart
                handle.set_facecolor("0.6")
        ax.set(xlim=pg.extent[:2], ylim=pg.extent[2:])
        ax.tick_params(labelsize=9)
        self.title = ax.set_title("", fontsize=10)
        self.warning = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=9,
                               color="#a00000", visible=False,
                               bbox=dict(facecolor="white", edgecolor="#a00000", alpha=0.92))
        al = self.ax_loss
        # the last point is marked, so the untrained network's loss shows at epoch 0
        (self.train_line,) = al.plot([], [], color="0.15", lw=1.4, marker="o", ms=4, markevery=[-1], label=tr("train"),
                                     clip_on=False)
        (self.test_line,) = al.plot([], [], color="0.5", lw=1.2, ls="--", marker="o", ms=4, markevery=[-1],
                                    label=tr("test"), clip_on=False)
        al.tick_params(labelsize=9)
        al.set_xlabel(tr("epoch"), fontsize=9, labelpad=1)
        al.set_ylabel(tr("loss"), fontsize=9)
        al.legend(fontsize=9, frameon=False, loc="upper right", ncols=2)
        self.loss_note = al.text(0.03, 0.08, "", transform=al.transAxes, fontsize=9, color="0.3")
        self._layout_key = self._key(pg)

    def update(self, pg) -> None:
        """Refresh every view from ``pg`` (rebuilding the layout only when the network or data changed)."""
        with pg.lock:
            if self._key(pg) != self._layout_key:
                self._build(pg)
            s = pg.state
            out = pg.predict_grid(self.resolution)
            rgb = output_rgb(pg, out, s.discretize)
            self.out_im.set_data(rgb)
            step = max(self.resolution // self.net.res, 1)
            small = output_rgb(pg, out[::step, ::step], s.discretize, lighten=0.0)
            self.net.update(pg, small)
            h = pg.history
            self.train_line.set_data(h["epoch"], h["train_loss"])
            self.test_line.set_data(h["epoch"], h["test_loss"])
            self.ax_loss.set_xlim(0, max(pg.epoch, 1))
            finite = [v for v in h["train_loss"] + h["test_loss"] if np.isfinite(v)]
            self.ax_loss.set_ylim(0, max(finite, default=1.0) * 1.25 or 1.0)
            self.title.set_text(_status(pg))
            self.loss_note.set_text(tr("epoch 0: the loss before training") if pg.epoch == 0 else "")
            self.warning.set_text(_wrap(pg.advice, 40))  # divergence, or an oscillating loss
            self.warning.set_visible(bool(pg.advice))

    def to_png(self) -> bytes:
        """Render with Agg and encode as PNG (fast zlib level)."""
        from PIL import Image

        canvas = self.fig.canvas
        canvas.draw()
        buf = np.asarray(canvas.buffer_rgba())
        out = io.BytesIO()
        Image.fromarray(buf[..., :3]).save(out, format="png", compress_level=1)
        return out.getvalue()


def draw_playground(pg, figsize: tuple[float, float] = (10, 4.6)):
    """The widget's picture of ``pg`` as a pyplot figure (for ``plt.show()``). Returns the figure."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize)
    Dashboard(pg, figure=fig)
    return fig
