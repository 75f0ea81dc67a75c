"""Checkers for notebook 10 (batch, stochastic and mini-batch gradient descent)."""
import math

import numpy as np

from mlcourse.exercises import exercise, expect, is_number


@exercise("10.1", "Iterations per epoch")
def _(iterations_per_epoch):
    expect(callable(iterations_per_epoch), "Pass the function itself: check('10.1', iterations_per_epoch).")
    got = iterations_per_epoch(442, 32)
    expect(got is not None, "Your function returned None: did you forget `return`?")
    expect(is_number(got), f"Return a whole number, got {got!r:.60}.")
    expect(not np.isclose(got, 442 / 32), "442 / 32 = 13.8 is not a number of updates: the last 26 samples form a 14th, smaller batch. Round up.")
    expect(got != 13, "442 // 32 = 13 drops the last 26 samples; they still make an (smaller) iteration. Round up: math.ceil.")
    expect(got == 14, f"442 samples in batches of 32 take 14 iterations, got {got}.")
    for n, b in ((60000, 32), (60000, 60000), (100, 1), (100, 7), (5, 10)):
        got = iterations_per_epoch(n, b)
        expect(got == math.ceil(n / b) and float(got).is_integer(),
               f"For N = {n}, batch size {b} expected {math.ceil(n / b)}, got {got!r}.")


@exercise("10.2", "Updates in a whole training run")
def _(answer):
    expect(is_number(answer), "Give one whole number.")
    expect(not np.isclose(answer, 20), "20 is the number of epochs; each epoch makes several updates.")
    expect(not np.isclose(answer, 276.25), "442 / 32 * 20 counts fractions of a batch; every batch, even the last small one, is one update.")
    expect(not np.isclose(answer, 260), "13 per epoch forgets the last, smaller batch of each epoch (442 = 13 * 32 + 26).")
    expect(answer == 280, "Updates = iterations per epoch * epochs.")


@exercise("10.3", "The gradient of a mini-batch")
def _(minibatch_gradient):
    expect(callable(minibatch_gradient), "Pass the function itself: check('10.3', minibatch_gradient).")
    rng = np.random.default_rng(10)
    Xb = rng.normal(size=(8, 3))
    yb = rng.normal(size=(8, 1))
    W = rng.normal(size=(3, 1))
    b = np.array([0.5])
    err = Xb @ W + b - yb
    want_W, want_b = Xb.T @ err / 8, err.mean(axis=0)
    result = minibatch_gradient(W.copy(), b.copy(), Xb.copy(), yb.copy())
    expect(result is not None, "Your function returned None: did you forget `return`?")
    expect(isinstance(result, (tuple, list)) and len(result) == 2, "Return two arrays: dW, db.")
    dW, db = (np.asarray(r, dtype=float) for r in result)
    expect(dW.shape == (3, 1), f"dW must have the shape of W, (3, 1); got {dW.shape}. Try Xb.T @ error.")
    expect(db.size == 1, f"db must have the shape of b, (1,); got {db.shape}. Sum (or average) over the batch axis 0.")
    expect(not np.allclose(dW, want_W * 8), "That is the sum over the batch: the loss is a mean, so divide by the batch size B.")
    expect(not np.allclose(dW, -want_W), "The sign is flipped: the error is prediction - target, (Xb @ W + b) - yb.")
    expect(not np.allclose(dW, want_W * 2), "With the loss 1/2 * mean(error^2) the 2 from the square cancels the 1/2.")
    expect(np.allclose(dW, want_W), f"dW should be Xb.T @ (Xb @ W + b - yb) / B = {np.round(want_W.ravel(), 4).tolist()}.")
    expect(np.allclose(db.reshape(-1), want_b), f"db should be the mean error over the batch, {np.round(want_b, 4).tolist()}.")
