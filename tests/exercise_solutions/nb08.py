"""Reference solutions for notebook 08, and typical mistakes the checkers must catch."""
import numpy as np


def bce(p, t):
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def thumbtack_mle(throws):
    return np.mean(throws)


def sparse_ce(probs, labels):
    return -np.mean(np.log(probs[np.arange(len(labels)), labels]))


class SoftmaxWithLoss:
    def forward(self, logits, labels):
        z = logits - logits.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        self.p, self.labels = np.exp(log_p), labels
        return -np.mean(log_p[np.arange(len(labels)), labels])

    def backward(self):
        grad = self.p.copy()
        grad[np.arange(len(self.labels)), self.labels] -= 1
        return grad / len(self.labels)


def _wrong_backward(backward):
    """A SoftmaxWithLoss whose backward is replaced by a typical mistake."""
    return type("WrongSoftmaxWithLoss", (SoftmaxWithLoss,), {"backward": backward})


def _onehot(layer):
    return np.eye(layer.p.shape[1])[layer.labels]


SOLUTIONS = {
    "08.1": bce,
    "08.2": thumbtack_mle,
    "08.3": sparse_ce,
    "08.4": -np.log(0.01),
    "08.5": SoftmaxWithLoss,
}

# Rounded answers a learner may type from the table (4.61) or the summary (4.6): both must pass.
ALSO_RIGHT = {"08.4": [4.61, 4.6]}

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
    "08.4": [2.0, -4.605, 0.01005, "4.6", 4.5, 4.7],
    "08.5": [
        _wrong_backward(lambda self: self.p - _onehot(self)),                                  # forgot 1/N
        _wrong_backward(lambda self: (_onehot(self) - self.p) / len(self.labels)),             # sign
        _wrong_backward(lambda self: self.p / len(self.labels)),                               # no target
        _wrong_backward(lambda self: -_onehot(self) / (self.p * len(self.labels))),            # dL/dp, not dL/dz
        _wrong_backward(lambda self: None),                                                    # forgot return
        _wrong_backward(lambda self: (self.p.__isub__(_onehot(self))) / len(self.labels)),     # changes self.p in place
        SoftmaxWithLoss(),                                                                     # an instance, not the class
    ],
}
