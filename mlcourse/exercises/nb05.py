"""Checkers for notebook 05 (activation functions)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number

EX3_W1 = np.array([[1.0, 0.0, 2.0], [-1.0, 3.0, 1.0]])
EX3_W2 = np.array([[2.0, 1.0], [0.0, -1.0], [1.0, 1.0]])


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@exercise("05.1", "The derivative of ReLU")
def _(fn):
    expect(callable(fn), "Pass the function itself: check('05.1', relu_derivative).")
    z = np.array([-2.0, -0.5, 0.0, 0.3, 4.0])
    out = fn(z.copy())
    expect(out is not None, "Your function returns None: fill in its body and return an array.")
    out = np.asarray(out)
    expect(out.shape == z.shape, f"Return one value per entry: expected shape {z.shape}, received {out.shape}.")
    if np.allclose(out, np.maximum(z, 0)):
        expect(False, "That is ReLU itself, not its derivative (the slope): 1 where z > 0, else 0.")
    expect(out[2] == 0, "At z = 0 use 0: compare with z > 0, not z >= 0.")
    expect(np.allclose(out, (z > 0).astype(float)), f"For z = {z.tolist()} expected {(z > 0).astype(float).tolist()}, received {out.tolist()}.")
    z2 = np.array([[1.0, -1.0], [-3.0, 2.0]])
    expect(np.asarray(fn(z2)).shape == (2, 2), "It must work for arrays of any shape, e.g. (2, 2).")


@exercise("05.2", "Depth at which a product of sigmoid derivatives drops below a millionth")
def _(answer):
    expect(is_number(answer) and np.isfinite(answer) and float(answer) == int(answer), "Give a whole number, e.g. 7 (or 7.0).")
    answer = int(answer)
    expect(answer != 9, "0.25^9 = 3.8e-06 is still above 1e-6: one more layer.")
    expect(answer != 11, "0.25^10 = 9.5e-07 is already below 1e-6: you want the smallest k.")
    expect(answer == 10, f"0.25^{answer} = {0.25 ** int(answer):.1e}. Find the smallest k with 0.25^k < 1e-6, e.g. k > 6 / log10(4).")


@exercise("05.3", "One matrix for two linear layers")
def _(W):
    W = np.asarray(W, dtype=float)
    expect(W.shape == (2, 2), f"x has 2 features and the output has 2, so W must be (2, 2); received shape {W.shape}."
           + (" W2 @ W1 multiplies in the wrong order." if W.shape == (3, 3) else ""))
    expect(np.allclose(W, EX3_W1 @ EX3_W2), "Not the same map: check x @ W against x @ W1 @ W2 for x = [1, 0] and x = [0, 1].")


@exercise("05.4", "The sigmoid slope from its output")
def _(fn):
    expect(callable(fn), "Pass the function itself: check('05.4', sigmoid_slope).")
    z = np.array([-3.0, -0.5, 0.0, 1.0, 2.0])
    s = _sigmoid(z)
    out = fn(s.copy())
    expect(out is not None, "Your function returns None: fill in its body.")
    out = np.asarray(out, dtype=float)
    expect(out.shape == s.shape, f"Return one value per entry: expected shape {s.shape}, received {out.shape}.")
    wrong = _sigmoid(s) * (1 - _sigmoid(s))
    expect(not np.allclose(out, wrong), "You applied sigmoid to s again: s is already sigmoid(z), so the slope is s * (1 - s).")
    expect(np.allclose(out, s * (1 - s)), "The slope at z = 0 (s = 0.5) must be 0.25: sigma' = sigma * (1 - sigma).")


@exercise("05.5", "The weight that keeps the gradient")
def _(answer):
    expect(isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool),
           "Give a number, e.g. 2.5.")
    answer = float(answer)
    expect(answer != 0.25, "0.25 is sigma'(0) itself; the factor per layer is sigma'(0) * w = 0.25 * w. Which w makes it 1?")
    expect(answer != 1.0, "With w = 1 each layer multiplies by 0.25 * 1 = 0.25: the gradient still shrinks.")
    expect(answer != 8.0, "w = 8 gives a factor 0.25 * 8 = 2 per layer: the gradient doubles (the chain above).")
    expect(answer > 0, "Give the positive weight (a negative one flips the sign at every layer).")
    expect(abs(answer - 4.0) < 1e-9, f"0.25 * {answer:g} = {0.25 * answer:g}, not 1: solve 0.25 * w = 1.")
