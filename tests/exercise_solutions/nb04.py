from mlcourse import perceptron as pc


def _update(w, b, x, y, lr):
    y_hat = int(w @ x + b > 0)
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


def _update_wrong_sign(w, b, x, y, lr):
    y_hat = int(w @ x + b > 0)
    return w + lr * (y_hat - y) * x, b + lr * (y_hat - y)


def _update_no_bias(w, b, x, y, lr):
    y_hat = int(w @ x + b > 0)
    return w + lr * (y - y_hat) * x, b


def _update_in_place(w, b, x, y, lr):
    y_hat = int(w @ x + b > 0)
    w += lr * (y - y_hat) * x
    return w, b + lr * (y - y_hat)


def _xnor(x1, x2):
    x = pc.AND(pc.NAND(x1, x2), pc.OR(x1, x2))   # XOR from the three allowed gates
    return pc.NAND(x, x)                          # NAND(a, a) = NOT a


def _xnor_calls_xor(x1, x2):
    x = pc.XOR(x1, x2)                            # not one of the allowed gates
    return pc.NAND(x, x)


SOLUTIONS = {
    "04.1": ([-0.5, -0.5], 0.2),
    "04.2": _update,
    "04.3": 14,
    "04.4": _xnor,
}
WRONG = {
    "04.1": [([0.5, 0.5], -0.2), ([-0.5, -0.5], 0.7), ([-1.0, -1.0], 0.0), "([-0.5,-0.5],0.2)"],
    "04.2": [_update_wrong_sign, _update_no_bias, _update_in_place],
    "04.3": [16, 15, 8, 14.0],
    "04.4": [pc.XOR, pc.AND, _xnor_calls_xor],
}
