"""``Sequential``: a stack of layers with a Keras-style ``compile``/``fit``/``evaluate``/``predict``.

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

``fit`` runs the same steps, except that for a softmax (sigmoid) output trained with
(binary) cross-entropy it backpropagates ``(p - y) / N`` straight from the logits, the
fused gradient: the same numbers, without dividing by probabilities near 0.

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

import contextlib
import math
import warnings
from typing import Any, Callable, Sequence

import numpy as np

from . import callbacks as _callbacks
from . import layers as _layers
from ._checks import MLCourseError, check_array, check_labels
from .callbacks import Callback, ProgressBar

__all__ = ["Sequential", "History", "TrainingDivergedWarning"]

#: Threads numpy's BLAS may use inside ``fit`` (None: leave as is). The matrices of a course
#: model are small: one thread is as fast, and much faster on a busy machine, where waiting
#: BLAS threads compete for the cores.
BLAS_THREADS: int | None = 1


def _blas_threads(n: int | None) -> Any:
    if n is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=n, user_api="blas")


#: ``fit`` shuffles training sets up to this size (bytes of x) by copying them in the new
#: order once per epoch; larger ones (MNIST: 188 MB) by taking each batch's rows.
_COPY_LIMIT = 16 * 2**20


class TrainingDivergedWarning(RuntimeWarning):
    """The loss became NaN or infinite, so ``fit`` stopped early."""


class History(Callback):
    """What ``fit`` returns: the epoch logs, one list per key.

    Attributes
    ----------
    history : dict of str to list of float
        ``history["loss"][e]`` is the mean training loss of epoch ``e`` (regularization
        included); metrics use the names given to ``compile`` (``"acc"`` or
        ``"accuracy"``), and validation values the same names with ``"val_"`` in front.
    epoch : list of int
        The epochs (from 0) that finished.
    diverged : bool
        Whether training stopped because the loss became NaN or infinite.
    diverged_at : tuple of int or None
        ``(epoch, batch)``, both counted from 1, where the loss first was not finite.
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.diverged = False
        self.diverged_at: tuple[int, int] | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)

    def __repr__(self) -> str:
        flag = ", diverged=True" if self.diverged else ""
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)}{flag})"


# --- metrics -----------------------------------------------------------------------------

def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Fraction of correct predictions; the kind of accuracy follows from the shapes.

    y_pred: (N, C) with C > 1 -> the class is ``argmax``; ``y_true`` is labels (N,) or
    one-hot (N, C). y_pred: (N, 1) or (N,) -> binary, predicted 1 where ``y_pred > 0.5``.
    """
    n = len(y_pred)
    if y_pred.ndim == 2 and y_pred.shape[1] > 1:
        pred = y_pred.argmax(axis=1)
        true = y_true if y_true.ndim == 1 else y_true.argmax(axis=1)
        return int(np.count_nonzero(pred == true)) / n
    return int(np.count_nonzero((y_pred.reshape(-1) > 0.5) == (y_true.reshape(-1) > 0.5))) / n


def mean_squared_error(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean over all entries of ``(y_pred - y_true)**2`` (no factor 1/2: this is a metric)."""
    return float(np.mean((y_pred - y_true.reshape(y_pred.shape)) ** 2))


