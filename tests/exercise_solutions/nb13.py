import numpy as np


def _dropout(x, rate, rng, training):
    if not training:
        return x
    return x * (rng.random(x.shape) >= rate) / (1 - rate)


def _dropout_keep_prob(x, rate, rng, training):
    if not training:
        return x
    return x * (rng.random(x.shape) < rate) / rate


def _dropout_no_scale(x, rate, rng, training):
    return x * (rng.random(x.shape) >= rate) if training else x


def _dropout_on_at_inference(x, rate, rng, training):
    return x * (rng.random(x.shape) >= rate) / (1 - rate)


def _dropout_in_place(x, rate, rng, training):
    if training:
        x *= (rng.random(x.shape) >= rate) / (1 - rate)
    return x


def _max_norm(W, c):
    norms = np.linalg.norm(W, axis=0)
    return W * np.minimum(1.0, c / np.maximum(norms, 1e-12))


def _max_norm_rows(W, c):
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    return W * np.minimum(1.0, c / norms)


def _unit_norm(W, c):
    return W / np.linalg.norm(W, axis=0) * c


def _max_norm_fixed(W, c):
    return _max_norm(W, 1.0)


def _bn_backward_x(dy, xhat, s, gamma):
    m = len(dy)
    dxhat = dy * gamma
    return s / m * (m * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))


def _bn_direct_path_only(dy, xhat, s, gamma):
    return dy * gamma * s


def _bn_no_variance_path(dy, xhat, s, gamma):
    dxhat = dy * gamma
    return s / len(dy) * (len(dy) * dxhat - dxhat.sum(axis=0))


def _bn_no_gamma(dy, xhat, s, gamma):
    return _bn_backward_x(dy, xhat, s, np.ones_like(gamma))


def _bn_sums_over_features(dy, xhat, s, gamma):
    m = len(dy)
    dxhat = dy * gamma
    return s / m * (m * dxhat - dxhat.sum(axis=1, keepdims=True) - xhat * (dxhat * xhat).sum(axis=1, keepdims=True))


SOLUTIONS = {
    "13.1": _dropout,
    "13.2": 0.02 * np.array([[1.0, -2.0], [0.5, 3.0]]),
    "13.3": _max_norm,
    "13.4": _bn_backward_x,
}
WRONG = {
    "13.1": [_dropout_keep_prob, _dropout_no_scale, _dropout_on_at_inference, _dropout_in_place],
    "13.2": [0.01 * np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.01, -0.01], [0.01, 0.01]]), [1, 2]],
    "13.3": [_max_norm_rows, _unit_norm, _max_norm_fixed],
    "13.4": [_bn_direct_path_only, _bn_no_variance_path, _bn_no_gamma, _bn_sums_over_features],
}
