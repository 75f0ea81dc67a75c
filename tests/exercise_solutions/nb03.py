import numpy as np

from mlcourse.exercises.nb03 import SCORES_EX


def softmax_batch(S):
    e = np.exp(S - S.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _naive(S):
    e = np.exp(S)
    return e / e.sum(axis=1, keepdims=True)


def _columns(S):
    e = np.exp(S - S.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _no_keepdims(S):
    e = np.exp(S - S.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


def _global_max(S):
    e = np.exp(S - S.max())
    return e / e.sum(axis=1, keepdims=True)


SOLUTIONS = {
    "03.1": 7850,
    "03.2": softmax_batch,
    "03.3": np.argmax(SCORES_EX, axis=1),
}
WRONG = {
    "03.1": [7840, 794, 7850.5],
    "03.2": [_naive, _columns, _no_keepdims, _global_max],
    "03.3": [np.argmax(SCORES_EX, axis=0), np.argmax(SCORES_EX), np.max(SCORES_EX, axis=1), np.array([0, 1, 2, 1])],
}
