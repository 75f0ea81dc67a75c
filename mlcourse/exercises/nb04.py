"""Checkers for notebook 04 (the perceptron and logic gates)."""
import numpy as np

from mlcourse import perceptron as _pc
from mlcourse.exercises import Hint, exercise, expect
from mlcourse.i18n import N_, tr

_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
_TABLES = {
    (0, 0, 0, 1): "AND", (1, 1, 1, 0): "NAND", (0, 1, 1, 1): "OR", (0, 1, 1, 0): "XOR", (1, 0, 0, 1): "XNOR",
}


def _table(fn):
    out = []
    for x1, x2 in _X:
        v = fn(int(x1), int(x2))
        expect(v is not None, tr("Your function returns None: fill in its body and return the gate's output."))
        v = np.asarray(v).reshape(-1)
        expect(v.size == 1, tr("For one pair of inputs return one number, received {value!r}.", value=np.asarray(v)))
        out.append(int(v[0]))
    return tuple(out)


@exercise("04.1", N_("Weights and bias for NOR"))
def _(answer):
    expect(isinstance(answer, (tuple, list)) and len(answer) == 2, tr("Give a pair ([w1, w2], b)."))
    w, b = answer
    w = np.asarray(w, dtype=float).reshape(-1)
    expect(w.shape == (2,), tr("w must hold two weights, received {w_size}.", w_size=w.size))
    expect(np.isscalar(b) or np.ndim(b) == 0, tr("b must be a single number, received {b!r}.", b=b))
    sums = _X @ w + float(b)
    got = tuple(int(s > 0) for s in sums)
    if got != (1, 0, 0, 0):
        name = _TABLES.get(got)
        if name:
            hint = tr("These numbers compute {name}, table {got}.", name=name, got=got)
        else:
            hint = tr("These numbers give the table {got} for inputs (0,0), (0,1), (1,0), (1,1).", got=got)
        if name == "OR":
            hint += " " + tr("Flip every sign to get NOT OR.")
        expect(False, hint + " " + tr("NOR needs (1, 0, 0, 0): b > 0 and w1 + b <= 0, w2 + b <= 0."))
    expect(np.all(np.abs(sums) > 1e-9), tr("A weighted sum is exactly 0 on one input: that is fragile. Move the bias a little."))


@exercise("04.2", N_("One step of the perceptron rule"))
def _(update):
    expect(callable(update), tr("Pass the function itself: check('04.2', update)."))
    cases = [
        (np.array([0.0, 0.0]), 0.0, np.array([1.0, 1.0]), 1, 0.1, np.array([0.1, 0.1]), 0.1),    # said 0, wanted 1
        (np.array([0.2, 0.1]), -0.1, np.array([1.0, 0.0]), 0, 0.1, np.array([0.1, 0.1]), -0.2),  # said 1, wanted 0
        (np.array([0.5, 0.5]), -0.7, np.array([1.0, 1.0]), 1, 0.1, np.array([0.5, 0.5]), -0.7),  # right: no change
        (np.array([1.0, -2.0]), 0.5, np.array([2.0, 3.0]), 1, 0.5, np.array([2.0, -0.5]), 1.0),
    ]
    for w, b, x, y, lr, w_new, b_new in cases:
        w_in = w.copy()
        result = update(w, b, x, y, lr)
        expect(result is not None, tr("Your function returns None: fill in its body and return new_w, new_b."))
        expect(isinstance(result, (tuple, list)) and len(result) == 2, tr("Return a pair: new_w, new_b."))
        got_w, got_b = np.asarray(result[0], dtype=float), float(result[1])
        expect(np.array_equal(w, w_in), tr("Your function changed the w it was given (in place). Build a new array: w = w + ..."))
        if np.allclose(got_w, 2 * w - w_new) and not np.allclose(w, w_new):
            expect(False, tr("The update goes the wrong way: the error is y - y_hat (target minus prediction)."))
        expect(np.allclose(got_w, w_new),
               tr("With w={w}, b={b}, x={x}, y={y}, lr={lr} expected new w {w_new}, got {got_w}.",
                  w=w.tolist(), b=b, x=x.tolist(), y=y, lr=lr, w_new=w_new.tolist(), got_w=got_w.tolist()))
        expect(np.isclose(got_b, b_new),
               tr("The weights are right but the bias is not: with w={w}, b={b}, x={x}, y={y}, lr={lr} expected new b {b_new}, got {got_b}. The bias moves by lr * (y - y_hat), as if its input were 1.",
                  w=w.tolist(), b=b, x=x.tolist(), y=y, lr=lr, b_new=b_new, got_b=got_b))


@exercise("04.3", N_("How many two-input gates one perceptron computes"))
def _(answer):
    expect(isinstance(answer, (int, np.integer)) and not isinstance(answer, bool), tr("Give a whole number, e.g. 10."))
    expect(answer != 16, tr("Not all 16: XOR cannot be computed, we proved it."))
    expect(answer != 15, tr("XNOR is XOR with outputs flipped: the same four inequalities fail. What about it?"))
    expect(answer <= 16, tr("There are only 16 functions of two bits."))
    expect(answer == 14, tr("Too few. Every table except two is a line: count the constant ones (w = 0) and the ones like 'x1' or 'NOT x2' too."))


@exercise("04.4", N_("XNOR from gates"))
def _(xnor):
    expect(callable(xnor), tr("Pass the function itself: check('04.4', xnor)."))

    def xor_not_allowed(x1, x2):
        raise Hint(tr("Your function calls pc.XOR; build it from pc.AND, pc.NAND and pc.OR only (XOR is AND(NAND(a, b), OR(a, b)))."))

    real_xor, _pc.XOR = _pc.XOR, xor_not_allowed   # only for the duration of this check
    try:
        got = _table(xnor)
    finally:
        _pc.XOR = real_xor
    expect(got != (0, 1, 1, 0), tr("That is XOR. XNOR is its opposite: put the XOR through a NOT (NAND(a, a) = NOT a)."))
    expect(got == (1, 0, 0, 1), tr("Your function gives {got} for (0,0), (0,1), (1,0), (1,1); XNOR is (1, 0, 0, 1).", got=got))
