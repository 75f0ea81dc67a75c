"""Loss functions as objects: ``forward(y_pred, y_true) -> float``, ``backward() -> dy_pred``.

Every loss is the **mean over the batch** of a per-sample loss that **sums over outputs**:
``L = (1/N) * sum_n l(y_pred[n], y_true[n])``. ``backward()`` returns
``dL / dy_pred`` for the last ``forward``, with the shape and dtype of ``y_pred``.

Cross-entropy losses that take probabilities (``from_logits=False``) clip them to
``[eps, 1 - eps]`` (``eps = 1e-7``), so a confident wrong prediction costs about
``-log(1e-7) = 16.1`` instead of infinity. With ``from_logits=True`` they take raw scores and
use ``log_softmax`` / a stable log-sigmoid: no clipping needed, finite for logits of 1e4.

Fusing with the output activation: when the last layer applies softmax (sigmoid for
``BinaryCrossentropy``) and the loss takes probabilities, the gradient with respect to the
logits is simply ``(p - y) / N``. ``loss.fused_backward()`` returns exactly that, and
``loss.fuses_with`` names the activation (``"softmax"`` or ``"sigmoid"``). A model can then
call ``last_layer.backward_from_logits(loss.fused_backward())`` instead of
``last_layer.backward(loss.backward())``. Both are correct; the fused one stays accurate
when ``p`` underflows to 0, where ``backward()`` followed by the softmax derivative loses
the gradient because of the clipping.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._checks import MLCourseError, check_array, check_bool, check_labels, check_number, known_names, resolve, show
from .activations import log_softmax, sigmoid, softmax

EPSILON = 1e-7


def _as_pred(y_pred: Any, where: Any) -> np.ndarray:
    y = np.asarray(y_pred)
    if y.dtype.kind != "f":
        if y.dtype.kind in "iub":
            return y.astype(np.float64)
        raise MLCourseError(f"{where}: y_pred must hold numbers, received dtype {y.dtype}.")
    return y


def _as_target(y_true: Any, y_pred: np.ndarray, where: Any) -> np.ndarray:
    """Targets with the shape of ``y_pred``; (N,) is accepted for y_pred (N, 1)."""
    t = np.asarray(y_true)
    if t.dtype.kind not in "fiub":
        raise MLCourseError(f"{where}: y_true must hold numbers, received dtype {t.dtype}.")
    if t.shape != y_pred.shape:
        if y_pred.ndim == 2 and y_pred.shape[1] == 1 and t.shape == (y_pred.shape[0],):
            t = t.reshape(-1, 1)
        else:
            raise MLCourseError(
                f"{where}: y_pred has shape {y_pred.shape} but y_true has shape {t.shape}; "
                "they must match (one target per output)."
            )
    if t.dtype != y_pred.dtype:
        t = t.astype(y_pred.dtype)
    return t


def _clip(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """``np.clip(x, low, high)`` as two ufunc calls: the same numbers (NaN stays NaN), without
    np.clip's Python wrapper, which costs more than clipping one batch."""
    return np.minimum(np.maximum(x, low), high)


class NonFiniteLossError(MLCourseError):
    """The loss is NaN or infinite: NaN/inf in ``y_pred`` or ``y_true``, or probabilities
    that overflowed. ``fit`` catches this type (never its message) as the sign that training
    diverged."""


def _finite_or_raise(value: float, y_pred: np.ndarray, y_true: Any, where: Any) -> float:
    """Cheap in the normal case: only a non-finite loss triggers the full checks."""
    if math.isfinite(value):
        return value
    try:
        check_array(y_pred, "y_pred", where=where)
        check_array(y_true, "y_true", dtype_kind="fiub", where=where)
    except MLCourseError as exc:
        raise NonFiniteLossError(str(exc)) from None
    raise NonFiniteLossError(f"{where}: the loss is {value!r}; expected a finite number.")


