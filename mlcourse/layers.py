"""Layers: one class each, with ``forward`` and ``backward``.

The protocol every layer follows (see docs/architecture.md):

- ``layer.params`` and ``layer.grads`` are dicts of arrays with the same keys
  (``"W"``, ``"b"``, ``"gamma"``, ``"beta"``); layers without parameters have empty dicts.
- A layer declares what it owns, so a model asks instead of inspecting it:
  :meth:`Layer.add_weight` creates a parameter with its regularizer and constraint
  (``layer.regularizers[key]``, ``layer.constraints[key]``); :meth:`Layer.add_state`
  creates an array that is saved but not trained (``layer.state``, e.g. BatchNormalization's
  running statistics); :meth:`Layer.reseed` gives a layer that draws random numbers while
  training (Dropout) a new stream.
- ``layer.build(input_shape, rng, dtype=None)`` creates the parameters. ``input_shape``
  includes the batch axis, which may be ``None``: ``(None, 3)``, as in Keras.
  ``layer.output_shape(input_shape)`` maps such shapes, e.g. ``(None, 3) -> (None, 4)``.
  A layer that was not built builds itself on its first ``forward`` (parameters then take
  the dtype of that batch, and the random numbers come from the layer's ``seed``, else
  from ``numpy.random.default_rng(0)``).
- ``layer.forward(x, training=False) -> out`` caches only what ``backward`` needs.
- ``layer.backward(dout, need_input_grad=True) -> dx`` fills ``layer.grads`` and never
  changes ``params``, ``dout`` or the cached input. With ``need_input_grad=False`` (the first
  layer of a model in training) it may skip computing ``dx`` and return ``None``.
- ``layer.index`` (``None`` by default) is set by a model; error messages then say
  ``Dense(4) (layer 0)``.

Fusing softmax/sigmoid with cross-entropy: ``layer.activation`` names the activation a
layer applies last (``None`` for layers without one). ``Dense`` and ``Activation`` also
have ``backward_from_logits(dz, need_input_grad=True)``, where ``dz`` is the gradient with
respect to the input of that activation (for example ``loss.fused_backward()`` of a
cross-entropy loss, see ``mlcourse.losses``): the activation's own derivative is skipped.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import activations as _activations
from . import constraints as _constraints
from . import initializers as _initializers
from . import regularizers as _regularizers
from ._checks import MLCourseError, check_number, check_rng, check_seed, check_whole, show, snake_case


def _shape_str(shape) -> str:
    return "(" + ", ".join("None" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _check_input_shape(input_shape: Any, input_dim: Any, owner: str) -> tuple[int, ...] | None:
    """Keras' ``input_dim=3`` or ``input_shape=(3,)`` as a tuple of whole numbers >= 1."""
    if input_dim is not None:
        if input_shape is not None:
            raise MLCourseError(f"{owner}: give input_dim or input_shape, not both.")
        return (check_whole(input_dim, "input_dim", low=1, where=owner),)
    if input_shape is None:
        return None
    if not isinstance(input_shape, (tuple, list)):
        raise MLCourseError(
            f"{owner}: input_shape must be a tuple of sizes such as (3,) (the shape of one sample), "
            f"received {type(input_shape).__name__} {show(input_shape)}; for one axis write "
            f"input_shape=({show(input_shape)},) or input_dim={show(input_shape)}."
        )
    return tuple(check_whole(s, f"input_shape[{i}]", low=1, where=owner) for i, s in enumerate(input_shape))


