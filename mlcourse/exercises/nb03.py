"""Checkers for notebook 03 (linear models and softmax)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr

SCORES_EX = np.array([[2.0, 1.0, 0.1],
                      [0.5, 2.5, 0.3],
                      [1.0, 1.2, 3.0],
                      [0.0, -1.0, -0.5]])


@exercise("03.1", N_("Parameters of a linear model 784 -> 10"))
def _(answer):
    expect(is_number(answer), tr("Give a single whole number."))
    expect(answer != 7840, tr("7840 counts the weights only; add one bias per output."))
    expect(answer != 794, tr("784 + 10 adds the sizes; W has 784 * 10 entries."))
    expect(answer == 7850, tr("W is (784, 10) and b is (10,): count both."))


@exercise("03.2", N_("Stable softmax for a batch"))
def _(softmax_batch):
    expect(callable(softmax_batch), tr("Pass the function itself: check('03.2', softmax_batch)."))
    S = np.array([[1.0, 2.0, 0.0], [3.0, 1.0, 1.0], [0.5, 0.5, 2.0]])
    with np.errstate(all="ignore"):
        P = softmax_batch(S.copy())
    expect(P is not None, tr("Your function returned None: did you forget `return`?"))
    P = np.asarray(P, dtype=float)
    expect(P.shape == S.shape, tr("Expected shape {S_shape}, received {P_shape}.", S_shape=S.shape, P_shape=P.shape))
    expected = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    expect(not np.allclose(P.sum(axis=0), 1.0) or np.allclose(P, expected),
           tr("Your columns sum to 1: normalize each row (axis=1), the classes run along a row."))
    expect(np.allclose(P.sum(axis=1), 1.0), tr("Each row should sum to 1. Did you divide by e.sum(axis=1) without keepdims=True?"))
    expect(np.allclose(P, expected), tr("The probabilities are off: exponentiate (after subtracting the row max), then divide by the row sum."))
    big = np.array([[1000.0, 1001.0], [-1000.0, -1001.0]])
    with np.errstate(all="ignore"):
        Pb = np.asarray(softmax_batch(big), dtype=float)
    expect(np.all(np.isfinite(Pb)), tr("Scores like 1000 give nan: subtract each row's maximum before np.exp."))
    expect(np.allclose(Pb, [[0.26894142, 0.73105858], [0.73105858, 0.26894142]]),
           tr("For large scores the result is off: subtract each row's own maximum (axis=1, keepdims=True)."))


@exercise("03.3", N_("Predicted classes with argmax"))
def _(answer):
    a = np.asarray(answer)
    expect(a.shape != (3,), tr("That is one value per class (axis=0); you want one class per example: axis=1."))
    expect(a.shape == (4,), tr("Give one class per example, shape (4,), received shape {a_shape}. Use np.argmax(..., axis=1).",
                               a_shape=a.shape))
    expect(np.issubdtype(a.dtype, np.integer), tr("Give class indices (integers), not probabilities or scores."))
    expect(np.array_equal(a, np.argmax(SCORES_EX, axis=1)), tr("Take the index of the largest score in each row."))
