"""Optimizers racing on 2-D test functions (notebook 11).

``RACES[surface]`` holds, for each test function of :mod:`mlcourse.data.surfaces`, a number
of steps and one optimizer setting per method, chosen to show each method near its best on
that function (the learning rates that suit one function do not suit another).
:func:`make_optimizers` builds them (or all with one shared learning rate),
:func:`run_race` runs them with :func:`mlcourse.paths.race` (the package's own update
rules), :func:`final_table` sorts the final values, :func:`plot_race` draws the paths on the
contour plot and the values against the step, and :func:`optimizer_explorer` wires
check boxes, a learning rate, a step count and a function menu to them.
matplotlib and ipywidgets are imported inside the functions.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse import optimizers as _opt
from mlcourse._checks import MLCourseError
from mlcourse.data import get_surface
from mlcourse.i18n import N_, tr
from mlcourse.paths import race, values_along

__all__ = ["METHODS", "RACES", "make_optimizers", "run_race", "final_table", "plot_race", "optimizer_explorer"]

#: Legend label -> optimizer name in mlcourse.optimizers.
METHODS = {"SGD": "sgd", "Momentum": "momentum", "Nesterov": "nesterov", "AdaGrad": "adagrad",
           "RMSprop": "rmsprop", "Adadelta": "adadelta", "Adam": "adam"}

#: Per test function: steps, and label -> keyword arguments of the optimizer.
RACES: dict[str, dict[str, Any]] = {
    "bowl": {"steps": 30, "settings": {
        "SGD": {"learning_rate": 0.9},
        "Momentum": {"learning_rate": 0.2, "momentum": 0.8},
        "Nesterov": {"learning_rate": 0.2, "momentum": 0.8},
        "AdaGrad": {"learning_rate": 1.5},
        "RMSprop": {"learning_rate": 0.3},
        "Adadelta": {"learning_rate": 50.0},
        "Adam": {"learning_rate": 0.5, "beta_1": 0.8},
    }},
    "saddle": {"steps": 30, "settings": {
        "SGD": {"learning_rate": 0.1},
        "Momentum": {"learning_rate": 0.05},
        "Nesterov": {"learning_rate": 0.05},
        "AdaGrad": {"learning_rate": 0.3},
        "RMSprop": {"learning_rate": 0.05},
        "Adadelta": {"learning_rate": 5.0},
        "Adam": {"learning_rate": 0.1},
    }},
    "rosenbrock": {"steps": 500, "settings": {
        "SGD": {"learning_rate": 0.001},
        "Momentum": {"learning_rate": 0.0005},
        "Nesterov": {"learning_rate": 0.0005},
        "AdaGrad": {"learning_rate": 0.5},
        "RMSprop": {"learning_rate": 0.01},
        "Adadelta": {"learning_rate": 50.0},
        "Adam": {"learning_rate": 0.05},
    }},
    "two_minima": {"steps": 50, "settings": {
        "SGD": {"learning_rate": 0.05},
        "Momentum": {"learning_rate": 0.02},
        "Nesterov": {"learning_rate": 0.02},
        "AdaGrad": {"learning_rate": 0.5},
        "RMSprop": {"learning_rate": 0.05},
        "Adadelta": {"learning_rate": 10.0},
        "Adam": {"learning_rate": 0.1},
    }},
}


def make_optimizers(surface: str = "bowl", which: Sequence[str] | None = None,
                    learning_rate: float | None = None) -> dict[str, _opt.Optimizer]:
    """Label -> a fresh optimizer with the race settings of ``surface``.

    ``which`` picks labels from :data:`METHODS` (default: all). With ``learning_rate`` every
    optimizer gets that one rate instead (its other settings are kept).
    """
    key = get_surface(surface).name
    settings = RACES[key]["settings"]
    which = list(which) if which is not None else list(METHODS)
    unknown = [w for w in which if w not in METHODS]
    if unknown:
        raise MLCourseError(f"Unknown optimizer label(s) {unknown}; choose from {list(METHODS)}.")
    opts = {}
    for label in which:
        kwargs = dict(settings[label])
        if learning_rate is not None:
            kwargs["learning_rate"] = learning_rate
        opts[label] = _opt.get(METHODS[label], **kwargs)
    return opts


def run_race(surface: str = "bowl", optimizers: Mapping[str, Any] | None = None, steps: int | None = None,
             start: Sequence[float] | None = None) -> dict[str, np.ndarray]:
    """Paths (label -> (steps + 1, 2) array) of ``optimizers`` (default: all race settings)."""
    surf = get_surface(surface)
    optimizers = optimizers if optimizers is not None else make_optimizers(surf.name)
    steps = steps if steps is not None else RACES[surf.name]["steps"]
    return race(surf.gradient, start if start is not None else surf.start, optimizers, steps)


def final_table(surface: str, paths: Mapping[str, np.ndarray]) -> list[tuple[str, float]]:
    """``(label, f at the last point)`` sorted from lowest to highest (diverged: ``inf``)."""
    surf = get_surface(surface)
    rows = []
    for label, path in paths.items():
        v = float(values_along(surf.f, path[-1:])[0])
        rows.append((label, v if np.isfinite(v) else np.inf))
    return sorted(rows, key=lambda r: r[1])


#: The test functions' names in the function menu (Rosenbrock is a name and stays).
SURFACE_NAMES = {"bowl": N_("bowl"), "saddle": N_("saddle"), "two_minima": N_("two minima")}
VALUE_FLOOR = 1e-12  # the log-scale value axis of a non-negative function starts here


def _color(label: str) -> str:
    from mlcourse.palette import optimizer_color

    return optimizer_color(METHODS.get(label, label))


class _RacePanels:
    """The artists of :func:`plot_race` for one test function, made once.

    The contour plot, the minima, the titles and the axes depend on the function only; one
    path line and one value line per optimizer of :data:`METHODS` (in its course colour)
    are updated by :meth:`show`, and hidden for optimizers not in the race.
    """

    def __init__(self, surface: str, axes, animated: bool = False, log_values: bool | None = None):
        from mlcourse.plots import plot_contour

        self.surf = surf = get_surface(surface)
        self.ax_c, self.ax_v = ax_c, ax_v = axes
        X, Y, Z = surf.grid(120)
        positive = bool(Z.min() >= 0)
        levels = np.geomspace(max(Z.min(), 1e-2), Z.max(), 15) if positive else 20
        plot_contour(surf.f, surf.xlim, surf.ylim, levels=levels, ax=ax_c)
        for point in surf.minima:
            ax_c.plot(*point, "k*", ms=12)
        for point in surf.saddle_points:
            ax_c.plot(*point, "kx", ms=9)
        ax_c.set_title(f"f(x, y) = {surf.formula}", fontsize="medium")
        self.log_values = positive if log_values is None else log_values
        ax_v.set(xlabel=tr("step"), ylabel=tr("f(x, y)  (log scale)") if self.log_values else "f(x, y)")
        if self.log_values:
            ax_v.set_yscale("log")
            ax_v.set_ylim(VALUE_FLOOR, float(np.nanmax(Z)) * 3)
        else:
            lo, hi = max(float(np.nanmin(Z)), -10), float(np.nanmax(Z))
            ax_v.set_ylim(lo - 0.05 * (hi - lo), hi)
        self.paths, self.values = {}, {}
        for label in METHODS:
            color = _color(label)
            (self.paths[label],) = ax_c.plot([], [], "o-", ms=3, lw=1.5, color=color, label=label, animated=animated)
            (self.values[label],) = ax_v.plot([], [], color=color, lw=1.5, label=label, animated=animated)

    def show(self, paths: Mapping[str, np.ndarray], steps: int | None = None) -> None:
        longest = 1
        for label in METHODS:
            path = paths.get(label)
            visible = path is not None
            self.paths[label].set_visible(visible)
            self.values[label].set_visible(visible)
            if visible:
                path = np.asarray(path)
                self.paths[label].set_data(path[:, 0], path[:, 1])
                values = values_along(self.surf.f, path)
                self.values[label].set_data(np.arange(len(values)), values)
                longest = max(longest, len(values) - 1)
        right = steps if steps is not None else longest
        if self.ax_v.get_xlim() != (0.0, float(right)):
            self.ax_v.set_xlim(0, right)


def plot_race(surface: str, paths: Mapping[str, np.ndarray], axes=None, log_values: bool | None = None):
    """Paths on the contour plot (left) and ``f`` along each path against the step (right).

    Each optimizer has its course colour (:func:`mlcourse.palette.optimizer_color`); one
    legend, right of the value panel, names them, so no legend covers a path. Returns
    ``(ax_contour, ax_values)``. ``log_values`` defaults to True when ``f`` is non-negative
    (bowl, Rosenbrock); on a log scale values below 1e-12 leave the panel at the bottom.
    """
    import matplotlib.pyplot as plt

    if axes is None:
        _fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [1.4, 1]})
    panels = _RacePanels(surface, axes, log_values=log_values)
    panels.show(paths)
    handles = [panels.values[label] for label in METHODS if label in paths]
    if handles:
        panels.ax_v.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0),
                           borderaxespad=0.0)
    return panels.ax_c, panels.ax_v


def optimizer_explorer(surface: str = "bowl", which: Sequence[str] = ("SGD", "Momentum", "AdaGrad", "Adam")):
    """Check boxes (optimizers), a function menu, a step slider and a learning rate.

    With "tuned rates" ticked each optimizer uses its race setting for the chosen function;
    unticked, all use the learning-rate slider. Shows the sorted final values above the
    figure. The contour plot is drawn once per function (each function has its own pair of
    axes, and its picture is kept); a change of optimizers, rates or steps redraws only the
    paths, the value curves and the step axis. ``axes`` is the pair shown now. Returns an ``ipywidgets.VBox`` carrying
    ``boxes`` (label -> Checkbox), ``surface_menu``, ``steps_slider``, ``lr_slider``,
    ``tuned_box``, ``axes``, ``figure`` and ``last_table`` for tests.
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    from . import figure_widget, set_scene

    boxes = {label: w.Checkbox(value=label in which, description=label, indent=False,
                               layout=w.Layout(width="100px")) for label in METHODS}
    surface_menu = w.Dropdown(options=[(tr(SURFACE_NAMES.get(name, name)), name) for name in RACES],
                              value=get_surface(surface).name, description=tr("function"))
    steps_slider = w.IntSlider(value=RACES[surface_menu.value]["steps"], min=1, max=500, description=tr("steps"))
    lr_slider = w.FloatLogSlider(value=0.1, base=10, min=-4, max=2, step=None, description=tr("learning rate"),
                                 readout_format=".3g", style={"description_width": "initial"}, disabled=True)
    tuned_box = w.Checkbox(value=True, description=tr("tuned rates"), indent=False)
    fig = Figure(figsize=(12, 4.2))
    fig.subplots_adjust(left=0.06, right=0.89, bottom=0.12, top=0.92, wspace=0.18)
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.4, 1]})
    # one pair of axes per function, made at its first use, stacked in the same place; only
    # the current pair is shown, and the picture of each is kept (set_scene), so coming back
    # to a function costs no full redraw. The step axis of the value panel is drawn with the
    # animated artists: a new step count changes its limits without a full redraw.
    state: dict[str, Any] = {"panels": {}, "box": None}

    def panels_for(name: str) -> _RacePanels:
        if name not in state["panels"]:
            pair = axes if not state["panels"] else [fig.add_axes(ax.get_position()) for ax in axes]
            panels = state["panels"][name] = _RacePanels(name, pair, animated=True)
            panels.ax_v.xaxis.set_animated(True)
            if not fig.legends:  # one key of the course colours for every optimizer
                fig.legend(handles=list(panels.values.values()), loc="upper right", fontsize="small",
                           bbox_to_anchor=(0.995, 0.92))
        return state["panels"][name]

    def draw():
        lr_slider.disabled = tuned_box.value
        name = surface_menu.value
        panels = panels_for(name)
        for other in state["panels"].values():
            for ax in (other.ax_c, other.ax_v):
                if ax.get_visible() != (other is panels):
                    ax.set_visible(other is panels)
        if state["box"] is not None:
            state["box"].axes = [panels.ax_c, panels.ax_v]
        set_scene(fig, name)
        chosen = [label for label, cb in boxes.items() if cb.value]
        lr = None if tuned_box.value else lr_slider.value
        opts = make_optimizers(name, chosen, learning_rate=lr)
        paths = run_race(name, opts, steps=steps_slider.value)
        stale = fig.stale
        panels.show(paths, steps_slider.value)
        fig.stale = stale  # a new step count moves only the step axis, which is animated
        table = final_table(name, paths)
        if state["box"] is not None:
            state["box"].last_table = table
        state["table"] = table
        return "\n".join(f"{label:<9} lr {opts[label].learning_rate:<8.3g} "
                         + tr("f after {steps} steps = {value:.3g}", steps=steps_slider.value, value=value)
                         for label, value in table)

    def new_surface(_change=None):
        steps = RACES[surface_menu.value]["steps"]
        if steps_slider.value != steps:
            steps_slider.value = steps  # redraws through its observer
        else:
            state["box"].redraw()

    controls = list(boxes.values()) + [lr_slider, tuned_box, steps_slider]
    box = state["box"] = figure_widget(controls, fig, draw, text=True, layout=None,
                                       rows=[list(boxes.values()), [surface_menu, steps_slider], [tuned_box, lr_slider]])
    surface_menu.observe(new_surface, names="value")
    box.last_table = state["table"]
    box.boxes, box.surface_menu, box.steps_slider = boxes, surface_menu, steps_slider
    box.lr_slider, box.tuned_box = lr_slider, tuned_box
    box.axes = [state["panels"][surface_menu.value].ax_c, state["panels"][surface_menu.value].ax_v]
    return box
