"""Input checks whose errors teach.

Every public function of mlcourse that takes arrays from a learner checks them here, so
that a mistake is reported where it was made, with the value received and what was
expected, instead of surfacing later as a broadcasting error or a page of NaN.
"""
from __future__ import annotations

import inspect
import math
import re
from typing import Any, Callable, Iterable, Mapping

import numpy as np


class MLCourseError(ValueError):
    """A learner-facing error: bad shape, bad value, bad name or bad dtype."""


def show(value: Any) -> str:
    """``repr`` for messages, with numpy scalars shown as Python numbers (``1.5``, not
    ``np.float64(1.5)``)."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def _describe(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    return f"{type(x).__name__} {show(x)}"


def _prefix(where: str) -> str:
    return f"{where}: " if where else ""


def check_number(value: Any, name: str, *, low: float = -math.inf, high: float = math.inf,
                 low_open: bool = False, high_open: bool = False, where: str = "") -> float:
    """Return ``value`` as a float after checking it is a finite real number in the range.

    ``low``/``high`` bound the range; ``low_open``/``high_open`` exclude the bound itself.
    Booleans, strings and arrays are refused: ``check_number(True, "rate")`` is an error.

    >>> check_number(0.5, "rate", low=0, high=1, high_open=True)
    0.5
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise MLCourseError(f"{_prefix(where)}{name} must be a number, received {_describe(value)}.")
    v = float(value)
    too_low = v <= low if low_open else v < low
    too_high = v >= high if high_open else v > high
    if not math.isfinite(v) or too_low or too_high:
        raise MLCourseError(f"{_prefix(where)}{name} must be {_range_text(low, high, low_open, high_open)}, "
                            f"received {name}={show(value)}.")
    return v


def _range_text(low: float, high: float, low_open: bool, high_open: bool) -> str:
    if math.isinf(high) and math.isinf(low):
        return "a finite number"
    if math.isinf(high):
        return f"a finite number {'>' if low_open else '>='} {low:g}"
    if math.isinf(low):
        return f"a finite number {'<' if high_open else '<='} {high:g}"
    return f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def check_whole(value: Any, name: str, *, low: int | None = None, high: int | None = None,
                where: str = "") -> int:
    """Return ``value`` as an int after checking it is a whole number in ``[low, high]``.

    Python and numpy integers are accepted; floats (even ``3.0``), booleans and strings
    are refused, because a fractional count is almost always a mistake.

    >>> check_whole(3, "epochs", low=0)
    3
    """
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if not ok or (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            want = f"a whole number in [{low}, {high}]"
        elif low is not None:
            want = f"a whole number >= {low}"
        elif high is not None:
            want = f"a whole number <= {high}"
        else:
            want = "a whole number"
        raise MLCourseError(f"{_prefix(where)}{name} must be {want}, received {name}={show(value)}.")
    return int(value)


def check_choice(value: Any, name: str, choices: Iterable[Any], *, where: str = "") -> Any:
    """Return ``value`` if it is one of ``choices``; otherwise an error listing them."""
    choices = tuple(choices)
    for choice in choices:
        if type(value) is type(choice) and value == choice:
            return value
    shown = [show(c) for c in choices]
    known = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    raise MLCourseError(f"{_prefix(where)}{name} must be {known}, received {show(value)}.")


def check_seed(seed: Any, name: str = "seed", *, where: str = "") -> int | None:
    """``None`` or a whole number >= 0 (numpy's seeds), as an int."""
    if seed is None:
        return None
    ok = isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)) and seed >= 0
    if not ok:
        raise MLCourseError(f"{_prefix(where)}{name} must be a whole number >= 0 or None, received {show(seed)}.")
    return int(seed)


def snake_case(name: str) -> str:
    """``"BatchNormalization"`` -> ``"batch_normalization"``, ``"MyMLPLayer"`` -> ``"my_mlp_layer"``
    (the names Keras gives layers)."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


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
            article = "an" if kinds[0] in "aeiou" else "a"
            raise MLCourseError(f"{prefix}{name} must have {article} {kinds} dtype, received dtype {arr.dtype}.")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{n}-D" for n in allowed)
            raise MLCourseError(f"{prefix}{name} must be {want}, received {arr.ndim}-D shape {arr.shape}.")
    if not allow_nan and arr.dtype.kind in "fc" and arr.size and not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))[0]
        idx = tuple(int(i) for i in bad)
        raise MLCourseError(
            f"{prefix}{name} contains {show(arr[idx])} at index {idx}; expected finite numbers "
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
            raise MLCourseError(f"{prefix}{name} must hold whole class numbers, received {show(bad)}.")
        arr = arr.astype(np.int64)
    elif arr.dtype.kind not in "iu":
        raise MLCourseError(f"{prefix}{name} must hold integer class labels, received dtype {arr.dtype}.")
    if arr.size:
        lo, hi = int(arr.min()), int(arr.max())
        if lo < 0:
            raise MLCourseError(f"{prefix}{name} contains the label {lo}; labels must be 0 or more.")
        if n_classes is not None and hi >= n_classes:
            classes = "there is only 1 class (label 0)" if n_classes == 1 else (
                f"there are only {n_classes} classes (labels 0 to {n_classes - 1})")
            raise MLCourseError(f"{prefix}{name} contains the label {hi}, but {classes}.")
    return arr


def resolve(value: Any, registry: Mapping[str, Callable[..., Any]], kind: str, /, **kwargs: Any) -> Any:
    """Turn a name such as ``"relu"`` into the object it names: the one registry helper.

    ``registry`` maps lower-case names to factories (usually classes); ``kwargs`` go to the
    factory. Objects (anything that is not a string) are returned unchanged. Names are
    matched case-insensitively. An unknown name raises an error that lists the known names.
    """
    if not isinstance(value, str):
        return value
    key = value.lower()
    if key not in registry:
        raise MLCourseError(f"Unknown {kind} {value!r}. Known names: {known_names(registry)}.")
    factory = registry[key]
    if kwargs:
        try:
            accepted = inspect.signature(factory).parameters
        except (TypeError, ValueError):  # builtins without a signature: let the call decide
            accepted = None
        if accepted is not None and not any(p.kind is p.VAR_KEYWORD for p in accepted.values()):
            unknown = sorted(set(kwargs) - set(accepted))
            if unknown:
                takes = ", ".join(accepted) or "no settings"
                raise MLCourseError(f"The {kind} {value!r} has no setting {', '.join(map(repr, unknown))}; "
                                    f"it takes: {takes}.")
    return factory(**kwargs)


def check_bool(value: Any, name: str, *, where: str = "") -> bool:
    """``value`` if it is True or False (numpy's too); a string such as ``"no"`` is refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise MLCourseError(f"{_prefix(where)}{name} must be True or False, received {_describe(value)}.")
    return bool(value)


def known_names(registry: Mapping[str, Any]) -> str:
    """The names of a registry for a message: ``'adam', 'sgd'``."""
    return ", ".join(repr(k) for k in sorted(registry))


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
