"""``Sequential``: a stack of layers, each feeding the next.

This module holds the network: adding and building layers, ``forward``, ``backward``,
``params``/``grads``, regularization penalties and constraints (asked from the layers),
weights in and out, and the summary. How to train it (``compile``, ``fit``, ``evaluate``,
``train_step``) lives in :mod:`mlcourse.training`, which ``Sequential`` inherits.

Everything ``fit`` does can also be written by hand, and a notebook should do both once::

    model = Sequential([Dense(16, activation="relu", input_dim=2), Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["acc"])
    history = model.fit(X, y, batch_size=32, epochs=100)        # the Keras way

    loss_fn, opt = model.loss, model.optimizer                   # the same loop, by hand
    rng = np.random.default_rng(0)                               # (mlcourse.data.minibatches)
    for epoch in range(100):
        for xb, yb in minibatches(X, y, batch_size=32, rng=rng):
            out = model.forward(xb, training=True)               # (N, 1)
            loss = loss_fn.forward(out, yb) + model.penalty()    # mean loss + regularization
            model.backward(loss_fn.backward())                   # fills model.grads
            opt.step(model.params, model.grads)                  # updates the layers in place
            model.apply_constraints()                            # e.g. max-norm

``model.params`` and ``model.grads`` are flat dicts keyed ``"0.W"``, ``"0.b"``, ``"2.gamma"``
(layer index, dot, the layer's own key) whose values are the very arrays the layers hold.

Seeds
-----
- ``Sequential(..., seed=s)`` seeds the initial weights. They are drawn when the model is
  built: at the first ``fit``, ``predict``, ``forward``, ``summary``, ``get_weights``, ... .
- ``fit(..., seed=s)`` seeds the shuffling of the batches and the dropout masks. If the
  model has no seed of its own and is built by this ``fit``, ``s`` seeds the weights too,
  so ``fit(..., seed=s)`` on a freshly made model fixes the whole History.
- Without seeds the model uses seed 0, and the n-th ``fit`` call of a model uses a stream of
  its own (derived from the model seed and n): re-running a notebook from the top gives the
  same numbers, while calling ``fit`` twice continues with fresh shuffles.
"""
from __future__ import annotations

import functools
import inspect
import unicodedata
from typing import Any, Callable, Sequence

import numpy as np

from ._checks import MLCourseError, check_array, check_seed
from .callbacks import History
from .i18n import tr
from .layers import Layer
from .training import Trainer, TrainingDivergedWarning
from .npzfile import load_npz, save_npz


@functools.lru_cache(maxsize=None)
def _takes_need_input_grad(backward: Callable) -> bool:
    params = inspect.signature(backward).parameters.values()
    return any(p.name == "need_input_grad" or p.kind is p.VAR_KEYWORD for p in params)


def _layer_backward(layer: Layer, dout: np.ndarray, need: bool) -> np.ndarray | None:
    """``layer.backward(dout)``. A layer whose ``backward`` takes ``need_input_grad`` is told
    when nobody needs its input gradient; a layer written the textbook way,
    ``backward(self, dout)``, is called that way and its input gradient is dropped."""
    if need:
        return layer.backward(dout)
    if _takes_need_input_grad(type(layer).backward):
        return layer.backward(dout, need_input_grad=False)
    layer.backward(dout)
    return None

__all__ = ["Sequential", "History", "TrainingDivergedWarning"]


def _layer_label(layer: Any) -> str:
    index = getattr(layer, "index", None)
    return f"{layer!r} (layer {index})" if index is not None else repr(layer)


