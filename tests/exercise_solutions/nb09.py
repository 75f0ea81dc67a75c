"""Reference solutions for notebook 09, and typical mistakes the checkers must catch."""
import numpy as np


def gd_step(x, grad, lr):
    return x - lr * grad


def gradient_descent(grad_fn, x0, lr, steps):
    x = x0
    path = [x]
    for _ in range(steps):
        x = x - lr * grad_fn(x)
        path.append(x)
    return np.array(path)


def _aliased(grad_fn, x0, lr, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x -= lr * grad_fn(x)          # changes the array already stored in path
        path.append(x)
    return np.array(path)


def _no_start(grad_fn, x0, lr, steps):
    return gradient_descent(grad_fn, x0, lr, steps)[1:]


def steps_to_tolerance(grad_fn, x0, lr, tol, max_steps):
    x = x0
    for k in range(max_steps):
        g = grad_fn(x)
        if np.linalg.norm(g) < tol:
            return k
        x = x - lr * g
    return max_steps


def _tests_after_stepping(grad_fn, x0, lr, tol, max_steps):
    x = x0
    for k in range(1, max_steps + 1):
        x = x - lr * grad_fn(x)
        if np.linalg.norm(grad_fn(x)) < tol:
            return k + 1          # counts the test as a step
    return max_steps


def _signed(grad_fn, x0, lr, tol, max_steps):
    x = x0
    for k in range(max_steps):
        g = grad_fn(x)
        if np.all(g < tol):        # a large negative gradient passes
            return k
        x = x - lr * g
    return max_steps


def _any_coordinate(grad_fn, x0, lr, tol, max_steps):
    x = x0
    for k in range(max_steps):
        g = np.atleast_1d(grad_fn(x))
        if np.abs(g).min() < tol:  # stops when one coordinate is small
            return k
        x = x - lr * g
    return max_steps


SOLUTIONS = {
    "09.1": gd_step,
    "09.2": 0.5,
    "09.3": gradient_descent,
    "09.4": steps_to_tolerance,
}

WRONG = {
    "09.1": [
        lambda x, grad, lr: x + lr * grad,    # uphill
        lambda x, grad, lr: x - grad,         # forgot the learning rate
        lambda x, grad, lr: lr * grad,        # returned the step
        lambda x, grad, lr: None,             # forgot return
    ],
    "09.2": [1.0, 2.0, 0.05, "0.5"],
    "09.3": [
        _aliased,
        _no_start,
        lambda grad_fn, x0, lr, steps: gradient_descent(grad_fn, x0, lr, steps)[-1],   # only the last point
        lambda grad_fn, x0, lr, steps: gradient_descent(grad_fn, x0, -lr, steps),      # climbs
    ],
    "09.4": [
        _tests_after_stepping,
        _signed,
        _any_coordinate,
        lambda grad_fn, x0, lr, tol, max_steps: None,                                  # forgot return
        lambda grad_fn, x0, lr, tol, max_steps: max_steps,                             # never tests
    ],
}
