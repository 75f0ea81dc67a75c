"""Layers that act differently in training and at inference: ``Dropout`` and ``BatchNormalization``."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._checks import MLCourseError, check_number, check_rng, check_seed
from .base import Layer, build_from, check_dtype, check_features, shape_str

__all__ = ["Dropout", "BatchNormalization"]


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
        self.dtype = check_dtype(dtype, "BatchNormalization")
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
                f"{self.where()} needs an input shape (batch, features), received {shape_str(input_shape)}."
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
            x = build_from(self, x)
        x = check_features(self, x, self._d)
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
