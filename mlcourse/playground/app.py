"""The playground's user interface in JupyterLab, made of ipywidgets.

    from mlcourse.playground import playground
    app = playground(dataset="spiral", hidden=(8, 8))   # starts paused
    app                                                   # shows it; press Play

The UI only wires widgets to a :class:`~mlcourse.playground.engine.Playground` (``app.pg``)
and shows :class:`~mlcourse.playground.views.Dashboard` frames as PNG in an
``ipywidgets.Image``. Play starts a background thread that trains one or a few epochs per
frame and redraws at most 10 times a second, so the notebook stays responsive; pause,
reset and any change of a control are honoured between epochs (the engine's lock).

For instructors
---------------
- ``app.controls`` maps control names to widgets (names in ``CONTROL_NAMES``);
  ``app.hide("optimizer", "loss")`` hides controls (the hidden names go into the state, so
  a shared JSON hides them too); ``app.show(...)`` brings them back.
- ``app.pg.to_json()`` / ``app.load_json(text)`` share a prepared setting;
  ``app.pg.to_code()`` exports the network as mlcourse code. The "Share & export" panel
  does the same with buttons.

Stable CSS classes (for browser tests)
--------------------------------------
``mlcourse-playground`` (the whole widget), ``mlcourse-play`` (the play/pause button; its
text is "Play" or "Pause"), ``mlcourse-step``, ``mlcourse-reset``, ``mlcourse-regenerate``,
``mlcourse-epoch`` (text "epoch N"), ``mlcourse-train-loss`` (text "train loss 0.123"),
``mlcourse-test-loss``, ``mlcourse-message`` (the divergence message), ``mlcourse-view``
(the image), and ``mlcourse-control-<name>`` on every control of ``CONTROL_NAMES``.

ipywidgets and matplotlib are imported when an app is made.
"""
from __future__ import annotations

import html
import threading
import time
from typing import Any

from .._checks import MLCourseError
from . import state as _st
from .engine import Playground

__all__ = ["PlaygroundApp", "CONTROL_NAMES"]

#: Controls that map one-to-one to a setting of the state.
SETTING_CONTROLS = ("dataset", "n_classes", "n_points", "noise", "train_ratio", "batch_size", "activation", "init",
                    "optimizer", "learning_rate", "schedule", "schedule_epochs", "regularization", "reg_rate",
                    "dropout", "loss", "show_test", "discretize")
#: Every name of ``app.controls``.
CONTROL_NAMES = SETTING_CONTROLS + ("features", "n_layers", "units", "play", "step", "reset", "regenerate", "speed",
                                    "epoch", "train_loss", "test_loss", "message", "view", "export")

_LABELS = {"dataset": "data", "n_classes": "classes", "n_points": "points", "noise": "noise %",
           "train_ratio": "train %", "batch_size": "batch size", "activation": "activation", "init": "init",
           "optimizer": "optimizer", "learning_rate": "learning rate", "schedule": "schedule",
           "schedule_epochs": "schedule epochs", "regularization": "regularization", "reg_rate": "reg. rate",
           "dropout": "dropout", "loss": "loss", "show_test": "show test data", "discretize": "discretize output",
           "n_layers": "hidden layers", "speed": "epochs/frame"}
_INIT_LABELS = {"zeros": "zeros", "normal_0.01": "normal 0.01", "normal_1": "normal 1", "xavier": "Xavier", "he": "He"}
_LOSS_LABELS = {"auto": "auto", "mse": "MSE", "binary_crossentropy": "binary CE", "softmax_crossentropy": "softmax CE"}
_ACT_LABELS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "linear": "linear", "leaky_relu": "leaky ReLU"}


