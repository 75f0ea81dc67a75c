"""Checkers for notebook 12 (weight initialization)."""
import math

import numpy as np

from mlcourse.exercises import exercise, expect
from mlcourse.i18n import N_, tr


def _number(answer, example):
    expect(isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool),
           tr("Give a single number, e.g. {example}.", example=example))
    return float(answer)


@exercise("12.1", N_("He standard deviation for fan_in = 100"))
def _(answer):
    a = _number(answer, "0.5")
    target = math.sqrt(2 / 100)  # 0.1414
    expect(not math.isclose(a, 0.02, rel_tol=0.02), tr("0.02 is the variance 2 / 100. The standard deviation is its square root."))
    expect(not math.isclose(a, 0.1, rel_tol=0.02), tr("0.1 = sqrt(1 / 100) is Xavier/LeCun for 100 inputs. He doubles the variance for ReLU: sqrt(2 / 100)."))
    expect(not math.isclose(a, 0.01, rel_tol=0.02), tr("0.01 is the fixed small std that collapses ReLU networks. Use sqrt(2 / fan_in)."))
    expect(math.isclose(a, target, rel_tol=0.01), tr("Not quite: He uses std = sqrt(2 / fan_in); you gave {a:g}.", a=a))


@exercise("12.2", N_("He normal initializer"))
def _(he_normal):
    expect(callable(he_normal), tr("Pass the function itself: check('12.2', he_normal)."))
    W = he_normal((400, 300), np.random.default_rng(1))
    expect(W is not None, tr("Your function returns None: return the array of weights."))
    W = np.asarray(W)
    expect(W.shape == (400, 300), tr("Return an array of the requested shape (400, 300), received shape {W_shape}.",
                                     W_shape=W.shape))
    expect(np.issubdtype(W.dtype, np.floating), tr("Weights must be floats, received dtype {W_dtype}.", W_dtype=W.dtype))
    again = np.asarray(he_normal((400, 300), np.random.default_rng(1)))
    other = np.asarray(he_normal((400, 300), np.random.default_rng(2)))
    expect(np.array_equal(W, again) and not np.array_equal(W, other),
           tr("Draw the numbers from the rng you are given (rng.standard_normal), not from np.random: the same rng seed must give the same weights."))
    expect(abs(W.mean()) < 0.01, tr("The weights should have mean 0, yours have mean {w_mean:.3g}.", w_mean=W.mean()))
    std = float(W.std())
    if math.isclose(std, math.sqrt(2 / 300), rel_tol=0.03):
        expect(False, tr("Your std uses fan_out (shape[1]). He uses fan_in, the number of inputs: shape[0]."))
    if math.isclose(std, 2 / 400, rel_tol=0.03):
        expect(False, tr("Your std is 2 / fan_in, the variance. Multiply by its square root."))
    if math.isclose(std, math.sqrt(1 / 400), rel_tol=0.03):
        expect(False, tr("Your std is sqrt(1 / fan_in) (Xavier/LeCun). He has a 2 in it: sqrt(2 / fan_in)."))
    expect(math.isclose(std, math.sqrt(2 / 400), rel_tol=0.03),
           tr("For shape (400, 300) the std should be sqrt(2 / 400) = {expected:.4f}, yours is {std:.4f}.",
              expected=math.sqrt(2 / 400), std=std))
    W2 = np.asarray(he_normal((50, 2000), np.random.default_rng(3)))
    expect(math.isclose(float(W2.std()), math.sqrt(2 / 50), rel_tol=0.03),
           tr("Right for (400, 300) but not for shape (50, 2000): compute fan_in from the shape instead of a fixed number."))


@exercise("12.3", N_("Per-layer shrink factor of std 0.01 with ReLU"))
def _(answer):
    a = _number(answer, "0.5")
    expect(a > 0, tr("A factor that shrinks the spread is a positive number below 1."))
    expect(a < 1, tr("{a:g} would make the signal grow. With std 0.01 it shrinks: the factor is below 1.", a=a))
    expect(not math.isclose(a, 0.1, rel_tol=0.05), tr("0.1 = sqrt(100 * 0.01^2) forgets ReLU: it zeroes half the inputs and halves the variance. Divide by 2 under the root."))
    expect(not math.isclose(a, 0.01, rel_tol=0.1), tr("0.01 is the std of one weight; a unit adds up 100 products, so the variance grows by 100."))
    expect(not math.isclose(a, 0.005, rel_tol=0.1), tr("0.005 is the variance ratio n * sigma^2 / 2. The spread (std) changes by its square root."))
    expect(0.06 <= a <= 0.08, tr("{a:g} is not it. The factor is sqrt(n * sigma^2 / 2) with n = 100, sigma = 0.01 (about 0.07).",
                                 a=a))
