"""Weight penalties added to the loss: L1, L2 and both.

A regularizer is called on a weight array and returns the penalty (a Python float) that
the model adds to the data loss; ``gradient(W)`` returns its derivative, which the model
adds to the layer's gradient for ``W``::

    loss  = data_loss + sum over regularized weights of reg(W)
    dW   += reg.gradient(W)

Conventions (the Keras ones): ``L2(l2)(W) = l2 * sum(W**2)``, with no factor 1/2, so its
gradient is ``2 * l2 * W``; ``L1(l1)(W) = l1 * sum(|W|)``, gradient ``l1 * sign(W)`` (0 at 0,
a subgradient). Some textbooks write ``lambda/2 * sum(W**2)`` so that the gradient is
``lambda * W``; ``L2(l2=lambda/2)`` is the same penalty. The penalty is not divided by the
batch size.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from mlcourse._checks import MLCourseError, check_number, resolve

__all__ = ["Regularizer", "L1", "L2", "L1L2", "get", "REGULARIZERS"]


def _factor(value: Any, name: str, owner: str) -> float:
    return check_number(value, name, low=0.0, high=math.inf, where=owner)


class Regularizer:
    """Base class: ``reg(W) -> float`` penalty and ``reg.gradient(W) -> array`` like ``W``."""

    def __call__(self, W: np.ndarray) -> float:
        raise NotImplementedError

    def gradient(self, W: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def get_config(self) -> dict[str, float]:
        return dict(vars(self))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class L1L2(Regularizer):
    """``l1 * sum(|W|) + l2 * sum(W**2)``; gradient ``l1 * sign(W) + 2 * l2 * W``.

    Parameters
    ----------
    l1, l2 : float >= 0, default 0.0
        As in Keras ``L1L2`` (both default to 0 there too).
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1 = _factor(l1, "l1", type(self).__name__)
        self.l2 = _factor(l2, "l2", type(self).__name__)

    def __call__(self, W: np.ndarray) -> float:
        """Penalty for ``W`` of any shape, as a float."""
        W = np.asarray(W)
        penalty = 0.0
        if self.l1:
            penalty += self.l1 * float(np.abs(W).sum())
        if self.l2:
            penalty += self.l2 * float(np.vdot(W, W).real)
        return penalty

    def gradient(self, W: np.ndarray) -> np.ndarray:
        """d penalty / d W, a new array with the shape and dtype of ``W``."""
        W = np.asarray(W)
        grad = np.zeros_like(W)
        if self.l1:
            grad += self.l1 * np.sign(W)
        if self.l2:
            grad += (2.0 * self.l2) * W
        return grad


class L1(L1L2):
    """Lasso penalty ``l1 * sum(|W|)``; gradient ``l1 * sign(W)``. Pushes weights to exactly 0.

    Parameters
    ----------
    l1 : float >= 0, default 0.01 (Keras default)
    """

    def __init__(self, l1: float = 0.01) -> None:
        super().__init__(l1=l1, l2=0.0)

    def get_config(self) -> dict[str, float]:
        return {"l1": self.l1}


class L2(L1L2):
    """Ridge / weight-decay penalty ``l2 * sum(W**2)`` (no 1/2); gradient ``2 * l2 * W``.

    Parameters
    ----------
    l2 : float >= 0, default 0.01 (Keras default)
    """

    def __init__(self, l2: float = 0.01) -> None:
        super().__init__(l1=0.0, l2=l2)

    def get_config(self) -> dict[str, float]:
        return {"l2": self.l2}


REGULARIZERS: dict[str, type[Regularizer]] = {"l1": L1, "l2": L2, "l1_l2": L1L2, "l1l2": L1L2}


def get(name: str | Regularizer | None, **kwargs: Any) -> Regularizer | None:
    """Return a regularizer from ``"l1"``, ``"l2"`` or ``"l1_l2"`` (kwargs go to the class).

    ``None`` gives ``None`` (no regularization); objects are returned unchanged.
    """
    if name is None:
        return None
    reg = resolve(name, REGULARIZERS, "regularizer", **kwargs)
    if not isinstance(name, str) and not (callable(reg) and callable(getattr(reg, "gradient", None))):
        raise MLCourseError(
            "regularizer must be None, a name ('l1', 'l2', 'l1_l2') or an object with __call__(W) "
            f"and gradient(W), received {type(name).__name__} {name!r}."
        )
    return reg
