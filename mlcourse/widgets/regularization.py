"""Regularization (notebook 13): training and validation curves for a grid of weight-decay
strengths and dropout rates, trained once, then browsed with two sliders.

- :func:`run_grid` trains one model per ``(l2, rate)`` pair and keeps the histories.
- :func:`plot_run` draws the loss and accuracy curves of one run, with a reference run
  (no regularization) in grey behind it (the static figure).
- :func:`regularization_explorer` wires a weight-decay slider and a dropout slider to
  :func:`plot_run`; moving a slider only picks a precomputed run, so it answers at once.

matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .._checks import MLCourseError
from ..i18n import tr
from . import figure_widget

Key = tuple[float, float]


def run_grid(build: Callable[[float, float], Any], X_train, y_train, X_val, y_val,
             l2_values: Sequence[float] = (0.0, 1e-3, 3e-3, 1e-2),
             rates: Sequence[float] = (0.0, 0.2, 0.4, 0.6),
             epochs: int = 60, batch_size: int = 32, seed: int = 0) -> dict[Key, dict[str, list[float]]]:
    """Train ``build(l2, rate)`` (a compiled model with metric ``"acc"``) for every pair.

    Returns ``{(l2, rate): history dict}`` with the keys ``loss``, ``acc``, ``val_loss``,
    ``val_acc`` (one value per epoch). Every run uses the same ``seed``.
    """
    if not l2_values or not rates:
        raise MLCourseError(f"run_grid needs at least one l2 value and one rate, received {l2_values!r} and {rates!r}.")
    runs = {}
    for l2 in l2_values:
        for rate in rates:
            model = build(float(l2), float(rate))
            h = model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size,
                          validation_data=(X_val, y_val), verbose=0, seed=seed)
            missing = {"loss", "acc", "val_loss", "val_acc"} - set(h.history)
            if missing:
                raise MLCourseError(f"run_grid: the model must be compiled with metrics=['acc']; the history lacks {sorted(missing)}.")
            runs[(float(l2), float(rate))] = {k: list(h.history[k]) for k in ("loss", "acc", "val_loss", "val_acc")}
    return runs


def grid_values(runs: dict[Key, dict]) -> tuple[list[float], list[float]]:
    """The sorted l2 values and dropout rates of a grid."""
    return sorted({k[0] for k in runs}), sorted({k[1] for k in runs})


def _get(runs: dict[Key, dict], l2: float, rate: float) -> dict:
    key = (float(l2), float(rate))
    if key not in runs:
        l2s, rates = grid_values(runs)
        raise MLCourseError(f"No run for l2={l2!r}, rate={rate!r}. The grid has l2 in {l2s} and rate in {rates}.")
    return runs[key]


def _loss_title(l2: float, rate: float) -> str:
    return tr("L2 = {l2:g}, dropout = {rate:g}: loss", l2=l2, rate=rate)


def _accuracy_title(h: dict) -> str:
    return tr("last epoch: train {train:.2f}, validation {val:.2f}", train=h["acc"][-1], val=h["val_acc"][-1])


def plot_run(runs: dict[Key, dict], l2: float = 0.0, rate: float = 0.0, axes=None, reference: bool = True):
    """Loss (left) and accuracy (right) per epoch for the run ``(l2, rate)``.

    Solid lines: training (measured during training, so with dropout active);
    dashed: validation. With ``reference``, the run without regularization ``(0, 0)`` is
    drawn in grey when it is in the grid. Returns the two axes; the run's own lines carry
    the labels ``"train"`` and ``"validation"``.
    """
    h = _get(runs, l2, rate)
    if axes is None:
        import matplotlib.pyplot as plt

        _fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    if len(axes) != 2:
        raise MLCourseError(f"plot_run needs 2 axes, received {len(axes)}.")
    epochs = np.arange(1, len(h["loss"]) + 1)
    base = runs.get((0.0, 0.0)) if reference and (float(l2), float(rate)) != (0.0, 0.0) else None
    for ax, key, name in ((axes[0], "loss", tr("loss")), (axes[1], "acc", tr("accuracy"))):
        if base is not None:
            e0 = np.arange(1, len(base[key]) + 1)
            ax.plot(e0, base[key], color="0.75", lw=1, label=tr("no regularization: train"), gid="reference")
            ax.plot(e0, base["val_" + key], color="0.75", lw=1, ls="--", label=tr("no regularization: validation"),
                    gid="reference")
        ax.plot(epochs, h[key], color="tab:blue", lw=2, label=tr("train"), gid="train")
        ax.plot(epochs, h["val_" + key], color="tab:orange", lw=2, ls="--", label=tr("validation"), gid="validation")
        ax.set(xlabel=tr("epoch"), ylabel=name)
    axes[1].set_ylim(0, 1.02)
    axes[0].set_title(_loss_title(l2, rate))
    axes[1].set_title(_accuracy_title(h))
    axes[1].legend(fontsize=8, loc="lower right")
    return axes


def regularization_explorer(runs: dict[Key, dict], l2: float = 0.0, rate: float = 0.0):
    """Two sliders (L2 strength, dropout rate) choosing which precomputed run :func:`plot_run` shows.

    Returns an ipywidgets ``VBox``; its attributes ``l2``, ``rate`` (the sliders) and
    ``figure`` let code and tests drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    l2s, rates = grid_values(runs)
    _get(runs, l2, rate)
    style = {"description_width": "initial"}
    l2_sl = widgets.SelectionSlider(options=[(f"{v:g}", v) for v in l2s], value=float(l2),
                                    description=tr("L2 penalty"), style=style, continuous_update=False)
    rate_sl = widgets.SelectionSlider(options=[(f"{v:g}", v) for v in rates], value=float(rate),
                                      description=tr("dropout rate"), style=style, continuous_update=False)
    fig = Figure(figsize=(11, 3.4))
    axes = fig.subplots(1, 2)
    # draw a run next to the reference once, then only move the run's own lines
    other = next((k for k in runs if k != (0.0, 0.0)), (float(l2), float(rate)))
    plot_run(runs, *other, axes=axes)
    own = {key: [ln for ln in ax.get_lines() if ln.get_gid() in ("train", "validation")]
           for ax, key in zip(axes, ("loss", "acc"))}
    reference = [ln for ax in axes for ln in ax.get_lines() if ln.get_gid() == "reference"]
    top = max(max(max(h["loss"]), max(h["val_loss"])) for h in runs.values())
    axes[0].set_ylim(0, top * 1.05)  # one loss scale for every run of the grid
    for ax in axes:
        ax.title.set_animated(True)
    for artist in [*own["loss"], *own["acc"], *reference]:
        artist.set_animated(True)

    def draw():
        l2_value, rate_value = l2_sl.value, rate_sl.value
        h = _get(runs, l2_value, rate_value)
        epochs = np.arange(1, len(h["loss"]) + 1)
        for key, (train, val) in own.items():
            train.set_data(epochs, h[key])
            val.set_data(epochs, h["val_" + key])
        for line in reference:  # the reference run is not drawn behind itself
            line.set_visible((float(l2_value), float(rate_value)) != (0.0, 0.0))
        axes[0].title.set_text(_loss_title(l2_value, rate_value))
        axes[1].title.set_text(_accuracy_title(h))

    box = figure_widget([l2_sl, rate_sl], fig, draw)
    box.l2, box.rate = l2_sl, rate_sl
    return box
