"""Reference solutions for notebook 11, and typical mistakes the checkers must catch."""
import numpy as np


def momentum_step(p, v, g, lr, momentum):
    v = momentum * v - lr * g
    return p + v, v


def rmsprop_step(p, s, g, lr, rho, eps):
    s = rho * s + (1 - rho) * g * g
    return p - lr * g / (np.sqrt(s) + eps), s


SOLUTIONS = {
    "11.1": momentum_step,
    "11.2": 0.3,
    "11.3": rmsprop_step,
}

WRONG = {
    "11.1": [
        lambda p, v, g, lr, m: (p + (v - lr * g), v - lr * g),                  # no decay of v
        lambda p, v, g, lr, m: (p + m * v + lr * g, m * v + lr * g),            # uphill
        lambda p, v, g, lr, m: (p + v, m * v - lr * g),                         # old velocity used for the step
    ],
    "11.2": [0.03, 1.5, "0.3"],
    "11.3": [
        lambda p, s, g, lr, rho, eps: (p - lr * g / (np.sqrt(g * g) + eps), g * g),                 # no average
        lambda p, s, g, lr, rho, eps: (p - lr * g / ((rho * s + (1 - rho) * g * g) + eps),
                                       rho * s + (1 - rho) * g * g),                                  # no sqrt
        lambda p, s, g, lr, rho, eps: (p - lr * g / (np.sqrt(s) + eps), rho * s + (1 - rho) * g * g),  # old s
    ],
}