class Layer:
    """Base class: a layer with no parameters that passes its input through.

    Attributes
    ----------
    params, grads : dict of str -> ndarray
        Parameters and their gradients, same keys.
    regularizers, constraints : dict of str -> object
        The regularizer and constraint of a parameter, by key (only those that have one).
    state : dict of str -> ndarray
        Arrays that are saved with the weights but not trained (running statistics).
    activation : ActivationFunction or None
        The activation the layer applies last, if any.
    name : str
    built : bool
    index : int or None
        Position in a model, set by the model; used in error messages.
    """

    activation: Any = None
    #: what the layer takes as input: "floats", or "ids" (integer ids, Embedding)
    input_kind = "floats"

    def __init__(self, name: str | None = None, input_shape: Any = None, input_dim: Any = None):
        if name is not None and not isinstance(name, str):
            raise MLCourseError(f"{type(self).__name__}: name must be a string, received {show(name)}.")
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.regularizers: dict[str, Any] = {}
        self.constraints: dict[str, Any] = {}
        self.state: dict[str, np.ndarray] = {}
        self.name = name or snake_case(type(self).__name__)
        self.built = False
        self.index: int | None = None
        # Per-sample input shape (without the batch axis), Keras' ``input_shape=``.
        self.input_shape = _check_input_shape(input_shape, input_dim, type(self).__name__)

    # -- protocol --
    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        """Create the parameters for inputs of ``input_shape`` (batch axis included)."""
        self.built = True

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """x: (N, ...) -> out: (N, ...)."""
        return x

    def backward(self, dout: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """dout: d loss / d out, shape of out -> d loss / d x, shape of x.

        ``need_input_grad=False`` allows a layer to skip ``dx`` (and return None) when
        nobody uses it, as for the first layer of a model in training.
        """
        return dout

    def output_shape(self, input_shape: tuple) -> tuple:
        """Shape of the output for an input of ``input_shape`` (batch axis included)."""
        return tuple(input_shape)

    def reseed(self, rng: np.random.Generator) -> None:
        """Take randomness used while training (dropout masks) from ``rng``; a layer with a
        seed of its own keeps it. Layers without randomness ignore this."""

    def __call__(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return self.forward(x, training=training)

    # -- declaring what the layer owns --
    def add_weight(self, key: str, value: np.ndarray, regularizer: Any = None, constraint: Any = None) -> np.ndarray:
        """Make ``value`` the trained parameter ``params[key]`` (gradient ``grads[key]``, zeros),
        with an optional regularizer (penalty added to the loss) and constraint (applied
        after every step)."""
        self.params[key] = value
        self.grads[key] = np.zeros_like(value)
        self.regularizers.pop(key, None)
        self.constraints.pop(key, None)
        if regularizer is not None:
            self.regularizers[key] = regularizer
        if constraint is not None:
            self.constraints[key] = constraint
        return value

    def add_state(self, key: str, value: np.ndarray) -> np.ndarray:
        """Make ``value`` an array the layer keeps and saves but does not train (``state[key]``)."""
        self.state[key] = value
        return value

    # -- helpers --
    def where(self) -> str:
        """How error messages refer to this layer: ``Dense(4) (layer 0)``."""
        return f"{self!r}" + ("" if self.index is None else f" (layer {self.index})")

    def count_params(self) -> int:
        return int(sum(v.size for v in self.params.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _float_dtype(x: np.ndarray) -> np.dtype:
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def _layer_rng(seed: int | None) -> np.random.Generator:
    return np.random.default_rng(0 if seed is None else seed)


def _check_float_input(layer: Layer, x: Any) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind != "f":
        hint = " (convert with x.astype(np.float64))" if x.dtype.kind in "iub" else ""
        raise MLCourseError(f"{layer.where()} expected float input, received dtype {x.dtype}{hint}.")
    return x


def _check_features(layer: Layer, x: Any, n_features: int | None) -> np.ndarray:
    """``x`` as a float array whose last axis has ``n_features`` features.

    Cheap when all is well (an ndarray of floats): this runs on every batch.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        x = _check_float_input(layer, x)
    if x.ndim < 2 or x.shape[-1] != n_features:
        raise MLCourseError(
            f"{layer.where()} expected input with {n_features} features, shape (N, {n_features}), "
            f"received shape {_shape_str(x.shape)}."
        )
    return x


def _build_from(layer: Layer, x: Any) -> np.ndarray:
    """Build ``layer`` from its first batch (float ``x``) when nobody built it yet."""
    x = _check_float_input(layer, x)
    if x.ndim < 2:
        raise MLCourseError(f"{layer.where()} expected input of shape (N, features), received shape {_shape_str(x.shape)}.")
    layer.build((None,) + tuple(x.shape[1:]), rng=_layer_rng(getattr(layer, "seed", None)),
                dtype=getattr(layer, "dtype", None) or _float_dtype(x))
    return x


class Dense(Layer):
    """Fully connected layer: ``out = activation(x @ W + b)``.

    x: (N, D) -> out: (N, units). Inputs with more axes (N, ..., D) act on the last axis.
    Parameters ``W``: (D, units), ``b``: (units,).

    Parameters
    ----------
    units : int
        Number of outputs.
    activation : str, ActivationFunction or None
        Applied after the affine map; ``None`` is ``"linear"``.
    input_dim, input_shape : int or tuple, optional
        Size of one input sample (Keras style); lets a model build without data.
    kernel_initializer, bias_initializer : str or callable
        See ``mlcourse.initializers``. Keras defaults: ``"glorot_uniform"`` and ``"zeros"``.
    kernel_regularizer, bias_regularizer : str or Regularizer, optional
        Declared with the parameter (``layer.regularizers``): a model adds ``reg(W)`` to the
        loss and ``reg.gradient(W)`` to ``grads["W"]``. Names (``"l2"``) resolve through
        ``mlcourse.regularizers``.
    kernel_constraint, bias_constraint : str or Constraint, optional
        Applied by a model after each step (``"max_norm"``, see ``mlcourse.constraints``).
    use_bias : bool
    dtype : numpy dtype, optional
        Parameter dtype. Default: float64 when built by a model, the dtype of the first batch
        when built lazily by ``forward``.
    seed : int, optional
        Seed for the initial weights when the layer builds itself.

    Integer input is refused: a float array is expected (``x.astype(np.float64)``).
    """

    def __init__(self, units: int, activation: Any = None, input_dim: int | None = None,
                 input_shape: tuple | None = None, kernel_initializer: Any = "glorot_uniform",
                 bias_initializer: Any = "zeros", kernel_regularizer: Any = None,
                 kernel_constraint: Any = None, use_bias: bool = True, dtype: Any = None,
                 name: str | None = None, seed: int | None = None, bias_regularizer: Any = None,
                 bias_constraint: Any = None):
        self.units = check_whole(units, "units", low=1, where="Dense")
        super().__init__(name=name, input_shape=input_shape, input_dim=input_dim)
        self.activation = _activations.get(activation)
        self.kernel_initializer = _initializers.get(kernel_initializer)
        self.bias_initializer = _initializers.get(bias_initializer)
        self.kernel_regularizer = _regularizers.get(kernel_regularizer)
        self.bias_regularizer = _regularizers.get(bias_regularizer)
        self.kernel_constraint = _constraints.get(kernel_constraint)
        self.bias_constraint = _constraints.get(bias_constraint)
        self.use_bias = bool(use_bias)
        self.dtype = _check_dtype(dtype, "Dense")
        self.seed = check_seed(seed, where="Dense")
        self._in: int | None = None
        self._x = self._z = self._out = None

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        input_shape = tuple(input_shape)
        if len(input_shape) < 2 or input_shape[-1] is None:
            raise MLCourseError(
                f"{self.where()} needs an input shape (batch, features) such as (None, 3), "
                f"received {_shape_str(input_shape)}."
            )
        d = int(input_shape[-1])
        dtype = np.dtype(self.dtype or dtype or np.float64)
        rng = check_rng(rng) if rng is not None else _layer_rng(self.seed)
        self._in = d
        W = self.kernel_initializer((d, self.units), rng, dtype).astype(dtype, copy=False)
        self.add_weight("W", W, self.kernel_regularizer, self.kernel_constraint)
        if self.use_bias:
            b = self.bias_initializer((self.units,), rng, dtype).astype(dtype, copy=False)
            self.add_weight("b", b, self.bias_regularizer, self.bias_constraint)
        self.built = True

    def output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape[:-1]) + (self.units,)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """x: (N, D) -> (N, units)."""
        if not self.built:
            x = _build_from(self, x)
        x = _check_features(self, x, self._in)
        W = self.params["W"]
        z = x @ W
        if self.use_bias:
            z += self.params["b"]
        z = z.astype(x.dtype, copy=False)  # weights in another precision: the output follows x
        out = self.activation(z)
        self._x, self._z, self._out = x, z, out
        return out

    def backward(self, dout: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """dout: (N, units) -> dx: (N, D); fills ``grads["W"]`` and ``grads["b"]``::

            dz = dout * f'(z)        (the activation's backward)
            dW = x.T @ dz,  db = sum of dz over the batch,  dx = dz @ W.T
        """
        if self._x is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        dz = self.activation.backward(self._z, self._out, dout)
        return self.backward_from_logits(dz, need_input_grad)

    def backward_from_logits(self, dz: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """The affine part of :meth:`backward`: ``dz`` is d loss / d z for ``z = x @ W + b``
        (e.g. ``(p - y) / N`` fused from softmax and cross-entropy)."""
        if self._x is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        W, x = self.params["W"], self._x
        if x.ndim != 2:  # (N, ..., D): every position counts as a sample
            x, dz = x.reshape(-1, self._in), dz.reshape(-1, self.units)
        dz = dz.astype(W.dtype, copy=False)  # no-op unless the weights have another precision
        self.grads["W"] = x.T @ dz
        if self.use_bias:
            self.grads["b"] = dz.sum(axis=0)
        if not need_input_grad:
            return None
        dx = dz @ W.T
        return dx.reshape(self._x.shape).astype(self._x.dtype, copy=False)

    def __repr__(self) -> str:
        act = "" if self.activation.name == "linear" else f", activation={self.activation.name!r}"
        return f"Dense({self.units}{act})"


def _check_dtype(dtype: Any, owner: str) -> np.dtype | None:
    if dtype is None:
        return None
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.kind != "f":
        raise MLCourseError(f"{owner}: dtype must be a float dtype such as np.float32, received {show(dtype)}.")
    return dt


class Activation(Layer):
    """An activation as its own layer: ``out = f(x)``, any shape.

    ``Activation("relu")``; names as in ``mlcourse.activations.get``. Softmax acts on the
    last axis.
    """

    def __init__(self, activation: Any, name: str | None = None, input_shape: tuple | None = None, **params: Any):
        super().__init__(name=name, input_shape=input_shape)
        self.activation = _activations.get(activation, **params)
        self._x = self._out = None

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
            x = _check_float_input(self, x)
        self.built = True
        out = self.activation(x)
        self._x, self._out = x, out
        return out

    def backward(self, dout: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        """dx = dout * f'(x) (for softmax, the vector-Jacobian product)."""
        if self._x is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        return self.activation.backward(self._x, self._out, dout)

    def backward_from_logits(self, dz: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        """``dz`` is already d loss / d x (fused softmax + loss): returned unchanged."""
        return dz

    def __repr__(self) -> str:
        return f"Activation({self.activation.name!r})"


class Dropout(Layer):
    """Inverted dropout: in training, zero each entry with probability ``rate`` and scale
    the rest by ``1 / (1 - rate)``; at inference, the identity.

    x: any shape. Randomness comes from ``seed`` if given, else from the ``rng`` passed to
    ``build`` or :meth:`reseed` (a model passes its own), else ``numpy.random.default_rng(0)``.

    ``fixed_mask``: set to an array of the input's shape (values 0 or ``1 / (1 - rate)``)
    to use that mask instead of drawing one, e.g. for a gradient check; ``None`` draws.
    """

    def __init__(self, rate: float, seed: int | None = None, name: str | None = None):
        self.rate = check_number(rate, "rate", low=0.0, high=1.0, high_open=True, where="Dropout")
        super().__init__(name=name)
        self.seed = check_seed(seed, where="Dropout")
        self.rng = None if seed is None else np.random.default_rng(seed)
        self.fixed_mask: np.ndarray | None = None
        self._mask = None

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        if self.rng is None:
            self.rng = check_rng(rng) if rng is not None else np.random.default_rng(0)
        self.built = True

    def reseed(self, rng: np.random.Generator) -> None:
        if self.seed is None:
            self.rng = np.random.default_rng(rng.integers(2**63))

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if not training or self.rate == 0:
            self._mask = None
            return x
        if not self.built:
            self.build(x.shape)
        if self.fixed_mask is not None:
            mask = np.asarray(self.fixed_mask, dtype=x.dtype)
            if mask.shape != x.shape:
                raise MLCourseError(
                    f"{self.where()}: fixed_mask has shape {mask.shape}, input has shape {x.shape}."
                )
        else:
            keep = 1.0 - self.rate
            mask = (self.rng.random(x.shape) < keep).astype(x.dtype) / x.dtype.type(keep)
        self._mask = mask
        return x * mask

    def backward(self, dout: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        if self._mask is None:  # inference mode or rate 0: the identity
            return dout
        return dout * self._mask

    def __repr__(self) -> str:
        return f"Dropout({self.rate!r})"


class BatchNormalization(Layer):
    """Batch normalization over the batch axis (and every axis but the last).

    x: (N, D) (or (N, ..., D)) -> out of the same shape::

        training:  xhat = (x - mean_batch) / sqrt(var_batch + epsilon)
        inference: xhat = (x - running_mean) / sqrt(running_var + epsilon)
        out = gamma * xhat + beta

    In training the running statistics move toward the batch statistics:
    ``running = momentum * running + (1 - momentum) * batch`` (biased batch variance).
    Parameters ``gamma`` (ones) and ``beta`` (zeros), shape (D,). ``running_mean`` (zeros)
    and ``running_var`` (ones) are state (``layer.state``), not parameters: no gradients,
    not optimized, but saved with the weights. Defaults follow Keras: ``momentum=0.99``,
    ``epsilon=1e-3``.
    """

    def __init__(self, momentum: float = 0.99, epsilon: float = 1e-3, name: str | None = None,
                 input_shape: tuple | None = None, dtype: Any = None):
        self.momentum = check_number(momentum, "momentum", low=0.0, high=1.0, where="BatchNormalization")
        self.epsilon = check_number(epsilon, "epsilon", low=0.0, low_open=True, where="BatchNormalization")
        super().__init__(name=name, input_shape=input_shape)
        self.dtype = _check_dtype(dtype, "BatchNormalization")
        self._d: int | None = None
        self._cache = None

    @property
    def running_mean(self) -> np.ndarray | None:
        return self.state.get("running_mean")

    @property
    def running_var(self) -> np.ndarray | None:
        return self.state.get("running_var")

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        input_shape = tuple(input_shape)
        if len(input_shape) < 2 or input_shape[-1] is None:
            raise MLCourseError(
                f"{self.where()} needs an input shape (batch, features), received {_shape_str(input_shape)}."
            )
        d = int(input_shape[-1])
        dtype = np.dtype(self.dtype or dtype or np.float64)
        self._d = d
        self.add_weight("gamma", np.ones(d, dtype=dtype))
        self.add_weight("beta", np.zeros(d, dtype=dtype))
        self.add_state("running_mean", np.zeros(d, dtype=dtype))
        self.add_state("running_var", np.ones(d, dtype=dtype))
        self.built = True

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if not self.built:
            x = _build_from(self, x)
        x = _check_features(self, x, self._d)
        axes = tuple(range(x.ndim - 1))
        gamma, beta = self.params["gamma"], self.params["beta"]
        if training:
            mean = x.mean(axis=axes)
            var = x.var(axis=axes)
            m = self.momentum
            # in place: the state arrays keep their identity (the model saves them)
            self.running_mean[...] = m * self.running_mean + (1 - m) * mean
            self.running_var[...] = m * self.running_var + (1 - m) * var
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.epsilon)
        xhat = (x - mean) * inv_std
        out = gamma * xhat + beta
        if out.dtype != x.dtype:
            out = out.astype(x.dtype)
            xhat = xhat.astype(x.dtype)
        self._cache = (xhat, inv_std, training, axes)
        return out

    def backward(self, dout: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        """dout: shape of x -> dx; fills ``grads["gamma"]`` and ``grads["beta"]``.

        Training mode, with ``m`` entries per feature and sums over the batch::

            dxhat = dout * gamma
            dx = inv_std / m * (m * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))
        """
        if self._cache is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        xhat, inv_std, training, axes = self._cache
        self.grads["gamma"] = np.sum(dout * xhat, axis=axes).astype(self.params["gamma"].dtype, copy=False)
        self.grads["beta"] = np.sum(dout, axis=axes).astype(self.params["beta"].dtype, copy=False)
        dxhat = dout * self.params["gamma"]
        if training:
            m = math.prod(xhat.shape[:-1])
            dx = (inv_std / m) * (m * dxhat - dxhat.sum(axis=axes) - xhat * (dxhat * xhat).sum(axis=axes))
        else:
            dx = dxhat * inv_std
        return dx.astype(dout.dtype, copy=False)

    def __repr__(self) -> str:
        return f"BatchNormalization(momentum={self.momentum!r}, epsilon={self.epsilon!r})"


class Embedding(Layer):
    """Lookup table: integer ids -> rows of ``W``.

    ids: (N,) or (N, T) integers in ``[0, input_dim)`` -> out: (N, output_dim) or
    (N, T, output_dim). Parameter ``W``: (input_dim, output_dim), initialized uniform on
    [-0.05, 0.05) (Keras). ``backward`` scatters ``dout`` back onto the rows used
    (``np.add.at``, so a repeated id collects every gradient) and returns ``None``: ids have
    no gradient, so an Embedding must be the first layer (``input_kind = "ids"``).
    """

    #: what the layer takes as input; a model checks its data accordingly
    input_kind = "ids"

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer: Any = "uniform",
                 input_length: int | None = None, dtype: Any = None, name: str | None = None,
                 seed: int | None = None):
        self.input_dim = check_whole(input_dim, "input_dim", low=1, where="Embedding")
        self.output_dim = check_whole(output_dim, "output_dim", low=1, where="Embedding")
        super().__init__(name=name, input_dim=input_length)
        self.embeddings_initializer = _initializers.get(embeddings_initializer)
        self.dtype = _check_dtype(dtype, "Embedding")
        self.seed = check_seed(seed, where="Embedding")
        self._ids = None

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        dtype = np.dtype(self.dtype or dtype or np.float64)
        if dtype.kind != "f":  # a model may pass the dtype of the integer ids
            dtype = np.dtype(np.float64)
        rng = check_rng(rng) if rng is not None else _layer_rng(self.seed)
        W = self.embeddings_initializer((self.input_dim, self.output_dim), rng, dtype)
        self.add_weight("W", W.astype(dtype, copy=False))
        self.built = True

    def output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape) + (self.output_dim,)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        ids = np.asarray(x)
        if ids.dtype.kind not in "iu":
            if ids.dtype.kind == "f" and ids.size and np.all(ids == np.round(ids)):
                hint = " (they look whole: convert with ids.astype(int))"
            else:
                hint = ""
            raise MLCourseError(f"{self.where()} expected integer ids, received dtype {ids.dtype}{hint}.")
        if ids.ndim not in (1, 2):
            raise MLCourseError(f"{self.where()} expected ids of shape (N,) or (N, T), received shape {ids.shape}.")
        if not self.built:
            self.build(ids.shape, dtype=self.dtype or np.float64)
        if ids.size:
            lo, hi = ids.min(), ids.max()
            if lo < 0 or hi >= self.input_dim:
                bad = lo if lo < 0 else hi
                raise MLCourseError(
                    f"{self.where()} received the id {int(bad)}; ids must be in 0 .. {self.input_dim - 1} "
                    f"(input_dim={self.input_dim})."
                )
        self._ids = ids
        return self.params["W"][ids]

    def backward(self, dout: np.ndarray, need_input_grad: bool = True) -> None:
        """Fills ``grads["W"]``: row ``i`` is the sum of ``dout`` over the positions with id ``i``."""
        if self._ids is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        dW = np.zeros_like(self.params["W"])
        np.add.at(dW, self._ids, dout)
        self.grads["W"] = dW
        return None

    def __repr__(self) -> str:
        return f"Embedding({self.input_dim}, {self.output_dim})"


class Flatten(Layer):
    """Flatten every axis but the batch axis: (N, d1, d2, ...) -> (N, d1 * d2 * ...)."""

    def __init__(self, name: str | None = None, input_shape: tuple | None = None):
        super().__init__(name=name, input_shape=input_shape)
        self._shape = None

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim < 1:
            raise MLCourseError(f"{self.where()} expected an input with a batch axis, received a scalar.")
        self.built = True
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        return dout.reshape(self._shape)

    def output_shape(self, input_shape: tuple) -> tuple:
        rest = input_shape[1:]
        size = None if any(s is None for s in rest) else math.prod(rest)
        return (input_shape[0], size)

    def __repr__(self) -> str:
        return "Flatten()"
