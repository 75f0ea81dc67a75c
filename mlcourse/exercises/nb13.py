"""Checkers for notebook 13 (overfitting and regularization)."""
import numpy as np

from mlcourse.exercises import exercise, expect
from mlcourse.i18n import N_, tr


@exercise("13.1", N_("Inverted dropout, forward"))
def _(dropout_forward):
    expect(callable(dropout_forward), tr("Pass the function itself: check('13.1', dropout_forward)."))
    x = np.random.default_rng(7).uniform(1.0, 2.0, size=(400, 50))
    x_copy = x.copy()
    off = dropout_forward(x, 0.4, np.random.default_rng(0), False)
    expect(off is not None, tr("Your function returns None: return the output array."))
    expect(np.allclose(off, x), tr("With training=False dropout must do nothing: return x unchanged (inverted dropout already scaled during training)."))
    out = dropout_forward(x, 0.4, np.random.default_rng(0), True)
    expect(out is not None, tr("Your function returns None in training: return x times the mask."))
    out = np.asarray(out)
    expect(np.array_equal(x, x_copy), tr("Your function changed x in place. Build a new array: out = x * mask."))
    expect(out.shape == x.shape, tr("The output must have the shape of x, {x_shape}; received {out_shape}.",
                                    x_shape=x.shape, out_shape=out.shape))
    dropped = np.mean(out == 0)
    expect(abs(dropped - 0.6) > 0.05, tr("About 60% of the entries are zero: you drop with probability 1 - rate. rate is the probability of *dropping*."))
    expect(abs(dropped - 0.4) < 0.03, tr("About {dropped:.0%} of the entries are zero; with rate=0.4 it should be about 40%.",
                                         dropped=dropped))
    kept = out != 0
    ratio = out[kept] / x[kept]
    expect(not np.allclose(ratio, 1.0), tr("The survivors are not rescaled: divide them by 1 - rate, so the mean stays the same."))
    expect(not np.allclose(ratio, 0.6), tr("You multiplied by 1 - rate; inverted dropout divides by it."))
    expect(np.allclose(ratio, 1 / 0.6), tr("Survivors should equal x / (1 - rate)."))
    again = np.asarray(dropout_forward(x, 0.4, np.random.default_rng(0), True))
    expect(np.array_equal(out, again), tr("Draw the mask from the rng you are given (rng.random), so a seed gives the same mask."))
    zero = np.asarray(dropout_forward(x, 0.0, np.random.default_rng(0), True))
    expect(np.allclose(zero, x), tr("With rate=0 nothing is dropped and nothing rescaled: the output equals x."))


@exercise("13.2", N_("Gradient of the L2 penalty"))
def _(answer):
    W = np.array([[1.0, -2.0], [0.5, 3.0]])
    a = np.asarray(answer, dtype=float)
    expect(a.shape == (2, 2), tr("Give a 2x2 array (one number per weight), received shape {a_shape}.", a_shape=a.shape))
    expect(not np.allclose(a, 0.01 * W), tr("That is 0.01 * W. The derivative of 0.01 * w**2 is 2 * 0.01 * w."))
    expect(not np.allclose(a, 0.01 * np.sign(W)), tr("That is the L1 gradient (0.01 * sign(W)). L2 squares the weights."))
    expect(not np.allclose(a, 0.01 * W ** 2), tr("That is the penalty itself, entry by entry; differentiate it."))
    expect(np.allclose(a, 0.02 * W), tr("The gradient of 0.01 * sum(W**2) is 0.02 * W."))


@exercise("13.3", N_("Max-norm constraint"))
def _(max_norm):
    expect(callable(max_norm), tr("Pass the function itself: check('13.3', max_norm)."))
    W = np.array([[3.0, 0.1, 1.0], [4.0, 0.2, 0.0]])   # column norms 5, 0.2236, 1
    W_in = W.copy()
    out = max_norm(W, 1.0)
    expect(out is not None, tr("Your function returns None: return the constrained array."))
    out = np.asarray(out, dtype=float)
    expect(out.shape == W.shape, tr("Return an array of the shape of W, {W_shape}; received {out_shape}.",
                                    W_shape=W.shape, out_shape=out.shape))
    expect(np.array_equal(W, W_in), tr("Your function changed W in place; return a new array."))
    norms = np.linalg.norm(out, axis=0)
    row_style = W / np.maximum(1, np.linalg.norm(W, axis=1, keepdims=True))
    expect(not np.allclose(out, row_style), tr("You limited the rows. Each *column* holds one unit's incoming weights: use axis=0."))
    expect(not np.allclose(norms, 1.0), tr("Every column now has length 1, but short columns must stay as they are (0.2236 here)."))
    expect(np.allclose(out[:, 0], [0.6, 0.8]), tr("The long column (3, 4) has length 5; scaled to length 1 it is (0.6, 0.8)."))
    expect(np.allclose(out[:, 1:], W[:, 1:]), tr("Columns of length c or less must not change."))
    rng = np.random.default_rng(0)
    W2 = rng.normal(size=(5, 7)) * 2
    expect(np.allclose(np.linalg.norm(np.asarray(max_norm(W2, 2.5)), axis=0), np.minimum(np.linalg.norm(W2, axis=0), 2.5)),
           tr("Works on the small example but not on a random 5x7 W with c = 2.5: use c, not a fixed 1."))


def _bn_reference(dy, xhat, s, gamma):
    m = len(dy)
    dxhat = dy * gamma
    return s / m * (m * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))


@exercise("13.4", N_("Batch normalization, backward"))
def _(bn_backward_x):
    expect(callable(bn_backward_x), tr("Pass the function itself: check('13.4', bn_backward_x)."))
    rng = np.random.default_rng(3)
    x = rng.normal(1.0, 2.0, size=(8, 3))
    gamma, dy = rng.normal(size=3), rng.normal(size=(8, 3))
    s = 1 / np.sqrt(x.var(axis=0) + 1e-3)
    xhat = (x - x.mean(axis=0)) * s
    args = [a.copy() for a in (dy, xhat, s, gamma)]
    out = bn_backward_x(*args)
    expect(out is not None, tr("Your function returns None: return dx, an array of the shape of dy."))
    out = np.asarray(out, dtype=float)
    expect(out.shape == dy.shape, tr("dx must have the shape of dy, {dy_shape}; received {out_shape}.",
                                     dy_shape=dy.shape, out_shape=out.shape))
    expect(all(np.array_equal(a, b) for a, b in zip(args, (dy, xhat, s, gamma))),
           tr("Your function changed one of its inputs in place; build new arrays."))
    m = len(dy)
    dxhat = dy * gamma
    expect(not np.allclose(out, dxhat * s), tr("That is dxhat * s: x also reaches the output through the batch mean and variance. Subtract the mean of dxhat and its component along xhat."))
    expect(not np.allclose(out, s / m * (m * dxhat - dxhat.sum(axis=0))),
           tr("The path through the mean is there, but not the one through the variance: subtract xhat * sum(dxhat * xhat)."))
    expect(not np.allclose(out, _bn_reference(dy, xhat, s, np.ones_like(gamma))),
           tr("Multiply dy by gamma first: dxhat = dy * gamma."))
    expect(np.allclose(out, _bn_reference(dy, xhat, s, gamma)),
           tr("Not yet equal to s / m * (m * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)), sums over the batch (axis 0)."))
    expect(np.allclose(out.sum(axis=0), 0), tr("Check: every column of dx should sum to 0 (shifting a unit's inputs over the batch does not change its output)."))
