"""Checkers for notebook 07 (backpropagation)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr


def _pair(result, n, names):
    expect(result is not None, tr("Your function returned None: did you forget `return`?"))
    expect(isinstance(result, (tuple, list)) and len(result) == n,
           tr("Return {n} values as a tuple: `return {names}`.", n=n, names=', '.join(names)))
    return [np.asarray(r, dtype=float) for r in result]


@exercise("07.1", N_("Backward of a multiply node"))
def _(mul_backward):
    expect(callable(mul_backward), tr("Pass the function itself: check('07.1', mul_backward)."))
    x, y, dout = 3.0, -2.0, 1.5
    dx, dy = _pair(mul_backward(x, y, dout), 2, ["dx", "dy"])
    expect(not (np.isclose(dx, dout * x) and np.isclose(dy, dout * y)),
           tr("The inputs are swapped: d(x*y)/dx is y, so dx = dout * y (and dy = dout * x)."))
    expect(not (np.isclose(dx, y) and np.isclose(dy, x)),
           tr("You returned the local derivatives only; multiply them by the upstream gradient dout (chain rule)."))
    expect(np.isclose(dx, dout * y) and np.isclose(dy, dout * x),
           tr("For x = {x}, y = {y}, dout = {dout}: expected dx = {dout_y}, dy = {dout_x}; got {dx}, {dy}.",
              x=x, y=y, dout=dout, dout_y=dout * y, dout_x=dout * x, dx=float(dx), dy=float(dy)))
    xs, ys, douts = np.array([1.0, 2.0]), np.array([4.0, -1.0]), np.array([0.5, 2.0])
    dx, dy = _pair(mul_backward(xs, ys, douts), 2, ["dx", "dy"])
    expect(np.allclose(dx, douts * ys) and np.allclose(dy, douts * xs),
           tr("Works for numbers but not for arrays: use elementwise `*`, not `@` or a loop over one value."))


@exercise("07.2", N_("Sigmoid backward from its output"))
def _(sigmoid_backward):
    expect(callable(sigmoid_backward), tr("Pass the function itself: check('07.2', sigmoid_backward)."))
    z = np.array([-2.0, 0.0, 0.5, 3.0])
    out = 1 / (1 + np.exp(-z))
    dout = np.array([1.0, -2.0, 0.5, 4.0])
    got = sigmoid_backward(out.copy(), dout.copy())
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    got = np.asarray(got, dtype=float)
    expect(got.shape == z.shape, tr("Expected shape {z_shape} (one gradient per input), got {got_shape}.",
                                    z_shape=z.shape, got_shape=got.shape))
    s_of_out = 1 / (1 + np.exp(-out))
    expect(not np.allclose(got, dout * s_of_out * (1 - s_of_out)),
           tr("`out` is already sigmoid(x): do not apply the sigmoid again. The derivative is out * (1 - out)."))
    expect(not np.allclose(got, out * (1 - out)),
           tr("That is the local derivative only; multiply by the upstream gradient dout."))
    expect(np.allclose(got, dout * out * (1 - out)),
           tr("d sigmoid(x)/dx = sigmoid(x) * (1 - sigmoid(x)) = out * (1 - out); then multiply by dout."))


@exercise("07.3", N_("Backward of a dense layer"))
def _(dense_backward):
    expect(callable(dense_backward), tr("Pass the function itself: check('07.3', dense_backward)."))
    rng = np.random.default_rng(7)
    x = rng.normal(size=(5, 3))
    W = rng.normal(size=(3, 2))
    dout = rng.normal(size=(5, 2))
    dx, dW, db = _pair(dense_backward(x.copy(), W.copy(), dout.copy()), 3, ["dx", "dW", "db"])
    expect(dx.shape == (5, 3), tr("dx must have the shape of x, (5, 3); got {dx_shape}. Try dout @ W.T.", dx_shape=dx.shape))
    expect(dW.shape == (3, 2), tr("dW must have the shape of W, (3, 2); got {dW_shape}. Try x.T @ dout.", dW_shape=dW.shape))
    expect(db.shape != (5, 2), tr("db has one entry per sample: the bias is shared by the whole batch, so sum dout over axis 0."))
    expect(db.shape == (2,), tr("db must have the shape of b, (2,); got {db_shape}. Sum dout over the batch axis (axis=0).",
                                db_shape=db.shape))
    expect(np.allclose(dx, dout @ W.T), tr("dx is wrong: each input feeds every output through W, so dx = dout @ W.T."))
    expect(not np.allclose(dW, x.T @ dout / len(x)),
           tr("Do not divide by N here: the 1/N already sits in dout, which came from the mean loss."))
    expect(np.allclose(dW, x.T @ dout), tr("dW is wrong: dW = x.T @ dout (shapes (3, 5) @ (5, 2) -> (3, 2))."))
    expect(np.allclose(db, dout.sum(axis=0)), tr("db is wrong: db = dout.sum(axis=0)."))


@exercise("07.4", N_("A variable used twice"))
def _(answer):
    expect(is_number(answer), tr("Give a single number, e.g. 2.0."))
    expect(not np.isclose(answer, 4.0),
           tr("4 is only the path through x * y. x is also added directly: that path contributes 1, and the two paths add up."))
    expect(not np.isclose(answer, 1.0), tr("1 is only the direct path (+ x); the path through x * y contributes y = 4 as well."))
    expect(np.isclose(answer, 5.0), tr("Add the gradients of both paths: d(x*y)/dx + d(x)/dx at x = 3, y = 4."))


@exercise("07.5", N_("Backward of ReLU"))
def _(relu_backward):
    expect(callable(relu_backward), tr("Pass the function itself: check('07.5', relu_backward)."))
    x = np.array([[1.5, -0.5, 0.0], [-2.0, 0.8, 3.0]])
    dout = np.array([[0.1, -0.2, 0.3], [0.4, -0.5, -0.6]])
    got = relu_backward(x.copy(), dout.copy())
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    got = np.asarray(got, dtype=float)
    expect(got.shape == x.shape, tr("Expected shape {x_shape} (one gradient per input), got {got_shape}.",
                                    x_shape=x.shape, got_shape=got.shape))
    expect(not np.allclose(got, (x > 0).astype(float)),
           tr("That is the local derivative (the mask) only; multiply it by the upstream gradient dout."))
    expect(not np.allclose(got, np.maximum(dout, 0)),
           tr("You applied ReLU to the gradient. The mask comes from the forward input x: keep dout where x > 0."))
    expect(not np.allclose(got, dout * (x >= 0)), tr("At x = 0 use 0: keep dout only where x > 0, not x >= 0."))
    expect(np.allclose(got, dout * (x > 0)),
           tr("dx = dout where x > 0, else 0. For x = {x} and dout = {dout} expected {expected}, got {got}.",
              x=x.tolist(), dout=dout.tolist(), expected=(dout * (x > 0)).tolist(), got=got.tolist()))
