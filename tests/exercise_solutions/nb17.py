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


SOLUTIONS = {"17.1": encode, "17.2": embedding_grad, "17.3": mean_backward}

WRONG = {
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
