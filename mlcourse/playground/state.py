"""The playground's settings: one frozen dataclass, checked on creation, to and from JSON.

A :class:`PlaygroundState` holds every control of the playground (data, inputs, network,
training, views, which controls are hidden) and the seed. It holds no weights: the same
state always rebuilds the same data, the same initial weights and the same training run,
so a JSON string is enough to share a prepared experiment::

    s = PlaygroundState(dataset="spiral", hidden=(8, 8, 8), activation="relu")
    text = s.to_json()
    PlaygroundState.from_json(text) == s          # True, and to_json() gives text again

:meth:`PlaygroundState.to_string` writes the same settings as a short string that lists only
what differs from the defaults, like the address of a TensorFlow Playground page::

    s.to_string()                                  # 'dataset=spiral&hidden=8,8,8&activation=relu'
    PlaygroundState.from_string(s.to_string()) == s   # True
    PlaygroundState.parse(text)                    # either form (JSON starts with "{")

Every value is checked when the state is made; a bad one raises an error that names the
field, the value received and what is allowed.
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any

from .._checks import MLCourseError
from ..optimizers import OPTIMIZERS as _OPTIMIZER_REGISTRY

__all__ = [
    "PlaygroundState", "DATASETS", "CLASSIFICATION", "REGRESSION", "FEATURES", "ACTIVATIONS",
    "INITIALIZERS", "OPTIMIZERS", "LOSSES", "REGULARIZATIONS", "SCHEDULES", "LEARNING_RATES",
    "REG_RATES", "DROPOUT_RATES", "MAX_LAYERS", "MAX_UNITS",
]

#: Data sets by task. "custom" means the learner's own arrays (``custom_X``, ``custom_y``).
CLASSIFICATION = ("circle", "xor", "gaussian", "spiral", "moons")
REGRESSION = ("plane", "sine")
DATASETS = CLASSIFICATION + REGRESSION + ("custom",)
#: Input features, in the order they are fed to the network.
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "leaky_relu")
#: Weight initializations: zeros, N(0, 0.01^2), N(0, 1), Xavier (Glorot) uniform, He normal.
INITIALIZERS = ("zeros", "normal_0.01", "normal_1", "xavier", "he")
#: The optimizer names: the keys of ``mlcourse.optimizers.OPTIMIZERS``, the course's one list.
OPTIMIZERS = tuple(_OPTIMIZER_REGISTRY)
#: "auto" picks MSE for regression, binary cross-entropy for 2 classes, softmax
#: cross-entropy for more.
LOSSES = ("auto", "mse", "binary_crossentropy", "softmax_crossentropy")
REGULARIZATIONS = ("none", "l1", "l2")
#: Learning-rate schedules, applied at the start of every epoch (see ``engine.scheduled_rate``).
SCHEDULES = ("constant", "step", "exponential", "cosine")
#: The choices the widgets offer (the state accepts any value in the range).
LEARNING_RATES = (1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
DROPOUT_RATES = (0.0, 0.1, 0.2, 0.3, 0.5)
MAX_LAYERS = 6
MAX_UNITS = 8


def _fail(name: str, value: Any, expected: str) -> None:
    raise MLCourseError(f"PlaygroundState: {name} must be {expected}, received {name}={value!r}.")


def _whole(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        try:  # 3.0 from a slider or JSON is fine
            if float(value) == int(value) and not isinstance(value, bool) and low <= int(value) <= high:
                return int(value)
        except (TypeError, ValueError, OverflowError):
            pass
        _fail(name, value, f"a whole number from {low} to {high}")
    return int(value)


def _number(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = math.nan
        if isinstance(value, bool) or not (math.isfinite(v) and low <= v <= high):
            _fail(name, value, f"a number from {low:g} to {high:g}")
        return v
    return float(value)


def _choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value.lower() not in choices:
        _fail(name, value, "one of " + ", ".join(repr(c) for c in choices))
    return value.lower()


@dataclass(frozen=True)
class PlaygroundState:
    """Every setting of the playground. Frozen: change it with ``state.replace(...)``.

    Data
    ----
    dataset : one of ``DATASETS``; "custom" uses ``custom_X`` (N, 2) and ``custom_y``
        (integers: classes; floats: regression targets).
    n_classes : 2..6, the number of spiral arms (the other generated sets have 2 classes).
    n_points : 20..2000 points in all, before the train/test split.
    noise : 0..50 percent; the generator's jitter standard deviation is ``noise / 100`` in
        data units (regression: in target units).
    train_ratio : 10..90 percent of the points used for training; the rest is the test set.
    batch_size : 1..64.
    seed : seeds the data, the split, the initial weights, the batch order and dropout.

    Inputs and network
    ------------------
    features : non-empty tuple of names from ``FEATURES``, kept in that order.
    hidden : 0..6 hidden layer sizes, each 1..8, e.g. ``(4, 4)``.
    activation, init, optimizer, loss, regularization, schedule : names (module constants).
    learning_rate : 1e-5..10.  reg_rate : 0..10.  dropout : 0..0.9 (after every hidden layer).
    schedule_epochs : the schedule's time scale in epochs (step: halve every this many
        epochs; exponential: half-life; cosine: epochs to decay to 1% of the rate).

    Views and controls
    ------------------
    show_test, discretize : heat-map options.
    hidden_controls : names of the widget controls an instructor has hidden.
    """

    dataset: str = "circle"
    n_classes: int = 2
    n_points: int = 500
    noise: float = 0.0
    train_ratio: float = 50.0
    batch_size: int = 10
    seed: int = 0
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 4)
    activation: str = "tanh"
    init: str = "xavier"
    optimizer: str = "sgd"
    learning_rate: float = 0.03
    schedule: str = "constant"
    schedule_epochs: int = 100
    regularization: str = "none"
    reg_rate: float = 0.0
    dropout: float = 0.0
    loss: str = "auto"
    show_test: bool = False
    discretize: bool = False
    hidden_controls: tuple[str, ...] = ()
    custom_X: tuple[tuple[float, float], ...] | None = field(default=None, repr=False)
    custom_y: tuple[Any, ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "dataset", _choice("dataset", self.dataset, DATASETS))
        s(self, "n_classes", _whole("n_classes", self.n_classes, 2, 6))
        s(self, "n_points", _whole("n_points", self.n_points, 20, 2000))
        s(self, "noise", _number("noise", self.noise, 0, 50))
        s(self, "train_ratio", _number("train_ratio", self.train_ratio, 10, 90))
        s(self, "batch_size", _whole("batch_size", self.batch_size, 1, 64))
        s(self, "seed", _whole("seed", self.seed, 0, 2**32 - 1))
        feats = self.features
        if isinstance(feats, str) or not isinstance(feats, (tuple, list)) or not feats:
            _fail("features", feats, f"a non-empty list of names from {FEATURES}")
        for f in feats:
            if f not in FEATURES:
                _fail("features", tuple(feats), f"names from {FEATURES}")
        s(self, "features", tuple(f for f in FEATURES if f in feats))
        hid = self.hidden
        if isinstance(hid, (str, bytes)) or not isinstance(hid, (tuple, list)) or len(hid) > MAX_LAYERS:
            _fail("hidden", hid, f"a list of at most {MAX_LAYERS} layer sizes, e.g. (4, 4)")
        s(self, "hidden", tuple(_whole(f"hidden[{i}]", u, 1, MAX_UNITS) for i, u in enumerate(hid)))
        s(self, "activation", _choice("activation", self.activation, ACTIVATIONS))
        s(self, "init", _choice("init", self.init, INITIALIZERS))
        s(self, "optimizer", _choice("optimizer", self.optimizer, OPTIMIZERS))
        s(self, "learning_rate", _number("learning_rate", self.learning_rate, 1e-5, 10))
        s(self, "schedule", _choice("schedule", self.schedule, SCHEDULES))
        s(self, "schedule_epochs", _whole("schedule_epochs", self.schedule_epochs, 1, 100000))
        s(self, "regularization", _choice("regularization", self.regularization, REGULARIZATIONS))
        s(self, "reg_rate", _number("reg_rate", self.reg_rate, 0, 10))
        s(self, "dropout", _number("dropout", self.dropout, 0, 0.9))
        s(self, "loss", _choice("loss", self.loss, LOSSES))
        for name in ("show_test", "discretize"):
            if not isinstance(getattr(self, name), bool):
                _fail(name, getattr(self, name), "True or False")
        hc = self.hidden_controls
        if isinstance(hc, str) or not isinstance(hc, (tuple, list)) or not all(isinstance(h, str) for h in hc):
            _fail("hidden_controls", hc, "a list of control names")
        s(self, "hidden_controls", tuple(dict.fromkeys(hc)))
        self._check_custom()

    def _check_custom(self) -> None:
        X, y = self.custom_X, self.custom_y
        if (X is None) != (y is None):
            _fail("custom_X/custom_y", (X is None, y is None), "both given or both None")
        if X is None:
            if self.dataset == "custom":
                _fail("dataset", "custom", "a generated set unless custom_X and custom_y are given")
            return
        import numpy as np  # only for the checks

        from .._checks import check_array
        Xa = check_array(X, "custom_X", ndim=2, where="PlaygroundState")
        if Xa.shape[1] != 2 or len(Xa) < 4:
            _fail("custom_X", f"array of shape {Xa.shape}", "an array of shape (N, 2) with N >= 4")
        ya = np.asarray(y)
        if ya.ndim == 2 and ya.shape[1] == 1:
            ya = ya[:, 0]
        if ya.shape != (len(Xa),):
            _fail("custom_y", f"array of shape {np.shape(y)}", f"{len(Xa)} values, one per row of custom_X")
        if ya.dtype.kind in "iub":
            ya = ya.astype(np.int64)
            if ya.min() < 0 or ya.max() > 9 or len(np.unique(ya)) < 2:
                _fail("custom_y", f"labels {sorted(set(ya.tolist()))}", "class labels 0..9 with at least 2 classes")
            y_t = tuple(int(v) for v in ya)
        else:
            ya = check_array(ya, "custom_y", where="PlaygroundState").astype(np.float64)
            y_t = tuple(float(v) for v in ya)
        object.__setattr__(self, "custom_X", tuple((float(a), float(b)) for a, b in Xa.astype(np.float64)))
        object.__setattr__(self, "custom_y", y_t)

    # -- derived -------------------------------------------------------------------------
    @property
    def task(self) -> str:
        """"classification" or "regression"."""
        if self.dataset == "custom":
            return "classification" if all(isinstance(v, int) for v in self.custom_y) else "regression"
        return "regression" if self.dataset in REGRESSION else "classification"

    @property
    def classes(self) -> int:
        """Number of classes (1 for regression)."""
        if self.task == "regression":
            return 1
        if self.dataset == "custom":
            return max(self.custom_y) + 1
        return self.n_classes if self.dataset == "spiral" else 2

    # -- changing and sharing ---------------------------------------------------------------
    def replace(self, **changes: Any) -> "PlaygroundState":
        """A new state with some fields changed (checked like a new one)."""
        unknown = [k for k in changes if k not in _FIELDS]
        if unknown:
            raise MLCourseError(f"Unknown playground setting(s) {unknown}. Known settings: {', '.join(_FIELDS)}.")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of JSON types (tuples become lists)."""
        out = {}
        for name in _FIELDS:
            value = getattr(self, name)
            if isinstance(value, tuple):
                value = [list(v) if isinstance(v, tuple) else v for v in value]
            out[name] = value
        return out

    def to_json(self, indent: int | None = None) -> str:
        """The state as a JSON string (keys sorted); :meth:`from_json` reads it back exactly."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "PlaygroundState":
        """Build a state from a dict such as :meth:`to_dict` makes; missing keys take defaults."""
        if not isinstance(d, dict):
            raise MLCourseError(f"A playground state must be a dict of settings, received {type(d).__name__}.")
        unknown = [k for k in d if k not in _FIELDS]
        if unknown:
            raise MLCourseError(f"Unknown playground setting(s) {unknown}. Known settings: {', '.join(_FIELDS)}.")
        return cls(**d)

    @classmethod
    def from_json(cls, text: str) -> "PlaygroundState":
        """Read a state written by :meth:`to_json`."""
        try:
            d = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise MLCourseError(f"Not a playground state: the text is not valid JSON ({exc}).") from None
        return cls.from_dict(d)

    def to_string(self) -> str:
        """The settings that differ from the defaults as ``name=value`` pairs joined by ``&``.

        Lists are written with commas (``hidden=8,8``; no hidden layer: ``hidden=``), booleans
        as 0 or 1, numbers exactly (``repr``). Own data does not fit: use :meth:`to_json`.
        """
        if self.custom_X is not None:
            raise MLCourseError("A playground with its own data (dataset='custom') has no short state string: "
                                "the points do not fit in it. Share it with to_json().")
        parts = []
        for name in _FIELDS:
            value = getattr(self, name)
            if name in ("custom_X", "custom_y") or value == _DEFAULTS[name]:
                continue
            if isinstance(value, tuple):
                text = ",".join(str(v) for v in value)
            elif isinstance(value, bool):
                text = str(int(value))
            else:
                text = repr(value) if isinstance(value, float) else str(value)
                text = text[:-2] if isinstance(value, float) and text.endswith(".0") else text
            parts.append(f"{name}={text}")
        return "&".join(parts)

    @classmethod
    def from_string(cls, text: str) -> "PlaygroundState":
        """Read a state written by :meth:`to_string` (missing settings take their defaults)."""
        if not isinstance(text, str):
            raise MLCourseError(f"A playground state string must be a str, received {type(text).__name__}.")
        changes: dict[str, Any] = {}
        text = text.strip().lstrip("#")
        for part in filter(None, text.split("&")):
            name, eq, value = part.partition("=")
            if not eq:
                raise MLCourseError(f"Not a playground state string: {part!r} is not of the form name=value.")
            if name not in _FIELDS or name in ("custom_X", "custom_y"):
                raise MLCourseError(f"Unknown playground setting {name!r} in the state string. "
                                    f"Known settings: {', '.join(_FIELDS[:-2])}.")
            default = _DEFAULTS[name]
            if isinstance(default, tuple):
                items = [v for v in value.split(",") if v]
                changes[name] = tuple(_parse_number(name, v, int) for v in items) if name == "hidden" else tuple(items)
            elif isinstance(default, bool):
                if value not in ("0", "1"):
                    _fail(name, value, "0 or 1 in a state string")
                changes[name] = value == "1"
            elif isinstance(default, (int, float)):
                changes[name] = _parse_number(name, value, type(default))
            else:
                changes[name] = value
        return cls(**changes)

    @classmethod
    def parse(cls, text: str) -> "PlaygroundState":
        """A state from either text form: JSON (starts with ``{``) or the short string."""
        if isinstance(text, str) and text.lstrip().startswith("{"):
            return cls.from_json(text)
        return cls.from_string(text)


def _parse_number(name: str, text: str, kind: type) -> Any:
    try:
        return kind(text)
    except ValueError:
        _fail(name, text, "a whole number" if kind is int else "a number")


_FIELDS = tuple(f.name for f in dataclasses.fields(PlaygroundState))
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(PlaygroundState)}
