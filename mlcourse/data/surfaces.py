"""Two-dimensional test functions for drawing the paths of optimizers.

Each entry of ``TEST_FUNCTIONS`` is a :class:`Surface` with

* ``f(x, y)`` the value and ``grad(x, y) -> (df/dx, df/dy)`` the gradient, both vectorized:
  ``x`` and ``y`` may be numbers or arrays of the same shape (e.g. from ``np.meshgrid``);
* ``xlim``, ``ylim`` a plotting window, ``start`` a starting point that shows the
  function's character, ``minima`` the known minima (global one first) and
  ``saddle_points``.

>>> bowl = TEST_FUNCTIONS["bowl"]
>>> bowl.f(3.0, 1.0), bowl.grad(3.0, 1.0)
(1.45, (0.3, 2.0))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from mlcourse._checks import MLCourseError

__all__ = ["Surface", "TEST_FUNCTIONS", "get_surface"]

Point = tuple[float, float]


@dataclass(frozen=True, eq=False)
class Surface:
    """A function of two variables with its gradient, a plotting window and its minima.

    Attributes
    ----------
    name : str
    formula : str
        The function written out, for titles.
    f : callable
        ``f(x, y) -> value``; x, y numbers or arrays of one shape, value of that shape.
    grad : callable
        ``grad(x, y) -> (df/dx, df/dy)``, each of the shape of x.
    xlim, ylim : (float, float)
        A window that shows the interesting part.
    start : (float, float)
        A starting point for optimizer paths.
    minima : list of (float, float)
        Known minima, the global one first (empty when the function has none).
    saddle_points : list of (float, float)
    """

    name: str
    formula: str
    f: Callable
    grad: Callable
    xlim: Point
    ylim: Point
    start: Point
    minima: list = field(default_factory=list)
    saddle_points: list = field(default_factory=list)

    def gradient(self, point) -> np.ndarray:
        """Gradient at one point, as an array of shape (2,) (handy for ``optimizer.step``)."""
        x, y = np.asarray(point, dtype=np.float64)
        return np.array(self.grad(x, y), dtype=np.float64)

    def grid(self, n: int = 100):
        """``X, Y, Z`` arrays of shape (n, n) over the window, ready for ``ax.contour``."""
        X, Y = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
        return X, Y, self.f(X, Y)

    def __repr__(self) -> str:
        return f"Surface({self.name!r}: f(x, y) = {self.formula}, minima={self.minima})"


# the elongated bowl: much steeper along y than along x -----------------------------
def _bowl_f(x, y):
    return x**2 / 20.0 + y**2


def _bowl_grad(x, y):
    return x / 10.0, 2.0 * y


# the saddle: a minimum along x, a maximum along y -----------------------------------
def _saddle_f(x, y):
    return x**2 - y**2


def _saddle_grad(x, y):
    return 2.0 * x, -2.0 * y


# Rosenbrock's banana valley ---------------------------------------------------------
def _rosenbrock_f(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(x, y):
    return -2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2)


# a double well: a local minimum on the right, the global one on the left ------------
def _two_minima_f(x, y):
    return x**4 - 3.0 * x**2 + x + y**2


def _two_minima_grad(x, y):
    return 4.0 * x**3 - 6.0 * x + 1.0, 2.0 * y


# The critical points of the double well solve 4x^3 - 6x + 1 = 0 (and y = 0):
# x ~ -1.3008 (global minimum, f ~ -3.514), x ~ 0.1699 (a saddle), x ~ 1.1309 (local minimum, f ~ -1.070).
_left, _middle, _right = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)

TEST_FUNCTIONS: dict[str, Surface] = {
    "bowl": Surface("bowl", "x^2/20 + y^2", _bowl_f, _bowl_grad,
                    xlim=(-10.0, 10.0), ylim=(-5.0, 5.0), start=(-7.0, 2.0), minima=[(0.0, 0.0)]),
    "saddle": Surface("saddle", "x^2 - y^2", _saddle_f, _saddle_grad,
                      xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), start=(-1.5, 0.01), saddle_points=[(0.0, 0.0)]),
    "rosenbrock": Surface("rosenbrock", "(1 - x)^2 + 100 (y - x^2)^2", _rosenbrock_f, _rosenbrock_grad,
                          xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), start=(-1.5, 2.0), minima=[(1.0, 1.0)]),
    "two_minima": Surface("two_minima", "x^4 - 3x^2 + x + y^2", _two_minima_f, _two_minima_grad,
                          xlim=(-2.2, 2.2), ylim=(-2.0, 2.0), start=(2.0, 1.5),
                          minima=[(float(_left), 0.0), (float(_right), 0.0)],
                          saddle_points=[(float(_middle), 0.0)]),
}


def get_surface(name) -> Surface:
    """Return ``TEST_FUNCTIONS[name]`` (case-insensitive); a Surface is returned unchanged."""
    if isinstance(name, Surface):
        return name
    key = str(name).lower()
    if key not in TEST_FUNCTIONS:
        known = ", ".join(repr(k) for k in TEST_FUNCTIONS)
        raise MLCourseError(f"Unknown test function {name!r}. Known test functions: {known}.")
    return TEST_FUNCTIONS[key]
