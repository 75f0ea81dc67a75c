"""Checkers for notebook 09 (gradient descent and the learning rate)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr


def _not_aliased(path):
    expect(not np.allclose(path, path[-1]),
           tr("Every point of your path is the same: you stored the array itself and then changed it in place (x -= ...). Store a copy (path.append(x.copy())) or write x = x - lr * grad(x)."))


@exercise("09.1", N_("One gradient-descent step"))
def _(gd_step):
    expect(callable(gd_step), tr("Pass the function itself: check('09.1', gd_step)."))
    got = gd_step(10.0, 20.0, 0.2)
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    expect(is_number(got) or np.ndim(got) == 0, tr("For one number x the step should return one number, got {got!r:.60}.",
                                                   got=got))
    expect(not np.isclose(got, 14.0), tr("You moved uphill: x + lr * grad. Gradient descent subtracts: x - lr * grad."))
    expect(not np.isclose(got, -10.0), tr("You subtracted the whole gradient; multiply it by the learning rate first."))
    expect(not np.isclose(got, 4.0), tr("That is the size of the step, lr * grad; the new x is x minus it."))
    expect(np.isclose(got, 6.0), tr("x = 10, grad = 20, lr = 0.2 should give 10 - 0.2 * 20 = 6, got {got!r}.", got=got))
    x = np.array([-7.0, 2.0])
    g = np.array([-0.7, 4.0])
    got = np.asarray(gd_step(x.copy(), g.copy(), 0.5), dtype=float)
    expect(got.shape == (2,), tr("For a point of shape (2,) return shape (2,), got shape {got_shape}.", got_shape=got.shape))
    expect(np.allclose(got, [-6.65, 0.0]), tr("x = {x}, grad = {g}, lr = 0.5: expected [-6.65, 0.0], got {got}.",
                                              x=x.tolist(), g=g.tolist(), got=got.tolist()))


@exercise("09.2", N_("The learning rate that lands on the minimum in one step"))
def _(answer):
    expect(is_number(answer), tr("Give one number, e.g. 0.3."))
    expect(not np.isclose(answer, 1.0), tr("With lr = 1, x - 1 * 2x = -x: you jump to -10 and bounce for ever. Solve 1 - 2 lr = 0."))
    expect(not np.isclose(answer, 2.0), tr("Solve x - lr * 2x = 0 for lr: the factor 1 - 2 lr must be 0."))
    expect(np.isclose(answer, 0.5), tr("The step multiplies x by (1 - 2 lr). Which lr makes that factor 0?"))


@exercise("09.3", N_("A gradient-descent loop that records its path"))
def _(gradient_descent):
    expect(callable(gradient_descent), tr("Pass the function itself: check('09.3', gradient_descent)."))
    path = gradient_descent(lambda x: 2 * x, 10.0, 0.2, 3)
    expect(path is not None, tr("Your function returned None: did you forget `return`?"))
    path = np.asarray(path, dtype=float)
    expect(path.ndim >= 1, tr("Return all the points visited (the start and one per step), not only the last one."))
    expect(len(path) != 3, tr("You returned 3 points for 3 steps: include the start x0 as the first point (steps + 1 points)."))
    expect(len(path) == 4, tr("3 steps from x0 should give 4 points (x0, x1, x2, x3), got {n_points}.", n_points=len(path)))
    _not_aliased(path)
    expect(np.allclose(path.reshape(-1), [10.0, 6.0, 3.6, 2.16]),
           tr("On f(x) = x^2 from 10 with lr 0.2 expected [10, 6, 3.6, 2.16], got {path}.",
              path=np.round(path.reshape(-1), 4).tolist()))

    start = np.array([-7.0, 2.0])
    grad = lambda p: np.array([p[0] / 10, 2 * p[1]])  # the elongated bowl x^2/20 + y^2
    path = np.asarray(gradient_descent(grad, start.copy(), 0.5, 2), dtype=float)
    expect(path.shape == (3, 2), tr("For a 2-D start and 2 steps the path should have shape (3, 2), got {path_shape}.",
                                    path_shape=path.shape))
    want = np.array([[-7.0, 2.0], [-6.65, 0.0], [-6.3175, 0.0]])
    _not_aliased(path)
    expect(np.allclose(path, want), tr("On the bowl from (-7, 2) with lr 0.5 expected {want}, got {path}.",
                                       want=want.tolist(), path=path.tolist()))


def _steps_to_tolerance(grad_fn, x0, lr, tol, max_steps):
    x = np.asarray(x0, dtype=float)
    for k in range(max_steps):
        g = np.asarray(grad_fn(x), dtype=float)
        if np.linalg.norm(g) < tol:
            return k
        x = x - lr * g
    return max_steps


@exercise("09.4", N_("Stop when the gradient is small"))
def _(steps_to_tolerance):
    expect(callable(steps_to_tolerance), tr("Pass the function itself: check('09.4', steps_to_tolerance)."))
    parabola = lambda x: 2 * x
    got = steps_to_tolerance(parabola, 10.0, 0.2, 1e-6, 1000)
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    expect(is_number(got), tr("Return the number of steps taken, one whole number; got {got!r:.60}.", got=got))
    want = _steps_to_tolerance(parabola, 10.0, 0.2, 1e-6, 1000)
    expect(got != want + 1, tr("You counted one step too many ({got}): test the gradient *before* stepping, so a start that already satisfies the rule takes 0 steps.",
                               got=got))
    expect(got == want, tr("f(x) = x^2 from 10, lr 0.2, tol 1e-6: |f'| = 20 * 0.6^k falls below 1e-6 after {want} steps, got {got}.",
                           want=want, got=got))
    got = steps_to_tolerance(parabola, -10.0, 0.2, 1e-6, 1000)
    expect(got != 0, tr("From x0 = -10 you stopped at once: the gradient -20 is *below* tol, but its size is 20. Compare the norm (np.linalg.norm(g) or abs(g)) with tol."))
    expect(got == want, tr("From x0 = -10 the run is the mirror image of the one from +10: expected {want} steps, got {got}.",
                           want=want, got=got))
    expect(steps_to_tolerance(parabola, 0.0, 0.2, 1e-6, 1000) == 0, tr("A start at the minimum needs 0 steps."))
    got = steps_to_tolerance(parabola, 10.0, 1.1, 1e-6, 50)
    expect(got == 50, tr("With lr 1.1 the run diverges and the gradient never gets small: stop after max_steps = 50, got {got}.",
                         got=got))
    bowl = lambda p: np.array([p[0] / 10, 2 * p[1]])
    want = _steps_to_tolerance(bowl, np.array([-7.0, 2.0]), 0.5, 1e-3, 1000)
    got = steps_to_tolerance(bowl, np.array([-7.0, 2.0]), 0.5, 1e-3, 1000)
    expect(got == want, tr("On the bowl from (-7, 2) with lr 0.5 and tol 1e-3 expected {want} steps (stop on the norm of the whole gradient vector), got {got}.",
                           want=want, got=got))
