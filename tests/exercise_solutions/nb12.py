import math

import numpy as np


def _he(shape, rng):
    return rng.standard_normal(shape) * math.sqrt(2 / shape[0])


def _he_fan_out(shape, rng):
    return rng.standard_normal(shape) * math.sqrt(2 / shape[1])


def _xavier(shape, rng):
    return rng.standard_normal(shape) * math.sqrt(1 / shape[0])


def _variance(shape, rng):
    return rng.standard_normal(shape) * (2 / shape[0])


def _global_state(shape, rng):
    return np.random.default_rng().standard_normal(shape) * math.sqrt(2 / shape[0])


def _fixed_fan(shape, rng):
    return rng.standard_normal(shape) * math.sqrt(2 / 400)


SOLUTIONS = {
    "12.1": math.sqrt(2 / 100),
    "12.2": _he,
    "12.3": math.sqrt(100 * 0.01 ** 2 / 2),
}
WRONG = {
    "12.1": [0.02, 0.1, 0.01, 1.414, "0.14"],
    "12.2": [_he_fan_out, _xavier, _variance, _global_state, _fixed_fan],
    "12.3": [0.1, 0.01, 0.005, 14.1, 0.5],
}
