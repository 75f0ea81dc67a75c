"""Weight initializers: ``init(shape, rng, dtype=np.float64) -> ndarray``.

Fans: for a 2-D kernel of shape (fan_in, fan_out) - the shape ``Dense`` uses - ``fan_in =
shape[0]`` and ``fan_out = shape[1]``. For more axes (convolution kernels, last two axes
``(in, out)``) both are multiplied by the product of the leading axes, as Keras does; a 1-D
shape has ``fan_in = fan_out = shape[0]``.

All "normal" initializers draw from a plain (not truncated) normal distribution, so their
standard deviation is exactly the formula in the docstring. Keras truncates at two standard
deviations and rescales; the difference does not matter for this course.

Factories (``constant``, ``normal``, ``uniform``) take a setting and return an initializer.
``get(name)`` resolves Keras names; callables are returned unchanged.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ._checks import MLCourseError, check_rng, check_whole, resolve

Initializer = Callable[..., np.ndarray]


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """Return ``(fan_in, fan_out)`` for a weight of ``shape`` (see the module docstring)."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        raise MLCourseError(f"shape must be a tuple of sizes such as (3, 4), received {shape!r}.")
    shape = tuple(check_whole(s, f"shape[{i}]", low=0) for i, s in enumerate(shape))
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def _rng(rng):
    if rng is None:
        raise MLCourseError(
            "random initializers need rng (a numpy.random.Generator or an int seed), received None; "
            "e.g. he_normal((3, 4), rng=np.random.default_rng(0))."
        )
    return check_rng(rng)


def _draw_dtype(dtype) -> np.dtype:
    """numpy draws float32 and float64 directly; other float dtypes (float16) are drawn in
    float64 and rounded."""
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise MLCourseError(f"initializers make float weights; received dtype={dtype}.")
    return dtype if dtype in (np.float32, np.float64) else np.dtype(np.float64)


def _normal(shape, rng, dtype, std):
    rng = _rng(rng)
    return (rng.standard_normal(shape, dtype=_draw_dtype(dtype)) * std).astype(dtype, copy=False)


def _uniform(shape, rng, dtype, limit):
    rng = _rng(rng)
    u = rng.random(shape, dtype=_draw_dtype(dtype))  # [0, 1)
    return ((2 * limit) * u - limit).astype(dtype, copy=False)


def zeros(shape, rng=None, dtype=np.float64) -> np.ndarray:
    """All zeros (the default for biases)."""
    return np.zeros(shape, dtype=dtype)


def ones(shape, rng=None, dtype=np.float64) -> np.ndarray:
    """All ones (the default for BatchNormalization's gamma)."""
    return np.ones(shape, dtype=dtype)


def constant(value: float = 0.0) -> Initializer:
    """Factory: an initializer that fills with ``value``."""
    def init(shape, rng=None, dtype=np.float64):
        return np.full(shape, value, dtype=dtype)
    init.__name__ = f"constant({value!r})"
    return init


def normal(std: float = 0.01, mean: float = 0.0) -> Initializer:
    """Factory: ``N(mean, std^2)`` entries. Default ``std = 0.01``, the classic
    "small random numbers" that works for shallow networks and fails for deep ones."""
    if std < 0:
        raise MLCourseError(f"std must be 0 or more, received std={std!r}.")

    def init(shape, rng=None, dtype=np.float64):
        return _normal(shape, rng, dtype, std) + np.asarray(mean, dtype=dtype)
    init.__name__ = f"normal(std={std!r})"
    return init


def uniform(limit: float = 0.05) -> Initializer:
    """Factory: entries uniform on ``[-limit, limit)``. Default ``limit = 0.05`` (Keras)."""
    if limit < 0:
        raise MLCourseError(f"limit must be 0 or more, received limit={limit!r}.")

    def init(shape, rng=None, dtype=np.float64):
        return _uniform(shape, rng, dtype, limit)
    init.__name__ = f"uniform(limit={limit!r})"
    return init


def glorot_normal(shape, rng=None, dtype=np.float64) -> np.ndarray:
    """Glorot/Xavier normal: ``std = sqrt(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = fans(shape)
    return _normal(shape, rng, dtype, math.sqrt(2.0 / (fan_in + fan_out)))


def glorot_uniform(shape, rng=None, dtype=np.float64) -> np.ndarray:
    """Glorot/Xavier uniform: ``U(-l, l)`` with ``l = sqrt(6 / (fan_in + fan_out))``
    (variance ``l^2 / 3 = 2 / (fan_in + fan_out)``). The Keras default for kernels."""
    fan_in, fan_out = fans(shape)
    return _uniform(shape, rng, dtype, math.sqrt(6.0 / (fan_in + fan_out)))


def he_normal(shape, rng=None, dtype=np.float64) -> np.ndarray:
    """He normal, for ReLU layers: ``std = sqrt(2 / fan_in)``."""
    fan_in, _ = fans(shape)
    return _normal(shape, rng, dtype, math.sqrt(2.0 / fan_in))


def he_uniform(shape, rng=None, dtype=np.float64) -> np.ndarray:
    """He uniform: ``U(-l, l)`` with ``l = sqrt(6 / fan_in)`` (variance ``2 / fan_in``)."""
    fan_in, _ = fans(shape)
    return _uniform(shape, rng, dtype, math.sqrt(6.0 / fan_in))


def lecun_normal(shape, rng=None, dtype=np.float64) -> np.ndarray:
    """LeCun normal: ``std = sqrt(1 / fan_in)``."""
    fan_in, _ = fans(shape)
    return _normal(shape, rng, dtype, math.sqrt(1.0 / fan_in))


def lecun_uniform(shape, rng=None, dtype=np.float64) -> np.ndarray:
    """LeCun uniform: ``U(-l, l)`` with ``l = sqrt(3 / fan_in)`` (variance ``1 / fan_in``)."""
    fan_in, _ = fans(shape)
    return _uniform(shape, rng, dtype, math.sqrt(3.0 / fan_in))


xavier_normal = glorot_normal
xavier_uniform = glorot_uniform

INITIALIZERS: dict[str, Callable[..., Initializer]] = {
    "zeros": lambda: zeros,
    "ones": lambda: ones,
    "constant": constant,
    "normal": normal,
    "random_normal": normal,
    "uniform": uniform,
    "random_uniform": uniform,
    "glorot_normal": lambda: glorot_normal,
    "xavier_normal": lambda: glorot_normal,
    "glorot_uniform": lambda: glorot_uniform,
    "xavier_uniform": lambda: glorot_uniform,
    "he_normal": lambda: he_normal,
    "he_uniform": lambda: he_uniform,
    "lecun_normal": lambda: lecun_normal,
    "lecun_uniform": lambda: lecun_uniform,
}


def get(initializer: Any, **params: Any) -> Initializer:
    """Resolve an initializer by Keras name (``"he_normal"``) or return a callable unchanged.

    Keyword arguments go to factories: ``get("normal", std=0.1)``.
    """
    if callable(initializer) and not isinstance(initializer, str):
        return initializer
    if not isinstance(initializer, str):
        raise MLCourseError(
            f"initializer must be a name or a callable init(shape, rng, dtype), received {initializer!r}. "
            f"Known names: {', '.join(sorted(INITIALIZERS))}."
        )
    # Resolve the name to its factory first, then call it: a factory's own keyword
    # (constant's ``value``) must not collide with resolve's arguments.
    factory = resolve(initializer, {k: (lambda f=f: f) for k, f in INITIALIZERS.items()}, "initializer")
    return factory(**params)


def names() -> list[str]:
    """The known initializer names."""
    return sorted(INITIALIZERS)