def mean_absolute_error(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean over all entries of ``|y_pred - y_true|``."""
    return float(np.mean(np.abs(y_pred - y_true.reshape(y_pred.shape))))


METRICS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "acc": accuracy,
    "accuracy": accuracy,
    "binary_accuracy": accuracy,
    "categorical_accuracy": accuracy,
    "sparse_categorical_accuracy": accuracy,
    "mse": mean_squared_error,
    "mean_squared_error": mean_squared_error,
    "mae": mean_absolute_error,
    "mean_absolute_error": mean_absolute_error,
}


def _resolve_metric(metric: Any) -> tuple[str, Callable]:
    if isinstance(metric, str):
        fn = METRICS.get(metric.lower())
        if fn is None:
            known = ", ".join(repr(k) for k in METRICS)
            raise MLCourseError(f"Unknown metric {metric!r}. Known metrics: {known}; a function f(y_true, y_pred) also works.")
        return metric, fn
    if callable(metric):
        return getattr(metric, "__name__", type(metric).__name__), metric
    raise MLCourseError(f"A metric must be a name such as 'acc' or a function f(y_true, y_pred), received {metric!r}.")


# --- the model -----------------------------------------------------------------------------

def _layer_label(layer: Any) -> str:
    index = getattr(layer, "index", None)
    return f"{layer!r} (layer {index})" if index is not None else repr(layer)


class Sequential:
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
    optimizer, loss
        Set by :meth:`compile` (objects, resolved from names).
    built : bool
        Whether the weights exist.
    input_shape : tuple of int or None
        Shape of one sample, e.g. ``(32,)``, once built.
    stop_training : bool
        Set it to True from a callback to end ``fit`` after the current epoch.
    """

    def __init__(self, layers: Sequence[Any] | None = None, seed: int | None = None, name: str = "sequential") -> None:
        if seed is not None and (not isinstance(seed, (int, np.integer)) or seed < 0):
            raise MLCourseError(f"Sequential seed must be a whole number >= 0 or None, received {seed!r}.")
        if layers is not None and not isinstance(layers, (list, tuple)):
            raise MLCourseError(f"Sequential takes a list of layers, received {type(layers).__name__} {layers!r}.")
        self.layers: list[Any] = []
        self.seed = None if seed is None else int(seed)
        self.name = name
        self.built = False
        self.input_shape: tuple[int, ...] | None = None
        self.optimizer: Any = None
        self.loss: Any = None
        self.metrics: list[tuple[str, Callable]] = []
        self.stop_training = False
        self._fit_calls = 0
        self._dtype: np.dtype | None = None  # float dtype of the data the model was built from
        self._fused = False
        self._slots: list[tuple[str, Any, str]] = []
        self._regularized: list[tuple[Any, str, Any]] = []
        self._constrained: list[tuple[Any, str, Any]] = []
        for layer in layers or ():
            self.add(layer)

    # -- building ---------------------------------------------------------------------------
    def add(self, layer: Any) -> None:
        """Append a layer (built at once if the model already is)."""
        for method in ("forward", "backward", "build", "output_shape"):
            if not callable(getattr(layer, method, None)):
                raise MLCourseError(
                    f"Sequential.add expects a layer such as Dense(4) (with forward, backward, build and "
                    f"output_shape methods), received {type(layer).__name__} {layer!r}."
                )
        if any(layer is other for other in self.layers):
            raise MLCourseError(f"{_layer_label(layer)} is already in this model; make a new layer instead.")
        layer.index = len(self.layers)
        self.layers.append(layer)
        self._update_fused()
        if self.built:
            shape = self.output_shape_of(len(self.layers) - 1)
            self._build_layer(layer, shape, np.random.default_rng([self._init_seed(), layer.index]))
            self._collect()

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
        self._build(input_shape, seed, dtype=None)

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
        root = self._init_seed()
        self._dtype = dtype
        shape = input_shape
        for layer in self.layers:
            # each layer gets its own stream, so adding a Dropout does not change later weights
            self._build_layer(layer, shape, np.random.default_rng([root, layer.index]))
            shape = _sample_shape(layer, shape)
        self.input_shape = input_shape
        self.built = True
        self._collect()

    def _build_layer(self, layer: Any, shape: tuple[int, ...], rng: np.random.Generator) -> None:
        if self._dtype is None:
            layer.build((None,) + shape, rng)
        else:
            layer.build((None,) + shape, rng, dtype=self._dtype)

    def _ensure_built(self, input_shape: Sequence[int] | None = None, seed: int | None = None,
                      data: np.ndarray | None = None) -> None:
        """Build from the data's shape and float dtype (float32 data, float32 weights)."""
        if not self.built:
            dtype = data.dtype if data is not None and data.dtype.kind == "f" else None
            self._build(input_shape if self._declared_input_shape() is None else None, seed, dtype)

    def _collect(self) -> None:
        """List the parameter slots, regularizers and constraints once, for the training loop."""
        self._slots = [(f"{layer.index}.{key}", layer, key) for layer in self.layers for key in layer.params]
        self._regularized = []
        self._constrained = []
        for layer in self.layers:
            for attr, key in (("kernel_regularizer", "W"), ("bias_regularizer", "b")):
                reg = getattr(layer, attr, None)
                if reg is not None and key in layer.params:
                    self._regularized.append((layer, key, reg))
            for attr, key in (("kernel_constraint", "W"), ("bias_constraint", "b")):
                con = getattr(layer, attr, None)
                if con is not None and key in layer.params:
                    self._constrained.append((layer, key, con))

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
    @property
    def params(self) -> dict[str, np.ndarray]:
        """``{"0.W": W0, "0.b": b0, ...}``: the layers' own arrays (not copies)."""
        self._ensure_built()
        return {k: layer.params[key] for k, layer, key in self._slots}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """``{"0.W": dW0, ...}``: the gradients of the last :meth:`backward`, keyed like ``params``."""
        self._ensure_built()
        return {k: layer.grads[key] for k, layer, key in self._slots}

    def count_params(self) -> int:
        """Number of trainable numbers."""
        return int(sum(p.size for p in self.params.values()))

    # -- the by-hand path ----------------------------------------------------------------------
    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        """Run the layers. x: (N, *input_shape) -> (N, *output_shape).

        ``training=True`` makes Dropout drop and BatchNormalization use batch statistics.
        """
        x = np.asarray(x)
        self._ensure_built(x.shape[1:], data=x)
        if x.shape[1:] != self.input_shape:
            self._raise_input_shape(x)
        for layer in self.layers:
            x = layer.forward(x, training)
        return x

    __call__ = forward

    def backward(self, dout: np.ndarray, skip_last_activation: bool = False) -> np.ndarray:
        """Backpropagate ``dout = d loss / d output`` (N, *output_shape); return ``d loss / d x``.

        Fills every layer's ``grads`` and adds the regularizers' gradients to the kernels'.
        With ``skip_last_activation=True``, ``dout`` is the gradient with respect to the
        input of the last layer's activation (the logits), e.g. ``loss.fused_backward()``
        of a cross-entropy loss after a softmax output: ``(p - y) / N``.
        """
        return self._backprop(dout, skip_last_activation, input_grad=True)

    def _backprop(self, dout: np.ndarray, skip_last_activation: bool, input_grad: bool) -> np.ndarray | None:
        """:meth:`backward`; with ``input_grad=False`` (training) the first layer may skip ``d loss / d x``."""
        layers = self.layers
        last = len(layers) - 1
        for i in range(last, -1, -1):
            layer = layers[i]
            skip = skip_last_activation and i == last
            if i == 0 and not input_grad and type(layer) is _layers.Dense:
                # a step never uses the gradient with respect to the data; for the first
                # layer of an MNIST-sized network that product costs as much as its forward
                layer._param_grads(dout, skip_activation=skip)
                dout = None
            elif skip:
                dout = layer.backward(dout, skip_activation=True)
            else:
                dout = layer.backward(dout)
        for layer, key, reg in self._regularized:
            layer.grads[key] += reg.gradient(layer.params[key])
        return dout

    def _backward_loss(self, input_grad: bool = True) -> None:
        """Backpropagate the last loss computed, fused with the output activation when possible."""
        if self._fused:
            self._backprop(self.loss.fused_backward(), True, input_grad)
        else:
            self._backprop(self.loss.backward(), False, input_grad)

    def _update_fused(self) -> None:
        """Whether training can use ``(p - y) / N`` at the logits (softmax or sigmoid + cross-entropy)."""
        last = self.layers[-1] if self.layers else None
        act = getattr(getattr(last, "activation", None), "name", None)
        self._fused = (
            act is not None
            and act == getattr(self.loss, "fuses_with", None)
            and not getattr(self.loss, "from_logits", False)
            and callable(getattr(self.loss, "fused_backward", None))
        )

    def penalty(self) -> float:
        """Sum of the regularization penalties (0.0 without regularizers)."""
        total = 0.0
        for layer, key, reg in self._regularized:
            total += float(reg(layer.params[key]))
        return total

    def apply_constraints(self) -> None:
        """Project constrained weights (e.g. max-norm) in place; ``fit`` does it after every step."""
        for layer, key, con in self._constrained:
            p = layer.params[key]
            p[...] = con(p)  # same array: the optimizer's state stays attached

    # -- compile ------------------------------------------------------------------------------
    def compile(self, optimizer: Any = "rmsprop", loss: Any = None, metrics: Sequence[Any] | None = None) -> None:
        """Choose how to train.

        Parameters
        ----------
        optimizer : str or Optimizer
            ``"sgd"``, ``"adam"``, ``"rmsprop"``, ... or an object such as ``SGD(learning_rate=0.1)``.
        loss : str or Loss
            ``"mse"``, ``"binary_crossentropy"``, ``"categorical_crossentropy"``,
            ``"sparse_categorical_crossentropy"``, ... or a loss object.
        metrics : list, optional
            ``"acc"``/``"accuracy"``, ``"mse"``, ``"mae"``, or functions ``f(y_true, y_pred) -> float``.
            The History uses the names as written.
        """
        from . import losses, optimizers

        if loss is None:
            raise MLCourseError("compile needs a loss, e.g. loss='sparse_categorical_crossentropy' or loss='mse'.")
        if metrics is None:
            metrics = []
        if isinstance(metrics, str) or callable(metrics):
            metrics = [metrics]
        resolved = [_resolve_metric(m) for m in metrics]
        names = [n for n, _ in resolved]
        if "loss" in names or len(set(names)) != len(names):
            raise MLCourseError(f"Metric names must be distinct and not 'loss', received {names}.")
        self.optimizer = optimizers.get(optimizer)
        self.loss = losses.get(loss)
        self.metrics = resolved
        self._update_fused()

    def _loss_name(self) -> str:
        name = getattr(self.loss, "name", None) or type(self.loss).__name__
        return str(name).lower()

    def _require_compiled(self, what: str) -> None:
        if self.loss is None:
            raise MLCourseError(
                f"Call model.compile(optimizer=..., loss=...) before model.{what}(...), e.g. "
                "model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics=['acc'])."
            )

    # -- checks, once per call ------------------------------------------------------------------
    def _raise_input_shape(self, x: np.ndarray) -> None:
        first = _layer_label(self.layers[0])
        if len(self.input_shape) == 1 and x.ndim == 2:
            raise MLCourseError(
                f"{first} expected input with {self.input_shape[0]} features, received shape {x.shape}."
            )
        raise MLCourseError(f"{first} expected input of shape (N, {', '.join(map(str, self.input_shape))}), received shape {x.shape}.")

    def _check_x(self, x: Any, where: str, seed: int | None = None) -> np.ndarray:
        x = check_array(x, "x", dtype_kind="iu" if self._integer_input() else "f", where=where)
        if x.ndim < (1 if self._integer_input() else 2):
            raise MLCourseError(
                f"{where}: x must have one row per sample, shape (N, features), received shape {x.shape}. "
                "For a single feature use x.reshape(-1, 1)."
            )
        self._ensure_built(x.shape[1:], seed=seed, data=x)
        if x.shape[1:] != self.input_shape:
            self._raise_input_shape(x)
        return x

    def _check_y(self, y: Any, n: int, where: str) -> np.ndarray:
        out_shape = self.output_shape
        loss = self._loss_name()
        if "sparse" in loss or ("softmax" in loss and np.ndim(y) == 1):  # SoftmaxCrossEntropy takes both
            y = check_labels(y, n_classes=out_shape[-1], name="y", where=where)
        else:
            y = check_array(y, "y", where=where)
            if y.ndim == 1 and out_shape == (1,):
                y = y.reshape(-1, 1)
            if y.shape[1:] != out_shape:
                hint = ""
                if y.ndim == 1 and "categorical" in loss:
                    hint = " Integer class labels need loss='sparse_categorical_crossentropy' (or one-hot y)."
                raise MLCourseError(
                    f"{where}: y must have shape (N, {', '.join(map(str, out_shape))}) to match the model's output, "
                    f"received shape {y.shape}.{hint}"
                )
            if "binary" in loss and y.size and (y.min() < 0 or y.max() > 1):
                bad = y[(y < 0) | (y > 1)][0]
                raise MLCourseError(f"{where}: binary_crossentropy needs targets between 0 and 1, y contains {bad!r}.")
        if len(y) != n:
            raise MLCourseError(f"{where}: x has {n} samples but y has {len(y)}; they must match.")
        return y

    # -- one training step ----------------------------------------------------------------------
    def _step_dicts(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """``(params, grads)`` as :attr:`params` and :attr:`grads` give them, for ``optimizer.step``."""
        return ({k: layer.params[key] for k, layer, key in self._slots},
                {k: layer.grads[key] for k, layer, key in self._slots})

    def _train_batch(self, x: np.ndarray, y: np.ndarray, step_dicts: tuple | None = None) -> tuple[float, np.ndarray]:
        """One step on checked arrays. ``fit`` passes the ``(params, grads)`` dicts it made
        once per epoch (the arrays keep their identity); otherwise they are made here."""
        out = x
        for layer in self.layers:
            out = layer.forward(out, True)
        # x and y were checked once for the whole data set: a loss of this package skips
        # checking each batch again (_forward_checked); any other loss object runs forward
        loss_forward = getattr(self.loss, "_forward_checked", self.loss.forward)
        try:
            loss = loss_forward(out, y)
        except MLCourseError as exc:  # the loss objects refuse NaN/inf; here that means divergence
            if np.isfinite(out).all() and "the loss is" not in str(exc):
                raise
            return (math.inf if np.isfinite(out).all() else math.nan), out
        if self._regularized:
            loss += self.penalty()
        if not math.isfinite(loss):
            return loss, out  # no update: fit reports the divergence
        self._backward_loss(input_grad=False)
        params, grads = step_dicts or self._step_dicts()
        self.optimizer.step(params, grads)
        if self._constrained:
            self.apply_constraints()
        return loss, out

    def train_step(self, x: Any, y: Any) -> float:
        """One gradient step on one batch; returns its loss (regularization included).

        forward (training=True) -> loss -> backward -> ``optimizer.step(params, grads)`` -> constraints.
        """
        self._require_compiled("train_step")
        x = self._check_x(x, "Sequential.train_step")
        y = self._check_y(y, len(x), "Sequential.train_step")
        return self._train_batch(x, y)[0]

    def compute_loss(self, x: Any, y: Any, training: bool = False) -> float:
        """Loss on (x, y) plus the regularization penalty, without changing anything.

        ``training=False`` (default) runs Dropout and BatchNormalization in inference mode,
        so the value depends on the weights only (what a gradient check needs).
        """
        self._require_compiled("compute_loss")
        x = self._check_x(x, "Sequential.compute_loss")
        y = self._check_y(y, len(x), "Sequential.compute_loss")
        out = x
        for layer in self.layers:
            out = layer.forward(out, training)
        return float(self.loss.forward(out, y)) + self.penalty()

    def compute_gradients(self, x: Any, y: Any, training: bool = False) -> dict[str, np.ndarray]:
        """Gradient of :meth:`compute_loss` for every parameter: a dict keyed like ``params`` (copies)."""
        self.compute_loss(x, y, training)
        self._backward_loss()
        return {k: np.array(g, copy=True) for k, g in self.grads.items()}

    # -- fit ---------------------------------------------------------------------------------------
    def fit(
        self,
        x: Any,
        y: Any,
        batch_size: int = 32,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: Sequence[Callback] | None = None,
        validation_split: float = 0.0,
        validation_data: tuple | None = None,
        shuffle: bool = True,
        seed: int | None = None,
        initial_epoch: int = 0,
    ) -> History:
        """Train with mini-batch gradient descent; return the :class:`History`.

        Parameters
        ----------
        x : array, (N, *input_shape)
        y : array
            Class labels (N,) for ``sparse_categorical_crossentropy``, otherwise targets
            shaped like the output, (N, *output_shape) ((N,) is accepted for one output).
        batch_size : int
            Samples per gradient step; the last batch of an epoch may be smaller.
        epochs : int
            Passes over the training data.
        verbose : 0, 1, 2 or "auto"
            0 silent; 2 one line per epoch; 1 (= "auto") a line with a progress bar for
            about ten of the epochs. No timings are printed, so outputs are reproducible.
        callbacks : list of Callback
        validation_split : float in [0, 1)
            Keep this fraction of the samples, taken from the end of x and y before any
            shuffling, out of training and report ``val_`` logs on it.
        validation_data : tuple (x_val, y_val), optional
            Validation data given directly (overrides ``validation_split``).
        shuffle : bool
            Shuffle the training samples at the start of every epoch.
        seed : int, optional
            Seeds shuffling and dropout (and the weights, if this call builds the model and
            the model has no seed).
        initial_epoch : int
            Epoch to start counting from (to continue an earlier fit).

        Returns
        -------
        History
            ``history.history["loss"]``, ``["acc"]``, ``["val_loss"]``, ... one value per epoch.
            If the loss becomes NaN or infinite, training stops at once with a
            :class:`TrainingDivergedWarning`, and the epochs finished so far are kept.
        """
        self._require_compiled("fit")
        where = "Sequential.fit"
        batch_size = _whole(batch_size, "batch_size", 1)
        epochs = _whole(epochs, "epochs", 0)
        initial_epoch = _whole(initial_epoch, "initial_epoch", 0)
        if verbose == "auto":
            verbose = 1
        if verbose not in (0, 1, 2):
            raise MLCourseError(f"verbose must be 0, 1, 2 or 'auto', received {verbose!r}.")
        if seed is not None and (not isinstance(seed, (int, np.integer)) or seed < 0):
            raise MLCourseError(f"fit seed must be a whole number >= 0 or None, received {seed!r}.")
        if not 0.0 <= validation_split < 1.0:
            raise MLCourseError(f"validation_split must be in [0, 1), received {validation_split!r}.")

        x = self._check_x(x, where, seed=seed)
        y = self._check_y(y, len(x), where)
        val = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise MLCourseError(f"{where}: validation_data must be a pair (x_val, y_val), received {type(validation_data).__name__}.")
            xv = self._check_x(validation_data[0], where + " (validation_data)")
            val = (xv, self._check_y(validation_data[1], len(xv), where + " (validation_data)"))
        elif validation_split > 0.0:
            n_val = int(len(x) * validation_split)
            if n_val == 0 or n_val == len(x):
                raise MLCourseError(
                    f"{where}: validation_split={validation_split} of {len(x)} samples leaves "
                    f"{n_val} for validation and {len(x) - n_val} for training; both must be at least 1."
                )
            val = (x[-n_val:], y[-n_val:])
            x, y = x[:-n_val], y[:-n_val]
        n = len(x)
        if n == 0:
            raise MLCourseError(f"{where}: x has no samples.")

        if seed is not None:
            rng = np.random.default_rng(int(seed))
        else:
            rng = np.random.default_rng([self._init_seed(), self._fit_calls])
        self._fit_calls += 1
        self._reseed_layers(rng)

        history = History()
        cbs: list[Callback] = list(callbacks or [])
        for cb in cbs:
            if not isinstance(cb, Callback):
                raise MLCourseError(f"{where}: callbacks must be Callback objects, received {type(cb).__name__} {cb!r}.")
        cbs.append(history)
        if verbose:
            cbs.append(ProgressBar(verbose))
        steps = math.ceil(n / batch_size)
        names = [name for name, _ in self.metrics]
        log_keys = ["loss"] + names
        if val is not None:
            log_keys += ["val_" + k for k in log_keys]
        params = {"epochs": epochs, "steps": steps, "batch_size": batch_size, "samples": n,
                  "verbose": verbose, "metrics": log_keys}
        for cb in cbs:
            cb.set_model(self)
            cb.set_params(params)
        self.stop_training = False
        # overflow on the way to a NaN loss is reported once, as a divergence, not as numpy warnings
        with _blas_threads(BLAS_THREADS), np.errstate(over="ignore", invalid="ignore"):
            self._run_epochs(x, y, val, rng, cbs, history, batch_size, epochs, initial_epoch, shuffle)
        return history

    def _run_epochs(self, x: np.ndarray, y: np.ndarray, val: tuple | None, rng: np.random.Generator,
                    cbs: list[Callback], history: History, batch_size: int, epochs: int,
                    initial_epoch: int, shuffle: bool) -> None:
        """The training loop of :meth:`fit`, on checked arrays."""
        n = len(x)
        steps = math.ceil(n / batch_size)
        names = [name for name, _ in self.metrics]
        metric_fns = [fn for _, fn in self.metrics]
        epoch_begin = [cb for cb in cbs if _callbacks.overrides(cb, "on_epoch_begin")]
        batch_begin = [cb for cb in cbs if _callbacks.overrides(cb, "on_batch_begin")]
        batch_end = [cb for cb in cbs if _callbacks.overrides(cb, "on_batch_end")]
        for cb in cbs:
            cb.on_train_begin({})
        for epoch in range(initial_epoch, epochs):
            for cb in epoch_begin:
                cb.on_epoch_begin(epoch, {})
            xs, ys, order = x, y, None
            if shuffle and steps > 1:  # one batch holds every sample whatever the order
                order = rng.permutation(n)
                if x.nbytes <= _COPY_LIMIT:
                    xs, ys = x[order], y[order]  # the shuffled set in two calls; slices below
                    order = None
            loss_sum = 0.0
            metric_sums = [0.0] * len(metric_fns)
            diverged = False
            step_dicts = self._step_dicts()
            for b in range(steps):
                start = b * batch_size
                if order is None:
                    xb, yb = xs[start:start + batch_size], ys[start:start + batch_size]
                else:  # a large set: take each batch's rows rather than copy it all every epoch
                    rows = order[start:start + batch_size]
                    xb, yb = x[rows], y[rows]
                for cb in batch_begin:
                    cb.on_batch_begin(b, {"batch": b, "size": len(xb)})
                loss, out = self._train_batch(xb, yb, step_dicts)
                if not math.isfinite(loss):
                    self._report_divergence(history, epoch, b, loss)
                    diverged = True
                    break
                nb = len(xb)
                loss_sum += loss * nb
                values = [fn(yb, out) for fn in metric_fns]
                for j, v in enumerate(values):
                    metric_sums[j] += v * nb
                if batch_end:
                    logs = {"batch": b, "size": nb, "loss": float(loss)}
                    logs.update(zip(names, values))
                    for cb in batch_end:
                        cb.on_batch_end(b, logs)
            if diverged:
                break
            logs = {"loss": float(loss_sum / n)}
            for name, total in zip(names, metric_sums):
                logs[name] = float(total / n)
            if val is not None:
                for key, value in self._evaluate_arrays(*val, batch_size=None).items():
                    logs["val_" + key] = value
            for cb in cbs:
                cb.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        for cb in cbs:
            cb.on_train_end({})

    def _integer_input(self) -> bool:
        return bool(self.layers) and isinstance(self.layers[0], _layers.Embedding)

    def _reseed_layers(self, rng: np.random.Generator) -> None:
        """Give each Dropout without a seed of its own a stream derived from ``rng``."""
        for layer in self.layers:
            if isinstance(layer, _layers.Dropout) and layer.seed is None:
                layer._rng = np.random.default_rng(rng.integers(2**63))

    def _report_divergence(self, history: History, epoch: int, batch: int, loss: float) -> None:
        history.diverged = True
        history.diverged_at = (epoch + 1, batch + 1)
        self.stop_training = True
        lr = getattr(self.optimizer, "learning_rate", None)
        now = f" (now {lr:g})" if isinstance(lr, (int, float)) else ""
        kept = len(history.epoch)
        warnings.warn(
            f"Training diverged at epoch {epoch + 1}, batch {batch + 1}: the loss became {loss}. "
            f"Try a smaller learning rate{now}, or scale the inputs. "
            f"Training stopped; the History keeps the {kept} finished epoch{'s' if kept != 1 else ''}.",
            TrainingDivergedWarning,
            stacklevel=4,  # points at the user's call to fit
        )

    # -- evaluate / predict -----------------------------------------------------------------------
    def _evaluate_arrays(self, x: np.ndarray, y: np.ndarray, batch_size: int | None) -> dict[str, float]:
        n = len(x)
        size = batch_size or max(n, 1)
        loss_sum = 0.0
        sums = [0.0] * len(self.metrics)
        for start in range(0, n, size):
            xb, yb = x[start:start + size], y[start:start + size]
            out = xb
            for layer in self.layers:
                out = layer.forward(out, False)
            loss_sum += float(self.loss.forward(out, yb)) * len(xb)
            for j, (_, fn) in enumerate(self.metrics):
                sums[j] += fn(yb, out) * len(xb)
        logs = {"loss": float(loss_sum / n + self.penalty())}
        for (name, _), total in zip(self.metrics, sums):
            logs[name] = float(total / n)
        return logs

    def evaluate(self, x: Any, y: Any, batch_size: int | None = None, verbose: int = 0,
                 return_dict: bool = False) -> float | list[float] | dict[str, float]:
        """Loss (regularization included) and metrics on (x, y), in inference mode.

        Returns the loss alone when there are no metrics, else ``[loss, metric1, ...]``
        (or a dict with ``return_dict=True``). ``batch_size`` only limits memory use.
        """
        self._require_compiled("evaluate")
        x = self._check_x(x, "Sequential.evaluate")
        y = self._check_y(y, len(x), "Sequential.evaluate")
        if len(x) == 0:
            raise MLCourseError("Sequential.evaluate: x has no samples.")
        if batch_size is not None:
            batch_size = _whole(batch_size, "batch_size", 1)
        logs = self._evaluate_arrays(x, y, batch_size)
        if verbose:
            print(" - ".join(f"{k}: {v:.4f}" for k, v in logs.items()))
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def predict(self, x: Any, batch_size: int | None = None, verbose: int = 0) -> np.ndarray:
        """Outputs for x in inference mode: (N, *input_shape) -> (N, *output_shape)."""
        x = self._check_x(x, "Sequential.predict")
        if batch_size is None or len(x) <= batch_size:
            return self.forward(x, training=False)
        batch_size = _whole(batch_size, "batch_size", 1)
        return np.concatenate([self.forward(x[s:s + batch_size], training=False) for s in range(0, len(x), batch_size)])

    # -- weights ------------------------------------------------------------------------------------
    def _state_slots(self) -> list[tuple[str, Any, str]]:
        """Arrays that are saved but not trained (BatchNormalization's running statistics)."""
        slots = []
        for layer in self.layers:
            for key in _state_keys(layer):
                slots.append((f"{layer.index}.{key}", layer, key))
        return slots

    def _weight_slots(self) -> list[tuple[str, np.ndarray]]:
        self._ensure_built()
        slots = []
        for layer in self.layers:
            for key, arr in layer.params.items():
                slots.append((f"{layer.index}.{key}", arr))
            for key in _state_keys(layer):
                slots.append((f"{layer.index}.{key}", getattr(layer, key)))
        return slots

    def get_weights(self) -> list[np.ndarray]:
        """Copies of all weights, layer by layer: trained parameters, then running statistics."""
        return [np.array(arr, copy=True) for _, arr in self._weight_slots()]

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Copy ``weights`` (a list as from :meth:`get_weights`) into the model's arrays, in place.

        Every shape is checked before anything changes.
        """
        slots = self._weight_slots()
        weights = list(weights)
        if len(weights) != len(slots):
            raise MLCourseError(
                f"set_weights expected a list of {len(slots)} arrays ({', '.join(k for k, _ in slots)}), "
                f"received {len(weights)}."
            )
        new = [np.asarray(w) for w in weights]
        bad = [f"{k}: expected shape {a.shape}, received {w.shape}" for (k, a), w in zip(slots, new) if w.shape != a.shape]
        if bad:
            raise MLCourseError("set_weights: shapes do not match, nothing was changed: " + "; ".join(bad) + ".")
        for (_, arr), w in zip(slots, new):
            arr[...] = w

    def save_weights(self, path: str) -> None:
        """Save every weight to a ``.npz`` file (keys ``"0.W"``, ``"0.b"``, ...; no pickle)."""
        path = str(path)
        if not path.endswith(".npz"):
            raise MLCourseError(f"save_weights writes .npz files; give a path ending in .npz, received {path!r}.")
        np.savez(path, **{k: arr for k, arr in self._weight_slots()})

    def load_weights(self, path: str) -> None:
        """Load weights saved by :meth:`save_weights`.

        All keys and shapes are checked first; on any mismatch nothing changes and the
        error lists every mismatch.
        """
        slots = self._weight_slots()
        with np.load(str(path), allow_pickle=False) as data:
            stored = {k: data[k] for k in data.files}
        problems = []
        for key, arr in slots:
            if key not in stored:
                problems.append(f"{key} is missing from the file")
            elif stored[key].shape != arr.shape:
                problems.append(f"{key}: the model has shape {arr.shape}, the file {stored[key].shape}")
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
            kind = type(layer).__name__
            base = getattr(layer, "name", None)
            if not isinstance(base, str) or not base:
                base = _snake(kind)
            name = base if base not in counts else f"{base}_{counts[base]}"  # dense, dense_1, ...
            counts[base] = counts.get(base, 0) + 1
            n_params = sum(p.size for p in layer.params.values())
            rows.append((f"{name} ({kind})", str((None,) + shape), f"{n_params:,}"))
        total = self.count_params()
        frozen = sum(getattr(layer, key).size for layer in self.layers for key in _state_keys(layer))
        w1 = max([len("Layer (type)")] + [len(r[0]) for r in rows]) + 3
        w2 = max([len("Output Shape")] + [len(r[1]) for r in rows]) + 3
        w3 = max([len("Param #")] + [len(r[2]) for r in rows])
        line = "=" * (w1 + w2 + w3)
        out = [f'Model: "{self.name}"', "_" * (w1 + w2 + w3),
               f"{'Layer (type)':<{w1}}{'Output Shape':<{w2}}{'Param #':>{w3}}", line]
        for i, (a, b, c) in enumerate(rows):
            out.append(f"{a:<{w1}}{b:<{w2}}{c:>{w3}}")
            out.append(line if i == len(rows) - 1 else "_" * (w1 + w2 + w3))
        out += [f"Total params: {total + frozen:,}", f"Trainable params: {total:,}", f"Non-trainable params: {frozen:,}"]
        return "\n".join(out)

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        seed = f", seed={self.seed}" if self.seed is not None else ""
        return f"Sequential([{inner}]{seed})"


_STATE_NAMES = ("running_mean", "running_var")


def _state_keys(layer: Any) -> list[str]:
    return [k for k in _STATE_NAMES if isinstance(getattr(layer, k, None), np.ndarray)]


def _sample_shape(layer: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    """Output shape of one sample: layers map shapes with a batch axis, (None, 3) -> (None, 4)."""
    return tuple(layer.output_shape((None,) + tuple(shape))[1:])


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _whole(value: Any, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise MLCourseError(f"{name} must be a whole number >= {low}, received {value!r}.")
    return int(value)
