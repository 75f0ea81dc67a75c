"""The playground's user interface: an anywidget whose front end draws in the browser.

    from mlcourse.playground import playground
    app = playground(dataset="spiral", hidden=(8, 8))   # starts paused
    app                                                   # shows it; press Play

:class:`PlaygroundApp` wires a :class:`~mlcourse.playground.engine.Playground` (``app.pg``)
to the front end ``static/playground.js`` (an ES module shipped inside the package, loaded
with no network). The kernel trains; the browser draws. Per frame the kernel sends only
arrays, as binary buffers (:meth:`PlaygroundApp.frame_buffers`):

- ``maps`` (uint8 RGB): a heat map for every input feature in use, every hidden unit and
  the output, ``unit_res`` x ``unit_res`` each, then the output at ``out_res`` x ``out_res``;
- ``numbers`` (float32): every weight matrix and bias vector, input side first, then the
  loss history (epochs, train loss, test loss; at most ``HISTORY_POINTS`` points).

The layout (layer sizes, names, resolutions, the data points) is sent only when the network
or the data changes. Play starts a background thread that trains ``speed`` epochs per frame
and sends a frame at most every ``frame_interval`` seconds. The browser reports the last frame
it drew a few times a second; once it has, the kernel waits when more than ``IN_FLIGHT``
frames are not yet drawn, so frames never pile up (a hidden browser tab draws nothing).

The browser sends small messages (``{"type": "set", "changes": {...}}``, ``"play"``,
``"units"``, ``"weight"``, ...); each becomes a call of a public method here, so tests and
notebook cells can do the same from Python: ``app.add_layer()``, ``app.set_weight(...)``.

For instructors
---------------
``app.hide("optimizer", "loss")`` hides controls (names in ``CONTROL_NAMES``; the hidden
names go into the state, so a shared state hides them too); ``app.show(...)`` brings them
back. ``app.pg.to_string()`` (short) or ``app.pg.to_json()`` share a setting and
``playground(text)`` opens it; ``app.pg.to_code()`` exports the network as mlcourse code.
The "Share & export" panel shows the same three texts.

Without a kernel (a saved notebook, the static slide deck) the widget's output also holds a
PNG of the playground as it was when it was displayed (:meth:`PlaygroundApp._repr_mimebundle_`).
"""
from __future__ import annotations

import base64
import threading
import time
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets

from .._checks import MLCourseError
from ..i18n import tr
from . import state as _st
from .engine import Playground
from .texts import FEATURE_HELP, front_end_texts
from .views import _LIGHTEN, CLASS_COLOURS, GREY, _point_colours, _unit_rgb, output_rgb, output_values, unit_values, \
    value_rgb

__all__ = ["PlaygroundApp", "CONTROL_NAMES", "FEATURE_HELP", "HISTORY_POINTS"]

_STATIC = Path(__file__).with_name("static")

#: Controls that map one-to-one to a setting of the state.
SETTING_CONTROLS = ("dataset", "n_classes", "n_points", "noise", "train_ratio", "batch_size", "activation", "init",
                    "optimizer", "learning_rate", "schedule", "schedule_epochs", "regularization", "reg_rate",
                    "dropout", "loss", "show_test", "discretize")
#: Every control name (``data-control`` in the page; ``app.hide`` takes them).
CONTROL_NAMES = SETTING_CONTROLS + ("features", "n_layers", "units", "play", "step", "reset", "regenerate", "speed",
                                    "epoch", "train_loss", "test_loss", "message", "view", "export")
#: The loss curves sent per frame have at most this many points (evenly spaced epochs).
HISTORY_POINTS = 400
UNIT_RES = 24
OUT_RES = 64
SPEEDS = (1, 2, 3, 5, 10, 20)
#: Frames the kernel may send beyond the last one the browser said it drew. The browser says so
#: about six times a second (each answer costs the kernel and JupyterLab a message round).
IN_FLIGHT = 8