class PlaygroundApp:
    """The playground widget around a :class:`Playground`.

    Parameters
    ----------
    playground : Playground, optional
        The engine (default: ``Playground()``).
    frame_interval : float
        Seconds between frames while playing (at most ``1 / frame_interval`` redraws a second).

    Attributes
    ----------
    pg : Playground
    widget : ipywidgets.VBox
        The root widget (the app itself displays as it).
    controls : dict of str to widget
    step_button, play_button, reset_button : ipywidgets.Button
    dashboard : views.Dashboard
    """

    def __init__(self, playground: Playground | None = None, frame_interval: float = 0.1) -> None:
        import ipywidgets as w

        from .views import Dashboard

        self.pg = playground if playground is not None else Playground()
        self.frame_interval = float(frame_interval)
        self._w = w
        self._syncing = False
        self._draw_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.controls: dict[str, Any] = {}
        self._make_controls()
        self.dashboard = Dashboard(self.pg)
        self.widget = self._layout()
        self.widget.add_class("mlcourse-playground")
        self._sync_widgets()
        self._apply_hidden()
        self.redraw()

    # -- display ---------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"PlaygroundApp({self.pg!r}, running={self.is_running})"

    # -- building the widgets ----------------------------------------------------------------------
    def _make_controls(self) -> None:
        w, c = self._w, self.controls

        def narrow():  # one Layout per widget: hiding one must not hide the others
            return w.Layout(width="215px")
        style = {"description_width": "95px"}

        def dropdown(name, options):
            c[name] = w.Dropdown(options=options, description=_LABELS[name], layout=narrow(), style=style)

        dropdown("dataset", [(d, d) for d in _st.DATASETS if d != "custom"])
        c["n_classes"] = w.IntSlider(min=2, max=6, description=_LABELS["n_classes"], layout=narrow(), style=style)
        c["n_points"] = w.IntSlider(min=50, max=1000, step=50, description=_LABELS["n_points"], layout=narrow(), style=style)
        c["noise"] = w.IntSlider(min=0, max=50, step=5, description=_LABELS["noise"], layout=narrow(), style=style)
        c["train_ratio"] = w.IntSlider(min=10, max=90, step=10, description=_LABELS["train_ratio"], layout=narrow(), style=style)
        c["batch_size"] = w.IntSlider(min=1, max=64, description=_LABELS["batch_size"], layout=narrow(), style=style)
        dropdown("activation", [(_ACT_LABELS[a], a) for a in _st.ACTIVATIONS])
        dropdown("init", [(_INIT_LABELS[i], i) for i in _st.INITIALIZERS])
        dropdown("optimizer", [("SGD", "sgd"), ("Momentum", "momentum"), ("Nesterov", "nesterov"), ("Adagrad", "adagrad"),
                               ("RMSprop", "rmsprop"), ("Adadelta", "adadelta"), ("Adam", "adam")])
        dropdown("learning_rate", [(f"{r:g}", r) for r in _st.LEARNING_RATES])
        dropdown("schedule", [(s, s) for s in _st.SCHEDULES])
        c["schedule_epochs"] = w.BoundedIntText(min=1, max=100000, description=_LABELS["schedule_epochs"],
                                                layout=narrow(), style=style)
        dropdown("regularization", [("none", "none"), ("L1", "l1"), ("L2", "l2")])
        dropdown("reg_rate", [(f"{r:g}", r) for r in _st.REG_RATES])
        dropdown("dropout", [(f"{r:g}", r) for r in _st.DROPOUT_RATES])
        dropdown("loss", [(_LOSS_LABELS[x], x) for x in _st.LOSSES])
        c["show_test"] = w.Checkbox(description=_LABELS["show_test"], indent=False)
        c["discretize"] = w.Checkbox(description=_LABELS["discretize"], indent=False)
        for name in SETTING_CONTROLS:
            c[name].observe(lambda change, n=name: self._on_setting(n, change["new"]), names="value")

        self.feature_buttons = {f: w.ToggleButton(description=f, layout=w.Layout(width="62px")) for f in _st.FEATURES}
        for b in self.feature_buttons.values():
            b.observe(self._on_features, names="value")
        c["features"] = w.VBox([w.HTML("<b>inputs</b>"),
                                w.HBox(list(self.feature_buttons.values())[:4]),
                                w.HBox(list(self.feature_buttons.values())[4:])])
        c["n_layers"] = w.IntSlider(min=0, max=_st.MAX_LAYERS, description=_LABELS["n_layers"], layout=narrow(), style=style)
        self.unit_sliders = [w.IntSlider(min=1, max=_st.MAX_UNITS, description=f"{i + 1}", orientation="vertical",
                                         layout=w.Layout(width="34px", height="110px"),
                                         style={"description_width": "initial"}) for i in range(_st.MAX_LAYERS)]
        c["n_layers"].observe(self._on_network, names="value")
        for s in self.unit_sliders:
            s.observe(self._on_network, names="value")
        c["units"] = w.HBox([w.Label("units", layout=w.Layout(width="40px"))] + self.unit_sliders)

        self.play_button = c["play"] = w.Button(description="Play", icon="play", button_style="success",
                                                layout=w.Layout(width="90px"))
        self.step_button = c["step"] = w.Button(description="Step", icon="step-forward", layout=w.Layout(width="80px"))
        self.reset_button = c["reset"] = w.Button(description="Reset", icon="undo", layout=w.Layout(width="80px"))
        c["regenerate"] = w.Button(description="Regenerate", icon="refresh", layout=w.Layout(width="215px"))
        c["speed"] = w.Dropdown(options=[1, 2, 3, 5, 10, 20], value=3, description=_LABELS["speed"],
                                layout=w.Layout(width="170px"), style={"description_width": "85px"})
        self.play_button.on_click(lambda _b: self.pause() if self.is_running else self.play())
        self.step_button.on_click(lambda _b: self.step())
        self.reset_button.on_click(lambda _b: self.reset())
        c["regenerate"].on_click(lambda _b: self._change(self.pg.regenerate))
        c["epoch"] = w.Label(layout=w.Layout(width="110px"))
        c["train_loss"] = w.Label(layout=w.Layout(width="150px"))
        c["test_loss"] = w.Label(layout=w.Layout(width="150px"))
        c["message"] = w.HTML()
        c["view"] = w.Image(format="png", layout=w.Layout(width="720px"))

        self._json = w.Textarea(layout=w.Layout(width="780px", height="90px"))
        self._code = w.Textarea(layout=w.Layout(width="780px", height="200px"))
        get_json = w.Button(description="Show state JSON")
        load_json = w.Button(description="Load state JSON")
        get_code = w.Button(description="Export as code")
        get_json.on_click(lambda _b: setattr(self._json, "value", self.pg.to_json()))
        load_json.on_click(lambda _b: self._load_from_box())
        get_code.on_click(lambda _b: setattr(self._code, "value", self.pg.to_code()))
        export = w.Accordion([w.VBox([w.HBox([get_json, load_json]), self._json, get_code, self._code])])
        export.set_title(0, "Share & export")
        export.selected_index = None
        c["export"] = export

        classes = {"play": "mlcourse-play", "step": "mlcourse-step", "reset": "mlcourse-reset",
                   "regenerate": "mlcourse-regenerate", "epoch": "mlcourse-epoch", "train_loss": "mlcourse-train-loss",
                   "test_loss": "mlcourse-test-loss", "message": "mlcourse-message", "view": "mlcourse-view"}
        for name, widget in c.items():
            widget.add_class("mlcourse-control-" + name.replace("_", "-"))
            if name in classes:
                widget.add_class(classes[name])

    def _layout(self):
        w, c = self._w, self.controls
        top = w.HBox([c["reset"], c["play"], c["step"], c["speed"], c["epoch"], c["train_loss"], c["test_loss"]],
                     layout=w.Layout(align_items="center"))
        data = w.VBox([w.HTML("<b>data</b>"), c["dataset"], c["n_classes"], c["n_points"], c["noise"],
                       c["train_ratio"], c["batch_size"], c["regenerate"], c["show_test"], c["discretize"]])
        network = w.VBox([w.HTML("<b>network</b>"), c["n_layers"], c["units"], c["activation"], c["init"], c["dropout"]])
        training = w.VBox([w.HTML("<b>training</b>"), c["loss"], c["optimizer"], c["learning_rate"], c["schedule"],
                           c["schedule_epochs"], c["regularization"], c["reg_rate"]])
        settings = w.HBox([data, w.VBox([c["features"], network]), training])
        return w.VBox([top, c["message"], c["view"], settings, c["export"]])

    # -- widgets <-> state -------------------------------------------------------------------------
    def _sync_widgets(self) -> None:
        """Set every widget from the state, without triggering changes."""
        s, c = self.pg.state, self.controls
        self._syncing = True
        try:
            for name in SETTING_CONTROLS:
                value = getattr(s, name)
                widget = c[name]
                if isinstance(widget, self._w.Dropdown):
                    options = [v for _, v in widget.options]
                    if value not in options:  # a value from JSON that the menu does not list
                        widget.options = list(widget.options) + [(f"{value:g}" if isinstance(value, float) else str(value), value)]
                elif isinstance(widget, self._w.IntSlider):
                    value = int(round(value))
                    widget.min, widget.max = min(widget.min, value), max(widget.max, value)
                widget.value = value
            c["dataset"].disabled = s.dataset == "custom"  # leave your own data with app.pg.set(dataset=...)
            c["n_classes"].disabled = s.dataset != "spiral"
            c["n_points"].disabled = s.dataset == "custom"
            for f, b in self.feature_buttons.items():
                b.value = f in s.features
            c["n_layers"].value = len(s.hidden)
            for i, slider in enumerate(self.unit_sliders):
                if i < len(s.hidden):
                    slider.value = s.hidden[i]
                slider.layout.display = None if i < len(s.hidden) else "none"
        finally:
            self._syncing = False

    def _change(self, action, *args: Any, **kwargs: Any) -> None:
        """Run ``action`` (a change of the engine), then update widgets and the picture."""
        try:
            action(*args, **kwargs)
        except MLCourseError as exc:
            self.controls["message"].value = f"<span style='color:#a00000'>{html.escape(str(exc))}</span>"
            self._sync_widgets()
            return
        self._sync_widgets()
        if not self.is_running:
            self.redraw()

    def _on_setting(self, name: str, value: Any) -> None:
        if not self._syncing:
            self._change(self.pg.set, **{name: value})

    def _on_features(self, _change: Any) -> None:
        if self._syncing:
            return
        chosen = tuple(f for f, b in self.feature_buttons.items() if b.value)
        if not chosen:
            self.controls["message"].value = "Keep at least one input feature switched on."
            self._sync_widgets()
            return
        self._change(self.pg.set, features=chosen)

    def _on_network(self, _change: Any) -> None:
        if self._syncing:
            return
        n = self.controls["n_layers"].value
        hidden = tuple(s.value for s in self.unit_sliders[:n])
        self._change(self.pg.set, hidden=hidden)

    def _apply_hidden(self) -> None:
        hidden = set(self.pg.state.hidden_controls)
        for name, widget in self.controls.items():
            widget.layout.display = "none" if name in hidden else None

    def hide(self, *names: str) -> "PlaygroundApp":
        """Hide controls by name (see ``CONTROL_NAMES``); the state remembers them."""
        self._check_names(names)
        self.pg.set(hidden_controls=self.pg.state.hidden_controls + tuple(names))
        self._apply_hidden()
        return self

    def show(self, *names: str) -> "PlaygroundApp":
        """Show hidden controls again (all of them when no name is given)."""
        self._check_names(names)
        keep = tuple(n for n in self.pg.state.hidden_controls if names and n not in names)
        self.pg.set(hidden_controls=keep)
        self._apply_hidden()
        return self

    def _check_names(self, names: tuple[str, ...]) -> None:
        bad = [n for n in names if n not in self.controls]
        if bad:
            raise MLCourseError(f"Unknown control(s) {bad}. Controls: {', '.join(self.controls)}.")

    def load_json(self, text: str) -> "PlaygroundApp":
        """Pause and take all settings from a JSON state (e.g. one an instructor shared)."""
        self.pause()
        self.pg.load(text)
        self._sync_widgets()
        self._apply_hidden()
        self.redraw()
        return self

    def _load_from_box(self) -> None:
        try:
            self.load_json(self._json.value)
        except MLCourseError as exc:
            self.controls["message"].value = f"<span style='color:#a00000'>{html.escape(str(exc))}</span>"

    # -- running ---------------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        """Whether the background thread is training."""
        return self._thread is not None and self._thread.is_alive()

    def play(self) -> None:
        """Start training in the background (does nothing if already running or diverged)."""
        if self.is_running or self.pg.diverged:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="mlcourse-playground", daemon=True)
        self.play_button.description, self.play_button.icon = "Pause", "pause"
        self.play_button.button_style = "warning"
        self._thread.start()

    def pause(self) -> None:
        """Stop the background training after the current epoch."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        self._show_paused()

    def _show_paused(self) -> None:
        self.play_button.description, self.play_button.icon = "Play", "play"
        self.play_button.button_style = "success"

    def step(self, epochs: int = 1) -> None:
        """Pause, train ``epochs`` epochs and redraw."""
        self.pause()
        self.pg.step(epochs)
        self.redraw()

    def reset(self) -> None:
        """Pause, rebuild the network (same seed: same start) and redraw."""
        self.pause()
        self.pg.reset()
        self.redraw()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                start = time.monotonic()
                self.pg.step(int(self.controls["speed"].value))
                self.redraw()
                if self.pg.diverged:
                    break
                self._stop.wait(max(0.0, self.frame_interval - (time.monotonic() - start)))
        finally:
            self._show_paused()

    # -- drawing ---------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw the current network into the image and update the labels."""
        pg, c = self.pg, self.controls
        with self._draw_lock:
            self.dashboard.update(pg)
            png = self.dashboard.to_png()
        c["view"].value = png
        c["epoch"].value = f"epoch {pg.epoch}"
        c["train_loss"].value = f"train loss {pg.train_loss:.3f}"
        c["test_loss"].value = f"test loss {pg.test_loss:.3f}"
        notes = " ".join(pg.notes)
        if pg.diverged:
            c["message"].value = f"<b style='color:#a00000'>{html.escape(pg.message)}</b>"
        elif notes:
            c["message"].value = f"<span style='color:#555'>{html.escape(notes)}</span>"
        else:
            c["message"].value = ""
