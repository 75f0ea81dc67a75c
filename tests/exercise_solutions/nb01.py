import numpy as np

_g = np.arange(20).reshape(4, 5)


def standardize(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def outer_sum(a, b):
    return a[:, None] + b[None, :]


def _standardize_rows(X):  # wrong axis
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


def _center_only(X):
    return X - X.mean(axis=0)


def _no_return(X):
    X - X.mean(axis=0)


def _transposed(a, b):
    return b[:, None] + a[None, :]


def _flat(a, b):
    return a + b.sum()


SOLUTIONS = {
    "01.1": 80,
    "01.2": _g[1:3, 3:],
    "01.3": standardize,
    "01.4": outer_sum,
}
WRONG = {
    "01.1": [20, 160, 40],
    "01.2": [_g[2:4, 3:], _g[1:3, 2:4], _g[1:2, 3:], _g[3:]],
    "01.3": [_standardize_rows, _center_only, _no_return],
    "01.4": [_transposed, _flat],
}
