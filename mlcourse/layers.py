"""Layers: one class each, with ``forward`` and ``backward``.

The protocol every layer follows (see docs/architecture.md):

- ``layer.params`` and ``layer.grads`` are dicts of arrays with the same keys
  (``"W"``, ``"b"``, ``"gamma"``, ``"beta"``); layers without parameters have empty dicts.
- ``layer.build(input_shape, rng, dtype=None)`` creates the parameters. ``input_shape``
  includes the batch axis, which may be ``None``: ``(None, 3)``, as in Keras.
  ``layer.output_shape(input_shape)`` maps such shapes, e.g. ``(None, 3) -> (None, 4)``.
  A layer that was not built builds itself on its first ``forward`` (parameters then take
  the dtype of that batch, and the random numbers come from ``rng`` given to the layer's
  constructor as ``seed``, else from ``numpy.random.default_rng(0)``).
- ``layer.forward(x, training=False) -> out`` caches only what ``backward`` needs.
- ``layer.backward(dout) -> dx`` fills ``layer.grads`` and never changes ``params``,
  ``dout`` or the cached input. It writes into the arrays of ``layer.grads`` in place: their
  identity never changes after ``build``, so a model may keep references to them.
- ``layer.index`` (``None`` by default) is set by a model; error messages then say
  ``Dense(4) (layer 0)``.

Fusing softmax/sigmoid with cross-entropy: ``Dense.backward`` and ``Activation.backward``
take ``skip_activation=True``; ``dout`` is then the gradient with respect to the input of
the activation (for example ``loss.fused_backward()`` of a cross-entropy loss, see
``mlcourse.losses``), and the activation's own derivative is not applied.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import activations as _activations
from . import initializers as _initializers
from ._checks import MLCourseError, check_rng


def _shape_str(shape) -> str:
    return "(" + ", ".join("None" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


class Layer:
    """Base class: a layer with no parameters that passes its input through.

    Attributes
    ----------
    params, grads : dict of str -> ndarray
        Parameters and their gradients, same keys.
    name : str
    built : bool
    index : int or None
        Position in a model, set by the model; used in error messages.
    """

    def __init__(self, name: str | None = None, input_shape: tuple | None = None):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.name = name or _snake(type(self).__name__)
        self.built = False
        self.index: int | None = None
        # Per-sample input shape (without the batch axis), Keras' ``input_shape=``.
        self.input_shape = None if input_shape is None else tuple(int(s) for s in input_shape)

    # -- protocol --
    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        """Create the parameters for inputs of ``input_shape`` (batch axis included)."""
        self.built = True

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """x: (N, ...) -> out: (N, ...)."""
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: d loss / d out, shape of out -> d loss / d x, shape of x."""
        return dout

    def output_shape(self, input_shape: tuple) -> tuple:
        """Shape of the output for an input of ``input_shape`` (batch axis included)."""
        return tuple(input_shape)

    def __call__(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return self.forward(x, training=training)

    # -- helpers --
    def where(self) -> str:
        """How error messages refer to this layer: ``Dense(4) (layer 0)``."""
        return f"{self!r}" + ("" if self.index is None else f" (layer {self.index})")

    def _lazy_build(self, x: np.ndarray) -> None:
        rng = getattr(self, "_rng", None) or np.random.default_rng(0)
        self.build((None,) + tuple(x.shape[1:]), rng=rng, dtype=getattr(self, "dtype", None) or _float_dtype(x))

    def _zero_grads(self) -> None:
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def count_params(self) -> int:
        return int(sum(v.size for v in self.params.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _snake(name: str) -> str:
    out = "".join("_" + c.lower() if c.isupper() else c for c in name)
    return out.lstrip("_")


def _float_dtype(x: np.ndarray) -> np.dtype:
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def _check_float_input(layer: Layer, x: Any) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind != "f":
        hint = " (convert with x.astype(np.float64))" if x.dtype.kind in "iub" else ""
        raise MLCourseError(f"{layer.where()} expected float input, received dtype {x.dtype}{hint}.")
    return x


def _check_features(layer: Layer, x: Any, attr: str) -> np.ndarray:
    """``x`` as a float array whose last axis has ``getattr(layer, attr)`` features; builds
    ``layer`` from ``x`` first when it is not built yet.

    Cheap when all is well (an ndarray of floats): this runs on every batch.
    """
    if not layer.built:
        x = _check_float_input(layer, x)
        layer._lazy_build(x)
    elif type(x) is not np.ndarray or x.dtype.kind != "f":
        x = _check_float_input(layer, x)
    n_features = getattr(layer, attr)
    if x.ndim < 2 or x.shape[-1] != n_features:
        raise MLCourseError(
            f"{layer.where()} expected input with {n_features} features, shape (N, {n_features}), "
            f"received shape {_shape_str(x.shape)}."
        )
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
    kernel_regularizer, kernel_constraint : str or object, optional
        Stored for the model, which adds ``regularizer(W)`` to the loss and
        ``regularizer.gradient(W)`` to ``grads["W"]``, and applies ``constraint(W)`` after
        each step. Names (``"l2"``, ``"max_norm"``) resolve through ``mlcourse.regularizers``
        and ``mlcourse.constraints`` on first access.
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
                 name: str | None = None, seed: int | None = None):
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1:
            raise MLCourseError(f"Dense: units must be a positive integer, received units={units!r}.")
        if input_dim is not None:
            input_shape = (input_dim,)
        super().__init__(name=name, input_shape=input_shape)
        self.units = int(units)
        self.activation = _activations.get(activation)
        self._linear = self.activation.name == "linear"
        self.kernel_initializer = _initializers.get(kernel_initializer)
        self.bias_initializer = _initializers.get(bias_initializer)
        self._kernel_regularizer = kernel_regularizer
        self._kernel_constraint = kernel_constraint
        self.use_bias = bool(use_bias)
        self.dtype = None if dtype is None else np.dtype(dtype)
        self._rng = None if seed is None else np.random.default_rng(seed)
        self._in: int | None = None
        self._x = self._z = self._out = None

    @property
    def kernel_regularizer(self):
        if isinstance(self._kernel_regularizer, str):
            from . import regularizers
            self._kernel_regularizer = regularizers.get(self._kernel_regularizer)
        return self._kernel_regularizer

    @property
    def kernel_constraint(self):
        if isinstance(self._kernel_constraint, str):
            from . import constraints
            self._kernel_constraint = constraints.get(self._kernel_constraint)
        return self._kernel_constraint

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        input_shape = tuple(input_shape)
        if len(input_shape) < 2 or input_shape[-1] is None:
            raise MLCourseError(
                f"{self.where()} needs an input shape (batch, features) such as (None, 3), "
                f"received {_shape_str(input_shape)}."
            )
        d = int(input_shape[-1])
        dtype = np.dtype(self.dtype or dtype or np.float64)
        rng = check_rng(rng) if rng is not None else (self._rng or np.random.default_rng(0))
        self._in = d
        self.params = {"W": self.kernel_initializer((d, self.units), rng, dtype).astype(dtype, copy=False)}
        if self.use_bias:
            self.params["b"] = self.bias_initializer((self.units,), rng, dtype).astype(dtype, copy=False)
        self._zero_grads()
        self.built = True

    def output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape[:-1]) + (self.units,)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """x: (N, D) -> (N, units)."""
        x = _check_features(self, x, "_in")
        z = x @ self.params["W"]
        if self.use_bias:
            z += self.params["b"]
        if z.dtype != x.dtype:  # parameters in another precision: the output follows the input
            z = z.astype(x.dtype)
        self._x = x
        if self._linear:
            self._z = self._out = z
            return z
        out = self.activation(z)
        self._z, self._out = z, out
        return out

    def backward(self, dout: np.ndarray, skip_activation: bool = False) -> np.ndarray:
        """dout: (N, units) -> dx: (N, D); fills ``grads["W"]`` and ``grads["b"]``.

        With ``skip_activation=True``, ``dout`` is already the gradient with respect to the
        pre-activation ``z = x @ W + b`` (used to fuse softmax with cross-entropy).
        """
        dz = self._param_grads(dout, skip_activation)
        dx = dz @ self.params["W"].T
        if dx.dtype != self._x.dtype:
            dx = dx.astype(self._x.dtype)
        return dx

    def _param_grads(self, dout: np.ndarray, skip_activation: bool = False) -> np.ndarray:
        """The first half of ``backward``: fill ``grads`` and return ``dz``, not ``dx``.

        A model calls this for its first layer during training: nothing uses the gradient
        with respect to the data, and ``dz @ W.T`` costs as much as the forward product.
        """
        if self._x is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        if self._linear or skip_activation:
            dz = dout
        else:
            dz = self.activation.backward(self._z, self._out, dout)
        x = self._x
        if x.ndim != 2:  # (N, ..., D): every position counts as a sample
            x = x.reshape(-1, x.shape[-1])
            dz = dz.reshape(-1, self.units)
        np.matmul(x.T, dz, out=self.grads["W"])
        if self.use_bias:
            # the method form skips np.sum's Python wrapper, which costs more than summing a small batch
            dz.sum(axis=0, out=self.grads["b"])
        return dz if dz.ndim == dout.ndim else dz.reshape(dout.shape)

    def __repr__(self) -> str:
        act = "" if self._linear else f", activation={self.activation.name!r}"
        return f"Dense({self.units}{act})"


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
        if type(x) is not np.ndarray or x.dtype.kind != "f":
            x = _check_float_input(self, x)
        self.built = True
        out = self.activation(x)
        self._x, self._out = x, out
        return out

    def backward(self, dout: np.ndarray, skip_activation: bool = False) -> np.ndarray:
        """With ``skip_activation=True`` returns ``dout`` unchanged (fused softmax + loss)."""
        if skip_activation:
            return dout
        if self._x is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        return self.activation.backward(self._x, self._out, dout)

    def __repr__(self) -> str:
        return f"Activation({self.activation.name!r})"


class Dropout(Layer):
    """Inverted dropout: in training, zero each entry with probability ``rate`` and scale
    the rest by ``1 / (1 - rate)``; at inference, the identity.

    x: any shape. Randomness comes from ``seed`` if given, else from the ``rng`` passed to
    ``build`` (a model passes its own), else ``numpy.random.default_rng(0)``.

    ``fixed_mask``: set to an array of the input's shape (values 0 or ``1 / (1 - rate)``)
    to use that mask instead of drawing one, e.g. for a gradient check; ``None`` draws.
    """

    def __init__(self, rate: float, seed: int | None = None, name: str | None = None):
        if not isinstance(rate, (int, float, np.floating)) or not 0 <= rate < 1:
            raise MLCourseError(f"Dropout: rate must be in [0, 1), received rate={rate!r}.")
        super().__init__(name=name)
        self.rate = float(rate)
        self.seed = seed
        self._rng = None if seed is None else np.random.default_rng(seed)
        self.fixed_mask: np.ndarray | None = None
        self._mask = None

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        if self._rng is None:
            self._rng = check_rng(rng) if rng is not None else np.random.default_rng(0)
        self.built = True

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
            mask = (self._rng.random(x.shape) < keep).astype(x.dtype) / x.dtype.type(keep)
        self._mask = mask
        return x * mask

    def backward(self, dout: np.ndarray) -> np.ndarray:
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
    and ``running_var`` (ones) are state, not parameters: no gradients, not optimized.
    Defaults follow Keras: ``momentum=0.99``, ``epsilon=1e-3``.
    """

    def __init__(self, momentum: float = 0.99, epsilon: float = 1e-3, name: str | None = None,
                 input_shape: tuple | None = None, dtype: Any = None):
        if not 0 <= momentum <= 1:
            raise MLCourseError(f"BatchNormalization: momentum must be in [0, 1], received momentum={momentum!r}.")
        if not epsilon > 0:
            raise MLCourseError(f"BatchNormalization: epsilon must be positive, received epsilon={epsilon!r}.")
        super().__init__(name=name, input_shape=input_shape)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.dtype = None if dtype is None else np.dtype(dtype)
        self.running_mean: np.ndarray | None = None
        self.running_var: np.ndarray | None = None
        self._d: int | None = None
        self._cache = None

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        input_shape = tuple(input_shape)
        if len(input_shape) < 2 or input_shape[-1] is None:
            raise MLCourseError(
                f"{self.where()} needs an input shape (batch, features), received {_shape_str(input_shape)}."
            )
        d = int(input_shape[-1])
        dtype = np.dtype(self.dtype or dtype or np.float64)
        self._d = d
        self.params = {"gamma": np.ones(d, dtype=dtype), "beta": np.zeros(d, dtype=dtype)}
        self.running_mean = np.zeros(d, dtype=dtype)
        self.running_var = np.ones(d, dtype=dtype)
        self._zero_grads()
        self.built = True

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        x = _check_features(self, x, "_d")
        axes = tuple(range(x.ndim - 1))
        gamma, beta = self.params["gamma"], self.params["beta"]
        if training:
            mean = x.mean(axis=axes)
            var = x.var(axis=axes)
            m = self.momentum
            self.running_mean *= m
            self.running_mean += (1 - m) * mean
            self.running_var *= m
            self.running_var += (1 - m) * var
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

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: shape of x -> dx; fills ``grads["gamma"]`` and ``grads["beta"]``.

        Training mode, with ``m`` entries per feature and sums over the batch::

            dxhat = dout * gamma
            dx = inv_std / m * (m * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))
        """
        if self._cache is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        xhat, inv_std, training, axes = self._cache
        np.sum(dout * xhat, axis=axes, out=self.grads["gamma"])
        np.sum(dout, axis=axes, out=self.grads["beta"])
        dxhat = dout * self.params["gamma"]
        if training:
            m = math.prod(xhat.shape[:-1])
            dx = (inv_std / m) * (m * dxhat - dxhat.sum(axis=axes) - xhat * (dxhat * xhat).sum(axis=axes))
        else:
            dx = dxhat * inv_std
        if dx.dtype != dout.dtype:
            dx = dx.astype(dout.dtype)
        return dx

    def __repr__(self) -> str:
        return f"BatchNormalization(momentum={self.momentum!r}, epsilon={self.epsilon!r})"


class Embedding(Layer):
    """Lookup table: integer ids -> rows of ``W``.

    ids: (N,) or (N, T) integers in ``[0, input_dim)`` -> out: (N, output_dim) or
    (N, T, output_dim). Parameter ``W``: (input_dim, output_dim), initialized uniform on
    [-0.05, 0.05) (Keras). ``backward`` scatters ``dout`` back onto the rows used
    (``np.add.at``, so a repeated id collects every gradient) and returns ``None``: ids have
    no gradient, so an Embedding must be the first layer.
    """

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer: Any = "uniform",
                 input_length: int | None = None, dtype: Any = None, name: str | None = None,
                 seed: int | None = None):
        for key, val in (("input_dim", input_dim), ("output_dim", output_dim)):
            if isinstance(val, bool) or not isinstance(val, (int, np.integer)) or val < 1:
                raise MLCourseError(f"Embedding: {key} must be a positive integer, received {key}={val!r}.")
        super().__init__(name=name, input_shape=None if input_length is None else (input_length,))
        self.input_dim = int(input_dim)
        self.output_dim = int(output_dim)
        self.embeddings_initializer = _initializers.get(embeddings_initializer)
        self.dtype = None if dtype is None else np.dtype(dtype)
        self._rng = None if seed is None else np.random.default_rng(seed)
        self._ids = None

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        dtype = np.dtype(self.dtype or dtype or np.float64)
        if dtype.kind != "f":  # a model may pass the dtype of the integer ids
            dtype = np.dtype(np.float64)
        rng = check_rng(rng) if rng is not None else (self._rng or np.random.default_rng(0))
        W = self.embeddings_initializer((self.input_dim, self.output_dim), rng, dtype)
        self.params = {"W": W.astype(dtype, copy=False)}
        self._zero_grads()
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

    def backward(self, dout: np.ndarray) -> None:
        if self._ids is None:
            raise MLCourseError(f"{self.where()}: call forward before backward.")
        dW = self.grads["W"]
        dW.fill(0)
        np.add.at(dW, self._ids, dout)
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

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout.reshape(self._shape)

    def output_shape(self, input_shape: tuple) -> tuple:
        rest = input_shape[1:]
        size = None if any(s is None for s in rest) else math.prod(rest)
        return (input_shape[0], size)

    def __repr__(self) -> str:
        return "Flatten()"
