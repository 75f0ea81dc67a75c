"""Activation functions and their derivatives.

Every activation ``f`` comes with ``f_grad(x)``, the derivative of ``f`` with respect to
its input, evaluated at ``x`` (same shape as ``x``). All functions are vectorized and keep
the dtype of a float input (float32 in, float32 out); integer input is computed in float64.

``softmax`` is not elementwise: ``softmax_grad(x)`` returns the full Jacobian, and
``softmax_backward(x, dout)`` the vector-Jacobian product a layer needs.

``get(name)`` turns a Keras name (``"relu"``) into an :class:`ActivationFunction`, the
object layers use: ``act(x)`` computes the activation, ``act.backward(x, out, dout)`` the
gradient with respect to ``x``.

Conventions at kinks: ``relu_grad(0) = 0``, ``leaky_relu_grad(0) = alpha``,
``step_grad(x) = 0`` everywhere (the step has no useful derivative; that is why the
perceptron rule, not gradient descent, trains step units).
"""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ._checks import MLCourseError, resolve

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715


def _as_float(x: Any) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind == "f":
        return x
    if x.dtype.kind in "iub":
        return x.astype(np.float64)
    raise MLCourseError(f"activations take numbers, received an array of dtype {x.dtype}.")


# --- elementwise activations -------------------------------------------------------------

def step(x: Any) -> np.ndarray:
    """Heaviside step: 1 where ``x > 0``, else 0. x: any shape."""
    x = _as_float(x)
    return (x > 0).astype(x.dtype)


def step_grad(x: Any) -> np.ndarray:
    """Derivative of ``step``: 0 everywhere (undefined at 0; we return 0 there too)."""
    x = _as_float(x)
    return np.zeros_like(x)


def identity(x: Any) -> np.ndarray:
    """Identity (Keras calls it ``"linear"``): ``f(x) = x``."""
    return _as_float(x)


linear = identity


def identity_grad(x: Any) -> np.ndarray:
    """Derivative of ``identity``: 1 everywhere."""
    return np.ones_like(_as_float(x))


linear_grad = identity_grad


