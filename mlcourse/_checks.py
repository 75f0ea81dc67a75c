"""Input checks whose errors teach.

Every public function of mlcourse that takes arrays from a learner checks them here, so
that a mistake is reported where it was made, with the value received and what was
expected, instead of surfacing later as a broadcasting error or a page of NaN.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np


class MLCourseError(ValueError):
    """A learner-facing error: bad shape, bad value, bad name or bad dtype."""


def _describe(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    return f"{type(x).__name__} {x!r}"


def check_array(
    x: Any,
    name: str = "x",
    *,
    ndim: int | tuple[int, ...] | None = None,
    dtype_kind: str = "fc",
    allow_nan: bool = False,
    where: str = "",
) -> np.ndarray:
    """Return ``x`` as an ndarray after checking it.

    Parameters
    ----------
    x : array_like
        The value to check. Lists are converted; float32 and float64 arrays are kept as
        they are (no silent upcast); integer and boolean arrays are converted to float64
        when ``dtype_kind`` allows floats only.
    name : str
        How the message refers to ``x``.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.
    dtype_kind : str
        numpy dtype kinds accepted as they are ("f" float, "c" complex, "i" signed int,
        "u" unsigned int, "b" bool). With "fc", integers and booleans are converted to
        float64; strings and objects are refused.
    allow_nan : bool
        Whether NaN and infinity are allowed.
    where : str
        Who is checking, e.g. ``"Dense(4) (layer 0)"``; put in front of the message.
    """
    prefix = f"{where}: " if where else ""
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise MLCourseError(f"{prefix}{name} must be array-like, received {_describe(x)} ({exc}).") from None
    if arr.dtype.kind not in dtype_kind:
        if "f" in dtype_kind and arr.dtype.kind in "iub":
            arr = arr.astype(np.float64)
        else:
            wanted = {"f": "float", "c": "complex", "i": "integer", "u": "unsigned integer", "b": "bool"}
            kinds = " or ".join(wanted[k] for k in dtype_kind if k in wanted)
            raise MLCourseError(f"{prefix}{name} must have a {kinds} dtype, received dtype {arr.dtype}.")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{n}-D" for n in allowed)
            raise MLCourseError(f"{prefix}{name} must be {want}, received {arr.ndim}-D shape {arr.shape}.")
    if not allow_nan and arr.dtype.kind in "fc" and arr.size and not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))[0]
        idx = tuple(int(i) for i in bad)
        raise MLCourseError(
            f"{prefix}{name} contains {arr[idx].item()!r} at index {idx}; expected finite numbers "
            "(check the data for missing values, or lower the learning rate if this came from training)."
        )
    return arr


def check_labels(y: Any, n_classes: int | None = None, name: str = "y", where: str = "") -> np.ndarray:
    """Return integer class labels ``y`` of shape (N,) after checking their range.

    Float labels that hold whole numbers (e.g. ``1.0``) are accepted and converted.
    """
    prefix = f"{where}: " if where else ""
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise MLCourseError(f"{prefix}{name} must be integer class labels of shape (N,), received shape {arr.shape}.")
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all() or not np.all(arr == np.round(arr)):
            bad = arr[~(np.isfinite(arr) & (arr == np.round(arr)))][0]
            raise MLCourseError(f"{prefix}{name} must hold whole class numbers, received {bad!r}.")
        arr = arr.astype(np.int64)
    elif arr.dtype.kind not in "iu":
        raise MLCourseError(f"{prefix}{name} must hold integer class labels, received dtype {arr.dtype}.")
    if arr.size:
        lo, hi = int(arr.min()), int(arr.max())
        if lo < 0:
            raise MLCourseError(f"{prefix}{name} contains the label {lo}; labels must be 0 or more.")
        if n_classes is not None and hi >= n_classes:
            raise MLCourseError(
                f"{prefix}{name} contains the label {hi}, but there are only {n_classes} classes "
                f"(labels 0 to {n_classes - 1})."
            )
    return arr


def resolve(value: Any, registry: Mapping[str, Callable[..., Any]], kind: str, /, **kwargs: Any) -> Any:
    """Turn a name such as ``"relu"`` into the object it names.

    Objects (anything that is not a string) are returned unchanged. Names are matched
    case-insensitively. An unknown name raises an error that lists the known names.
    """
    if not isinstance(value, str):
        return value
    key = value.lower()
    if key not in registry:
        known = ", ".join(repr(k) for k in sorted(registry))
        raise MLCourseError(f"Unknown {kind} {value!r}. Known {kind}s: {known}.")
    return registry[key](**kwargs)


def check_rng(rng: Any = None, seed: int | None = None) -> np.random.Generator:
    """Return a numpy Generator from ``rng`` or ``seed`` (never numpy's global state)."""
    if rng is not None and seed is not None:
        raise MLCourseError("Pass rng or seed, not both.")
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is not None:
        if isinstance(rng, (int, np.integer)):
            return np.random.default_rng(int(rng))
        raise MLCourseError(f"rng must be a numpy.random.Generator, received {_describe(rng)}.")
    return np.random.default_rng(seed)
