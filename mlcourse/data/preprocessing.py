"""Splitting, scaling, one-hot encoding and mini-batches.

The rule behind the scalers: **fit on the training part only**, then transform the
validation and test parts with the training statistics. Otherwise information from the
test set leaks into training and the test score flatters the model.

>>> (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = train_val_test_split(X, y, seed=0)  # doctest: +SKIP
>>> scaler = StandardScaler().fit(X_tr)                                               # doctest: +SKIP
>>> X_tr, X_va, X_te = scaler.transform(X_tr), scaler.transform(X_va), scaler.transform(X_te)  # doctest: +SKIP
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from mlcourse._checks import MLCourseError, check_array, check_labels, check_rng, check_whole

__all__ = ["train_val_test_split", "train_test_split", "StandardScaler", "MinMaxScaler",
           "one_hot", "minibatches"]


def _check_xy(X, y, where: str):
    X = np.asarray(X)
    if X.ndim == 0:
        raise MLCourseError(f"{where}: X must have a first (sample) axis, received a scalar {X!r}.")
    if y is not None:
        y = np.asarray(y)
        if y.ndim == 0 or len(y) != len(X):
            n_y = "a scalar" if y.ndim == 0 else f"{len(y)} rows"
            raise MLCourseError(f"{where}: X has {len(X)} rows but y has {n_y}; they must have the same length.")
    return X, y


# --------------------------------------------------------------------------- splits
def _split_counts(n: int, fractions) -> list[int]:
    """Rows per part: every part but the first gets round(n * fraction), the first the rest."""
    rest = [int(round(n * f)) for f in fractions[1:]]
    first = n - sum(rest)
    if first < 0:  # only possible for tiny n; take the excess from the last parts
        for i in range(len(rest) - 1, -1, -1):
            take = min(rest[i], -first)
            rest[i] -= take
            first += take
    return [first] + rest


def _check_sizes(sizes) -> tuple[float, ...]:
    try:
        fractions = tuple(float(s) for s in sizes)
    except (TypeError, ValueError):
        raise MLCourseError(f"sizes must be fractions such as (0.8, 0.1, 0.1), received {sizes!r}.") from None
    if any(not np.isfinite(f) or f < 0 for f in fractions) or abs(sum(fractions) - 1.0) > 1e-6:
        raise MLCourseError(f"sizes must be fractions of 0 or more that add up to 1, received {sizes!r} "
                            f"(sum {sum(fractions):g}).")
    return fractions


def _split_indices(n: int, fractions, y, stratify: bool, shuffle: bool, gen) -> list[np.ndarray]:
    if not stratify:
        order = gen.permutation(n) if shuffle else np.arange(n)
        bounds = np.cumsum(_split_counts(n, fractions))[:-1]
        return np.split(order, bounds)
    labels = check_labels(y, where="stratified split")
    parts: list[list[np.ndarray]] = [[] for _ in fractions]
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        if shuffle:
            members = gen.permutation(members)
        bounds = np.cumsum(_split_counts(len(members), fractions))[:-1]
        for part, chunk in zip(parts, np.split(members, bounds)):
            part.append(chunk)
    out = []
    for chunks in parts:
        idx = np.concatenate(chunks)
        out.append(gen.permutation(idx) if shuffle else np.sort(idx))
    return out


def train_val_test_split(X, y=None, sizes=(0.8, 0.1, 0.1), stratify: bool = False, shuffle: bool = True,
                         rng=None, seed=None):
    """Split rows into training, validation and test parts.

    Parameters
    ----------
    X : array_like of shape (N, ...)
    y : array_like of shape (N, ...), optional
    sizes : (float, float, float)
        Fractions of the rows for training, validation and test; they must add up to 1.
        Validation and test get ``round(N * fraction)`` rows, training the rest.
    stratify : bool
        Keep the class proportions of ``y`` (integer labels) in every part: the split is
        done class by class.
    shuffle : bool
        Shuffle before splitting (default). False keeps the original order (e.g. time series).
    rng, seed
        Source of randomness for the shuffle.

    Returns
    -------
    (X_train, y_train), (X_val, y_val), (X_test, y_test)
        Rows of ``X`` and ``y``; when ``y`` is None the label entries are None.
    """
    X, y = _check_xy(X, y, "train_val_test_split")
    fractions = _check_sizes(sizes)
    if len(fractions) != 3:
        raise MLCourseError(f"sizes must hold 3 fractions (train, validation, test), received {sizes!r}.")
    if stratify and y is None:
        raise MLCourseError("stratify=True needs the labels y.")
    parts = _split_indices(len(X), fractions, y, stratify, shuffle, check_rng(rng, seed))
    return tuple((X[i], None if y is None else y[i]) for i in parts)


def train_test_split(X, y=None, test_size: float = 0.2, stratify: bool = False, shuffle: bool = True,
                     rng=None, seed=None):
    """Split rows into a training and a test part (``round(N * test_size)`` test rows).

    Returns
    -------
    (X_train, y_train), (X_test, y_test)
    """
    X, y = _check_xy(X, y, "train_test_split")
    try:
        t = float(test_size)
    except (TypeError, ValueError):
        t = float("nan")
    if not 0.0 <= t <= 1.0:
        raise MLCourseError(f"test_size must be a fraction between 0 and 1, received {test_size!r}.")
    if stratify and y is None:
        raise MLCourseError("stratify=True needs the labels y.")
    parts = _split_indices(len(X), (1.0 - t, t), y, stratify, shuffle, check_rng(rng, seed))
    return tuple((X[i], None if y is None else y[i]) for i in parts)


# --------------------------------------------------------------------------- scalers
class _Scaler:
    """Shared plumbing: checks, the fitted state and fit_transform."""

    _fitted_attr = ""

    def _check(self, X, fitting: bool = False) -> np.ndarray:
        name = type(self).__name__
        X = check_array(X, "X", ndim=(1, 2), where=name)
        if X.ndim == 1:
            X = X[:, None]
        if not fitting:
            if getattr(self, self._fitted_attr) is None:
                raise MLCourseError(f"{name} is not fitted yet: call fit(X_train) first.")
            n_features = getattr(self, self._fitted_attr).shape[0]
            if X.shape[1] != n_features:
                raise MLCourseError(f"{name} was fitted on {n_features} features, received X of shape {X.shape}.")
        elif len(X) == 0:
            raise MLCourseError(f"{name}.fit needs at least one row, received shape {X.shape}.")
        return X

    @staticmethod
    def _out(X_in, result: np.ndarray) -> np.ndarray:
        # float32 in, float32 out; everything else comes out float64
        dtype = X_in.dtype if X_in.dtype in (np.float32, np.float64) else np.float64
        result = result.astype(dtype, copy=False)
        return result[:, 0] if np.ndim(X_in) == 1 else result

    def fit_transform(self, X) -> np.ndarray:
        """``fit(X)`` then ``transform(X)`` (use on the training part only)."""
        return self.fit(X).transform(X)


class StandardScaler(_Scaler):
    """Give every feature mean 0 and standard deviation 1: ``(x - mean) / std``.

    Fit on the training part only. A feature that is constant in the training data has
    standard deviation 0; it is divided by 1 instead (it becomes all zeros).

    Attributes (after fit)
    ----------------------
    mean_ : ndarray of shape (D,), float64
    scale_ : ndarray of shape (D,), float64, the standard deviations (1 for constant features)
    """

    _fitted_attr = "mean_"

    def __init__(self):
        self.mean_: np.ndarray | None = None
        self.scale_: np.ndarray | None = None

    def fit(self, X) -> "StandardScaler":
        """X: (N, D) or (N,). Learn the mean and standard deviation of every feature."""
        X = self._check(X, fitting=True).astype(np.float64)
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, X) -> np.ndarray:
        """X: (M, D) -> (M, D), ``(X - mean_) / scale_``."""
        X_in = np.asarray(X)
        return self._out(X_in, (self._check(X) - self.mean_) / self.scale_)

    def inverse_transform(self, Z) -> np.ndarray:
        """Z: (M, D) -> (M, D), ``Z * scale_ + mean_`` (undo ``transform``)."""
        Z_in = np.asarray(Z)
        return self._out(Z_in, self._check(Z) * self.scale_ + self.mean_)

    def __repr__(self) -> str:
        state = "not fitted" if self.mean_ is None else f"fitted on {self.mean_.shape[0]} features"
        return f"StandardScaler({state})"


class MinMaxScaler(_Scaler):
    """Map every feature linearly so its training minimum and maximum land on ``feature_range``.

    ``x_scaled = lo + (x - min) / (max - min) * (hi - lo)``. Fit on the training part only;
    validation or test values outside the training range land outside ``feature_range``
    (they are not clipped). A feature constant in the training data maps to ``lo``.

    Attributes (after fit)
    ----------------------
    data_min_, data_max_ : ndarray of shape (D,), float64
    """

    _fitted_attr = "data_min_"

    def __init__(self, feature_range=(0.0, 1.0)):
        lo, hi = (float(v) for v in feature_range)
        if not hi > lo:
            raise MLCourseError(f"feature_range must be (low, high) with low < high, received {feature_range!r}.")
        self.feature_range = (lo, hi)
        self.data_min_: np.ndarray | None = None
        self.data_max_: np.ndarray | None = None

    def fit(self, X) -> "MinMaxScaler":
        """X: (N, D) or (N,). Learn the minimum and maximum of every feature."""
        X = self._check(X, fitting=True).astype(np.float64)
        self.data_min_, self.data_max_ = X.min(axis=0), X.max(axis=0)
        return self

    def _span(self) -> np.ndarray:
        span = self.data_max_ - self.data_min_
        return np.where(span > 0, span, 1.0)

    def transform(self, X) -> np.ndarray:
        """X: (M, D) -> (M, D) scaled into ``feature_range`` (for training-range values)."""
        lo, hi = self.feature_range
        X_in = np.asarray(X)
        return self._out(X_in, lo + (self._check(X) - self.data_min_) / self._span() * (hi - lo))

    def inverse_transform(self, Z) -> np.ndarray:
        """Z: (M, D) -> (M, D), undo ``transform``."""
        lo, hi = self.feature_range
        Z_in = np.asarray(Z)
        return self._out(Z_in, (self._check(Z) - lo) / (hi - lo) * self._span() + self.data_min_)

    def __repr__(self) -> str:
        state = "not fitted" if self.data_min_ is None else f"fitted on {self.data_min_.shape[0]} features"
        return f"MinMaxScaler(feature_range={self.feature_range}, {state})"


# --------------------------------------------------------------------------- labels and batches
def one_hot(y, n_classes: int | None = None, dtype=np.float64) -> np.ndarray:
    """Class numbers to one-hot rows (원-핫 인코딩).

    Parameters
    ----------
    y : array_like of shape (N,), integer labels 0 .. n_classes-1
    n_classes : int, optional
        Number of classes; default ``max(y) + 1``.

    Returns
    -------
    ndarray of shape (N, n_classes), ``dtype`` (float64 by default), one 1 per row.
    """
    if n_classes is not None:
        check_whole(n_classes, "n_classes", low=1, where="one_hot")
    labels = check_labels(y, n_classes, where="one_hot")
    k = int(n_classes) if n_classes is not None else (int(labels.max()) + 1 if labels.size else 0)
    out = np.zeros((len(labels), k), dtype=dtype)
    out[np.arange(len(labels)), labels] = 1
    return out


def minibatches(X, y=None, batch_size: int = 32, shuffle: bool = True, drop_last: bool = False,
                rng=None, seed=None) -> Iterator:
    """Iterate over mini-batches of rows, in a new random order when ``shuffle`` is True.

    Parameters
    ----------
    X : array_like of shape (N, ...)
    y : array_like of shape (N, ...), optional
    batch_size : int
        Rows per batch; the last batch is smaller when N is not a multiple of it.
    drop_last : bool
        Skip that smaller last batch.
    rng, seed
        Source of randomness for the order. Pass the same Generator every epoch to get a
        new (but reproducible) order each time.

    Yields
    ------
    (X_batch, y_batch) of shapes (B, ...), or only X_batch when ``y`` is None.
    """
    X, y = _check_xy(X, y, "minibatches")
    check_whole(batch_size, "batch_size", low=1, where="minibatches")
    # checks above run at the call; the batches below are produced lazily
    n = len(X)
    order = check_rng(rng, seed).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    return _batches(X, y, order, stop, int(batch_size))


def _batches(X, y, order, stop, batch_size):
    for start in range(0, stop, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx] if y is None else (X[idx], y[idx])
