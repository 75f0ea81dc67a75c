"""Gradient checking: compare backpropagation with central finite differences.

The numerical gradient of ``f`` at ``x`` perturbs one entry at a time::

    df/dx_i  ~  (f(x + h e_i) - f(x - h e_i)) / (2 h)

with an error of order ``h^2``. Compared with ``rel_error``; in float64 with ``h = 1e-5``
a correct gradient gives about 1e-9 or less, and our tests require < 1e-7. A layer is
checked through the scalar ``sum(out * dout)`` for a random ``dout``: its gradient with
respect to the input is exactly what ``layer.backward(dout)`` returns.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ._checks import MLCourseError, check_number, check_rng
from .layers import Layer


def rel_error(a: Any, b: Any) -> float:
    """Largest elementwise relative error ``|a - b| / max(1e-8, |a| + |b|)``."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise MLCourseError(f"rel_error: shapes differ, {a.shape} and {b.shape}.")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of the scalar ``f(x)`` with respect to every entry of ``x``.

    x: ndarray of any shape, float64 recommended; it is perturbed **in place** (so ``f`` may
    ignore its argument and read ``x`` through a layer's ``params``) and restored exactly
    afterwards. Returns an array of the shape of ``x``.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise MLCourseError(
            f"numerical_gradient needs a float ndarray to perturb in place, received "
            f"{type(x).__name__}{' of dtype ' + str(x.dtype) if isinstance(x, np.ndarray) else ''}."
        )
    h = check_number(h, "h", low=0.0, low_open=True, where="numerical_gradient")
    grad = np.zeros(x.shape, dtype=np.float64)
    flat_x = x.reshape(-1) if x.flags.c_contiguous else None
    if flat_x is None:
        raise MLCourseError("numerical_gradient needs a C-contiguous array (use np.ascontiguousarray).")
    flat_g = grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + h
        plus = float(f(x))
        flat_x[i] = old - h
        minus = float(f(x))
        flat_x[i] = old
        flat_g[i] = (plus - minus) / (2 * h)
    return grad


def check_layer(layer: Any, x: Any, rng: Any = None, h: float = 1e-5, training: bool = True) -> dict[str, float]:
    """Relative errors of ``layer.backward`` against finite differences.

    x: the layer's input, e.g. (N, D); converted to float64 (integer ids for ``Embedding``
    are kept). An unbuilt layer is built in float64 with ``rng``. ``training`` is passed to
    every ``forward`` (fix ``Dropout.fixed_mask`` first, or each call draws a new mask).

    Returns ``{"x": err, "W": err, ...}``: one entry for the input (unless it is integer)
    and one per parameter key.
    """
    if not isinstance(layer, Layer):
        raise MLCourseError(f"check_layer needs a layer such as Dense(3), received {type(layer).__name__} {layer!r}.")
    rng = check_rng(rng, seed=0 if rng is None else None)
    x = np.asarray(x)
    integer_input = x.dtype.kind in "iu"
    if not integer_input:
        x = np.array(x, dtype=np.float64)
    if not layer.built:
        layer.build((None,) + x.shape[1:], rng=rng, dtype=np.float64)
    for key, value in layer.params.items():
        if value.dtype != np.float64:
            raise MLCourseError(f"check_layer needs float64 parameters; {layer!r} has {key} of dtype {value.dtype}.")
    out = layer.forward(x, training=training)
    dout = rng.standard_normal(out.shape)
    dx = layer.backward(dout.copy())
    analytic = {k: np.array(v, dtype=np.float64) for k, v in layer.grads.items()}

    def forward(_):
        return layer.forward(x, training=training)

    errors: dict[str, float] = {}
    if not integer_input:
        errors["x"] = rel_error(dx, _numerical_vjp(forward, x, dout, h))
    for key, value in layer.params.items():
        errors[key] = rel_error(analytic[key], _numerical_vjp(forward, value, dout, h))
    return errors


def _numerical_vjp(forward: Callable, x: np.ndarray, dout: np.ndarray, h: float) -> np.ndarray:
    """Finite differences of ``sum(forward(x) * dout)``, differencing the outputs first:
    ``sum((out(x + h e_i) - out(x - h e_i)) * dout) / (2 h)``. The same value as
    ``numerical_gradient`` of the sum, with less round-off: outputs that do not depend on
    ``x_i`` cancel exactly instead of adding their rounding to the sum."""
    grad = np.zeros(x.shape, dtype=np.float64)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + h
        plus = np.array(forward(x), dtype=np.float64)
        flat_x[i] = old - h
        minus = np.array(forward(x), dtype=np.float64)  # a copy: out may be a view of x
        flat_x[i] = old
        flat_g[i] = np.sum((plus - minus) * dout) / (2 * h)
    return grad


def check_loss(loss: Any, y_pred: Any, y_true: Any, h: float = 1e-5) -> float:
    """Relative error of ``loss.backward()`` against finite differences of ``loss.forward``.

    y_pred is converted to float64; y_true is passed as given.
    """
    y_pred = np.array(y_pred, dtype=np.float64)
    loss.forward(y_pred, y_true)
    analytic = np.array(loss.backward(), dtype=np.float64)
    numeric = numerical_gradient(lambda p: loss.forward(p, y_true), y_pred, h)
    return rel_error(analytic, numeric)


def check_model(model: Any, x: Any, y: Any, h: float = 1e-5) -> dict[str, float]:
    """Relative errors of a model's gradients against finite differences of its loss.

    The model must provide (``mlcourse.model.Sequential`` does):

    - ``model.params``: dict key -> float64 ndarray, the very arrays the layers use
      (perturbing them in place changes the model's output);
    - ``model.compute_loss(x, y) -> float``: the loss of the batch, regularization
      included, computed deterministically (dropout off or with a fixed mask);
    - ``model.compute_gradients(x, y) -> dict``: the gradients of that same loss from
      backpropagation, same keys as ``model.params``.

    Returns ``{key: rel_error}`` for every parameter. Cost: two forward passes per
    parameter entry, so use a small model and batch.
    """
    analytic = {k: np.array(v, dtype=np.float64) for k, v in model.compute_gradients(x, y).items()}
    missing = set(model.params) ^ set(analytic)
    if missing:
        raise MLCourseError(f"check_model: params and gradients have different keys: {sorted(missing)}.")
    errors: dict[str, float] = {}
    for key, value in model.params.items():
        numeric = numerical_gradient(lambda _: model.compute_loss(x, y), value, h)
        errors[key] = rel_error(analytic[key], numeric)
    return errors
