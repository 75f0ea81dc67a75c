"""Checkers for notebook 14 (data preprocessing)."""
import math

import numpy as np

from mlcourse.exercises import exercise, expect
from mlcourse.i18n import N_, tr


@exercise("14.1", N_("Standardize with training statistics"))
def _(standardize):
    expect(callable(standardize), tr("Pass the function itself: check('14.1', standardize)."))
    rng = np.random.default_rng(0)
    X_train = rng.normal([10.0, 500.0, 0.5], [2.0, 100.0, 0.1], size=(50, 3))
    X_test = rng.normal([12.0, 600.0, 0.4], [2.0, 100.0, 0.1], size=(20, 3))
    tr_copy, te_copy = X_train.copy(), X_test.copy()
    result = standardize(X_train, X_test)
    expect(result is not None, tr("Your function returns None: return Z_train, Z_test."))
    expect(isinstance(result, (tuple, list)) and len(result) == 2, tr("Return a pair: Z_train, Z_test."))
    Z_train, Z_test = (np.asarray(r, dtype=float) for r in result)
    expect(np.array_equal(X_train, tr_copy) and np.array_equal(X_test, te_copy), tr("Your function changed its inputs in place; build new arrays."))
    expect(Z_train.shape == X_train.shape and Z_test.shape == X_test.shape, tr("Z_train and Z_test must keep the shapes of X_train and X_test."))
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    expect(not np.allclose(Z_train, (X_train - X_train.mean()) / X_train.std()),
           tr("You used one mean and one std for the whole array. Each feature (column) needs its own: axis=0."))
    expect(not np.allclose(Z_train, (X_train - mu) / X_train.std(axis=0, ddof=1)),
           tr("You divided by the sample std (ddof=1). Use X_train.std(axis=0), which divides by N (ddof=0) as StandardScaler does."))
    expect(np.allclose(Z_train, (X_train - mu) / sd), tr("Z_train should be (X_train - mean) / std with the training column statistics."))
    own = (X_test - X_test.mean(axis=0)) / X_test.std(axis=0)
    expect(not np.allclose(Z_test, own), tr("Z_test was scaled with the test set's own statistics. Use the training mean and std."))
    both = np.vstack([X_train, X_test])
    expect(not np.allclose(Z_test, (X_test - both.mean(axis=0)) / both.std(axis=0)),
           tr("You fitted on training and test together: the test set leaked into the statistics. Use the training part only."))
    expect(np.allclose(Z_test, (X_test - mu) / sd), tr("Z_test should be (X_test - training mean) / training std."))


@exercise("14.2", N_("Standardize one value"))
def _(answer):
    expect(isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool), tr("Give one number, e.g. 1.0."))
    a = float(answer)
    expect(not math.isclose(a, -2.5), tr("The sign is flipped: the wine is above the mean, so z is positive: (x - mean) / std."))
    expect(not math.isclose(a, 5.0), tr("1500 / 300 forgets to subtract the mean first."))
    expect(math.isclose(a, 2.5), tr("{a:g} is not it: z = (x - mean) / std.", a=a))


@exercise("14.3", N_("One-hot encoding"))
def _(to_one_hot):
    expect(callable(to_one_hot), tr("Pass the function itself: check('14.3', to_one_hot)."))
    y = np.array([2, 0, 1, 2])
    out = to_one_hot(y, 3)
    expect(out is not None, tr("Your function returns None: return the (N, n_classes) array."))
    out = np.asarray(out)
    expect(out.shape == (4, 3), tr("For 4 labels and 3 classes the result has shape (4, 3), received {out_shape}.",
                                   out_shape=out.shape))
    expect(np.issubdtype(out.dtype, np.floating), tr("Return floats (a loss multiplies them with probabilities), received dtype {out_dtype}.",
                                                     out_dtype=out.dtype))
    expect(np.allclose(out, np.eye(3)[y]), tr("Row i must have its single 1 in column y[i]; check the order of the classes."))
    wide = np.asarray(to_one_hot(np.array([0, 1, 1]), 4))
    expect(wide.shape == (3, 4), tr("The width must be n_classes even when a class is missing from y: use n_classes, not y.max() + 1."))
