"""Checkers for notebook 06 (forward propagation)."""
import numpy as np

from mlcourse.exercises import exercise, expect
from mlcourse.i18n import N_, tr

EX_W1 = np.array([[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])
EX_W2 = np.array([[0.3], [0.5], [0.9]])


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _whole(answer):
    expect(isinstance(answer, (int, np.integer)) and not isinstance(answer, bool), tr("Give a whole number, e.g. 12."))


@exercise("06.1", N_("Parameters of a 4-5-3 MLP"))
def _(answer):
    _whole(answer)
    expect(answer != 35, tr("35 counts the weights only: every unit also has a bias (5 + 3 more)."))
    expect(answer != 12, tr("12 counts the units. Count the arrows (weights) and one bias per non-input unit."))
    expect(answer == 43, tr("Layer 1: 4 * 5 + 5; layer 2: 5 * 3 + 3. The input layer has no parameters."))


@exercise("06.2", N_("The forward pass of a 1-hidden-layer MLP"))
def _(forward):
    expect(callable(forward), tr("Pass the function itself: check('06.2', forward)."))
    rng = np.random.default_rng(6)
    X = rng.normal(size=(5, 3))
    W1, b1 = rng.normal(size=(3, 4)), rng.normal(size=4)
    W2, b2 = rng.normal(size=(4, 2)), rng.normal(size=2)
    out = forward(X.copy(), W1.copy(), b1.copy(), W2.copy(), b2.copy())
    expect(out is not None, tr("Your function returns None: fill in its body and return the output."))
    out = np.asarray(out, dtype=float)
    expect(out.shape == (5, 2), tr("For X (5, 3), W1 (3, 4), W2 (4, 2) the output must be (5, 2), received {out_shape}.",
                                   out_shape=out.shape))
    right = _sigmoid(X @ W1 + b1) @ W2 + b2
    expect(not np.allclose(out, _sigmoid(right)), tr("The output layer must be linear here: do not apply sigmoid to it."))
    expect(not np.allclose(out, (X @ W1 + b1) @ W2 + b2), tr("The hidden layer needs its sigmoid, otherwise the layers collapse into one."))
    expect(not np.allclose(out, _sigmoid(X @ W1) @ W2 + b2) and not np.allclose(out, (_sigmoid(X @ W1) + b1) @ W2 + b2),
           tr("Add the bias b1 before the sigmoid: h = sigmoid(X @ W1 + b1)."))
    expect(np.allclose(out, right), tr("Not the expected values: h = sigmoid(X @ W1 + b1), out = h @ W2 + b2."))


@exercise("06.3", N_("The 2-3-1 example for input (1, 0)"))
def _(answer):
    expect(isinstance(answer, (int, float, np.number)) and not isinstance(answer, bool), tr("Give one number, e.g. 0.987."))
    right = float((_sigmoid(np.array([1.0, 0.0]) @ EX_W1) @ EX_W2)[0])
    expect(abs(answer - 1.233) > 5e-4 and abs(answer - 1.235) > 5e-4, tr("That is the output for (1, 1). With x2 = 0, only the weights from x1 count."))
    expect(abs(answer - _sigmoid(right)) > 5e-4, tr("The output unit here is linear: do not apply sigmoid to the weighted sum."))
    rounded = float(np.round(_sigmoid(np.array([0.8, 0.4, 0.3])), 2) @ EX_W2.ravel())
    expect(abs(answer - rounded) > 5e-4 or abs(rounded - right) < 5e-4, tr("Close: do not round the hidden values before the last step."))
    expect(abs(answer - right) < 5e-4, tr("Hidden sums are 0.8, 0.4, 0.3 (the weights from x1); squash each with sigmoid, then weigh by 0.3, 0.5, 0.9."))


@exercise("06.4", N_("Single-layer width for 16 linear pieces"))
def _(answer):
    _whole(answer)
    expect(answer != 16, tr("16 pieces are separated by 15 bends, and each unit adds at most one bend."))
    expect(answer != 8, tr("8 units are enough only when stacked in 4 layers; in one layer each unit adds a single bend."))
    expect(answer == 15, tr("Count the bends between 16 pieces: each ReLU unit adds at most one."))