def _sample_shape(layer: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    """Output shape of one sample: layers map shapes with a batch axis, (None, 3) -> (None, 4)."""
    return tuple(layer.output_shape((None,) + tuple(shape))[1:])


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: Hangul and other wide letters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``)."""
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


class Sequential(Trainer):
    """A stack of layers, each feeding the next.

    Parameters
    ----------
    layers : list of Layer, optional
        The layers, first to last; more can be added with :meth:`add`.
    seed : int, optional
        Seeds the initial weights (see the module docstring for how seeds work).
    name : str
        Shown by :meth:`summary`.

    Attributes
    ----------
    layers : list of Layer
    optimizer, loss, metrics
        Set by :meth:`compile` (objects, resolved from names).
    built : bool
        Whether the weights exist.
    input_shape : tuple of int or None
        Shape of one sample, e.g. ``(32,)``, once built.
    stop_training : bool
        Set it to True from a callback to end ``fit`` after the current epoch.
    """

    def __init__(self, layers: Sequence[Any] | None = None, seed: int | None = None, name: str = "sequential") -> None:
        self.seed = check_seed(seed, where="Sequential")
        if layers is not None and not isinstance(layers, (list, tuple)):
            raise MLCourseError(f"Sequential takes a list of layers, received {type(layers).__name__} {layers!r}.")
        if not isinstance(name, str):
            raise MLCourseError(f"Sequential name must be a string, received {name!r}.")
        super().__init__()
        self.layers: list[Any] = []
        self.name = name
        self.built = False
        self.input_shape: tuple[int, ...] | None = None
        self.dtype: np.dtype | None = None  # float dtype of the data the model was built from
        for layer in layers or ():
            self.add(layer)

    # -- building ---------------------------------------------------------------------------
    def add(self, layer: Any) -> None:
        """Append a layer (built at once if the model already is)."""
        if not isinstance(layer, Layer):
            raise MLCourseError(
                f"Sequential.add expects a layer such as Dense(4) (a subclass of mlcourse.layers.Layer), "
                f"received {type(layer).__name__} {layer!r}."
            )
        if any(layer is other for other in self.layers):
            raise MLCourseError(f"{_layer_label(layer)} is already in this model; make a new layer instead.")
        layer.index = len(self.layers)
        self.layers.append(layer)
        if self.built:
            shape = self.output_shape_of(len(self.layers) - 1)
            self._build_layer(layer, shape)

    def _declared_input_shape(self) -> tuple[int, ...] | None:
        if not self.layers:
            return None
        shape = getattr(self.layers[0], "input_shape", None)  # Dense(input_dim=32) sets (32,)
        return None if shape is None else tuple(int(s) for s in shape)

    def _init_seed(self) -> int:
        return self.seed if self.seed is not None else 0

    def build(self, input_shape: Sequence[int] | None = None, seed: int | None = None) -> None:
        """Create the weights of every layer.

        Parameters
        ----------
        input_shape : tuple of int, optional
            Shape of one sample (without the batch axis), e.g. ``(32,)``; by default the
            ``input_dim``/``input_shape`` given to the first layer.
        seed : int, optional
            Seeds the weights when the model has no seed of its own (default 0).

        The weights are float64 (or the ``dtype`` a layer was given). A model that builds
        itself from data, at the first ``fit``, ``predict``, ``forward``, ..., takes the
        data's float dtype instead: float32 data trains float32 weights.
        """
        if input_shape is not None:
            if isinstance(input_shape, (int, np.integer)):
                input_shape = (input_shape,)
            if not isinstance(input_shape, (tuple, list)) or not all(
                    isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 1 for s in input_shape):
                raise MLCourseError(f"Sequential.build: input_shape must be a tuple of sizes >= 1 such as (32,), "
                                    f"received {input_shape!r}.")
        self._build(input_shape, check_seed(seed, where="Sequential.build"), dtype=None)

    def _build(self, input_shape: Sequence[int] | None, seed: int | None, dtype: Any) -> None:
        if not self.layers:
            raise MLCourseError("This Sequential model has no layers yet; add some with model.add(Dense(...)).")
        declared = self._declared_input_shape()
        if input_shape is None:
            input_shape = declared
        if input_shape is None:
            raise MLCourseError(
                f"Cannot build the model: the first layer {self.layers[0]!r} has no input_dim or input_shape. "
                "Give it one, e.g. Dense(64, input_dim=32), or call fit/predict with data first."
            )
        input_shape = tuple(int(s) for s in input_shape)
        if declared is not None and declared != input_shape:
            raise MLCourseError(
                f"{_layer_label(self.layers[0])} was declared with input shape {declared}, "
                f"but the data has samples of shape {input_shape}."
            )
        if self.seed is None and seed is not None:
            self.seed = int(seed)
        self.dtype = dtype
        shape = input_shape
        for layer in self.layers:
            self._build_layer(layer, shape)
            shape = _sample_shape(layer, shape)
        self.input_shape = input_shape
        self.built = True

    def _build_layer(self, layer: Any, shape: tuple[int, ...]) -> None:
        # each layer gets its own stream, so adding a Dropout does not change later weights
        rng = np.random.default_rng([self._init_seed(), layer.index])
        if self.dtype is None:
            layer.build((None,) + tuple(shape), rng)
        else:
            layer.build((None,) + tuple(shape), rng, dtype=self.dtype)

    def _ensure_built(self, input_shape: Sequence[int] | None = None, seed: int | None = None,
                      data: np.ndarray | None = None) -> None:
        """Build from the data's shape and float dtype (float32 data, float32 weights)."""
        if not self.built:
            dtype = data.dtype if data is not None and data.dtype.kind == "f" else None
            self._build(input_shape if self._declared_input_shape() is None else None, seed, dtype)

    def output_shape_of(self, n_layers: int) -> tuple[int, ...]:
        """Shape of one sample after the first ``n_layers`` layers."""
        shape = self.input_shape if self.built else self._declared_input_shape()
        if shape is None:
            raise MLCourseError("The input shape is not known yet: give the first layer input_dim=... or fit the model.")
        for layer in self.layers[:n_layers]:
            shape = _sample_shape(layer, shape)
        return shape

    @property
    def output_shape(self) -> tuple[int, ...]:
        """Shape of one output sample, e.g. ``(5,)``."""
        return self.output_shape_of(len(self.layers))

    # -- parameters -------------------------------------------------------------------------
    def _keyed(self, attr: str) -> dict[str, Any]:
        """A dict attribute of every layer (``params``, ``grads``, ``state``, ...), keys prefixed
        with the layer's index: ``{"0.W": ..., "0.b": ..., "2.gamma": ...}``."""
        return {f"{layer.index}.{key}": value for layer in self.layers for key, value in getattr(layer, attr).items()}

    @property
    def params(self) -> dict[str, np.ndarray]:
        """``{"0.W": W0, "0.b": b0, ...}``: the layers' own arrays (not copies)."""
        self._ensure_built()
        return self._keyed("params")

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """``{"0.W": dW0, ...}``: the gradients of the last :meth:`backward`, keyed like ``params``."""
        self._ensure_built()
        return self._keyed("grads")

    def count_params(self) -> int:
        """Number of trainable numbers."""
        return int(sum(p.size for p in self.params.values()))

    # -- the by-hand path ----------------------------------------------------------------------
    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        """Run the layers. x: (N, *input_shape) -> (N, *output_shape).

        ``training=True`` makes Dropout drop and BatchNormalization use batch statistics.
        """
        x = np.asarray(x)
        if x.ndim == 0:
            raise MLCourseError(f"Sequential.forward: x must have one row per sample, received the scalar {x.item()!r}.")
        self._ensure_built(x.shape[1:], data=x)
        if x.shape[1:] != self.input_shape:
            self._raise_input_shape(x)
        for layer in self.layers:
            x = layer.forward(x, training)
        return x

    __call__ = forward

    def backward(self, dout: np.ndarray, skip_last_activation: bool = False,
                 need_input_grad: bool = True) -> np.ndarray | None:
        """Backpropagate ``dout = d loss / d output`` (N, *output_shape); return ``d loss / d x``.

        Fills every layer's ``grads`` and adds the regularizers' gradients. With
        ``skip_last_activation=True``, ``dout`` is the gradient with respect to the input of
        the last layer's activation (the logits), e.g. ``loss.fused_backward()`` of a
        cross-entropy loss after a softmax output: ``(p - y) / N``. With
        ``need_input_grad=False`` the first layer may skip ``d loss / d x`` (returns None).
        """
        last = len(self.layers) - 1
        for i in range(last, -1, -1):
            layer = self.layers[i]
            need = need_input_grad or i > 0
            if skip_last_activation and i == last:
                dout = layer.backward_from_logits(dout, need)
            else:
                dout = _layer_backward(layer, dout, need)
        for layer in self.layers:
            for key, reg in layer.regularizers.items():
                layer.grads[key] = layer.grads[key] + reg.gradient(layer.params[key])
        return dout

    def penalty(self) -> float:
        """Sum of the regularization penalties (0.0 without regularizers)."""
        return float(sum(reg(layer.params[key]) for layer in self.layers for key, reg in layer.regularizers.items()))

    def apply_constraints(self) -> None:
        """Project constrained weights (e.g. max-norm) in place; ``fit`` does it after every step."""
        for layer in self.layers:
            for key, constraint in layer.constraints.items():
                p = layer.params[key]
                p[...] = constraint(p)  # same array: the optimizer's state stays attached

    # -- input checks -----------------------------------------------------------------------------
    def _raise_input_shape(self, x: np.ndarray) -> None:
        first = _layer_label(self.layers[0])
        if len(self.input_shape) == 1 and x.ndim == 2:
            raise MLCourseError(
                f"{first} expected input with {self.input_shape[0]} features, received shape {x.shape}."
            )
        raise MLCourseError(f"{first} expected input of shape (N, {', '.join(map(str, self.input_shape))}), received shape {x.shape}.")

    def _check_x(self, x: Any, where: str, seed: int | None = None) -> np.ndarray:
        """``x`` checked against the first layer: floats (integer ids for an Embedding)."""
        if not self.layers:
            raise MLCourseError("This Sequential model has no layers yet; add some with model.add(Dense(...)).")
        ids = getattr(self.layers[0], "input_kind", "floats") == "ids"
        x = check_array(x, "x", dtype_kind="iu" if ids else "f", where=where)
        if x.ndim < (1 if ids else 2):
            raise MLCourseError(
                f"{where}: x must have one row per sample, shape (N, features), received shape {x.shape}. "
                "For a single feature use x.reshape(-1, 1)."
            )
        self._ensure_built(x.shape[1:], seed=seed, data=x)
        if x.shape[1:] != self.input_shape:
            self._raise_input_shape(x)
        return x

    # -- weights ------------------------------------------------------------------------------------
    def _weight_slots(self) -> list[tuple[str, np.ndarray]]:
        """Every saved array, layer by layer: trained parameters, then state (running statistics)."""
        self._ensure_built()
        slots = []
        for layer in self.layers:
            for attr in ("params", "state"):
                slots += [(f"{layer.index}.{key}", arr) for key, arr in getattr(layer, attr).items()]
        return slots

    def get_weights(self) -> list[np.ndarray]:
        """Copies of all weights, layer by layer: trained parameters, then running statistics."""
        return [np.array(arr, copy=True) for _, arr in self._weight_slots()]

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Copy ``weights`` (a list as from :meth:`get_weights`) into the model's arrays, in place.

        Every shape is checked before anything changes.
        """
        slots = self._weight_slots()
        if isinstance(weights, np.ndarray) or not isinstance(weights, (list, tuple)):
            raise MLCourseError(f"set_weights expects a list of arrays as from get_weights(), received {type(weights).__name__}.")
        weights = list(weights)
        if len(weights) != len(slots):
            raise MLCourseError(
                f"set_weights expected a list of {len(slots)} arrays ({', '.join(k for k, _ in slots)}), "
                f"received {len(weights)}."
            )
        new = [check_array(w, f"weights[{i}] ({k})", where="set_weights") for i, ((k, _), w) in enumerate(zip(slots, weights))]
        bad = [f"{k}: expected shape {a.shape}, received {w.shape}" for (k, a), w in zip(slots, new) if w.shape != a.shape]
        if bad:
            raise MLCourseError("set_weights: shapes do not match, nothing was changed: " + "; ".join(bad) + ".")
        for (_, arr), w in zip(slots, new):
            arr[...] = w

    def save_weights(self, path: Any) -> None:
        """Save every weight to a ``.npz`` file (keys ``"0.W"``, ``"0.b"``, ...; no pickle).

        The file is written next to the target under a temporary name and renamed at the end,
        so an interrupted save leaves any earlier file at ``path`` as it was.
        """
        save_npz(path, dict(self._weight_slots()), where="save_weights")

    def load_weights(self, path: Any) -> None:
        """Load weights saved by :meth:`save_weights`.

        All keys and shapes are checked first; on any mismatch nothing changes and the
        error lists every mismatch.
        """
        slots = self._weight_slots()
        stored = load_npz(path, where="load_weights")
        problems = []
        for key, arr in slots:
            if key not in stored:
                problems.append(f"{key} is missing from the file")
            elif stored[key].shape != arr.shape:
                problems.append(f"{key}: the model has shape {arr.shape}, the file {stored[key].shape}")
            elif stored[key].dtype.kind not in "fiu":
                problems.append(f"{key} holds dtype {stored[key].dtype}, not numbers")
        expected = {k for k, _ in slots}
        problems += [f"the file has {k}, which this model does not" for k in stored if k not in expected]
        if problems:
            raise MLCourseError(f"load_weights({str(path)!r}): the file does not fit this model, nothing was changed: "
                                + "; ".join(problems) + ".")
        for key, arr in slots:
            arr[...] = stored[key]

    # -- display --------------------------------------------------------------------------------------
    def summary(self, print_fn: Callable[[str], Any] | None = None) -> None:
        """Print the layers, their output shapes and parameter counts."""
        if print_fn is not None and not callable(print_fn):
            raise MLCourseError(f"summary: print_fn must be a function such as print, received {print_fn!r}.")
        self._ensure_built()
        (print_fn or print)(self.summary_text())

    def summary_text(self) -> str:
        """The text :meth:`summary` prints."""
        self._ensure_built()
        rows = []
        counts: dict[str, int] = {}
        shape = self.input_shape
        for layer in self.layers:
            shape = _sample_shape(layer, shape)
            base = layer.name
            name = base if base not in counts else f"{base}_{counts[base]}"  # dense, dense_1, ...
            counts[base] = counts.get(base, 0) + 1
            n_params = sum(p.size for p in layer.params.values())
            rows.append((f"{name} ({type(layer).__name__})", str((None,) + shape), f"{n_params:,}"))
        total = self.count_params()
        frozen = sum(arr.size for arr in self._keyed("state").values())
        heads = (tr("Layer (type)"), tr("Output Shape"), tr("Param #"))
        w1 = max([_width(heads[0])] + [len(r[0]) for r in rows]) + 3
        w2 = max([_width(heads[1])] + [len(r[1]) for r in rows]) + 3
        w3 = max([_width(heads[2])] + [len(r[2]) for r in rows])
        line = "=" * (w1 + w2 + w3)
        out = [tr('Model: "{name}"', name=self.name), "_" * (w1 + w2 + w3),
               _pad(heads[0], w1) + _pad(heads[1], w2) + _pad(heads[2], w3, right=True), line]
        for i, (a, b, c) in enumerate(rows):
            out.append(f"{a:<{w1}}{b:<{w2}}{c:>{w3}}")
            out.append(line if i == len(rows) - 1 else "_" * (w1 + w2 + w3))
        out += [tr("Total params: {n}", n=f"{total + frozen:,}"), tr("Trainable params: {n}", n=f"{total:,}"),
                tr("Non-trainable params: {n}", n=f"{frozen:,}")]
        return "\n".join(out)

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        seed = f", seed={self.seed}" if self.seed is not None else ""
        return f"Sequential([{inner}]{seed})"
