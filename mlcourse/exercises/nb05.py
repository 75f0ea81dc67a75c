"""Checkers for notebook 05 (activation functions)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr

EX3_W1 = np.array([[1.0, 0.0, 2.0], [-1.0, 3.0, 1.0]])
EX3_W2 = np.array([[2.0, 1.0], [0.0, -1.0], [1.0, 1.0]])


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@exercise("05.1", N_("The derivative of ReLU"))
def _(fn):
    expect(callable(fn), tr("Pass the function itself: check('05.1', relu_derivative)."))
    z = np.array([-2.0, -0.5, 0.0, 0.3, 4.0])
    out = fn(z.copy())
    expect(out is not None, tr("Your function returns None: fill in its body and return an array."))
    out = np.asarray(out)
    expect(out.shape == z.shape, tr("Return one value per entry: expected shape {z_shape}, received {out_shape}.",
                                    z_shape=z.shape, out_shape=out.shape))
    if np.allclose(out, np.maximum(z, 0)):
        expect(False, tr("That is ReLU itself, not its derivative (the slope): 1 where z > 0, else 0."))
    expect(out[2] == 0, tr("At z = 0 use 0: compare with z > 0, not z >= 0."))
    expect(np.allclose(out, (z > 0).astype(float)), tr("For z = {z} expected {expected}, received {out}.",
                                                       z=z.tolist(), expected=(z > 0).astype(float).tolist(), out=out.tolist()))
    z2 = np.array([[1.0, -1.0], [-3.0, 2.0]])
    expect(np.asarray(fn(z2)).shape == (2, 2), tr("It must work for arrays of any shape, e.g. (2, 2)."))


@exercise("05.2", N_("Depth at which a product of sigmoid derivatives drops below a millionth"))
def _(answer):
    expect(is_number(answer) and np.isfinite(answer) and float(answer) == int(answer), tr("Give a whole number, e.g. 7 (or 7.0)."))
    answer = int(answer)
    expect(answer != 9, tr("0.25^9 = 3.8e-06 is still above 1e-6: one more layer."))
    expect(answer != 11, tr("0.25^10 = 9.5e-07 is already below 1e-6: you want the smallest k."))
    expect(answer == 10, tr("0.25^{answer} = {power:.1e}. Find the smallest k with 0.25^k < 1e-6, e.g. k > 6 / log10(4).",
                            answer=answer, power=0.25 ** int(answer)))


@exercise("05.3", N_("One matrix for two linear layers"))
def _(W):
    W = np.asarray(W, dtype=float)
    expect(W.shape == (2, 2), tr("x has 2 features and the output has 2, so W must be (2, 2); received shape {shape}.",
                                 shape=W.shape)
           + (" " + tr("W2 @ W1 multiplies in the wrong order.") if W.shape == (3, 3) else ""))
    expect(np.allclose(W, EX3_W1 @ EX3_W2), tr("Not the same map: check x @ W against x @ W1 @ W2 for x = [1, 0] and x = [0, 1]."))


@exercise("05.4", N_("The sigmoid slope from its output"))
def _(fn):
    expect(callable(fn), tr("Pass the function itself: check('05.4', sigmoid_slope)."))
    z = np.array([-3.0, -0.5, 0.0, 1.0, 2.0])
    s = _sigmoid(z)
    out = fn(s.copy())
    expect(out is not None, tr("Your function returns None: fill in its body."))
    out = np.asarray(out, dtype=float)
    expect(out.shape == s.shape, tr("Return one value per entry: expected shape {s_shape}, received {out_shape}.",
                                    s_shape=s.shape, out_shape=out.shape))
    wrong = _sigmoid(s) * (1 - _sigmoid(s))
    expect(not np.allclose(out, wrong), tr("You applied sigmoid to s again: s is already sigmoid(z), so the slope is s * (1 - s)."))
    expect(np.allclose(out, s * (1 - s)), tr("The slope at z = 0 (s = 0.5) must be 0.25: sigma' = sigma * (1 - sigma)."))


@exercise("05.5", N_("The weight that keeps the gradient"))
def _(answer):
    expect(isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool),
           tr("Give a number, e.g. 2.5."))
    answer = float(answer)
    expect(answer != 0.25, tr("0.25 is sigma'(0) itself; the factor per layer is sigma'(0) * w = 0.25 * w. Which w makes it 1?"))
    expect(answer != 1.0, tr("With w = 1 each layer multiplies by 0.25 * 1 = 0.25: the gradient still shrinks."))
    expect(answer != 8.0, tr("w = 8 gives a factor 0.25 * 8 = 2 per layer: the gradient doubles (the chain above)."))
    expect(answer > 0, tr("Give the positive weight (a negative one flips the sign at every layer)."))
    expect(abs(answer - 4.0) < 1e-9, tr("0.25 * {answer:g} = {product:g}, not 1: solve 0.25 * w = 1.",
                                        answer=answer, product=0.25 * answer))