def _check_shaped_targets(y: Any, output_shape: tuple, where: str, hint: str = "") -> np.ndarray:
    """Targets with one value per output: (N, *output_shape); (N,) for a single output."""
    y = check_array(y, "y", where=where)
    if y.ndim == 1 and tuple(output_shape) == (1,):
        y = y.reshape(-1, 1)
    if y.shape[1:] != tuple(output_shape):
        raise MLCourseError(
            f"{where}: y must have shape (N, {', '.join(map(str, output_shape))}) to match the model's output, "
            f"received shape {y.shape}.{hint}"
        )
    return y


class Loss:
    """Base class. Subclasses implement ``forward`` and ``backward``.

    ``targets`` says in words which targets a loss takes; :meth:`check_targets` checks a
    whole data set against it once, before training.
    """

    fuses_with: str | None = None
    from_logits = False
    targets = "targets shaped like the output, (N, *output_shape), or (N,) for one output"

    def __call__(self, y_pred: Any, y_true: Any) -> float:
        return self.forward(y_pred, y_true)

    def forward(self, y_pred: Any, y_true: Any) -> float:
        raise NotImplementedError

    def backward(self) -> np.ndarray:
        raise NotImplementedError

    def check_targets(self, y: Any, output_shape: tuple, where: str = "") -> np.ndarray:
        """Return the targets ``y`` of a whole data set, checked for a model whose outputs
        have shape ``output_shape`` (one sample), in the form ``forward_checked`` takes."""
        return _check_shaped_targets(y, output_shape, where)

    def forward_checked(self, y_pred: np.ndarray, y_true: np.ndarray) -> float:
        """``forward`` for targets that went through :meth:`check_targets`: ``fit`` checks the
        whole data set once, so a loss may skip checking every batch again. By default:
        ``forward``."""
        return self.forward(y_pred, y_true)

    def _need_forward(self):
        if getattr(self, "_cache", None) is None:
            raise MLCourseError(f"{self!r}: call forward before backward.")
        return self._cache

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MeanSquaredError(Loss):
    """Mean squared error with the 1/2 convention.

    y_pred, y_true: (N, K) (or (N,); y_true (N,) is also accepted for y_pred (N, 1))::

        L = (1/N) * sum_n 1/2 * sum_k (y_pred[n, k] - y_true[n, k])^2
        dL/dy_pred = (y_pred - y_true) / N

    The 1/2 makes the gradient exactly the error. Keras' "mse" averages over outputs and
    has no 1/2; for one output it is twice this value.
    """

    def forward(self, y_pred: Any, y_true: Any) -> float:
        y = _as_pred(y_pred, "MeanSquaredError")
        t = _as_target(y_true, y, "MeanSquaredError")
        diff = y - t
        n = y.shape[0] if y.ndim else 1
        self._cache = (diff, n)
        value = float(0.5 * np.sum(diff * diff) / n)
        return _finite_or_raise(value, y, t, "MeanSquaredError")

    def backward(self) -> np.ndarray:
        diff, n = self._need_forward()
        return diff / diff.dtype.type(n)


