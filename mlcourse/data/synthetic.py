"""Synthetic data sets, made on the spot from a seed.

Conventions shared by every generator here:

* Randomness comes from ``rng`` (a ``numpy.random.Generator``) or ``seed``; the same seed
  gives the same arrays, and numpy's global random state is never touched.
* Classification sets return ``X`` float64 of shape (N, D) and ``y`` int64 of shape (N,)
  holding class numbers ``0 .. K-1``. Classes are balanced: with N points and K classes,
  every class has ``N // K`` or ``N // K + 1`` points, and the rows are shuffled.
* Regression sets return ``X`` float64 of shape (N, D) and ``y`` float64 of shape (N, 1),
  so that the targets fit ``Dense(1)`` and the mean squared error without a reshape.
* The two-dimensional "playground" sets (``make_circle``, ``make_xor``, ``make_gaussian``,
  ``make_spiral``, ``make_moons``, ``make_plane``, ``make_sine(n_inputs=2)``) live in the
  square ``[-6, 6] x [-6, 6]`` (``PLAYGROUND_RANGE``), as in TensorFlow Playground: the clean
  points stay within ``[-5, 5]`` and ``noise`` (sensible values 0 to 0.5) is the standard
  deviation of a Gaussian jitter added to every coordinate, in the same units.
  Labels are decided by the clean point, so noise makes the classes overlap. For one
  seed, every noise level jitters the same clean points (handy for a noise slider).
"""
from __future__ import annotations

import numpy as np

from mlcourse._checks import MLCourseError, check_number, check_rng, check_whole

#: The square in which the two-dimensional playground sets live: x and y in [-6, 6].
PLAYGROUND_RANGE = (-6.0, 6.0)

__all__ = [
    "PLAYGROUND_RANGE",
    "logic_gate",
    "thumbtack",
    "make_circle",
    "make_xor",
    "make_gaussian",
    "make_spiral",
    "make_moons",
    "make_blobs",
    "make_multiclass",
    "make_line",
    "make_polynomial",
    "make_sine",
    "make_plane",
]

_GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "xor": (0, 1, 1, 0),
}


# --------------------------------------------------------------------------- checks
def _check_n(n, name: str = "n", minimum: int = 1) -> int:
    return check_whole(n, name, low=minimum)


def _check_noise(noise, name: str = "noise") -> float:
    return check_number(noise, name, low=0.0)


def _balanced_labels(n: int, k: int) -> np.ndarray:
    """Labels 0..k-1, each ``n // k`` or ``n // k + 1`` times, in order (shuffled later)."""
    return (np.arange(n) % k).astype(np.int64)


def _shuffle(rng: np.random.Generator, X: np.ndarray, y: np.ndarray):
    order = rng.permutation(len(X))
    return X[order], y[order]


def _jitter(rng: np.random.Generator, X: np.ndarray, noise: float) -> np.ndarray:
    if noise > 0:
        X = X + rng.normal(0.0, noise, size=X.shape)
    return X


def _shuffle_then_jitter(rng: np.random.Generator, X: np.ndarray, y: np.ndarray, noise: float):
    # the jitter is drawn last, so for one seed every noise level moves the same clean points
    X, y = _shuffle(rng, X, y)
    return _jitter(rng, X, noise), y


# --------------------------------------------------------------------------- logic gates
def logic_gate(name: str, n_repeats: int = 1, noise: float = 0.0, rng=None, seed=None):
    """The truth table of a two-input logic gate.

    Parameters
    ----------
    name : {"and", "or", "nand", "xor"}
        The gate (case-insensitive).
    n_repeats : int
        How many copies of the four rows to stack (useful with ``noise``).
    noise : float
        Standard deviation of a Gaussian jitter added to the inputs; 0 gives the exact table.
    rng, seed
        Source of randomness (only used when ``noise > 0``).

    Returns
    -------
    X : ndarray of shape (4 * n_repeats, 2), float64
        The inputs ``[0, 0], [0, 1], [1, 0], [1, 1]`` (repeated, in this order).
    y : ndarray of shape (4 * n_repeats,), int64
        The gate's output for each row, 0 or 1.

    Examples
    --------
    >>> X, y = logic_gate("xor")
    >>> y
    array([0, 1, 1, 0])
    """
    key = str(name).lower()
    if key not in _GATES:
        known = ", ".join(repr(k) for k in _GATES)
        raise MLCourseError(f"Unknown logic gate {name!r}. Known gates: {known}.")
    n_repeats = _check_n(n_repeats, "n_repeats")
    noise = _check_noise(noise)
    X = np.tile(np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64), (n_repeats, 1))
    y = np.tile(np.array(_GATES[key], dtype=np.int64), n_repeats)
    if noise > 0:
        X = _jitter(check_rng(rng, seed), X, noise)
    return X, y


