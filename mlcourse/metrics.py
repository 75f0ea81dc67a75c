"""Metrics: numbers ``fit`` and ``evaluate`` report beside the loss, ``f(y_true, y_pred) -> float``.

A metric is a plain function of the targets and the model's outputs for one batch; ``fit``
averages it over the samples of an epoch (weighted by batch size). Names resolve as in
Keras (``"acc"``, ``"accuracy"``, ``"mse"``, ``"mae"``); any function ``f(y_true, y_pred)``
works too.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ._checks import MLCourseError, known_names, resolve

__all__ = ["accuracy", "mean_squared_error", "mean_absolute_error", "METRICS", "get"]


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


def get(metric: Any) -> tuple[str, Callable[[np.ndarray, np.ndarray], float]]:
    """``(name, function)`` for a metric name (kept as written, for the History) or a function."""
    if isinstance(metric, str):
        return metric, resolve(metric, {k: (lambda f=f: f) for k, f in METRICS.items()}, "metric")
    if callable(metric):
        return getattr(metric, "__name__", type(metric).__name__), metric
    raise MLCourseError(f"A metric must be a name ({known_names(METRICS)}) or a function f(y_true, y_pred), "
                        f"received {metric!r}.")
