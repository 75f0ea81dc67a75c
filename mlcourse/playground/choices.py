"""What the playground's choices mean in code: the input features, the initializations, the
data generators and the learning-rate schedules (used by the engine and by ``to_code``)."""
from __future__ import annotations

import math

import numpy as np

from .. import initializers as _initializers
from .._checks import MLCourseError
from .state import PlaygroundState

__all__ = ["FEATURE_FUNCTIONS", "INIT_CHOICES", "GENERATORS", "expand_features", "scheduled_rate"]

# feature name -> (function of x1, x2; the same in Python source for to_code)
FEATURE_FUNCTIONS = {
    "x1": (lambda x1, x2: x1, "x1"),
    "x2": (lambda x1, x2: x2, "x2"),
    "x1^2": (lambda x1, x2: x1 * x1, "x1 ** 2"),
    "x2^2": (lambda x1, x2: x2 * x2, "x2 ** 2"),
    "x1*x2": (lambda x1, x2: x1 * x2, "x1 * x2"),
    "sin(x1)": (lambda x1, x2: np.sin(x1), "np.sin(x1)"),
    "sin(x2)": (lambda x1, x2: np.sin(x2), "np.sin(x2)"),
}

# init name -> (initializer for Dense, the same as source code)
INIT_CHOICES = {
    "zeros": ("zeros", '"zeros"'),
    "normal_0.01": (_initializers.normal(std=0.01), "initializers.normal(std=0.01)"),
    "normal_1": (_initializers.normal(std=1.0), "initializers.normal(std=1.0)"),
    "xavier": ("glorot_uniform", '"glorot_uniform"'),
    "he": ("he_normal", '"he_normal"'),
}

GENERATORS = {"circle": "make_circle", "xor": "make_xor", "gaussian": "make_gaussian", "spiral": "make_spiral",
               "moons": "make_moons", "plane": "make_plane", "sine": "make_sine"}


def expand_features(X: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
    """X: (N, 2) points -> (N, F) network inputs, one column per name in ``features``.

    Names: ``"x1"``, ``"x2"``, ``"x1^2"``, ``"x2^2"``, ``"x1*x2"``, ``"sin(x1)"``, ``"sin(x2)"``.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise MLCourseError(f"expand_features expects points of shape (N, 2), received shape {X.shape}.")
    unknown = [f for f in features if f not in FEATURE_FUNCTIONS]
    if unknown or not features:
        raise MLCourseError(f"Unknown or no features {list(features)}; known: {list(FEATURE_FUNCTIONS)}.")
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([FEATURE_FUNCTIONS[f][0](x1, x2) for f in features])


def scheduled_rate(state: PlaygroundState, epoch: int) -> float:
    """The learning rate used during ``epoch`` (counted from 0) under ``state.schedule``.

    With ``lr = state.learning_rate`` and ``T = state.schedule_epochs``::

        constant:     lr
        step:         lr * 0.5 ** floor(epoch / T)          (halve every T epochs)
        exponential:  lr * 0.5 ** (epoch / T)               (half-life T epochs)
        cosine:       lr * (0.01 + 0.99 * (1 + cos(pi * min(epoch, T) / T)) / 2)
    """
    lr, T, kind = state.learning_rate, state.schedule_epochs, state.schedule
    if kind == "constant":
        return lr
    if kind == "step":
        rate = lr * 0.5 ** (epoch // T)
    elif kind == "exponential":
        rate = lr * 0.5 ** (epoch / T)
    else:
        rate = lr * (0.01 + 0.99 * 0.5 * (1.0 + math.cos(math.pi * min(epoch, T) / T)))
    return max(rate, 1e-12)  # optimizers need a positive rate
