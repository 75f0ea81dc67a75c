"""Checkers for notebook 03 (linear models and softmax)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number

SCORES_EX = np.array([[2.0, 1.0, 0.1],
                      [0.5, 2.5, 0.3],
                      [1.0, 1.2, 3.0],
                      [0.0, -1.0, -0.5]])


@exercise("03.1", "Parameters of a linear model 784 -> 10")
def _(answer):
    expect(is_number(answer), "Give a single whole number.")
    expect(answer != 7840, "7840 counts the weights only; add one bias per output.")
    expect(answer != 794, "784 + 10 adds the sizes; W has 784 * 10 entries.")
    expect(answer == 7850, "W is (784, 10) and b is (10,): count both.")


@exercise("03.2", "Stable softmax for a batch")
def _(softmax_batch):
    expect(callable(softmax_batch), "Pass the function itself: check('03.2', softmax_batch).")
    S = np.array([[1.0, 2.0, 0.0], [3.0, 1.0, 1.0], [0.5, 0.5, 2.0]])
    with np.errstate(all="ignore"):
        P = softmax_batch(S.copy())
    expect(P is not None, "Your function returned None: did you forget `return`?")
    P = np.asarray(P, dtype=float)
    expect(P.shape == S.shape, f"Expected shape {S.shape}, received {P.shape}.")
    expected = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    expect(not np.allclose(P.sum(axis=0), 1.0) or np.allclose(P, expected),
           "Your columns sum to 1: normalize each row (axis=1), the classes run along a row.")
    expect(np.allclose(P.sum(axis=1), 1.0), "Each row should sum to 1. Did you divide by e.sum(axis=1) without keepdims=True?")
    expect(np.allclose(P, expected), "The probabilities are off: exponentiate (after subtracting the row max), then divide by the row sum.")
    big = np.array([[1000.0, 1001.0], [-1000.0, -1001.0]])
    with np.errstate(all="ignore"):
        Pb = np.asarray(softmax_batch(big), dtype=float)
    expect(np.all(np.isfinite(Pb)), "Scores like 1000 give nan: subtract each row's maximum before np.exp.")
    expect(np.allclose(Pb, [[0.26894142, 0.73105858], [0.73105858, 0.26894142]]),
           "For large scores the result is off: subtract each row's own maximum (axis=1, keepdims=True).")


@exercise("03.3", "Predicted classes with argmax")
def _(answer):
    a = np.asarray(answer)
    expect(a.shape != (3,), "That is one value per class (axis=0); you want one class per example: axis=1.")
    expect(a.shape == (4,), f"Give one class per example, shape (4,), received shape {a.shape}. Use np.argmax(..., axis=1).")
    expect(np.issubdtype(a.dtype, np.integer), "Give class indices (integers), not probabilities or scores.")
    expect(np.array_equal(a, np.argmax(SCORES_EX, axis=1)), "Take the index of the largest score in each row.")
