import numpy as np


def _relu_derivative(z):
    return (z > 0).astype(float)


def _relu_derivative_ge(z):
    return (z >= 0).astype(float)


def _sigmoid_slope(s):
    return s * (1 - s)


def _sigmoid_slope_twice(s):
    t = 1 / (1 + np.exp(-s))
    return t * (1 - t)


W1 = np.array([[1.0, 0.0, 2.0], [-1.0, 3.0, 1.0]])
W2 = np.array([[2.0, 1.0], [0.0, -1.0], [1.0, 1.0]])

# 05.2: the logarithm route gives the float 10.0; the loop gives the int 10 (ALSO_RIGHT)
SOLUTIONS = {"05.1": _relu_derivative, "05.2": np.ceil(6 / np.log10(4)), "05.3": W1 @ W2, "05.4": _sigmoid_slope, "05.5": 4.0}
ALSO_RIGHT = {"05.2": [10, np.int64(10)]}
WRONG = {
    "05.1": [_relu_derivative_ge, lambda z: np.maximum(z, 0)],
    "05.2": [9, 11, 20, 9.5, 10.5, True, "10", float("nan"), float("inf")],
    "05.3": [W2 @ W1, W1[:, :2], (W1 @ W2).T + 1],
    "05.4": [_sigmoid_slope_twice, lambda s: s],
    "05.5": [0.25, 1.0, 8.0, -4.0, 2.0, "4"],
}