class BinaryCrossentropy(Loss):
    """Binary cross-entropy for 0/1 targets.

    y_pred: (N, K) or (N,) probabilities (``from_logits=False``) or logits; y_true: same
    shape, values in [0, 1]. With ``p`` the probabilities clipped to ``[eps, 1 - eps]``::

        L = -(1/N) * sum [y log p + (1 - y) log(1 - p)]
        dL/dp = (p - y) / (p (1 - p)) / N

    With logits ``z`` (``from_logits=True``), ``L = (1/N) sum [max(z, 0) - z y +
    log(1 + exp(-|z|))]`` (the same value without overflow) and ``dL/dz = (sigmoid(z) - y) / N``.
    ``fused_backward()`` gives ``(p - y) / N``: the gradient with respect to the logits of a
    sigmoid output layer.
    """

    fuses_with = "sigmoid"
    targets = "0/1 targets shaped like the output, (N, K), or (N,) for one output"

    def __init__(self, from_logits: bool = False, epsilon: float = EPSILON):
        self.from_logits = check_bool(from_logits, "from_logits", where=type(self).__name__)
        self.epsilon = check_number(epsilon, "epsilon", low=0.0, high=0.5, low_open=True, high_open=True, where=type(self).__name__)

    def forward(self, y_pred: Any, y_true: Any) -> float:
        where = self  # shown as repr(self), formatted only if there is an error
        y = _as_pred(y_pred, where)
        t = _as_target(y_true, y, where)
        if t.size and (t.min() < 0 or t.max() > 1):
            bad = t[(t < 0) | (t > 1)][0]
            raise MLCourseError(f"{where}: y_true must be between 0 and 1 (0/1 labels), received {show(bad)}.")
        return self.forward_checked(y, t)

    def forward_checked(self, y: np.ndarray, t: np.ndarray) -> float:
        """``forward`` for targets in [0, 1] (``check_targets`` checked them)."""
        where = self
        t = _as_target(t, y, where)
        n = y.shape[0] if y.ndim else 1
        if self.from_logits:
            value = np.sum(np.maximum(y, 0) - y * t + np.log1p(np.exp(-np.abs(y)))) / n
            self._cache = (sigmoid(y), y, t, n)
        else:
            p = _clip(y, self.epsilon, 1 - self.epsilon)
            value = -(t * np.log(p) + (1 - t) * np.log1p(-p)).sum() / n
            self._cache = (p, y, t, n)
        return _finite_or_raise(float(value), y, t, where)

    def backward(self) -> np.ndarray:
        p, y, t, n = self._need_forward()
        if self.from_logits:
            return (p - t) / p.dtype.type(n)
        return (p - t) / (p * (1 - p) * p.dtype.type(n))

    def fused_backward(self) -> np.ndarray:
        """``(p - y) / N``: the gradient with respect to the logits of a sigmoid output layer."""
        p, y, t, n = self._need_forward()
        probs = p if self.from_logits else y  # the unclipped probabilities
        return (probs - t) / probs.dtype.type(n)

    def check_targets(self, y: Any, output_shape: tuple, where: str = "") -> np.ndarray:
        y = _check_shaped_targets(y, output_shape, where)
        if y.size and (y.min() < 0 or y.max() > 1):
            bad = y[(y < 0) | (y > 1)][0]
            raise MLCourseError(f"{where}: binary_crossentropy needs targets between 0 and 1, y contains {show(bad)}.")
        return y

    def __repr__(self) -> str:
        return f"BinaryCrossentropy(from_logits={self.from_logits})"


class CategoricalCrossentropy(Loss):
    """Cross-entropy for one-hot (or soft) targets.

    y_pred: (N, K) probabilities (``from_logits=False``) or logits; y_true: (N, K) one-hot::

        L = -(1/N) * sum_n sum_k y[n, k] log p[n, k]      (p clipped to [eps, 1 - eps])
        dL/dp = -y / p / N

    With logits: ``log p = log_softmax(z)`` and ``dL/dz = (softmax(z) * sum_k y - y) / N``,
    which is ``(softmax(z) - y) / N`` for one-hot rows. ``fused_backward()`` returns
    ``(p - y) / N``, the gradient with respect to the logits of a softmax output layer.
    """

    fuses_with = "softmax"
    targets = "one-hot (or soft) targets of shape (N, K)"

    def __init__(self, from_logits: bool = False, epsilon: float = EPSILON):
        self.from_logits = check_bool(from_logits, "from_logits", where=type(self).__name__)
        self.epsilon = check_number(epsilon, "epsilon", low=0.0, high=0.5, low_open=True, high_open=True, where=type(self).__name__)

    def forward(self, y_pred: Any, y_true: Any) -> float:
        where = self  # shown as repr(self), formatted only if there is an error
        y = _as_pred(y_pred, where)
        if y.ndim != 2:
            raise MLCourseError(f"{where}: y_pred must be (N, K) class scores, received shape {y.shape}.")
        t = _as_target(y_true, y, where)
        n = y.shape[0]
        if self.from_logits:
            logp = log_softmax(y, axis=1)
            self._cache = (np.exp(logp), y, t, n)
        else:
            p = np.clip(y, self.epsilon, 1 - self.epsilon)
            logp = np.log(p)
            self._cache = (p, y, t, n)
        value = float(-np.sum(t * logp) / n)
        return _finite_or_raise(value, y, t, where)

    def backward(self) -> np.ndarray:
        p, y, t, n = self._need_forward()
        if self.from_logits:
            return (p * np.sum(t, axis=1, keepdims=True) - t) / p.dtype.type(n)
        return -t / (p * p.dtype.type(n))

    def fused_backward(self) -> np.ndarray:
        """``(p - y) / N``: the gradient with respect to the logits of a softmax output layer."""
        p, y, t, n = self._need_forward()
        probs = p if self.from_logits else y  # the unclipped probabilities
        return (probs - t) / probs.dtype.type(n)

    def check_targets(self, y: Any, output_shape: tuple, where: str = "") -> np.ndarray:
        hint = ""
        if np.ndim(y) == 1:
            hint = " Integer class labels need loss='sparse_categorical_crossentropy' (or one-hot y)."
        return _check_shaped_targets(y, output_shape, where, hint)

    def __repr__(self) -> str:
        return f"CategoricalCrossentropy(from_logits={self.from_logits})"