def sigmoid(x: Any) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow.

    With ``e = exp(-|x|)`` (never above 1): ``1 / (1 + e)`` for ``x >= 0`` and
    ``e / (1 + e)`` for ``x < 0``; both are the sigmoid.
    """
    x = _as_float(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1, e) / (1 + e)  # numerator 1 where x >= 0, else e


def sigmoid_grad(x: Any, out: np.ndarray | None = None) -> np.ndarray:
    """Derivative of ``sigmoid``: ``s * (1 - s)`` with ``s = sigmoid(x)``.

    ``out``: ``sigmoid(x)`` if it is already computed (a layer keeps it from ``forward``).
    """
    s = sigmoid(x) if out is None else out
    return s * (1 - s)


def tanh(x: Any) -> np.ndarray:
    """Hyperbolic tangent."""
    return np.tanh(_as_float(x))


def tanh_grad(x: Any, out: np.ndarray | None = None) -> np.ndarray:
    """Derivative of ``tanh``: ``1 - tanh(x)**2``.

    ``out``: ``tanh(x)`` if it is already computed (a layer keeps it from ``forward``).
    """
    t = np.tanh(_as_float(x)) if out is None else out
    return 1 - t * t


def relu(x: Any) -> np.ndarray:
    """Rectified linear unit ``max(x, 0)``."""
    x = _as_float(x)
    return np.maximum(x, 0)


def relu_grad(x: Any) -> np.ndarray:
    """Derivative of ``relu``: 1 where ``x > 0``, else 0 (0 at the kink ``x = 0``)."""
    x = _as_float(x)
    return (x > 0).astype(x.dtype)


def leaky_relu(x: Any, alpha: float = 0.01) -> np.ndarray:
    """Leaky ReLU: ``x`` where ``x > 0``, else ``alpha * x``."""
    x = _as_float(x)
    return np.where(x > 0, x, alpha * x).astype(x.dtype, copy=False)


def leaky_relu_grad(x: Any, alpha: float = 0.01) -> np.ndarray:
    """Derivative of ``leaky_relu``: 1 where ``x > 0``, else ``alpha``."""
    x = _as_float(x)
    return np.where(x > 0, 1, alpha).astype(x.dtype)


def elu(x: Any, alpha: float = 1.0) -> np.ndarray:
    """Exponential linear unit: ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``."""
    x = _as_float(x)
    neg = alpha * np.expm1(np.minimum(x, 0))  # min(x, 0): no overflow for large x
    return np.where(x > 0, x, neg).astype(x.dtype, copy=False)


def elu_grad(x: Any, alpha: float = 1.0) -> np.ndarray:
    """Derivative of ``elu``: 1 where ``x > 0``, else ``alpha * exp(x)``."""
    x = _as_float(x)
    return np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype, copy=False)


def gelu(x: Any) -> np.ndarray:
    """Gaussian error linear unit, tanh approximation (Hendrycks & Gimpel, 2016).

    ``gelu(x) = 0.5 * x * (1 + tanh(u))`` with ``u = sqrt(2/pi) * (x + 0.044715 x^3)``.
    This is Keras' ``gelu(approximate=True)`` and the form used by GPT-2 and BERT; it stays
    within about 1e-3 of the exact ``x * Phi(x)`` and is smooth, so it is gradient-checked.
    """
    x = _as_float(x)
    u = _SQRT_2_OVER_PI * (x + _GELU_C * x * x * x)
    return 0.5 * x * (1 + np.tanh(u))


def gelu_grad(x: Any) -> np.ndarray:
    """Derivative of ``gelu``:
    ``0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)``, ``t = tanh(u)``.
    """
    x = _as_float(x)
    t = np.tanh(_SQRT_2_OVER_PI * (x + _GELU_C * x * x * x))
    du = _SQRT_2_OVER_PI * (1 + 3 * _GELU_C * x * x)
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du


# --- softmax -----------------------------------------------------------------------------

def softmax(x: Any, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: ``exp(x_i) / sum_j exp(x_j)``.

    x: (N, K) logits (any shape works; ``axis`` picks the class axis). Subtracting the
    maximum first changes nothing mathematically and keeps ``exp`` from overflowing, so
    logits of 1e4 are fine.
    """
    x = _as_float(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x: Any, axis: int = -1) -> np.ndarray:
    """Logarithm of ``softmax``, computed as ``z - log(sum(exp(z)))`` with ``z = x - max``.

    Finite even where ``softmax`` underflows to 0 (e.g. logits ``[1e4, -1e4]``).
    """
    x = _as_float(x)
    z = x - np.max(x, axis=axis, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


def softmax_grad(x: Any, axis: int = -1) -> np.ndarray:
    """Jacobian of ``softmax``: x (..., K) -> (..., K, K) with ``J[i, j] = s_i (delta_ij - s_j)``.

    The class axis is moved last first. Layers never build this matrix; they use
    ``softmax_backward``.
    """
    s = np.moveaxis(softmax(x, axis=axis), axis, -1)
    return s[..., :, None] * (np.eye(s.shape[-1], dtype=s.dtype) - s[..., None, :])


def softmax_backward(x: Any, dout: Any, axis: int = -1, out: np.ndarray | None = None) -> np.ndarray:
    """Vector-Jacobian product of ``softmax``: ``s * (dout - sum(dout * s))`` along ``axis``.

    x, dout: same shape. ``out`` may pass an already computed ``softmax(x)``.
    """
    s = softmax(x, axis=axis) if out is None else out
    return s * (dout - np.sum(dout * s, axis=axis, keepdims=True))


def log_softmax_backward(x: Any, dout: Any, axis: int = -1) -> np.ndarray:
    """Vector-Jacobian product of ``log_softmax``: ``dout - softmax(x) * sum(dout)``."""
    return dout - softmax(x, axis=axis) * np.sum(dout, axis=axis, keepdims=True)


# --- objects for layers ------------------------------------------------------------------

class ActivationFunction:
    """An activation bundled with its derivative, as layers use it.

    ``act(x)`` applies the function; ``act.grad(x)`` is the elementwise derivative;
    ``act.backward(x, out, dout)`` returns ``d loss / d x = dout * f'(x)`` given
    ``dout = d loss / d out``. Softmax is not elementwise: its ``backward`` is the
    vector-Jacobian product ``softmax_backward`` (using ``out``, the softmax already computed).
    """

    def __init__(self, name: str, fn: Callable, grad: Callable | None = None, *, grad_takes_out: bool = False,
                 **params: Any):
        self.name = name
        self.params = params
        self.fn = fn
        self.grad_fn = grad
        self.grad_takes_out = grad_takes_out  # grad(x, out=f(x)) reuses the output (sigmoid, tanh)

    def __call__(self, x: Any) -> np.ndarray:
        return self.fn(x, **self.params)

    def grad(self, x: Any) -> np.ndarray:
        if self.grad_fn is None:
            raise MLCourseError(f"{self!r} is not elementwise; use .backward(x, out, dout).")
        return self.grad_fn(x, **self.params)

    def backward(self, x: np.ndarray, out: np.ndarray, dout: np.ndarray) -> np.ndarray:
        if self.grad_takes_out:
            return dout * self.grad_fn(x, out=out)
        return dout * self.grad(x)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"ActivationFunction({self.name!r}{extra})"


class SoftmaxFunction(ActivationFunction):
    """Softmax over the last axis as an activation; ``backward`` is ``softmax_backward``."""

    def __init__(self) -> None:
        super().__init__("softmax", softmax)

    def backward(self, x: np.ndarray, out: np.ndarray, dout: np.ndarray) -> np.ndarray:
        return softmax_backward(x, dout, axis=-1, out=out)


ACTIVATIONS: dict[str, Callable[..., ActivationFunction]] = {
    "linear": lambda: ActivationFunction("linear", identity, identity_grad),
    "identity": lambda: ActivationFunction("linear", identity, identity_grad),
    "step": lambda: ActivationFunction("step", step, step_grad),
    "sigmoid": lambda: ActivationFunction("sigmoid", sigmoid, sigmoid_grad, grad_takes_out=True),
    "tanh": lambda: ActivationFunction("tanh", tanh, tanh_grad, grad_takes_out=True),
    "relu": lambda: ActivationFunction("relu", relu, relu_grad),
    "leaky_relu": lambda alpha=0.01: ActivationFunction("leaky_relu", leaky_relu, leaky_relu_grad, alpha=alpha),
    "elu": lambda alpha=1.0: ActivationFunction("elu", elu, elu_grad, alpha=alpha),
    "gelu": lambda: ActivationFunction("gelu", gelu, gelu_grad),
    "softmax": SoftmaxFunction,
}


def get(activation: Any = None, **params: Any) -> ActivationFunction:
    """Resolve an activation given by name, object or ``(f, f_grad)`` pair.

    ``None`` means ``"linear"``. Names are Keras' (case-insensitive): "linear"/"identity",
    "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "softmax". Extra keyword
    arguments go to the function, e.g. ``get("leaky_relu", alpha=0.2)``.
    """
    if activation is None:
        activation = "linear"
    if isinstance(activation, ActivationFunction):
        return activation
    if isinstance(activation, tuple) and len(activation) == 2 and all(map(callable, activation)):
        f, f_grad = activation
        return ActivationFunction(getattr(f, "__name__", "custom"), f, f_grad)
    if not isinstance(activation, str):
        raise MLCourseError(
            f"activation must be a name, an ActivationFunction or a pair (f, f_grad), "
            f"received {activation!r}. Known names: {', '.join(sorted(ACTIVATIONS))}."
        )
    return resolve(activation, ACTIVATIONS, "activation", **params)


def names() -> list[str]:
    """The known activation names."""
    return sorted(ACTIVATIONS)