class PlaygroundApp(anywidget.AnyWidget):
    """The playground widget around a :class:`Playground`.

    Parameters
    ----------
    playground : Playground, optional
        The engine (default: ``Playground()``).
    frame_interval : float
        Seconds between frames while playing, at least (default 1/40: up to 40 frames a second).

    Attributes
    ----------
    pg : Playground
    speed : int
        Epochs trained per frame while playing (1 by default).
    """

    _esm = _STATIC / "playground.js"
    _css = _STATIC / "playground.css"

    layout_info = traitlets.Dict().tag(sync=True)
    points = traitlets.Bytes(b"").tag(sync=True)
    maps = traitlets.Bytes(b"").tag(sync=True)
    numbers = traitlets.Bytes(b"").tag(sync=True)
    status = traitlets.Dict().tag(sync=True)
    settings = traitlets.Dict().tag(sync=True)
    share = traitlets.Dict().tag(sync=True)
    options = traitlets.Dict().tag(sync=True)
    #: The front end's labels and messages in the language selected when the widget was made
    #: (:func:`mlcourse.playground.texts.front_end_texts`).
    texts = traitlets.Dict().tag(sync=True)

    def __init__(self, playground: Playground | None = None, frame_interval: float = 1 / 40, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pg = playground if playground is not None else Playground()
        self.frame_interval = float(frame_interval)
        self.speed = 1
        self.frames_sent = 0
        self.frames_drawn = 0
        self._acked = threading.Condition()
        self._send_lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._layout_key: tuple | None = None
        self._error = ""
        self.options = {
            "datasets": [d for d in _st.DATASETS if d != "custom"], "activations": list(_st.ACTIVATIONS),
            "inits": list(_st.INITIALIZERS), "optimizers": list(_st.OPTIMIZERS), "losses": list(_st.LOSSES),
            "regularizations": list(_st.REGULARIZATIONS), "schedules": list(_st.SCHEDULES),
            "learning_rates": list(_st.LEARNING_RATES), "reg_rates": list(_st.REG_RATES),
            "dropout_rates": list(_st.DROPOUT_RATES), "speeds": list(SPEEDS), "max_layers": _st.MAX_LAYERS,
            "max_units": _st.MAX_UNITS, "features": list(_st.FEATURES),
            "class_colours": (CLASS_COLOURS * 255).round().astype(int).tolist(),
        }
        self.texts = front_end_texts()
        self.on_msg(self._on_message)
        self.refresh()

    # -- display ---------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any):
        """The widget, plus a PNG of the playground now and a text line, for readers without a kernel."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data is None:
            data = {}
        data["image/png"] = base64.b64encode(self.to_png()).decode("ascii")
        data["text/plain"] = repr(self)
        return (data, bundle[1]) if isinstance(bundle, tuple) else data

    def to_png(self) -> bytes:
        """The playground as a PNG (matplotlib, the same views as the notebook's static figures)."""
        from .views import Dashboard

        return Dashboard(self.pg).to_png()

    def close(self) -> None:
        """Stop training, then close the widget (e.g. when its cell runs again)."""
        self.pause()
        super().close()

    def __repr__(self) -> str:
        return f"PlaygroundApp({self.pg!r}, running={self.is_running})"

    # -- what the browser receives -----------------------------------------------------------------
    def _key(self) -> tuple:
        pg = self.pg
        s = pg.state
        return (pg.layer_sizes, s.features, s.activation, id(pg.X_train), s.show_test, pg.task, pg.extent)

    def layout(self) -> dict[str, Any]:
        """The parts of the picture that change only with the network or the data."""
        pg = self.pg
        s = pg.state
        return {"sizes": list(pg.layer_sizes), "features": list(s.features), "hidden": list(s.hidden),
                "extent": list(pg.extent), "task": pg.task, "classes": pg.n_classes, "unit_res": UNIT_RES,
                "out_res": OUT_RES, "activation": s.activation, "output_kind": pg.output_kind,
                "feature_maps": self._all_feature_maps(), "n_points": len(pg.X_train) + len(pg.X_test)}

    def _all_feature_maps(self) -> list[str]:
        """Every feature's heat map (used or not), as base64 RGB, for the input buttons."""
        from .engine import expand_features

        x0, x1, y0, y1 = self.pg.extent
        g1, g2 = np.meshgrid(np.linspace(x0, x1, UNIT_RES), np.linspace(y0, y1, UNIT_RES))
        F = expand_features(np.column_stack([g1.ravel(), g2.ravel()]), _st.FEATURES)
        maps = F.T.reshape(-1, UNIT_RES, UNIT_RES)
        return [base64.b64encode(_rgb8(_unit_rgb(m[None], None)[0])).decode("ascii") for m in maps]

    def point_buffer(self) -> bytes:
        """float32 (N, 6): x1, x2, red, green, blue, 1 for a test point else 0."""
        pg = self.pg
        rows = []
        for X, y, test in ((pg.X_train, pg.y_train, 0.0), (pg.X_test, pg.y_test, 1.0)):
            rows.append(np.column_stack([X, _point_colours(pg, y), np.full(len(X), test)]))
        return np.concatenate(rows).astype(np.float32).tobytes()

    def frame_buffers(self) -> tuple[bytes, bytes]:
        """``(maps, numbers)`` of the current network: see the module docstring for their order."""
        pg = self.pg
        with pg.lock:
            s = pg.state
            parts = [_colour8(unit_values(f[None], None)) for f in pg.feature_maps(UNIT_RES)]
            for m in pg.hidden_unit_outputs(UNIT_RES):
                parts.append(_colour8(unit_values(m, s.activation)))
            for res, lighten in ((UNIT_RES, 0.0), (OUT_RES, _LIGHTEN)):
                out = pg.predict_grid(res)
                if out.ndim == 2:  # one output: the orange-white-blue scale, through the lookup table
                    parts.append(_colour8(output_values(pg, out, s.discretize), lighten))
                else:
                    parts.append(_rgb8(output_rgb(pg, out, s.discretize, lighten=lighten)))
            numbers = [a.ravel() for W, b in pg.weights() for a in (W, b)]
            h = pg.history
            n = len(h["epoch"])
            pick = np.unique(np.linspace(0, n - 1, min(n, HISTORY_POINTS)).round().astype(int))
            for key in ("epoch", "train_loss", "test_loss"):
                numbers.append(np.asarray(h[key], dtype=np.float64)[pick])
        with np.errstate(over="ignore"):  # a diverged weight becomes inf in float32, drawn grey
            return b"".join(parts), np.concatenate(numbers).astype(np.float32).tobytes()

    def _status(self) -> dict[str, Any]:
        pg = self.pg
        h = pg.history
        out = {"epoch": pg.epoch, "train_loss": _num(pg.train_loss), "test_loss": _num(pg.test_loss),
               "history_points": min(len(h["epoch"]), HISTORY_POINTS), "diverged": pg.diverged,
               "oscillating": pg.oscillating, "advice": pg.advice, "notes": " ".join(pg.notes),
               "error": self._error, "running": self.is_running, "speed": self.speed, "frame": self.frames_sent,
               "learning_rate": _num(h["learning_rate"][-1])}
        if "train_acc" in h:
            out["train_acc"], out["test_acc"] = h["train_acc"][-1], h["test_acc"][-1]
        return out

    def refresh(self, settings: bool = True) -> None:
        """Send the current picture (and the settings and layout when they changed) to the browser."""
        with self._send_lock, self.pg.lock:
            maps, numbers = self.frame_buffers()
            self.frames_sent += 1
            with self.hold_sync():
                key = self._key()
                if key != self._layout_key:
                    self._layout_key = key
                    self.layout_info = self.layout()
                    self.points = self.point_buffer()
                if settings:
                    d = self.pg.state.to_dict()
                    d["custom_X"] = d["custom_y"] = None
                    self.settings = d
                    self.share = self._share()
                self.maps, self.numbers = maps, numbers
                self.status = self._status()

    def _send_status(self, **changes: Any) -> None:
        with self._send_lock:  # not in the middle of another thread's frame
            self.status = {**self._status(), **changes}

    def _share(self) -> dict[str, str]:
        pg = self.pg
        try:
            string = pg.to_string()
        except MLCourseError as exc:
            string = ""
            note = str(exc)
        else:
            note = ""
        return {"string": string, "string_note": note, "json": pg.to_json(), "code": pg.to_code()}

    # -- changes -----------------------------------------------------------------------------------
    def _change(self, action, *args: Any, **kwargs: Any) -> "PlaygroundApp":
        """Run ``action`` (a change of the engine), then refresh; an error is shown, not raised."""
        try:
            action(*args, **kwargs)
        except MLCourseError as exc:
            self._error = str(exc)
        else:
            self._error = ""
        self.refresh()
        return self

    def set(self, **controls: Any) -> "PlaygroundApp":
        """Change settings (as :meth:`Playground.set`) and redraw."""
        return self._change(self.pg.set, **controls)

    def add_layer(self) -> "PlaygroundApp":
        """One more hidden layer, as wide as the last one (4 units when there is none)."""
        hidden = self.pg.state.hidden
        if len(hidden) >= _st.MAX_LAYERS:
            return self._refuse(tr("At most {n} hidden layers.", n=_st.MAX_LAYERS))
        return self.set(hidden=hidden + (hidden[-1] if hidden else 4,))

    def remove_layer(self) -> "PlaygroundApp":
        """Drop the last hidden layer."""
        hidden = self.pg.state.hidden
        if not hidden:
            return self._refuse(tr("There is no hidden layer to remove."))
        return self.set(hidden=hidden[:-1])

    def change_units(self, layer: int, delta: int) -> "PlaygroundApp":
        """Add (``delta=1``) or remove (``delta=-1``) units of hidden layer ``layer`` (from 0)."""
        hidden = list(self.pg.state.hidden)
        if isinstance(layer, bool) or not isinstance(layer, int) or not 0 <= layer < len(hidden):
            raise MLCourseError(f"change_units: layer must be from 0 to {len(hidden) - 1}, received layer={layer!r}.")
        units = hidden[layer] + int(delta)
        if not 1 <= units <= _st.MAX_UNITS:
            return self._refuse(tr("A hidden layer has 1 to {n} units.", n=_st.MAX_UNITS))
        hidden[layer] = units
        return self.set(hidden=tuple(hidden))

    def toggle_feature(self, name: str) -> "PlaygroundApp":
        """Switch an input feature on or off (at least one stays on)."""
        feats = self.pg.state.features
        if name in feats and len(feats) == 1:
            return self._refuse(tr("Keep at least one input feature switched on."))
        return self.set(features=tuple(f for f in feats if f != name) if name in feats else feats + (name,))

    def set_weight(self, layer: int, i: int, j: int, value: float) -> "PlaygroundApp":
        """Edit one weight (see :meth:`Playground.set_weight`) and redraw."""
        return self._change(self.pg.set_weight, layer, i, j, value)

    def set_bias(self, layer: int, j: int, value: float) -> "PlaygroundApp":
        """Edit one bias (see :meth:`Playground.set_bias`) and redraw."""
        return self._change(self.pg.set_bias, layer, j, value)

    def set_speed(self, epochs_per_frame: int) -> "PlaygroundApp":
        """Epochs trained per frame while playing."""
        if epochs_per_frame not in SPEEDS:
            raise MLCourseError(f"speed must be one of {SPEEDS}, received {epochs_per_frame!r}.")
        self.speed = int(epochs_per_frame)
        self._send_status()
        return self

    def _refuse(self, text: str) -> "PlaygroundApp":
        self._error = text
        self._send_status()
        return self

    def load(self, text: str) -> "PlaygroundApp":
        """Pause and take all settings from a state string or JSON (e.g. one an instructor shared)."""
        self.pause()
        return self._change(self.pg.load, text)

    load_json = load

    def hide(self, *names: str) -> "PlaygroundApp":
        """Hide controls by name (see ``CONTROL_NAMES``); the state remembers them."""
        self._check_names(names)
        return self.set(hidden_controls=self.pg.state.hidden_controls + tuple(names))

    def show(self, *names: str) -> "PlaygroundApp":
        """Show hidden controls again (all of them when no name is given)."""
        self._check_names(names)
        return self.set(hidden_controls=tuple(n for n in self.pg.state.hidden_controls if names and n not in names))

    @staticmethod
    def _check_names(names: tuple[str, ...]) -> None:
        bad = [n for n in names if n not in CONTROL_NAMES]
        if bad:
            raise MLCourseError(f"Unknown control(s) {bad}. Controls: {', '.join(CONTROL_NAMES)}.")

    # -- messages from the browser ---------------------------------------------------------------
    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        try:
            if kind == "ack":
                with self._acked:
                    self.frames_drawn = max(self.frames_drawn, int(content.get("frame", 0)))
                    self._acked.notify_all()
            elif kind == "play":
                self.play()
            elif kind == "pause":
                self.pause()
            elif kind == "step":
                self.step()
            elif kind == "reset":
                self.reset()
            elif kind == "regenerate":
                self._change(self.pg.regenerate)
            elif kind == "set":
                self.set(**dict(content.get("changes", {})))
            elif kind == "layers":
                self.add_layer() if content.get("delta", 0) > 0 else self.remove_layer()
            elif kind == "units":
                self.change_units(int(content["layer"]), int(content["delta"]))
            elif kind == "feature":
                self.toggle_feature(str(content["name"]))
            elif kind == "weight":
                self.set_weight(int(content["layer"]), int(content["i"]), int(content["j"]), content["value"])
            elif kind == "bias":
                self.set_bias(int(content["layer"]), int(content["j"]), content["value"])
            elif kind == "speed":
                self.set_speed(int(content["value"]))
            elif kind == "load":
                self.load(str(content.get("text", "")))
        except (MLCourseError, KeyError, TypeError, ValueError) as exc:
            self._refuse(str(exc))

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
        self._thread.start()
        self._send_status()

    def pause(self) -> None:
        """Stop the background training after the current frame."""
        self._stop.set()
        with self._acked:
            self._acked.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        self._send_status()

    def step(self, epochs: int = 1) -> None:
        """Pause, train ``epochs`` epochs and redraw."""
        self.pause()
        self.pg.step(epochs)
        self.refresh(settings=False)

    def reset(self) -> None:
        """Pause, rebuild the network (same seed: same start) and redraw."""
        self.pause()
        self.pg.reset()
        self.refresh(settings=False)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                start = time.monotonic()
                self.pg.step(self.speed)
                self.refresh(settings=False)
                if self.pg.diverged:
                    break
                with self._acked:  # at most IN_FLIGHT frames not yet drawn (if the browser answers at all)
                    if self.frames_drawn:
                        self._acked.wait_for(
                            lambda: self._stop.is_set() or self.frames_drawn >= self.frames_sent - IN_FLIGHT,
                            timeout=0.5)
                self._stop.wait(max(0.0, self.frame_interval - (time.monotonic() - start)))
        finally:
            self._send_status(running=False)


_LEVELS = 1024
_TABLES: dict[float, np.ndarray] = {}


def _colour8(t: np.ndarray, lighten: float = 0.0) -> bytes:
    """Numbers in [0, 1] -> uint8 RGB bytes of :func:`views.value_rgb` (mixed with ``lighten``
    white), through a lookup table of ``_LEVELS`` colours: the same picture, several times faster."""
    if lighten not in _TABLES:
        rgb = value_rgb(np.linspace(0.0, 1.0, _LEVELS)) * (1 - lighten) + lighten
        _TABLES[lighten] = (rgb * 255 + 0.5).astype(np.uint8)
    t = np.asarray(t, dtype=np.float64)
    nan = np.isnan(t)
    index = (np.clip(np.where(nan, 0.0, t), 0.0, 1.0) * (_LEVELS - 1) + 0.5).astype(np.intp)
    out = _TABLES[lighten][index]
    if nan.any():
        out[nan] = (GREY * (1 - lighten) + lighten) * 255 + 0.5
    return out.tobytes()


def _rgb8(rgb: np.ndarray) -> bytes:
    """(..., 3) floats in [0, 1] -> uint8 bytes."""
    return (np.clip(np.nan_to_num(rgb, nan=0.75), 0, 1) * 255 + 0.5).astype(np.uint8).tobytes()


def _num(x: float) -> float | None:
    """A float for JSON (None for NaN or infinity)."""
    return float(x) if np.isfinite(x) else None
