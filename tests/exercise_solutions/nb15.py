"""Reference solutions for notebook 15, and typical mistakes the checkers must catch."""
import numpy as np


def accuracy(probs, labels):
    return np.mean(probs.argmax(axis=1) == labels)


def confusion(y_true, y_pred, k):
    cm = np.zeros((k, k), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def recall_per_class(cm):
    return np.diag(cm) / cm.sum(axis=1)


def _fancy_index_confusion(y_true, y_pred, k):
    cm = np.zeros((k, k), dtype=int)
    cm[y_true, y_pred] += 1          # repeated pairs count once
    return cm


def _transposed_confusion(y_true, y_pred, k):
    return confusion(y_true, y_pred, k).T


SOLUTIONS = {
    "15.1": accuracy,
    "15.2": confusion,
    "15.3": recall_per_class,
}

WRONG = {
    "15.1": [
        lambda probs, labels: np.sum(probs.argmax(axis=1) == labels),          # count, not fraction
        lambda probs, labels: np.mean(probs.argmax(axis=0) == labels),          # wrong axis
        lambda probs, labels: np.mean(probs.max(axis=1) == labels),              # compares probabilities with labels
        lambda probs, labels: None,
    ],
    "15.2": [_fancy_index_confusion, _transposed_confusion],
    "15.3": [
        lambda cm: np.diag(cm) / cm.sum(axis=0),     # precision
        lambda cm: np.diag(cm),                      # counts
        lambda cm: np.diag(cm) / cm.sum(),           # total
    ],
}
