"""Reference solutions for notebook 16, and typical mistakes the checkers must catch."""
import numpy as np


def sgd_step(params, grads, lr):
    for key in params:
        params[key] -= lr * grads[key]


def _rebinds(params, grads, lr):
    for key in params:
        params[key] = params[key] - lr * grads[key]     # new arrays: the layers never see them


def _uphill(params, grads, lr):
    for key in params:
        params[key] += lr * grads[key]


def _returns_dict(params, grads, lr):
    sgd_step(params, grads, lr)
    return params


SOLUTIONS = {
    "16.1": 784 * 128 + 128 + 128 * 10 + 10,
    "16.2": sgd_step,
    "16.3": lambda y_pred, t: np.mean((y_pred - t) ** 2),
}

WRONG = {
    "16.1": [784 * 128 + 128 * 10, 784 * 128 + 128, 101770.0, "101770"],
    "16.2": [_rebinds, _uphill, _returns_dict],
    "16.3": [
        lambda y_pred, t: 0.5 * np.sum((y_pred - t) ** 2) / len(y_pred),   # the course's convention
        lambda y_pred, t: np.sum((y_pred - t) ** 2) / len(y_pred),         # sums over outputs
        lambda y_pred, t: 0.5 * np.mean((y_pred - t) ** 2),                # keeps the 1/2
        lambda y_pred, t: np.mean((y_pred - t) ** 2, axis=1),              # per sample
    ],
}