# --------------------------------------------------------------------------- thumbtack
def thumbtack(n: int = 100, p_heads: float = 0.7, rng=None, seed=None) -> np.ndarray:
    """Throws of a thumbtack (압정): 1 when it lands point up ("heads"), 0 otherwise.

    Each throw is an independent Bernoulli trial with probability ``p_heads`` of a 1, the
    setting of the maximum-likelihood lesson (the estimate is the fraction of ones).

    Returns
    -------
    throws : ndarray of shape (n,), int64
        Zeros and ones.
    """
    n = _check_n(n, "n", minimum=0)
    try:
        p = float(p_heads)
    except (TypeError, ValueError):
        p = float("nan")
    if not 0.0 <= p <= 1.0:
        raise MLCourseError(f"p_heads must be a probability between 0 and 1, received {p_heads!r}.")
    return (check_rng(rng, seed).random(n) < p).astype(np.int64)


# --------------------------------------------------------------------------- playground sets
def make_circle(n: int = 200, noise: float = 0.0, rng=None, seed=None):
    """A disc of one class inside a ring of the other (TensorFlow Playground's "circle").

    Class 1: points in the disc of radius 2 around the origin. Class 0: points in the ring
    between radii 3.5 and 5. Then ``noise`` jitter is added (see the module notes).

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64, 0 (ring) or 1 (disc), balanced.
    """
    n, noise = _check_n(n), _check_noise(noise)
    gen = check_rng(rng, seed)
    y = _balanced_labels(n, 2)
    # uniform over the area: radius = sqrt of a uniform number between the squared radii
    r_in, r_out = np.where(y == 1, 0.0, 3.5), np.where(y == 1, 2.0, 5.0)
    radius = np.sqrt(gen.uniform(r_in**2, r_out**2))
    angle = gen.uniform(0.0, 2 * np.pi, size=n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _shuffle_then_jitter(gen, X, y, noise)


def make_xor(n: int = 200, noise: float = 0.0, rng=None, seed=None):
    """Four quadrants coloured like the XOR truth table (TensorFlow Playground's "xor").

    Points are uniform in ``[-5, 5]^2``, kept at least 0.3 away from both axes. The label is
    ``(x0 > 0) XOR (x1 > 0)``: 1 in the second and fourth quadrants, 0 in the first and third.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64, balanced.
    """
    n, noise = _check_n(n), _check_noise(noise)
    gen = check_rng(rng, seed)
    y = _balanced_labels(n, 2)
    magnitude = gen.uniform(0.3, 5.0, size=(n, 2))
    sign0 = gen.choice([-1.0, 1.0], size=n)
    # the second sign follows from the label: equal signs for 0, opposite signs for 1
    sign1 = np.where(y == 1, -sign0, sign0)
    X = magnitude * np.column_stack([sign0, sign1])
    return _shuffle_then_jitter(gen, X, y, noise)


def make_gaussian(n: int = 200, noise: float = 0.0, rng=None, seed=None):
    """Two round Gaussian clusters (TensorFlow Playground's "gaussian").

    Class 1 is centred at (2, 2), class 0 at (-2, -2). Each cluster has standard deviation
    ``0.7 + 2 * noise`` in both directions (``noise`` spreads the clusters into each other).

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64, balanced.
    """
    n, noise = _check_n(n), _check_noise(noise)
    gen = check_rng(rng, seed)
    y = _balanced_labels(n, 2)
    centres = np.where(y[:, None] == 1, 2.0, -2.0)
    X = centres + gen.normal(0.0, 0.7 + 2 * noise, size=(n, 2))
    return _shuffle(gen, X, y)


def make_spiral(n: int = 300, noise: float = 0.0, arms: int = 2, turns: float = 1.25, rng=None, seed=None):
    """Interleaved spiral arms, one class per arm (TensorFlow Playground's "spiral").

    Arm ``k`` is the curve ``r = 5 t``, ``angle = 2 pi (turns t + k / arms)`` for t in
    (0.05, 1]; the points sit at uniform random t along their arm.

    Parameters
    ----------
    arms : int
        Number of arms, which is also the number of classes (2 or more).
    turns : float
        How many times each arm winds around the origin.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64 in ``0 .. arms-1``, balanced.
    """
    n, noise = _check_n(n), _check_noise(noise)
    arms = _check_n(arms, "arms", minimum=2)
    gen = check_rng(rng, seed)
    y = _balanced_labels(n, arms)
    t = gen.uniform(0.05, 1.0, size=n)
    angle = 2 * np.pi * (turns * t + y / arms)
    X = 5.0 * t[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _shuffle_then_jitter(gen, X, y, noise)


def make_moons(n: int = 200, noise: float = 0.0, rng=None, seed=None):
    """Two interleaving half circles ("moons").

    The upper moon (class 0) is the half circle of radius 2.5 centred at (-1.25, -0.625);
    the lower moon (class 1) is the mirrored half circle centred at (1.25, 0.625), so that
    the set is centred on the origin and lies in about ``[-3.75, 3.75] x [-1.9, 1.9]``.
    Points are at uniform random positions along their half circle.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64, balanced.
    """
    n, noise = _check_n(n), _check_noise(noise)
    gen = check_rng(rng, seed)
    y = _balanced_labels(n, 2)
    angle = gen.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(angle) - 0.5, np.sin(angle) - 0.25])
    lower = np.column_stack([0.5 - np.cos(angle), 0.25 - np.sin(angle)])
    X = 2.5 * np.where(y[:, None] == 0, upper, lower)
    return _shuffle_then_jitter(gen, X, y, noise)


