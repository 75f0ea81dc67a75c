"""Reference solutions for notebook 08, and typical mistakes the checkers must catch."""
import numpy as np


def bce(p, t):
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def thumbtack_mle(throws):
    return np.mean(throws)


def sparse_ce(probs, labels):
    return -np.mean(np.log(probs[np.arange(len(labels)), labels]))


SOLUTIONS = {
    "08.1": bce,
    "08.2": thumbtack_mle,
    "08.3": sparse_ce,
    "08.4": -np.log(0.01),
}

WRONG = {
    "08.1": [
        lambda p, t: -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p)),       # sum, not mean
        lambda p, t: np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)),        # sign
        lambda p, t: -np.mean(t * np.log10(p) + (1 - t) * np.log10(1 - p)),   # log base 10
        lambda p, t: -np.mean(t * np.log(p)),                                  # forgets the 0 labels
        lambda p, t: None,                                                     # forgot return
    ],
    "08.2": [
        lambda throws: np.sum(throws),         # the count, not the probability
        lambda throws: 1 - np.mean(throws),    # fraction of tails
    ],
    "08.3": [
        lambda probs, labels: -np.mean(np.log(probs[:, labels])),                       # whole columns
        lambda probs, labels: -np.sum(np.log(probs[np.arange(len(labels)), labels])),   # sum
        lambda probs, labels: np.mean(np.log(probs[np.arange(len(labels)), labels])),   # sign
    ],
    "08.4": [2.0, -4.605, 0.01005, "4.6"],
}
