import numpy as np


def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def _forward(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def _over_h(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h


def grad_k(p):
    x, y = p
    return np.array([2 * x * y, x ** 2 + np.cos(y)])


def _grad_k_no_cos(p):
    x, y = p
    return np.array([2 * x * y, x ** 2])


def _grad_k_no_return(p):
    x, y = p
    np.array([2 * x * y, x ** 2 + np.cos(y)])


SOLUTIONS = {
    "02.1": 54.0,
    "02.2": central_difference,
    "02.3": grad_k,
    "02.4": -np.array([2.0, 4.0]) / np.sqrt(20.0),
}
# The answer rounded to three decimals, as a learner may type it, must pass too.
ALSO_RIGHT = {"02.4": [np.array([-0.447, -0.894])]}
WRONG = {
    "02.1": [27.0, 6.0, 18],
    "02.2": [_forward, _over_h],
    "02.3": [_grad_k_no_cos, _grad_k_no_return],
    "02.4": [np.array([2.0, 4.0]) / np.sqrt(20.0), np.array([-2.0, -4.0]), np.array([-1.0, -1.0]) / np.sqrt(2.0),
             np.array([-0.45, -0.89])],
}
