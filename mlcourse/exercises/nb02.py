"""Checkers for notebook 02 (calculus for deep learning)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number


@exercise("02.1", "Chain rule: d/dx (2x + 1)^3 at x = 1")
def _(answer):
    expect(is_number(answer), "Give a single number.")
    expect(not np.isclose(answer, 27.0), "27 is 3u^2 only: multiply by the inner derivative du/dx = 2.")
    expect(not np.isclose(answer, 6.0), "Evaluate 3u^2 * 2 with u = 2x + 1 = 3 at x = 1.")
    expect(np.isclose(answer, 54.0), "d/dx u^3 = 3u^2 * du/dx with u = 2x + 1.")


@exercise("02.2", "Central difference")
def _(central_difference):
    expect(callable(central_difference), "Pass the function itself: check('02.2', central_difference).")
    est = central_difference(np.exp, 0.0, 1e-4)
    expect(est is not None, "Your function returned None: did you forget `return`?")
    est = float(np.asarray(est))
    expect(not np.isclose(est, 2.0, atol=1e-3), "About twice the slope: divide by 2h (the two points are 2h apart).")
    expect(not np.isclose(est, 1.0 + 0.5e-4, atol=1e-6),
           "That is the forward difference (f(x + h) - f(x)) / h; use f(x + h) and f(x - h).")
    expect(abs(est - 1.0) < 1e-7, f"For f = exp at x = 0 with h = 1e-4 expected about 1.0 (error < 1e-7), received {est!r}.")
    xs = np.array([-1.0, 0.0, 2.0])
    out = central_difference(np.sin, xs)
    expect(out is not None and np.shape(out) == (3,), "With an array x your function should return an array of the same shape.")
    expect(np.allclose(out, np.cos(xs), atol=1e-8), "With the default h = 1e-5, d/dx sin(x) should be close to cos(x).")


@exercise("02.3", "Gradient of k(x, y) = x^2 y + sin y")
def _(grad_k):
    expect(callable(grad_k), "Pass the function itself: check('02.3', grad_k).")
    for p in ([1.0, 2.0], [-0.5, 0.3], [2.0, -1.0]):
        x, y = p
        got = grad_k(np.array(p))
        expect(got is not None, "Your function returned None: did you forget `return`?")
        got = np.asarray(got, dtype=float)
        expect(got.shape == (2,), f"Return an array of shape (2,), received shape {got.shape}.")
        expect(np.isclose(got[0], 2 * x * y), f"dk/dx is wrong at (x, y) = {tuple(p)}: differentiate x^2 y with y held fixed.")
        expect(not np.isclose(got[1], x ** 2) or np.isclose(np.cos(y), 0),
               "dk/dy is missing the derivative of sin y.")
        expect(np.isclose(got[1], x ** 2 + np.cos(y)), f"dk/dy is wrong at (x, y) = {tuple(p)}: d/dy (x^2 y) = x^2, d/dy sin y = cos y.")


@exercise("02.4", "Unit direction of steepest descent")
def _(answer):
    a = np.asarray(answer, dtype=float)
    expect(a.shape == (2,), f"Give an array of shape (2,), received shape {a.shape}.")
    unit = np.array([2.0, 4.0]) / np.sqrt(20.0)
    expect(not np.allclose(a, unit), "That is the direction of steepest ascent (the gradient); descent is the opposite direction.")
    expect(np.isclose(np.linalg.norm(a), 1.0, atol=2e-3), f"The vector should have length 1, yours has length {np.linalg.norm(a):.3g}: divide by np.linalg.norm (compute it with numpy; three decimals are enough if you type it).")
    expect(np.allclose(a, -unit, atol=1e-3), "The gradient of x^2 + 2y^2 is (2x, 4y); at (1, 1) that is (2, 4). Go against it, with length 1.")