class SparseCategoricalCrossentropy(Loss):
    """Cross-entropy for integer class labels.

    y_pred: (N, K) probabilities or logits (``from_logits=True``); y_true: (N,) integers in
    ``[0, K)`` (K taken from ``y_pred.shape[1]``)::

        L = -(1/N) * sum_n log p[n, y_n]
        dL/dp[n, k] = -1 / (p[n, y_n] N) if k == y_n else 0

    With logits, ``dL/dz = (softmax(z) - onehot(y)) / N``. ``fused_backward()`` returns
    ``(p - onehot(y)) / N`` for a softmax output layer.
    """

    fuses_with = "softmax"
    targets = "integer class labels of shape (N,), from 0 to K - 1"

    def __init__(self, from_logits: bool = False, epsilon: float = EPSILON):
        self.from_logits = check_bool(from_logits, "from_logits", where=type(self).__name__)
        self.epsilon = check_number(epsilon, "epsilon", low=0.0, high=0.5, low_open=True, high_open=True, where=type(self).__name__)

    def forward(self, y_pred: Any, y_true: Any) -> float:
        where = self  # shown as repr(self), formatted only if there is an error
        y = _as_pred(y_pred, where)
        if y.ndim != 2:
            raise MLCourseError(f"{where}: y_pred must be (N, K) class scores, received shape {y.shape}.")
        labels = self.check_targets(y_true, y.shape[1:], where=f"{where}", name="y_true")
        if labels.shape[0] != y.shape[0]:
            raise MLCourseError(
                f"{where}: y_pred has shape {y.shape} but y_true has shape {labels.shape}; "
                f"expected {y.shape[0]} labels."
            )
        return self.forward_checked(y, labels)

    def check_targets(self, y: Any, output_shape: tuple, where: str = "", name: str = "y") -> np.ndarray:
        n_classes = output_shape[-1] if len(output_shape) else 1
        if n_classes < 2:
            raise MLCourseError(
                f"{where}: sparse categorical cross-entropy needs one output per class (K >= 2), but the "
                f"output has shape (N, {', '.join(map(str, output_shape))}). For two classes with one sigmoid "
                "output use loss='binary_crossentropy'; otherwise end with Dense(K, activation='softmax')."
            )
        return check_labels(y, n_classes=n_classes, name=name, where=where)

    def forward_checked(self, y: np.ndarray, labels: np.ndarray) -> float:
        """y: (N, K) float array; labels: (N,) integers in [0, K), as ``forward`` checks them."""
        n = y.shape[0]
        rows = np.arange(n)
        if self.from_logits:
            logp = log_softmax(y, axis=1)
            picked = logp[rows, labels]
            self._cache = (np.exp(logp), y, labels, rows)
        else:
            p = _clip(y[rows, labels], self.epsilon, 1 - self.epsilon)
            picked = np.log(p)
            self._cache = (p, y, labels, rows)
        value = float(-picked.sum() / n)
        return _finite_or_raise(value, y, labels, self)

    # the cache keeps rows = arange(N) for the two methods below (N = len(rows))
    def backward(self) -> np.ndarray:
        p, y, labels, rows = self._need_forward()
        n = len(rows)
        if self.from_logits:
            grad = p.copy()
            grad[rows, labels] -= 1
            return grad / grad.dtype.type(n)
        grad = np.zeros_like(y)
        grad[rows, labels] = -1 / (p * p.dtype.type(n))
        return grad

    def fused_backward(self) -> np.ndarray:
        """``(p - onehot(y)) / N``: the gradient with respect to the logits of a softmax output layer."""
        p, y, labels, rows = self._need_forward()
        probs = p if self.from_logits else y
        grad = probs.copy()
        grad[rows, labels] -= 1
        grad /= len(rows)  # in place: grad is our own copy
        return grad

    def __repr__(self) -> str:
        return f"SparseCategoricalCrossentropy(from_logits={self.from_logits})"


