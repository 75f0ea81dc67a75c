"""Checkers for notebook 10 (batch, stochastic and mini-batch gradient descent)."""
import math

import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr


@exercise("10.1", N_("Iterations per epoch"))
def _(iterations_per_epoch):
    expect(callable(iterations_per_epoch), tr("Pass the function itself: check('10.1', iterations_per_epoch)."))
    got = iterations_per_epoch(442, 32)
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    expect(is_number(got), tr("Return a whole number, got {got!r:.60}.", got=got))
    expect(not np.isclose(got, 442 / 32), tr("442 / 32 = 13.8 is not a number of updates: the last 26 samples form a 14th, smaller batch. Round up."))
    expect(got != 13, tr("442 // 32 = 13 drops the last 26 samples; they still make an (smaller) iteration. Round up: math.ceil."))
    expect(got == 14, tr("442 samples in batches of 32 take 14 iterations, got {got}.", got=got))
    for n, b in ((60000, 32), (60000, 60000), (100, 1), (100, 7), (5, 10)):
        got = iterations_per_epoch(n, b)
        expect(got == math.ceil(n / b) and float(got).is_integer(),
               tr("For N = {n}, batch size {b} expected {expected}, got {got!r}.", n=n, b=b, expected=math.ceil(n / b), got=got))


@exercise("10.2", N_("Updates in a whole training run"))
def _(answer):
    expect(is_number(answer), tr("Give one whole number."))
    expect(not np.isclose(answer, 20), tr("20 is the number of epochs; each epoch makes several updates."))
    expect(not np.isclose(answer, 276.25), tr("442 / 32 * 20 counts fractions of a batch; every batch, even the last small one, is one update."))
    expect(not np.isclose(answer, 260), tr("13 per epoch forgets the last, smaller batch of each epoch (442 = 13 * 32 + 26)."))
    expect(answer == 280, tr("Updates = iterations per epoch * epochs."))


@exercise("10.3", N_("The gradient of a mini-batch"))
def _(minibatch_gradient):
    expect(callable(minibatch_gradient), tr("Pass the function itself: check('10.3', minibatch_gradient)."))
    rng = np.random.default_rng(10)
    Xb = rng.normal(size=(8, 3))
    yb = rng.normal(size=(8, 1))
    W = rng.normal(size=(3, 1))
    b = np.array([0.5])
    err = Xb @ W + b - yb
    want_W, want_b = Xb.T @ err / 8, err.mean(axis=0)
    result = minibatch_gradient(W.copy(), b.copy(), Xb.copy(), yb.copy())
    expect(result is not None, tr("Your function returned None: did you forget `return`?"))
    expect(isinstance(result, (tuple, list)) and len(result) == 2, tr("Return two arrays: dW, db."))
    dW, db = (np.asarray(r, dtype=float) for r in result)
    expect(dW.shape == (3, 1), tr("dW must have the shape of W, (3, 1); got {dW_shape}. Try Xb.T @ error.", dW_shape=dW.shape))
    expect(db.size == 1, tr("db must have the shape of b, (1,); got {db_shape}. Sum (or average) over the batch axis 0.",
                            db_shape=db.shape))
    expect(not np.allclose(dW, want_W * 8), tr("That is the sum over the batch: the loss is a mean, so divide by the batch size B."))
    expect(not np.allclose(dW, -want_W), tr("The sign is flipped: the error is prediction - target, (Xb @ W + b) - yb."))
    expect(not np.allclose(dW, want_W * 2), tr("With the loss 1/2 * mean(error^2) the 2 from the square cancels the 1/2."))
    expect(np.allclose(dW, want_W), tr("dW should be Xb.T @ (Xb @ W + b - yb) / B = {expected}.",
                                       expected=np.round(want_W.ravel(), 4).tolist()))
    expect(np.allclose(db.reshape(-1), want_b), tr("db should be the mean error over the batch, {expected}.",
                                                   expected=np.round(want_b, 4).tolist()))
