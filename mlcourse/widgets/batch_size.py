"""Batch size: full-batch, stochastic and mini-batch gradient descent (notebook 10).

One epoch (에폭) is one pass over the N training samples; with batch size B it takes
``ceil(N / B)`` iterations (parameter updates). :func:`train_linear` trains a linear
regression (one ``Dense(1)`` layer, mean squared error, plain ``SGD``) with a given batch
size and records

- the loss of the current mini-batch after every iteration (what a progress bar shows:
  noisy), and
- the loss on the whole training set before training and after every epoch (smooth), and
- the loss on the whole training set after iterations spread evenly on a log scale
  (1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, ..., and the last one), the same for every run,
  so that runs of different batch sizes can be compared by iteration at the same points,
  not only at the ends of epochs.

:func:`plot_batch_runs` draws several runs by epoch and by iteration (the notebook's static
figure) and :func:`batch_size_explorer` wires a batch-size slider to it. matplotlib and
ipywidgets are imported inside the functions.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse._checks import MLCourseError, check_array
from mlcourse.callbacks import Callback
from mlcourse.i18n import tr

__all__ = ["iterations_per_epoch", "TrainingRun", "train_linear", "plot_batch_runs", "batch_size_explorer"]


def iterations_per_epoch(n: int, batch_size: int) -> int:
    """``ceil(n / batch_size)``: the last, smaller batch of an epoch is an iteration too."""
    for value, name in ((n, "n"), (batch_size, "batch_size")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise MLCourseError(f"{name} must be a whole number of at least 1, received {value!r}.")
    return math.ceil(n / batch_size)


@dataclass
class TrainingRun:
    """What :func:`train_linear` records.

    Attributes
    ----------
    batch_size : int
    batch_loss : ndarray of shape (iterations,)
        Loss of the mini-batch used by each update (before that update).
    epoch_loss : ndarray of shape (epochs + 1,)
        Loss on the whole training set before training (index 0) and after each epoch.
    iterations_per_epoch : int
    logged_iterations : ndarray of int
        Iterations (1 = after the first update) at which the whole-set loss was also
        recorded: 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, ... (ten per decade) and the last.
    logged_loss : ndarray
        The loss on the whole training set after each of ``logged_iterations``.
    """

    batch_size: int
    batch_loss: np.ndarray = field(repr=False)
    epoch_loss: np.ndarray = field(repr=False)
    iterations_per_epoch: int = 0
    logged_iterations: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int), repr=False)
    logged_loss: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)

    @property
    def iterations(self) -> int:
        return len(self.batch_loss)

    @property
    def final_loss(self) -> float:
        return float(self.epoch_loss[-1])


def _log_spaced(last: int) -> np.ndarray:
    """1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32, ... up to ``last``, and ``last`` itself.

    Ten points per decade (10 ** (j / 10), rounded to two significant digits), the same for
    every run, so that runs of different lengths are measured at the same iterations.
    """
    ks, j = {max(int(last), 1)}, 0
    while 10 ** (j / 10) <= last:
        ks.add(round(float(f"{10 ** (j / 10):.2g}")))
        j += 1
    return np.array(sorted(ks))


class _Recorder(Callback):
    def __init__(self, X: np.ndarray, y: np.ndarray, log_at: np.ndarray) -> None:
        super().__init__()
        self.X, self.y = X, y
        self.log_at = set(int(k) for k in log_at)
        self.batch_loss: list[float] = []
        self.epoch_loss: list[float] = []
        self.logged: list[tuple[int, float]] = []

    def _full_loss(self) -> float:
        try:
            return self.model.compute_loss(self.X, self.y)
        except MLCourseError:  # the weights overflowed: the loss is not a number any more
            return math.nan

    def on_train_begin(self, logs=None) -> None:
        self.epoch_loss.append(self._full_loss())

    def on_batch_end(self, batch, logs=None) -> None:
        self.batch_loss.append(logs["loss"])
        if len(self.batch_loss) in self.log_at:
            self.logged.append((len(self.batch_loss), self._full_loss()))

    def on_epoch_end(self, epoch, logs=None) -> None:
        self.epoch_loss.append(self._full_loss())


def train_linear(X: Any, y: Any, batch_size: int, epochs: int = 20, learning_rate: float = 0.05,
                 seed: int = 0) -> TrainingRun:
    """Train ``Sequential([Dense(1)])`` with MSE and ``SGD(learning_rate)``; record the losses.

    Parameters
    ----------
    X : (N, D) float array
        Inputs (standardize them first).
    y : (N, 1) float array
        Targets.
    batch_size : int
        1 gives stochastic gradient descent, N full-batch gradient descent.
    epochs : int
    learning_rate : float
    seed : int
        Seeds the initial weights and the shuffling: runs with the same seed start from the
        same weights, whatever the batch size.
    """
    from mlcourse.layers import Dense
    from mlcourse.model import Sequential
    from mlcourse.optimizers import SGD

    X = check_array(X, "X", ndim=2)
    y = check_array(y, "y", ndim=(1, 2))
    if len(y) != len(X):
        raise MLCourseError(f"X and y must have the same number of rows, received {len(X)} and {len(y)}.")
    y = y.reshape(len(y), -1)
    model = Sequential([Dense(y.shape[1], input_dim=X.shape[1])], seed=seed)
    model.compile(optimizer=SGD(learning_rate), loss="mse")
    rec = _Recorder(X, y, _log_spaced(epochs * iterations_per_epoch(len(X), int(batch_size))))
    with warnings.catch_warnings():  # a diverging run simply stops early: its curve ends there
        warnings.simplefilter("ignore", RuntimeWarning)
        model.fit(X, y, batch_size=batch_size, epochs=epochs, verbose=0, seed=seed, callbacks=[rec])
    logged = np.array(rec.logged, dtype=float).reshape(-1, 2)
    return TrainingRun(int(batch_size), np.array(rec.batch_loss), np.array(rec.epoch_loss),
                       iterations_per_epoch(len(X), int(batch_size)), logged[:, 0].astype(int), logged[:, 1])


def _plain_log_formatter(**kwargs):
    """A LogFormatter that writes its tick labels as plain numbers: 0.3, 2, 1000."""
    from matplotlib.ticker import LogFormatter

    class Plain(LogFormatter):
        def _num_to_string(self, x, vmin, vmax):
            return f"{x:g}"

    return Plain(**kwargs)


def _limits(finite, best):
    """y limits of the two panels from the finite whole-set losses (None: autoscale)."""
    if not finite:
        return [None, None]
    lo = min(list(finite) + ([best] if best is not None else []))
    # a diverging run leaves through the top instead of stretching the axis to 1e300
    # (matplotlib cannot even place log ticks on such a range)
    hi = min(max(finite), 1e4)
    return [(0.8 * lo, 1.25 * hi), (0.5 * lo, 2.0 * hi)]


def plot_batch_runs(runs: Mapping[Any, TrainingRun], axes=None, best: float | None = None):
    """Loss by epoch (left) and by iteration (right).

    Left: the loss on the whole training set after each epoch. Right: the loss on the whole
    training set at the run's log-spaced iterations (``logged_iterations``), over the faint
    loss of every mini-batch (clipped to the range of the bold curves: single samples can
    have a loss near 0).

    Parameters
    ----------
    runs : dict label -> TrainingRun
    axes : pair of Axes, optional
    best : float, optional
        The lowest loss possible (e.g. from least squares), drawn as a dotted line.

    Returns
    -------
    (ax_epoch, ax_iter)
    """
    import matplotlib.pyplot as plt

    if axes is None:
        _fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
    ax_epoch, ax_iter = axes
    finite = [v for run in runs.values() for v in (*run.epoch_loss, *run.logged_loss) if np.isfinite(v)]
    for i, (label, run) in enumerate(runs.items()):
        color = f"C{i % 10}"
        name = tr("{label} ({n} it/epoch)", label=label, n=run.iterations_per_epoch)
        epochs = np.arange(len(run.epoch_loss))
        ax_epoch.plot(epochs, run.epoch_loss, "o-", ms=3, color=color, label=name)
        # faint: the loss of each mini-batch; bold: the whole-set loss after each epoch
        ax_iter.plot(np.arange(1, run.iterations + 1), run.batch_loss, color=color, lw=0.5, alpha=0.35)
        ax_iter.plot(run.logged_iterations, run.logged_loss, "o-", ms=2.5, color=color, label=str(label))
    limits = _limits(finite, best)
    for ax, lim in zip(axes, limits):
        if best is not None:
            ax.axhline(best, color="k", ls=":", lw=1, label=tr("least-squares optimum"))
        if lim is not None:
            ax.set_ylim(*lim)  # before the log scale, so it does not autoscale to the raw data
        ax.set_yscale("log")
        # plain decimals (0.3, 0.6, 2) instead of 3x10^-1: easier to read off
        ax.yaxis.set_major_formatter(_plain_log_formatter(labelOnlyBase=False))
        ax.yaxis.set_minor_formatter(_plain_log_formatter(labelOnlyBase=False, minor_thresholds=(2, 0.5)))
    ax_epoch.set(xlabel=tr("epoch"), ylabel=tr("loss on the whole training set"), title=tr("by epoch"))
    ax_iter.set(xlabel=tr("iteration (update), log scale"), ylabel=tr("loss"), xscale="log",
                title=tr("by iteration (faint: loss of each mini-batch)"))
    ax_epoch.legend(fontsize="small")
    # outside the axes: the faint mini-batch losses fill every corner of the panel
    ax_iter.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax_epoch, ax_iter


def batch_size_explorer(X: Any, y: Any, sizes: Sequence[int] | None = None, batch_size: int = 32,
                        epochs: int = 20, learning_rate: float = 0.05, best: float | None = None):
    """A batch-size slider (and learning rate) redrawing :func:`plot_batch_runs`.

    The chosen batch size is drawn next to full-batch gradient descent for comparison, and a
    line is shown above the figure, e.g. ``batch size 32: 14 iterations per epoch, 280
    updates in 20 epochs, final loss 0.2429``. Runs are cached, so moving back to a batch
    size is instant; the lines and legend texts are updated in place. Returns an
    ``ipywidgets.VBox`` carrying ``size_slider``, ``lr_slider``, ``axes``, ``figure`` and
    ``last_line``.
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    from . import figure_widget

    X = check_array(X, "X", ndim=2)
    n = len(X)
    if sizes is None:
        sizes = [s for s in (1, 2, 4, 8, 16, 32, 64, 128, 256) if s < n] + [n]
    sizes = [int(s) for s in sizes]
    if batch_size not in sizes:
        raise MLCourseError(f"batch_size {batch_size!r} must be one of the slider's sizes {sizes}.")
    size_slider = w.SelectionSlider(options=sizes, value=batch_size, description=tr("batch size"),
                                    layout=w.Layout(width="420px"))
    lr_slider = w.FloatLogSlider(value=learning_rate, base=10, min=-3, max=0, step=None,
                                 description=tr("learning rate"), readout_format=".3g", style={"description_width": "initial"})
    fig = Figure(figsize=(11, 3.6), layout="constrained")
    axes = fig.subplots(1, 2)
    cache: dict[tuple[int, float], TrainingRun] = {}

    def run(size: int, lr: float) -> TrainingRun:
        key = (size, round(lr, 12))
        if key not in cache:
            cache[key] = train_linear(X, y, size, epochs=epochs, learning_rate=lr)
        return cache[key]

    # two slots (the chosen size, full batch), drawn once by plot_batch_runs and then updated
    first = run(n, learning_rate)
    plot_batch_runs({"a": first, "b": first}, axes=axes, best=best)
    ax_epoch, ax_iter = axes
    epoch_lines = ax_epoch.lines[:2]  # the two runs; the least-squares line comes after them
    faint, bold = ax_iter.lines[0:4:2], ax_iter.lines[1:4:2]
    legends = [ax_epoch.get_legend(), ax_iter.get_legend()]
    # Axes that do not move: every run starts from the same weights (same seed), so from the
    # same loss; none goes below the least-squares optimum. So the limits hold for every batch
    # size and rate (a diverging run leaves through the top), and a change redraws only the
    # curves and the legends over the kept axes.
    start_loss = float(first.epoch_loss[0])
    low = best if best is not None else float(np.nanmin(first.epoch_loss))
    fixed = _limits([low, start_loss], best)
    ax_epoch.set(xlim=(-0.5, epochs + 0.5), ylim=fixed[0])
    ax_iter.set(xlim=(0.8, iterations_per_epoch(n, min(sizes)) * epochs * 1.25), ylim=fixed[1])
    for artist in [*epoch_lines, *faint, *bold, *legends]:
        artist.set_animated(True)
    for legend in legends:
        for part in legend.findobj():  # its texts change: they must not mark the axes stale
            if part is not legend:
                part.stale_callback = None
    state: dict[str, Any] = {}

    def draw():
        size, lr = size_slider.value, lr_slider.value
        chosen = run(size, lr)
        runs = [(tr("batch {size}", size=size), chosen), (tr("full batch {n}", n=n), run(n, lr))]
        visible = [True, size != n]
        for i, ((label, r), vis) in enumerate(zip(runs, visible)):
            epochs_ = np.arange(len(r.epoch_loss))
            epoch_lines[i].set_data(epochs_, r.epoch_loss)
            faint[i].set_data(np.arange(1, r.iterations + 1), r.batch_loss)
            bold[i].set_data(r.logged_iterations, r.logged_loss)
            for artist in (epoch_lines[i], faint[i], bold[i]):
                artist.set_visible(vis)
            legends[0].get_texts()[i].set_text(tr("{label} ({n} it/epoch)", label=label, n=r.iterations_per_epoch))
            legends[1].get_texts()[i].set_text(label)
            for legend in legends:
                legend.legend_handles[i].set_visible(vis)
                legend.get_texts()[i].set_visible(vis)
        state["line"] = tr("batch size {size}: {per_epoch} iterations per epoch, {updates} updates in {epochs} epochs, final loss {loss:.4f}",
                           size=size, per_epoch=chosen.iterations_per_epoch, updates=chosen.iterations,
                           epochs=epochs, loss=chosen.final_loss)
        if "box" in state:
            state["box"].last_line = state["line"]
        return state["line"]

    box = state["box"] = figure_widget([size_slider, lr_slider], fig, draw, text=True, layout="constrained")
    box.last_line = state["line"]
    box.size_slider, box.lr_slider, box.axes = size_slider, lr_slider, axes
    return box
