"""The playground's engine: data, input features, the network and its training, without widgets.

A :class:`Playground` turns a :class:`~mlcourse.playground.state.PlaygroundState` into data
and a ``Sequential`` model built from ``mlcourse.layers``, ``optimizers``, ``initializers``
and ``regularizers`` (nothing is re-implemented here), and trains it one epoch at a time::

    pg = Playground(dataset="xor", hidden=(4,), learning_rate=0.1)
    pg.step(epochs=50)            # 50 passes over the training points
    pg.train_loss, pg.test_loss   # data loss (no regularization term) after the last epoch
    pg.predict_grid()             # (100, 100) output over the input plane
    pg.to_code()                  # Keras-style mlcourse code that rebuilds this network

The same state always gives the same data, initial weights and training run. Changing a
setting with :meth:`Playground.set` rebuilds the data and the network (epoch back to 0),
except for the live settings (``LIVE``: learning rate, schedule, batch size, view options),
which apply from the next epoch on, as in TensorFlow Playground.

Divergence: when a loss becomes NaN or infinite, training stops, ``pg.diverged`` is True
and ``pg.message`` says where and what to try; nothing is raised. Oscillation: when the train
loss has gone up and down by a large amount over the last ``OSCILLATION_WINDOW`` epochs
without falling, ``pg.oscillating`` is True and ``pg.advice`` says what to try (training
goes on).

Weights can be read and edited one at a time (:meth:`Playground.set_weight`,
:meth:`Playground.set_bias`), as when a learner clicks a link of the network.

Every public method holds ``pg.lock`` (a re-entrant lock), so a background thread may call
:meth:`step` while widget callbacks call :meth:`set` or :meth:`predict_grid`.
"""
from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np

from .. import data as _data
from .. import optimizers as _optimizers
from .. import regularizers as _regularizers
from .._checks import MLCourseError
from ..i18n import tr
from ..layers import Dense, Dropout
from ..model import Sequential
from .choices import GENERATORS, INIT_CHOICES, expand_features, scheduled_rate
from .state import PlaygroundState

__all__ = ["Playground", "expand_features", "scheduled_rate", "LIVE", "OSCILLATION_WINDOW"]

#: Epochs looked at to call the train loss oscillating (see ``Playground.oscillating``).
OSCILLATION_WINDOW = 20

#: Settings that change training from the next epoch on, without a reset.
LIVE = frozenset({"learning_rate", "schedule", "schedule_epochs", "batch_size", "show_test",
                  "discretize", "hidden_controls"})

