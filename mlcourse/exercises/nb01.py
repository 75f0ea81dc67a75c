"""Checkers for notebook 01 (NumPy essentials)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr


def _returned_array(result, shape):
    expect(result is not None, tr("Your function returned None: did you forget `return`?"))
    result = np.asarray(result)
    expect(result.shape == shape, tr("Expected an array of shape {shape}, your function returned shape {result_shape}.",
                                     shape=shape, result_shape=result.shape))
    return result


@exercise("01.1", N_("nbytes of a (5, 4) float32 array"))
def _(answer):
    expect(is_number(answer), tr("Give a single whole number of bytes, e.g. 12."))
    expect(answer != 20, tr("20 is the number of elements; each float32 element takes 4 bytes."))
    expect(answer != 160, tr("160 would be float64 (8 bytes each); float32 takes 4 bytes per element."))
    expect(answer == 80, tr("nbytes = (number of elements) * (bytes per element)."))


@exercise("01.2", N_("Slice the last two columns of rows 1 and 2"))
def _(answer):
    g = np.arange(20).reshape(4, 5)
    answer = np.asarray(answer)
    expect(answer.shape == (2, 2), tr("Expected shape (2, 2), received shape {answer_shape}. Rows 1 and 2 are `1:3`.",
                                      answer_shape=answer.shape))
    expect(not np.array_equal(answer, g[2:, 3:][:2]) or np.array_equal(answer, g[1:3, 3:]),
           tr("Those are rows 2 and 3: indices start at 0, so rows 1 and 2 are `1:3`."))
    expect(not np.array_equal(answer, g[1:3, 2:4]), tr("Those are columns 2 and 3; the last two columns are 3 and 4 (`3:` or `-2:`)."))
    expect(np.array_equal(answer, g[1:3, 3:]), tr("Rows 1 and 2 are `1:3`; the last two columns are `3:` (or `-2:`)."))


@exercise("01.3", N_("Standardize the columns of X"))
def _(standardize):
    expect(callable(standardize), tr("Pass the function itself: check('01.3', standardize)."))
    rng = np.random.default_rng(1)
    X = rng.normal(loc=[1.0, -5.0, 20.0], scale=[0.5, 2.0, 10.0], size=(7, 3))
    X_before = X.copy()
    Z = _returned_array(standardize(X), (7, 3))
    expect(np.array_equal(X, X_before), tr("Your function changed X in place; return a new array instead."))
    expect(np.allclose(Z.mean(axis=0), 0.0, atol=1e-9),
           tr("Each column should have mean 0: subtract X.mean(axis=0) (axis=0 removes the rows, one mean per column)."))
    expect(np.allclose(Z.std(axis=0), 1.0),
           tr("Each column should have standard deviation 1: divide by X.std(axis=0)."))


@exercise("01.4", N_("Addition table by broadcasting"))
def _(outer_sum):
    expect(callable(outer_sum), tr("Pass the function itself: check('01.4', outer_sum)."))
    a = np.array([0.0, 10.0, 20.0])
    b = np.array([1.0, 2.0, 3.0, 4.0])
    T = outer_sum(a, b)
    expect(T is not None, tr("Your function returned None: did you forget `return`?"))
    T = np.asarray(T)
    expect(T.shape != (4, 3), tr("Your table is transposed: a should run down the rows, b along the columns."))
    expect(T.shape == (3, 4), tr("For len(a) = 3 and len(b) = 4 expected shape (3, 4), received {T_shape}. Make a a column: a[:, None].",
                                 T_shape=T.shape))
    expect(np.allclose(T, a[:, None] + b[None, :]), tr("T[i, j] should be a[i] + b[j]."))
