"""Weight constraints: projections applied to a weight array after each optimizer step.

A constraint maps ``W`` to the nearest allowed array: ``W = constraint(W)``, or in place
(what a model does, because its params are the layers' own arrays)::

    constraint(W, out=W)

For a Dense kernel of shape (n_in, n_out), column ``j`` holds the weights coming into unit
``j``; ``axis=0`` (the default) takes norms over that axis, one norm per unit.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from mlcourse._checks import MLCourseError, check_number, resolve

__all__ = ["Constraint", "MaxNorm", "NonNeg", "UnitNorm", "get", "CONSTRAINTS"]


class Constraint:
    """Base class: ``constraint(W, out=None) -> projected W``."""

    def __call__(self, W: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return dict(vars(self))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _scale(W: np.ndarray, factor: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    return np.multiply(W, factor, out=out) if out is not None else W * factor


class MaxNorm(Constraint):
    """Rescale each incoming weight vector whose L2 norm exceeds ``max_value`` down to it.

    ``w <- w * min(1, max_value / ||w||)`` for every slice ``w`` along ``axis``. Vectors that
    are already short enough are left exactly as they are. Used with dropout (Srivastava
    et al., 2014, who suggest max_value between 3 and 4); Keras' default is 2.

    Parameters
    ----------
    max_value : float > 0, default 2.0
    axis : int or tuple of int, default 0
        Axis over which norms are taken: 0 for a Dense kernel (n_in, n_out).
    """

    def __init__(self, max_value: float = 2.0, axis: int | tuple[int, ...] = 0) -> None:
        self.max_value = check_number(max_value, "max_value", low=0.0, low_open=True, high=math.inf,
                                      high_open=True, where="MaxNorm")
        self.axis = axis

    def __call__(self, W: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """W : array of any shape; returns W with every norm along ``axis`` at most ``max_value``."""
        W = np.asarray(W)
        norms = np.sqrt(np.sum(W * W, axis=self.axis, keepdims=True))
        too_long = norms > self.max_value
        factor = np.where(too_long, self.max_value / np.where(too_long, norms, 1.0), 1.0).astype(W.dtype)
        return _scale(W, factor, out)


class UnitNorm(Constraint):
    """Rescale each weight vector along ``axis`` to L2 norm 1 (zero vectors stay zero)."""

    def __init__(self, axis: int | tuple[int, ...] = 0) -> None:
        self.axis = axis

    def __call__(self, W: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        W = np.asarray(W)
        norms = np.sqrt(np.sum(W * W, axis=self.axis, keepdims=True))
        factor = (1.0 / np.where(norms > 0, norms, 1.0)).astype(W.dtype)
        return _scale(W, factor, out)


class NonNeg(Constraint):
    """Set negative weights to 0: ``W <- max(W, 0)``."""

    def __call__(self, W: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        return np.maximum(W, 0, out=out) if out is not None else np.maximum(W, 0)


CONSTRAINTS: dict[str, type[Constraint]] = {
    "max_norm": MaxNorm, "maxnorm": MaxNorm, "non_neg": NonNeg, "nonneg": NonNeg, "unit_norm": UnitNorm,
}


def get(name: str | Constraint | None, **kwargs: Any) -> Constraint | None:
    """Return a constraint from ``"max_norm"``, ``"non_neg"`` or ``"unit_norm"``; None -> None."""
    if name is None:
        return None
    c = resolve(name, CONSTRAINTS, "constraint", **kwargs)
    if not isinstance(name, str) and not callable(c):
        raise MLCourseError(
            f"constraint must be None, a name ('max_norm', 'non_neg', 'unit_norm') or a callable "
            f"W -> W, received {type(name).__name__} {name!r}."
        )
    return c