class Playground:
    """A network learning a 2-D data set, one epoch at a time.

    Parameters
    ----------
    state : PlaygroundState, dict or str, optional
        A str is JSON (``to_json``) or the short state string (``to_string``).
        The settings (default: ``PlaygroundState()``: circle, inputs x1 and x2, two hidden
        layers of 4 tanh units, SGD with learning rate 0.03, batch size 10).
    **controls
        Settings changed on top of ``state``, e.g. ``Playground(dataset="xor")``.

    Attributes
    ----------
    model : Sequential
        The network (rebuilt by :meth:`reset` and by :meth:`set` of a structural setting).
    epoch : int
        Epochs trained since the last reset.
    history : dict of str to list
        ``"epoch"``, ``"train_loss"``, ``"test_loss"``, ``"learning_rate"`` (and
        ``"train_acc"``, ``"test_acc"`` for classification), one entry per epoch, starting
        with the untrained network at epoch 0.
    X_train, y_train, X_test, y_test : ndarray
        The points (N, 2) and their labels (N,) int or targets (N, 1) float.
    diverged : bool
    message : str
        Why training stopped, or "" while all is well.
    oscillating : bool
        The train loss swings up and down without falling (see :attr:`advice`).
    notes : list of str
        Adjustments made to the settings (e.g. a loss that does not suit the data).
    """

    def __init__(self, state: PlaygroundState | dict | str | None = None, **controls: Any) -> None:
        if state is None:
            state = PlaygroundState()
        elif isinstance(state, str):
            state = PlaygroundState.parse(state)
        elif isinstance(state, dict):
            state = PlaygroundState.from_dict(state)
        elif not isinstance(state, PlaygroundState):
            raise MLCourseError(f"Playground takes a PlaygroundState, a dict or a JSON string, received {type(state).__name__}.")
        if controls:
            state = state.replace(**controls)
        self.lock = threading.RLock()
        self._state = state
        self._grid_cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self.reset()

    # -- state ---------------------------------------------------------------------------------
    @property
    def state(self) -> PlaygroundState:
        """The current settings (frozen; change them with :meth:`set`)."""
        return self._state

    def to_json(self, indent: int | None = None) -> str:
        """The settings as JSON (see :meth:`PlaygroundState.to_json`)."""
        return self._state.to_json(indent)

    def to_string(self) -> str:
        """The settings as a short string (see :meth:`PlaygroundState.to_string`)."""
        return self._state.to_string()

    @classmethod
    def from_json(cls, text: str) -> "Playground":
        """A playground with the settings of a JSON string from :meth:`to_json`."""
        return cls(PlaygroundState.from_json(text))

    def set(self, **controls: Any) -> "Playground":
        """Change settings. Structural changes reset the network; ``LIVE`` ones do not.

        Returns the playground, so calls chain: ``pg.set(dataset="xor").step(10)``.
        """
        with self.lock:
            new = self._state.replace(**controls)
            changed = {k for k in controls if getattr(new, k) != getattr(self._state, k)}
            self._state = new
            if changed - LIVE:
                self.reset()
            elif {"learning_rate", "schedule", "schedule_epochs"} & changed:
                self.model.optimizer.learning_rate = scheduled_rate(new, self.epoch)
        return self

    def load(self, state: PlaygroundState | dict | str) -> "Playground":
        """Take all settings from a state (object, dict or JSON string) and reset."""
        if isinstance(state, str):
            state = PlaygroundState.parse(state)
        elif isinstance(state, dict):
            state = PlaygroundState.from_dict(state)
        elif not isinstance(state, PlaygroundState):
            raise MLCourseError(f"load takes a PlaygroundState, a dict or a JSON string, received {type(state).__name__}.")
        with self.lock:
            self._state = state
            return self.reset()

    def set_data(self, X: Any, y: Any) -> "Playground":
        """Use your own points X: (N, 2) and labels y: (N,) integers (classes) or floats (regression)."""
        X = np.asarray(X)
        y = np.asarray(y)
        return self.set(dataset="custom", custom_X=X, custom_y=y)

    def regenerate(self) -> "Playground":
        """New random data (and new initial weights): the seed goes up by one."""
        return self.set(seed=(self._state.seed + 1) % 2**32)

    # -- building --------------------------------------------------------------------------------
    @property
    def task(self) -> str:
        """"classification" or "regression"."""
        return self._state.task

    @property
    def n_classes(self) -> int:
        """Number of classes (1 for regression)."""
        return self._state.classes

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """``(x1_min, x1_max, x2_min, x2_max)`` of the plane the views show."""
        if self._state.dataset != "custom":
            lo, hi = _data.PLAYGROUND_RANGE
            return (lo, hi, lo, hi)
        X = np.asarray(self._state.custom_X)
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * np.maximum(hi - lo, 1e-3)
        return (float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1]))

    def _make_data(self) -> None:
        s = self._state
        if s.dataset == "custom":
            X = np.array(s.custom_X, dtype=np.float64)
            y = np.array(s.custom_y, dtype=np.int64 if s.task == "classification" else np.float64)
            if y.dtype.kind == "f":
                y = y.reshape(-1, 1)
        else:
            gen = getattr(_data, GENERATORS[s.dataset])
            kwargs: dict[str, Any] = {"n": s.n_points, "noise": s.noise / 100.0, "seed": s.seed}
            if s.dataset == "spiral":
                kwargs["arms"] = s.n_classes
            if s.dataset == "sine":
                kwargs["n_inputs"] = 2
            X, y = gen(**kwargs)
        (self.X_train, self.y_train), (self.X_test, self.y_test) = _data.train_test_split(
            X, y, test_size=self.test_fraction(len(X)), seed=s.seed)
        self.F_train = expand_features(self.X_train, s.features)
        self.F_test = expand_features(self.X_test, s.features)
        self.T_train = self._targets(self.y_train)
        self.T_test = self._targets(self.y_test)

    def test_fraction(self, n: int) -> float:
        """Fraction for ``train_test_split`` leaving at least one point on each side."""
        n_test = min(max(round(n * (1.0 - self._state.train_ratio / 100.0)), 1), n - 1)
        return n_test / n

    def _resolve_loss(self) -> str:
        """The loss actually used; records a note when the chosen one does not suit the data."""
        s, k = self._state, self.n_classes
        if self.task == "regression":
            if s.loss not in ("auto", "mse"):
                self.notes.append(tr("{loss} needs classes; this is regression, so MSE is used.", loss=s.loss))
            return "mse"
        if s.loss == "auto":
            return "binary_crossentropy" if k == 2 else "softmax_crossentropy"
        if s.loss == "binary_crossentropy" and k > 2:
            self.notes.append(tr("binary cross-entropy needs 2 classes, the data has {k}; softmax cross-entropy is used.",
                                 k=k))
            return "softmax_crossentropy"
        return s.loss

    @property
    def output_kind(self) -> str:
        """"scalar" (one output: regression or binary) or "classes" (one output per class)."""
        return "scalar" if self.output_units == 1 else "classes"

    def _targets(self, y: np.ndarray) -> np.ndarray:
        """Labels as the loss wants them: (N, 1) floats, (N,) labels, or (N, K) one-hot."""
        if self.task == "regression":
            return y
        if self.output_units == 1:
            return y.reshape(-1, 1).astype(np.float64)
        if self.loss_name == "softmax_crossentropy":
            return y
        return _data.one_hot(y, self.n_classes)

    def _plan(self) -> None:
        """Decide the output layer and the loss from the task and the settings."""
        self.notes: list[str] = []
        self.loss_name = self._resolve_loss()
        k = self.n_classes
        if self.task == "regression":
            self.output_units, self.output_activation, self.keras_loss = 1, "linear", "mse"
        elif self.loss_name == "softmax_crossentropy":
            self.output_units, self.output_activation, self.keras_loss = k, "softmax", "sparse_categorical_crossentropy"
        elif k == 2:
            self.output_units, self.output_activation = 1, "sigmoid"
            self.keras_loss = "binary_crossentropy" if self.loss_name == "binary_crossentropy" else "mse"
        else:  # MSE on one-hot targets with a softmax output
            self.output_units, self.output_activation, self.keras_loss = k, "softmax", "mse"

    def _build_model(self) -> Sequential:
        s = self._state
        init = INIT_CHOICES[s.init][0]
        reg = None
        if s.regularization != "none" and s.reg_rate > 0:
            reg = _regularizers.get(s.regularization, **{s.regularization: s.reg_rate})
        n_in = len(s.features)
        layers: list[Any] = []
        for i, units in enumerate(s.hidden):
            layers.append(Dense(units, activation=s.activation, kernel_initializer=init, kernel_regularizer=reg,
                                input_dim=n_in if i == 0 else None))
            if s.dropout > 0:
                layers.append(Dropout(s.dropout))
        layers.append(Dense(self.output_units, activation=self.output_activation, kernel_initializer=init,
                            kernel_regularizer=reg, input_dim=None if s.hidden else n_in))
        model = Sequential(layers, seed=s.seed, name="playground")
        opt = _optimizers.get(s.optimizer, learning_rate=scheduled_rate(s, 0))
        model.compile(optimizer=opt, loss=self.keras_loss)
        model.build()
        return model

    def reset(self) -> "Playground":
        """Rebuild data and network from the settings; epoch 0, history cleared."""
        with self.lock:
            self._plan()
            self._make_data()
            self.model = self._build_model()
            self._dense = [layer for layer in self.model.layers if isinstance(layer, Dense)]
            self._rng = np.random.default_rng([self._state.seed, 1])  # batch order
            self.epoch = 0
            self.diverged = False
            self.oscillating = False
            self.message = ""
            keys = ["epoch", "train_loss", "test_loss", "learning_rate"]
            if self.task == "classification":
                keys += ["train_acc", "test_acc"]
            self.history: dict[str, list[float]] = {k: [] for k in keys}
            self._record()
        return self

    # -- training --------------------------------------------------------------------------------
    def step(self, epochs: int = 1) -> float:
        """Train ``epochs`` more epochs (one pass over the training points each); return the train loss.

        Does nothing once training has diverged (see :attr:`diverged`); :meth:`reset` starts over.
        """
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
            raise MLCourseError(f"step: epochs must be a whole number >= 0, received epochs={epochs!r}.")
        with self.lock, np.errstate(all="ignore"):
            for _ in range(int(epochs)):
                if self.diverged:
                    break
                self._epoch()
            return self.train_loss

    def _epoch(self) -> None:
        s, model = self._state, self.model
        model.optimizer.learning_rate = scheduled_rate(s, self.epoch)
        n, bs = len(self.F_train), s.batch_size
        order = self._rng.permutation(n)
        F, T = self.F_train[order], self.T_train[order]
        for b, start in enumerate(range(0, n, bs)):
            loss = model.train_step(F[start:start + bs], T[start:start + bs])
            if not math.isfinite(loss):
                self._diverge(loss, tr("epoch {epoch}, batch {batch}", epoch=self.epoch + 1, batch=b + 1))
                return
        self.epoch += 1
        self._record()
        self.oscillating = self._oscillates(self.history["train_loss"])
        if not (math.isfinite(self.train_loss) and math.isfinite(self.test_loss)):
            self._diverge(self.train_loss if not math.isfinite(self.train_loss) else self.test_loss,
                          tr("epoch {epoch}", epoch=self.epoch))

    def _diverge(self, loss: float, where: str) -> None:
        self.diverged = True
        self.diverged_at = where
        self.message = tr("Training diverged at {where}: the loss became {loss}. Try a smaller learning rate (now {lr:g}).",
                          where=where, loss=loss, lr=self.model.optimizer.learning_rate)

    @staticmethod
    def _oscillates(losses: list[float], window: int = OSCILLATION_WINDOW) -> bool:
        """The last ``window`` epochs: the loss rose in at least a quarter of them, its range
        is at least a quarter of its mean, and the later half is no lower than 90% of the earlier."""
        if len(losses) < window + 1:
            return False
        recent = np.asarray(losses[-(window + 1):], dtype=np.float64)
        if not np.isfinite(recent).all():
            return False
        rises = int(np.sum(np.diff(recent) > 0))
        mean = float(recent.mean())
        spread = float(recent.max() - recent.min())
        half = len(recent) // 2
        stuck = recent[half:].mean() >= 0.9 * recent[:half].mean()
        return rises >= window // 4 and spread >= 0.25 * max(mean, 1e-12) and bool(stuck)

    @property
    def advice(self) -> str:
        """What to try now: the divergence message, or advice for an oscillating loss, or ""."""
        if self.diverged:
            return self.message
        if self.oscillating:
            return tr("The loss swings up and down without falling: each step overshoots the minimum. Try a smaller learning rate (now {lr:g}), a larger batch, or a schedule that lowers the rate.",
                      lr=self._state.learning_rate)
        return ""

    # -- reading and editing weights ---------------------------------------------------------------
    def _dense_at(self, layer: Any, where: str) -> Dense:
        n = len(self._dense)
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < n:
            raise MLCourseError(f"{where}: layer must be a whole number from 0 to {n - 1} (the Dense layers, "
                                f"input side first), received layer={layer!r}.")
        return self._dense[int(layer)]

    @staticmethod
    def _index(name: str, value: Any, size: int, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < size:
            raise MLCourseError(f"{where}: {name} must be a whole number from 0 to {size - 1}, received {name}={value!r}.")
        return int(value)

    @staticmethod
    def _finite(value: Any, where: str) -> float:
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = math.nan
        if isinstance(value, bool) or not math.isfinite(v):
            raise MLCourseError(f"{where}: value must be a finite number, received value={value!r}.")
        return v

    def set_weight(self, layer: int, i: int, j: int, value: float) -> "Playground":
        """Set ``W[i, j]`` of Dense layer ``layer`` (0 = the first, input side): the link from
        unit ``i`` of the layer before to unit ``j`` of this one. Training goes on from there."""
        with self.lock:
            W = self._dense_at(layer, "set_weight").params["W"]
            i = self._index("i", i, W.shape[0], "set_weight")
            j = self._index("j", j, W.shape[1], "set_weight")
            W[i, j] = self._finite(value, "set_weight")
            self._rerecord()
        return self

    def set_bias(self, layer: int, j: int, value: float) -> "Playground":
        """Set the bias ``b[j]`` of unit ``j`` of Dense layer ``layer``."""
        with self.lock:
            b = self._dense_at(layer, "set_bias").params["b"]
            j = self._index("j", j, b.shape[0], "set_bias")
            b[j] = self._finite(value, "set_bias")
            self._rerecord()
        return self

    def _rerecord(self) -> None:
        """Recompute the losses of the current epoch after an edit of the weights."""
        for values in self.history.values():
            values.pop()
        with np.errstate(all="ignore"):
            self._record()

    def _data_loss(self, F: np.ndarray, T: np.ndarray, y: np.ndarray) -> tuple[float, float | None]:
        out = self.model.forward(F, training=False)
        try:
            loss = float(self.model.loss.forward(out, T))
        except MLCourseError:  # the losses refuse NaN/inf outputs
            loss = math.nan
        acc = None
        if self.task == "classification":
            pred = (out[:, 0] > 0.5).astype(np.int64) if out.shape[1] == 1 else out.argmax(axis=1)
            acc = float(np.mean(pred == y))
        return loss, acc

    def _record(self) -> None:
        h = self.history
        train, train_acc = self._data_loss(self.F_train, self.T_train, self.y_train)
        test, test_acc = self._data_loss(self.F_test, self.T_test, self.y_test)
        h["epoch"].append(self.epoch)
        h["train_loss"].append(train)
        h["test_loss"].append(test)
        h["learning_rate"].append(float(self.model.optimizer.learning_rate))
        if train_acc is not None:
            h["train_acc"].append(train_acc)
            h["test_acc"].append(test_acc)

    @property
    def train_loss(self) -> float:
        """Loss on the training points after the last epoch (without the regularization term)."""
        return self.history["train_loss"][-1]

    @property
    def test_loss(self) -> float:
        """Loss on the test points after the last epoch."""
        return self.history["test_loss"][-1]

    # -- what the views show ---------------------------------------------------------------------
    def _grid(self, resolution: int) -> tuple[np.ndarray, np.ndarray]:
        """Grid points (res*res, 2), row-major with x2 growing along rows, and their features."""
        key = (resolution, self.extent, self._state.features)
        if key not in self._grid_cache:
            x0, x1, y0, y1 = self.extent
            g1, g2 = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
            P = np.column_stack([g1.ravel(), g2.ravel()])
            if len(self._grid_cache) > 8:
                self._grid_cache.clear()
            self._grid_cache[key] = (P, expand_features(P, self._state.features))
        return self._grid_cache[key]

    def predict(self, X: Any) -> np.ndarray:
        """Network output for points X: (N, 2) -> (N, 1) or (N, K)."""
        with self.lock, np.errstate(all="ignore"):
            return self.model.forward(expand_features(X, self._state.features), training=False)

    def predict_grid(self, resolution: int = 100) -> np.ndarray:
        """The output over the plane :attr:`extent`, row ``i`` at the ``i``-th x2 value.

        Returns (res, res) for one output (class-1 probability or regression value), or
        (res, res, K) class probabilities. Use ``imshow(..., origin="lower", extent=pg.extent)``.
        """
        with self.lock, np.errstate(all="ignore"):
            _, F = self._grid(resolution)
            out = self.model.forward(F, training=False)
        if out.shape[1] == 1:
            return out.reshape(resolution, resolution)
        return out.reshape(resolution, resolution, -1)

    def hidden_unit_outputs(self, resolution: int = 24) -> list[np.ndarray]:
        """For each hidden layer, its units' outputs over the plane: arrays (units, res, res)."""
        with self.lock, np.errstate(all="ignore"):
            _, out = self._grid(resolution)
            maps = []
            for layer in self.model.layers[:-1]:
                out = layer.forward(out, False)
                if isinstance(layer, Dense):
                    maps.append(out.T.reshape(-1, resolution, resolution))
            return maps

    def feature_maps(self, resolution: int = 24) -> np.ndarray:
        """The input features over the plane: (F, res, res)."""
        with self.lock:
            _, F = self._grid(resolution)
            return F.T.reshape(-1, resolution, resolution).copy()

    def weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(W, b)`` of each Dense layer, input side first (copies)."""
        with self.lock:
            return [(d.params["W"].copy(), d.params["b"].copy()) for d in self._dense]

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Inputs, hidden units and outputs, e.g. ``(2, 4, 4, 1)``."""
        return (len(self._state.features),) + self._state.hidden + (self.output_units,)

    # -- export ----------------------------------------------------------------------------------
    def to_code(self, include_weights: bool = False, epochs: int | None = None) -> str:
        """Python source that rebuilds this network with mlcourse, Keras style.

        The code makes the same data (same seed), the same features, the same layers with the
        same initial weights (``Sequential(..., seed=...)``), compiles with the same loss and
        optimizer and calls ``fit`` for ``epochs`` (default: the epochs trained so far, or
        100). With ``include_weights=True`` it copies the current weights into the model
        instead of training, so ``model`` is the very network on screen.
        """
        with self.lock:
            from .export import CodeWriter

            return CodeWriter(self, include_weights, epochs).source()

    def __repr__(self) -> str:
        flag = ", diverged" if self.diverged else ""
        return (f"Playground({self._state.dataset}, layers={self.layer_sizes}, epoch={self.epoch}, "
                f"train_loss={self.train_loss:.4g}, test_loss={self.test_loss:.4g}{flag})")