class SoftmaxCrossEntropy(Loss):
    """Softmax and cross-entropy in one step (the "SoftmaxWithLoss" of many courses).

    y_pred: (N, K) logits; y_true: (N,) integer labels or (N, K) one-hot. ``forward`` keeps
    ``p = softmax(logits)`` (attribute ``probs``)::

        L = -(1/N) * sum_n log p[n, y_n]
        dL/dlogits = (p - y) / N
    """

    def forward(self, y_pred: Any, y_true: Any) -> float:
        where = "SoftmaxCrossEntropy"
        z = _as_pred(y_pred, where)
        if z.ndim != 2:
            raise MLCourseError(f"{where}: logits must be (N, K), received shape {z.shape}.")
        t_arr = np.asarray(y_true)
        if t_arr.ndim == 2 and t_arr.shape[1] > 1:
            onehot = _as_target(t_arr, z, where)
        else:
            labels = check_labels(t_arr, n_classes=z.shape[1], name="y_true", where=where)
            if labels.shape[0] != z.shape[0]:
                raise MLCourseError(
                    f"{where}: y_pred has shape {z.shape} but y_true has shape {t_arr.shape}; "
                    f"expected {z.shape[0]} labels."
                )
            onehot = np.zeros_like(z)
            onehot[np.arange(z.shape[0]), labels] = 1
        logp = log_softmax(z, axis=1)
        n = z.shape[0]
        self.probs = np.exp(logp)
        self._cache = (self.probs, onehot, n)
        value = float(-np.sum(onehot * logp) / n)
        return _finite_or_raise(value, z, onehot, where)

    targets = "integer class labels (N,) or one-hot targets (N, K)"

    def check_targets(self, y: Any, output_shape: tuple, where: str = "") -> np.ndarray:
        if np.ndim(y) == 1:
            return check_labels(y, n_classes=output_shape[-1], name="y", where=where)
        return _check_shaped_targets(y, output_shape, where)

    def backward(self) -> np.ndarray:
        p, onehot, n = self._need_forward()
        return (p - onehot) / p.dtype.type(n)


LOSSES = {
    "mse": MeanSquaredError,
    "mean_squared_error": MeanSquaredError,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "softmax_cross_entropy": SoftmaxCrossEntropy,
}


def get(loss: Any, **params: Any) -> Loss:
    """Resolve a loss by Keras name (``"sparse_categorical_crossentropy"``) or return a
    ``Loss`` object unchanged. Keyword arguments go to the class: ``get("binary_crossentropy",
    from_logits=True)``. Known names: mse, mean_squared_error, binary_crossentropy,
    categorical_crossentropy, sparse_categorical_crossentropy, softmax_cross_entropy."""
    if isinstance(loss, type) and issubclass(loss, Loss):
        return loss(**params)
    if not isinstance(loss, str):
        if not (hasattr(loss, "forward") and hasattr(loss, "backward")):
            raise MLCourseError(f"loss must be a name ({known_names(LOSSES)}) or a Loss object, received {show(loss)}.")
        if params:
            raise MLCourseError(f"Keyword arguments {sorted(params)} only apply to a loss name or class, not to {loss!r}.")
    return resolve(loss, LOSSES, "loss", **params)


def names() -> list[str]:
    """The known loss names."""
    return sorted(LOSSES)
