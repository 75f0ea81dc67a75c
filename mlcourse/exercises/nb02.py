"""Checkers for notebook 02 (calculus for deep learning)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr


@exercise("02.1", N_("Chain rule: d/dx (2x + 1)^3 at x = 1"))
def _(answer):
    expect(is_number(answer), tr("Give a single number."))
    expect(not np.isclose(answer, 27.0), tr("27 is 3u^2 only: multiply by the inner derivative du/dx = 2."))
    expect(not np.isclose(answer, 6.0), tr("Evaluate 3u^2 * 2 with u = 2x + 1 = 3 at x = 1."))
    expect(np.isclose(answer, 54.0), tr("d/dx u^3 = 3u^2 * du/dx with u = 2x + 1."))


@exercise("02.2", N_("Central difference"))
def _(central_difference):
    expect(callable(central_difference), tr("Pass the function itself: check('02.2', central_difference)."))
    est = central_difference(np.exp, 0.0, 1e-4)
    expect(est is not None, tr("Your function returned None: did you forget `return`?"))
    est = float(np.asarray(est))
    expect(not np.isclose(est, 2.0, atol=1e-3), tr("About twice the slope: divide by 2h (the two points are 2h apart)."))
    expect(not np.isclose(est, 1.0 + 0.5e-4, atol=1e-6),
           tr("That is the forward difference (f(x + h) - f(x)) / h; use f(x + h) and f(x - h)."))
    expect(abs(est - 1.0) < 1e-7, tr("For f = exp at x = 0 with h = 1e-4 expected about 1.0 (error < 1e-7), received {est!r}.",
                                     est=est))
    xs = np.array([-1.0, 0.0, 2.0])
    out = central_difference(np.sin, xs)
    expect(out is not None and np.shape(out) == (3,), tr("With an array x your function should return an array of the same shape."))
    expect(np.allclose(out, np.cos(xs), atol=1e-8), tr("With the default h = 1e-5, d/dx sin(x) should be close to cos(x)."))


@exercise("02.3", N_("Gradient of k(x, y) = x^2 y + sin y"))
def _(grad_k):
    expect(callable(grad_k), tr("Pass the function itself: check('02.3', grad_k)."))
    for p in ([1.0, 2.0], [-0.5, 0.3], [2.0, -1.0]):
        x, y = p
        got = grad_k(np.array(p))
        expect(got is not None, tr("Your function returned None: did you forget `return`?"))
        got = np.asarray(got, dtype=float)
        expect(got.shape == (2,), tr("Return an array of shape (2,), received shape {got_shape}.", got_shape=got.shape))
        expect(np.isclose(got[0], 2 * x * y), tr("dk/dx is wrong at (x, y) = {p}: differentiate x^2 y with y held fixed.",
                                                 p=tuple(p)))
        expect(not np.isclose(got[1], x ** 2) or np.isclose(np.cos(y), 0),
               tr("dk/dy is missing the derivative of sin y."))
        expect(np.isclose(got[1], x ** 2 + np.cos(y)), tr("dk/dy is wrong at (x, y) = {p}: d/dy (x^2 y) = x^2, d/dy sin y = cos y.",
                                                          p=tuple(p)))


@exercise("02.4", N_("Unit direction of steepest descent"))
def _(answer):
    a = np.asarray(answer, dtype=float)
    expect(a.shape == (2,), tr("Give an array of shape (2,), received shape {a_shape}.", a_shape=a.shape))
    unit = np.array([2.0, 4.0]) / np.sqrt(20.0)
    expect(not np.allclose(a, unit), tr("That is the direction of steepest ascent (the gradient); descent is the opposite direction."))
    expect(np.isclose(np.linalg.norm(a), 1.0, atol=2e-3), tr("The vector should have length 1, yours has length {norm:.3g}: divide by np.linalg.norm (compute it with numpy; three decimals are enough if you type it).",
                                                             norm=np.linalg.norm(a)))
    expect(np.allclose(a, -unit, atol=1e-3), tr("The gradient of x^2 + 2y^2 is (2x, 4y); at (1, 1) that is (2, 4). Go against it, with length 1."))
