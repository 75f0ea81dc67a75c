"""Reference solutions for notebook 07, and typical mistakes the checkers must catch."""
import numpy as np


def mul_backward(x, y, dout):
    return dout * y, dout * x


def sigmoid_backward(out, dout):
    return dout * out * (1 - out)


def dense_backward(x, W, dout):
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def _sig(z):
    return 1 / (1 + np.exp(-z))


SOLUTIONS = {
    "07.1": mul_backward,
    "07.2": sigmoid_backward,
    "07.3": dense_backward,
    "07.4": 5.0,
    "07.5": lambda x, dout: dout * (x > 0),
}

WRONG = {
    "07.1": [
        lambda x, y, dout: (dout * x, dout * y),   # swapped
        lambda x, y, dout: (y, x),                 # forgot the upstream gradient
        lambda x, y, dout: dout * y,               # a single value
    ],
    "07.2": [
        lambda out, dout: dout * _sig(out) * (1 - _sig(out)),   # sigmoid applied twice
        lambda out, dout: out * (1 - out),                      # forgot dout
        lambda out, dout: dout * out,                           # wrong derivative
    ],
    "07.3": [
        lambda x, W, dout: (dout @ W.T, x.T @ dout, dout),                       # db not summed
        lambda x, W, dout: (dout @ W.T, dout.T @ x, dout.sum(axis=0)),            # dW transposed
        lambda x, W, dout: (dout @ W.T, x.T @ dout / len(x), dout.sum(axis=0)),   # extra 1/N
        lambda x, W, dout: (W @ dout.T, x.T @ dout, dout.sum(axis=0)),            # dx transposed
    ],
    "07.4": [4.0, 1.0, 12.0],
    "07.5": [
        lambda x, dout: (x > 0).astype(float),      # the mask without dout
        lambda x, dout: np.maximum(dout, 0),         # ReLU of the gradient
        lambda x, dout: dout * (x >= 0),             # passes at the kink
        lambda x, dout: dout * np.maximum(x, 0),     # times the output instead of the mask
    ],
}
