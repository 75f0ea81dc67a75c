"""Checkers for notebook 15 (classifying handwritten digits)."""
import numpy as np

from mlcourse.exercises import exercise, expect
from mlcourse.i18n import N_, tr


def _probs_and_labels():
    # square on purpose (4 rows, 4 classes), so that argmax over the wrong axis still runs
    probs = np.array([[0.7, 0.1, 0.1, 0.1],
                      [0.1, 0.2, 0.6, 0.1],
                      [0.2, 0.4, 0.1, 0.3],
                      [0.4, 0.4, 0.1, 0.1]])   # a tie: argmax takes the first, class 0
    labels = np.array([0, 2, 0, 0])            # rows 0, 1 and 3 are right: 3/4
    return probs, labels


def _number(result, what):
    expect(result is not None, tr("Your function returned None: did you forget `return`?"))
    arr = np.asarray(result)
    expect(arr.size == 1 and arr.dtype.kind in "fiu",
           tr("Return {what} (one number); you returned {type_name} with shape {arr_shape}.",
              what=what, type_name=type(result).__name__, arr_shape=arr.shape))
    return float(arr.reshape(()))


@exercise("15.1", N_("Accuracy from probabilities"))
def _(accuracy):
    expect(callable(accuracy), tr("Pass the function itself: check('15.1', accuracy)."))
    probs, labels = _probs_and_labels()
    got = _number(accuracy(probs.copy(), labels.copy()), tr("the fraction of correct rows"))
    want = np.mean(probs.argmax(axis=1) == labels)           # rows 0, 1, 3 right: 3/4
    expect(not np.isclose(got, 3.0), tr("That is the number of correct rows; accuracy is the fraction: divide by N."))
    expect(not np.isclose(got, np.mean(probs.argmax(axis=0) == labels)),
           tr("That looks like argmax over axis 0 (for each class, its most confident row). Use axis=1: one prediction per row."))
    expect(0.0 <= got <= 1.0, tr("An accuracy lies between 0 and 1; you returned {got:g}.", got=got))
    expect(np.isclose(got, want), tr("Expected {want:.2f} (rows 0, 1 and 3 of 4 are right), got {got:.4g}. Compare probs.argmax(axis=1) with the labels, then take the mean.",
                                     want=want, got=got))
    rng = np.random.default_rng(15)
    p = rng.dirichlet(np.ones(10), size=200)
    y = rng.integers(0, 10, size=200)
    got2 = _number(accuracy(p, y), tr("the fraction of correct rows"))
    expect(np.isclose(got2, np.mean(p.argmax(axis=1) == y)),
           tr("Right on the small example but not on 200 rows of 10 classes: does your code assume 3 classes or 5 rows?"))


@exercise("15.2", N_("A confusion matrix by hand"))
def _(confusion):
    expect(callable(confusion), tr("Pass the function itself: check('15.2', confusion)."))
    y_true = np.array([0, 0, 1, 1, 1, 2, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 2, 2, 0, 2])
    want = np.array([[1, 1, 0],
                     [0, 2, 1],
                     [1, 0, 3]])
    got = confusion(y_true.copy(), y_pred.copy(), 3)
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    got = np.asarray(got)
    expect(got.shape == (3, 3), tr("For k = 3 classes expected a (3, 3) matrix, got shape {got_shape}.", got_shape=got.shape))
    expect(not np.array_equal(got, want.T), tr("Rows and columns are swapped: rows are the true class, columns the prediction."))
    expect(got.sum() == len(y_true), tr("The counts should add up to the number of samples ({n_samples}), they add up to {total:g}. With fancy indexing `cm[y_true, y_pred] += 1` repeated pairs are counted once; use np.add.at or a loop.",
                                        n_samples=len(y_true), total=got.sum()))
    expect(np.array_equal(got, want), tr("For y_true = {y_true} and y_pred = {y_pred} expected\n{want}\ngot\n{got}",
                                         y_true=y_true.tolist(), y_pred=y_pred.tolist(), want=want, got=got))
    got4 = np.asarray(confusion(np.array([3, 3]), np.array([3, 3]), 5))
    expect(got4.shape == (5, 5) and got4[3, 3] == 2, tr("Use k for the size, even when some classes never appear."))


@exercise("15.3", N_("Recall of every class"))
def _(recall_per_class):
    expect(callable(recall_per_class), tr("Pass the function itself: check('15.3', recall_per_class)."))
    cm = np.array([[8, 2, 0],
                   [1, 3, 0],
                   [1, 5, 4]])
    want = np.diag(cm) / cm.sum(axis=1)                     # 8/10, 3/4, 4/10
    got = recall_per_class(cm.copy())
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    got = np.asarray(got, dtype=float)
    expect(got.shape == (3,), tr("Return one number per class, shape (3,); got shape {got_shape}.", got_shape=got.shape))
    expect(not np.allclose(got, np.diag(cm) / cm.sum(axis=0)),
           tr("That divides by the column sums (images *predicted* as the class: precision). Recall divides by the row sums."))
    expect(not np.allclose(got, np.diag(cm)), tr("Those are counts; divide each by the number of images of that class (its row sum)."))
    expect(not np.allclose(got, np.diag(cm) / cm.sum()), tr("Divide by each row's sum, not by the total."))
    expect(np.allclose(got, want), tr("Expected {expected}, got {got}: diagonal / row sums.",
                                      expected=want.round(3).tolist(), got=got.round(3).tolist()))
