"""Reference solutions for notebook 17, and typical mistakes the checkers must catch."""
import numpy as np


def encode(sentence, vocab):
    return np.array([vocab.get(w, vocab["<unk>"]) for w in sentence.split()])


def embedding_grad(ids, dout, V):
    dE = np.zeros((V, dout.shape[-1]))
    np.add.at(dE, ids, dout)
    return dE


def mean_backward(dout, T):
    return np.repeat(dout[:, None, :] / T, T, axis=1)


def _buffered_grad(ids, dout, V):
    dE = np.zeros((V, dout.shape[-1]))
    dE[ids] += dout                   # repeated ids counted once
    return dE


def _nearest(E, words, target, skip=()):
    sims = E @ target / (np.linalg.norm(E, axis=1) * np.linalg.norm(target))
    return next(words[i] for i in np.argsort(-sims) if words[i] not in skip)


def analogy(E, words, a, b, c):
    i = {w: k for k, w in enumerate(words)}
    return _nearest(E, words, E[i[b]] - E[i[a]] + E[i[c]], skip=(a, b, c))


def _analogy_not_excluding(E, words, a, b, c):
    i = {w: k for k, w in enumerate(words)}
    return _nearest(E, words, E[i[b]] - E[i[a]] + E[i[c]])


def _analogy_dot_product(E, words, a, b, c):
    i = {w: k for k, w in enumerate(words)}
    scores = E @ (E[i[b]] - E[i[a]] + E[i[c]])
    return next(words[k] for k in np.argsort(-scores) if words[k] not in (a, b, c))


def _analogy_wrong_sign(E, words, a, b, c):
    i = {w: k for k, w in enumerate(words)}
    return _nearest(E, words, E[i[a]] - E[i[b]] + E[i[c]], skip=(a, b, c))


SOLUTIONS = {"17.1": encode, "17.2": embedding_grad, "17.3": mean_backward, "17.4": analogy}

WRONG = {
    "17.4": [_analogy_not_excluding, _analogy_dot_product, _analogy_wrong_sign],
    "17.1": [
        lambda sentence, vocab: np.array([vocab[w] for w in sentence.split()]),            # KeyError on unknown words
        lambda sentence, vocab: np.array([vocab.get(w, 0) for w in sentence.split()]),     # assumes <unk> is 0
        lambda sentence, vocab: np.array([float(vocab.get(w, vocab["<unk>"])) for w in sentence.split()]),  # float ids
    ],
    "17.2": [_buffered_grad, lambda ids, dout, V: dout.sum(axis=(0, 1))],
    "17.3": [
        lambda dout, T: np.repeat(dout[:, None, :], T, axis=1),    # forgets 1/T
        lambda dout, T: dout / T,                                   # wrong shape
    ],
}
