"""Reference solutions for notebook 10, and typical mistakes the checkers must catch."""
import math


def iterations_per_epoch(n, batch_size):
    return math.ceil(n / batch_size)


def minibatch_gradient(W, b, Xb, yb):
    err = Xb @ W + b - yb
    return Xb.T @ err / len(Xb), err.mean(axis=0)


SOLUTIONS = {
    "10.1": iterations_per_epoch,
    "10.2": 280,
    "10.3": minibatch_gradient,
}

WRONG = {
    "10.1": [
        lambda n, b: n // b,          # drops the last batch
        lambda n, b: n / b,           # fractions
        lambda n, b: n // b + 1,      # one too many when b divides n
        lambda n, b: None,
    ],
    "10.2": [20, 260, 276.25, 14],
    "10.3": [
        lambda W, b, Xb, yb: (Xb.T @ (Xb @ W + b - yb), (Xb @ W + b - yb).sum(axis=0)),              # sum
        lambda W, b, Xb, yb: (Xb.T @ (yb - Xb @ W - b) / len(Xb), (yb - Xb @ W - b).mean(axis=0)),   # sign
        lambda W, b, Xb, yb: (2 * Xb.T @ (Xb @ W + b - yb) / len(Xb), 2 * (Xb @ W + b - yb).mean(axis=0)),  # 2
        lambda W, b, Xb, yb: ((Xb @ W + b - yb).T @ Xb / len(Xb), (Xb @ W + b - yb).mean(axis=0)),   # transposed
    ],
}
