"""Core layers: ``Dense``, ``Activation``, ``Embedding`` and ``Flatten``."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import activations as _activations
from .. import constraints as _constraints
from .. import initializers as _initializers
from .. import regularizers as _regularizers
from .._checks import MLCourseError, check_rng, check_seed, check_whole
from .base import (Layer, build_from, check_dtype, check_features, check_float_input, layer_rng, shape_str)

__all__ = ["Dense", "Activation", "Embedding", "Flatten"]


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
        self.dtype = check_dtype(dtype, "Dense")
        self.seed = check_seed(seed, where="Dense")
        self._in: int | None = None
        self._x = self._z = self._out = None

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        input_shape = tuple(input_shape)
        if len(input_shape) < 2 or input_shape[-1] is None:
            raise MLCourseError(
                f"{self.where()} needs an input shape (batch, features) such as (None, 3), "
                f"received {shape_str(input_shape)}."
            )
        d = int(input_shape[-1])
        dtype = np.dtype(self.dtype or dtype or np.float64)
        rng = check_rng(rng) if rng is not None else layer_rng(self.seed)
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
            x = build_from(self, x)
        x = check_features(self, x, self._in)
        W = self.params["W"]
        z = x @ W
        if self.use_bias:
            z += self.params["b"]
        if z.dtype != x.dtype:  # weights in another precision: the output follows x
            z = z.astype(x.dtype)
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
            x = check_float_input(self, x)
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
        self.dtype = check_dtype(dtype, "Embedding")
        self.seed = check_seed(seed, where="Embedding")
        self._ids = None

    def build(self, input_shape: tuple, rng: Any = None, dtype: Any = None) -> None:
        dtype = np.dtype(self.dtype or dtype or np.float64)
        if dtype.kind != "f":  # a model may pass the dtype of the integer ids
            dtype = np.dtype(np.float64)
        rng = check_rng(rng) if rng is not None else layer_rng(self.seed)
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
