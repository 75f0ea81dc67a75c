"""The path an optimizer takes on a function you can draw.

The optimizers of :mod:`mlcourse.optimizers` update dicts of arrays. To *see* what they do,
give them a single point ``p`` (one or two numbers), its gradient, and record every step::

    from mlcourse.data import get_surface
    bowl = get_surface("bowl")
    path = descend(bowl.gradient, start=(-7, 2), optimizer=Momentum(0.1), steps=30)
    path.shape        # (31, 2): the start and the 30 points after it

The update rules are the package's own (``optimizer.step``): nothing is re-implemented here.
:func:`race` runs several optimizers from one start; :func:`values_along` gives ``f`` along
a path, for loss curves.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from mlcourse import optimizers as _optimizers
from mlcourse._checks import MLCourseError, check_array, check_whole

__all__ = ["descend", "race", "values_along"]

#: A path that leaves this box is called diverged: the rest of it is NaN.
BLOW_UP = 1e8


def _check_steps(steps: Any) -> int:
    return check_whole(steps, "steps", low=0)


def descend(grad_fn: Callable[[np.ndarray], Any], start: Any, optimizer: Any, steps: int) -> np.ndarray:
    """Run ``optimizer`` on one point for ``steps`` steps and return every point visited.

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(p) -> gradient`` for a point ``p`` of shape (D,); the gradient must have
        shape (D,) too (``Surface.gradient`` is such a function).
    start : array_like of shape (D,)
        The first point (e.g. ``(-7, 2)``; a single number counts as D = 1).
    optimizer : str or Optimizer
        A name such as ``"adam"`` (default settings) or an object such as ``Adam(0.3)``. An
        object is used as it is: call ``optimizer.reset()`` first to reuse one.
    steps : int
        Number of updates.

    Returns
    -------
    path : ndarray of shape (steps + 1, D), float64
        ``path[0]`` is ``start``, ``path[k]`` the point after ``k`` updates. If a point
        leaves the box ``|p| < 1e8`` or stops being finite, the optimizer has diverged:
        that point and all later rows are NaN (so a plot simply stops there).
    """
    p = check_array(start, "start", ndim=(0, 1)).astype(np.float64).reshape(-1)
    steps = _check_steps(steps)
    opt = _optimizers.get(optimizer)
    path = np.full((steps + 1, p.size), np.nan)
    path[0] = p
    params = {"p": p}
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            g = np.asarray(grad_fn(p.copy()), dtype=np.float64).reshape(-1)
            if g.shape != p.shape:
                raise MLCourseError(
                    f"descend: grad_fn returned a gradient of shape {g.shape} for a point of shape "
                    f"{p.shape}; they must match."
                )
            if not np.isfinite(g).all():
                break
            opt.step(params, {"p": g})
            if not (np.isfinite(p).all() and np.abs(p).max() < BLOW_UP):
                break
            path[k] = p
    return path


def race(grad_fn: Callable[[np.ndarray], Any], start: Any, optimizers: Mapping[str, Any],
         steps: int) -> dict[str, np.ndarray]:
    """:func:`descend` for several optimizers from the same start.

    ``optimizers`` maps a label (for the legend) to a name or an Optimizer object; each
    object is ``reset()`` first, so a dict can be raced again. Returns label -> path of
    shape (steps + 1, D).
    """
    paths = {}
    for label, opt in optimizers.items():
        if hasattr(opt, "reset"):
            opt.reset()
        paths[label] = descend(grad_fn, start, opt, steps)
    return paths


def values_along(f: Callable[..., Any], path: np.ndarray) -> np.ndarray:
    """``f`` at every point of a path: ``f(x, y)`` for a (n, 2) path, ``f(x)`` for (n, 1).

    Returns an array of shape (n,); NaN where the path is NaN (after a divergence).
    """
    path = np.asarray(path, dtype=np.float64)
    if path.ndim != 2:
        raise MLCourseError(f"path must be 2-D, (n_points, D), received shape {path.shape}.")
    with np.errstate(invalid="ignore", over="ignore"):
        return np.asarray(f(*path.T), dtype=np.float64).reshape(-1)
