import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _forward(X, W1, b1, W2, b2):
    return _sigmoid(X @ W1 + b1) @ W2 + b2


def _forward_sigmoid_out(X, W1, b1, W2, b2):
    return _sigmoid(_sigmoid(X @ W1 + b1) @ W2 + b2)


def _forward_no_activation(X, W1, b1, W2, b2):
    return (X @ W1 + b1) @ W2 + b2


def _forward_bias_after(X, W1, b1, W2, b2):
    return (_sigmoid(X @ W1) + b1) @ W2 + b2


_W1 = np.array([[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])
_W2 = np.array([0.3, 0.5, 0.9])
_OUT_10 = float(_sigmoid(np.array([1.0, 0.0]) @ _W1) @ _W2)

SOLUTIONS = {"06.1": 43, "06.2": _forward, "06.3": round(_OUT_10, 3), "06.4": 15}
WRONG = {
    "06.1": [35, 12, 60, 43.0],
    "06.2": [_forward_sigmoid_out, _forward_no_activation, _forward_bias_after, lambda X, W1, b1, W2, b2: X],
    "06.3": [1.233, 1.235, float(_sigmoid(_OUT_10)), 1.0],
    "06.4": [16, 8, 4],
}
