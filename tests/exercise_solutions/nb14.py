import numpy as np


def _standardize(X_train, X_test):
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mu) / sd, (X_test - mu) / sd


def _own_stats(X_train, X_test):
    return ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0),
            (X_test - X_test.mean(axis=0)) / X_test.std(axis=0))


def _fit_on_all(X_train, X_test):
    both = np.vstack([X_train, X_test])
    mu, sd = both.mean(axis=0), both.std(axis=0)
    return (X_train - mu) / sd, (X_test - mu) / sd


def _global(X_train, X_test):
    mu, sd = X_train.mean(), X_train.std()
    return (X_train - mu) / sd, (X_test - mu) / sd


def _sample_std(X_train, X_test):
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    return (X_train - mu) / sd, (X_test - mu) / sd


def _one_hot(y, n_classes):
    return np.eye(n_classes)[y]


def _one_hot_guess(y, n_classes):
    return np.eye(y.max() + 1)[y]


def _one_hot_int(y, n_classes):
    return np.eye(n_classes, dtype=int)[y]


SOLUTIONS = {
    "14.1": _standardize,
    "14.2": 2.5,
    "14.3": _one_hot,
}
WRONG = {
    "14.1": [_own_stats, _fit_on_all, _global, _sample_std],
    "14.2": [5.0, -2.5, 2.0],
    "14.3": [_one_hot_guess, _one_hot_int],
}
