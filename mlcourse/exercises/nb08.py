"""Checkers for notebook 08 (loss functions and maximum likelihood)."""
import math

import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr


def _scalar(result, what):
    expect(result is not None, tr("Your function returned None: did you forget `return`?"))
    arr = np.asarray(result)
    expect(arr.dtype.kind in "fiu" and arr.size == 1,
           tr("Your function should return {what}, it returned {type_name} {result!r:.60}.",
              what=what, type_name=type(result).__name__, result=result))
    return float(arr.reshape(()))


@exercise("08.1", N_("Binary cross-entropy"))
def _(bce):
    expect(callable(bce), tr("Pass the function itself: check('08.1', bce)."))
    p = np.array([0.9, 0.2, 0.6, 0.3])
    t = np.array([1.0, 0.0, 1.0, 1.0])
    want = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
    got = _scalar(bce(p, t), tr("the mean loss over the batch, one number"))
    expect(got > 0, tr("You returned {got:.4f}: a loss is never negative. Put a minus sign in front: -log p is positive for p < 1.",
                       got=got))
    expect(not np.isclose(got, want * len(p)), tr("That is the sum over the batch; the loss is the mean (divide by N)."))
    expect(not np.isclose(got, want / math.log(10)), tr("That uses log base 10; cross-entropy uses the natural log, np.log."))
    only_ones = -np.mean(t * np.log(p))
    expect(not np.isclose(got, only_ones),
           tr("The samples with t = 0 are missing: they cost -log(1 - p). Add (1 - t) * log(1 - p)."))
    expect(np.isclose(got, want), tr("For p = {p} and t = {t} expected {want:.4f}, got {got:.4f}. Per sample: -(t log p + (1 - t) log(1 - p)); then take the mean.",
                                     p=p.tolist(), t=t.tolist(), want=want, got=got))


@exercise("08.2", N_("Maximum-likelihood estimate of a thumbtack"))
def _(thumbtack_mle):
    expect(callable(thumbtack_mle), tr("Pass the function itself: check('08.2', thumbtack_mle)."))
    for throws in ([1, 1, 0, 1, 0, 1, 1, 1, 0, 1], [0, 0, 0, 1], [1, 1, 1, 1, 1, 0]):
        throws = np.array(throws)
        h = int(throws.sum())
        want = h / len(throws)
        got = _scalar(thumbtack_mle(throws.copy()), tr("a probability, one number"))
        expect(not np.isclose(got, h) or np.isclose(want, h),
               tr("For {throws} you returned {got:g}, the number of heads; the estimate is a probability, heads / throws.",
                  throws=throws.tolist(), got=got))
        expect(not np.isclose(got, 1 - want), tr("That is the fraction of tails (0s); p is the probability of heads (1s)."))
        expect(np.isclose(got, want), tr("For {throws} expected p_hat = {h}/{n} = {want:.3f}, got {got:.4g}. Setting d/dp [h log p + t log(1 - p)] = 0 gives p = h / (h + t).",
                                         throws=throws.tolist(), h=h, n=len(throws), want=want, got=got))


@exercise("08.3", N_("Cross-entropy with sparse labels"))
def _(sparse_ce):
    expect(callable(sparse_ce), tr("Pass the function itself: check('08.3', sparse_ce)."))
    probs = np.array([[0.7, 0.2, 0.1],
                      [0.1, 0.8, 0.1],
                      [0.3, 0.3, 0.4],
                      [0.5, 0.4, 0.1]])
    labels = np.array([0, 1, 2, 1])
    want = -np.mean(np.log(probs[np.arange(4), labels]))
    got = _scalar(sparse_ce(probs, labels), tr("the mean loss over the batch, one number"))
    expect(not np.isclose(got, -np.mean(np.log(probs[:, labels]))),
           tr("probs[:, labels] picks whole columns (a (4, 4) array). Pick one entry per row: probs[np.arange(N), labels]."))
    expect(not np.isclose(got, want * 4), tr("That is the sum over the batch; take the mean (divide by N)."))
    expect(got > 0, tr("A loss is never negative: -log p, with the minus sign."))
    expect(np.isclose(got, want), tr("Expected {want:.4f}, got {got:.4f}. Each row costs -log of the probability of its own label.",
                                     want=want, got=got))


@exercise("08.4", N_("The price of a confident mistake"))
def _(answer):
    expect(is_number(answer), tr("Give a single number, e.g. 1.23."))
    want = -math.log(0.01)
    expect(not np.isclose(answer, 2.0), tr("2 is -log10(0.01); cross-entropy uses the natural log (np.log)."))
    expect(answer > 0, tr("The loss -log p is positive for p < 1: keep the minus sign."))
    expect(not np.isclose(answer, -math.log(0.99), atol=1e-3),
           tr("That is the loss when the true class gets 0.99; here the true class gets only 0.01."))
    expect(np.isclose(answer, want, atol=0.01), tr("Compute -np.log(0.01) (about {want:.2f}).", want=want))


@exercise("08.5", N_("Backward of a softmax-with-loss layer"))
def _(layer_class):
    expect(isinstance(layer_class, type), tr("Pass the class itself: check('08.5', SoftmaxWithLoss)."))
    logits = np.array([[2.0, -1.0, 0.5],
                       [0.1, 0.2, 0.3],
                       [-3.0, 1.0, 4.0],
                       [1.5, 1.5, -0.5]])
    labels = np.array([0, 2, 0, 1])
    n = len(labels)
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    onehot = np.eye(3)[labels]
    want = (p - onehot) / n

    layer = layer_class()
    loss = layer.forward(logits.copy(), labels.copy())
    expect(np.isclose(loss, -np.mean(np.log(p[np.arange(n), labels]))),
           tr("forward no longer returns the mean cross-entropy: keep the forward that was given."))
    p_before = np.array(layer.p, copy=True)
    got = layer.backward()
    expect(got is not None, tr("backward returns None: did you forget `return`?"))
    got = np.asarray(got, dtype=float)
    expect(got.shape == logits.shape, tr("backward should return one number per logit, shape {logits_shape}; received shape {got_shape}.",
                                         logits_shape=logits.shape, got_shape=got.shape))
    expect(np.array_equal(np.asarray(layer.p), p_before),
           tr("backward changed self.p in place (e.g. self.p[rows, labels] -= 1). Work on a copy: grad = self.p.copy()."))
    expect(not np.allclose(got, want * n), tr("That is N times too large: the loss is a mean over N samples, so divide by N."))
    expect(not np.allclose(got, -want), tr("The sign is flipped: the gradient is (P - Y)/N, prediction minus target."))
    expect(not np.allclose(got, p / n), tr("The target is missing: subtract the one-hot Y (1 at each row's label) from P."))
    dp = np.where(onehot == 1, -1 / (n * p), 0.0)
    expect(not np.allclose(got, dp), tr("That is dL/dp, the gradient at the probabilities. Go one node further, through the softmax: (P - Y)/N."))
    expect(np.allclose(got, want, atol=1e-12),
           tr("For logits {logits} with label {label} (first row) expected {expected}, got {got}. The gradient is (P - Y)/N.",
              logits=logits[0].tolist(), label=labels[0], expected=np.round(want[0], 4).tolist(), got=np.round(got[0], 4).tolist()))