def make_blobs(n: int = 300, centers=3, noise: float = 1.0, n_features: int = 2, rng=None, seed=None):
    """Round Gaussian clusters, one class per cluster.

    Parameters
    ----------
    centers : int or array_like of shape (K, D)
        The number of classes K, or the cluster centres themselves. With an int and
        ``n_features=2`` the centres are evenly spaced on the circle of radius 4; in other
        dimensions they are drawn uniformly from ``[-5, 5]^D`` with the generator.
    noise : float
        The standard deviation of every cluster.

    Returns
    -------
    X : ndarray of shape (n, D), float64
    y : ndarray of shape (n,), int64 in ``0 .. K-1``, balanced.
    """
    n, noise = _check_n(n), _check_noise(noise)
    gen = check_rng(rng, seed)
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        k = _check_n(centers, "centers")
        d = _check_n(n_features, "n_features")
        if d == 2:
            angle = 2 * np.pi * np.arange(k) / k + np.pi / 2
            means = 4.0 * np.column_stack([np.cos(angle), np.sin(angle)])
        else:
            means = gen.uniform(-5.0, 5.0, size=(k, d))
    else:
        means = np.asarray(centers, dtype=np.float64)
        if means.ndim != 2 or len(means) == 0:
            raise MLCourseError(
                f"centers must be a number of classes or an array of shape (K, D), received shape {means.shape}."
            )
    y = _balanced_labels(n, len(means))
    X = means[y] + gen.normal(0.0, noise, size=(n, means.shape[1])) if noise > 0 else means[y].copy()
    return _shuffle(gen, X, y)


def make_multiclass(
    n: int = 1000,
    n_features: int = 32,
    n_classes: int = 5,
    noise: float = 1.0,
    clusters_per_class: int = 2,
    separation: float = 4.0,
    rng=None,
    seed=None,
):
    """A multi-class set for the Keras-style example: 32 features, 5 classes by default.

    Every class is a mixture of ``clusters_per_class`` round Gaussian clusters. The cluster
    centres are drawn (from the same generator, first) with standard deviation
    ``separation / sqrt(2 * n_features)`` in every feature, so two centres are about
    ``separation`` apart; every point adds noise of standard deviation ``noise`` to every
    feature. With the defaults (separation 4, noise 1) neighbouring clusters overlap a
    little, and because a class is made of several clusters, a small MLP beats a linear model.

    Returns
    -------
    X : ndarray of shape (n, n_features), float64
    y : ndarray of shape (n,), int64 in ``0 .. n_classes-1``, balanced.
    """
    n, noise = _check_n(n), _check_noise(noise)
    d = _check_n(n_features, "n_features")
    k = _check_n(n_classes, "n_classes", minimum=2)
    c = _check_n(clusters_per_class, "clusters_per_class")
    separation = _check_noise(separation, "separation")
    gen = check_rng(rng, seed)
    means = gen.normal(0.0, separation / np.sqrt(2.0 * d), size=(k * c, d))
    y = _balanced_labels(n, k)
    cluster = y * c + gen.integers(0, c, size=n)
    X = means[cluster] + gen.normal(0.0, noise, size=(n, d))
    return _shuffle(gen, X, y)


# --------------------------------------------------------------------------- regression sets
def _uniform_inputs(gen, n: int, x_range, d: int) -> np.ndarray:
    lo, hi = (float(v) for v in x_range)
    if not hi > lo:
        raise MLCourseError(f"x_range must be (low, high) with low < high, received {tuple(x_range)!r}.")
    return gen.uniform(lo, hi, size=(n, d))


def make_line(n: int = 50, noise: float = 1.0, slope: float = 2.0, intercept: float = 1.0,
              x_range=(-3.0, 3.0), rng=None, seed=None):
    """Points around the line ``y = slope * x + intercept``.

    Returns
    -------
    X : ndarray of shape (n, 1), float64, uniform in ``x_range``.
    y : ndarray of shape (n, 1), float64, the line plus Gaussian noise of standard deviation ``noise``.
    """
    n, noise = _check_n(n), _check_noise(noise)
    gen = check_rng(rng, seed)
    X = _uniform_inputs(gen, n, x_range, 1)
    y = slope * X + intercept + gen.normal(0.0, noise, size=(n, 1))
    return X, y


def make_polynomial(n: int = 50, noise: float = 1.0, coefs=(1.0, -2.0, -0.5, 0.5),
                    x_range=(-3.0, 3.0), rng=None, seed=None):
    """Points around the polynomial ``y = c0 + c1 x + c2 x^2 + ...`` (``coefs`` from c0 up).

    The default is the cubic ``1 - 2x - 0.5x^2 + 0.5x^3`` on ``[-3, 3]``, a curve a straight
    line underfits and a degree-15 polynomial overfits.

    Returns
    -------
    X : ndarray of shape (n, 1), float64
    y : ndarray of shape (n, 1), float64
    """
    n, noise = _check_n(n), _check_noise(noise)
    c = np.asarray(coefs, dtype=np.float64)
    if c.ndim != 1 or c.size == 0:
        raise MLCourseError(f"coefs must be a non-empty list of numbers, received {coefs!r}.")
    gen = check_rng(rng, seed)
    X = _uniform_inputs(gen, n, x_range, 1)
    y = np.polynomial.polynomial.polyval(X, c) + gen.normal(0.0, noise, size=(n, 1))
    return X, y


def make_sine(n: int = 100, noise: float = 0.1, n_inputs: int = 1, x_range=None, rng=None, seed=None):
    """Points around a sine wave.

    With ``n_inputs=1``: ``y = sin(x)`` for x uniform in ``x_range`` (default ``[-pi, pi]``).
    With ``n_inputs=2`` (a playground set): ``y = sin(x0) * cos(x1)`` for points uniform in
    ``x_range`` squared (default ``[-6, 6]``), a wavy surface with values in [-1, 1].

    Returns
    -------
    X : ndarray of shape (n, n_inputs), float64
    y : ndarray of shape (n, 1), float64, plus Gaussian noise of standard deviation ``noise``.
    """
    n, noise = _check_n(n), _check_noise(noise)
    if n_inputs not in (1, 2):
        raise MLCourseError(f"n_inputs must be 1 or 2, received {n_inputs!r}.")
    if x_range is None:
        x_range = (-np.pi, np.pi) if n_inputs == 1 else PLAYGROUND_RANGE
    gen = check_rng(rng, seed)
    X = _uniform_inputs(gen, n, x_range, n_inputs)
    clean = np.sin(X[:, :1]) if n_inputs == 1 else np.sin(X[:, :1]) * np.cos(X[:, 1:])
    return X, clean + gen.normal(0.0, noise, size=(n, 1))


def make_plane(n: int = 200, noise: float = 0.0, weights=(0.1, -0.1), bias: float = 0.0,
               x_range=PLAYGROUND_RANGE, rng=None, seed=None):
    """Points on (or, with noise, around) the plane ``y = w0 x0 + w1 x1 + bias``.

    With the defaults the inputs fill the playground square ``[-6, 6]^2`` and the targets
    lie in about [-1.2, 1.2] (TensorFlow Playground's "plane").

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n, 1), float64, plus Gaussian noise of standard deviation ``noise``.
    """
    n, noise = _check_n(n), _check_noise(noise)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (2,):
        raise MLCourseError(f"weights must hold 2 numbers, received {weights!r}.")
    gen = check_rng(rng, seed)
    X = _uniform_inputs(gen, n, x_range, 2)
    y = X @ w[:, None] + bias + gen.normal(0.0, noise, size=(n, 1))
    return X, y
