"""Perceptron: gates, the learning rule, and why one perceptron cannot do XOR."""
import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.perceptron import (AND, GATES, NAND, OR, XOR, Perceptron, decision_line, gate_params,
                                 truth_table)

X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
TARGETS = {
    "AND": [0, 0, 0, 1],
    "NAND": [1, 1, 1, 0],
    "OR": [0, 1, 1, 1],
    "XOR": [0, 1, 1, 0],
}


@pytest.mark.parametrize("gate", [AND, NAND, OR, XOR], ids=lambda g: g.__name__)
def test_gates_truth_tables(gate):
    expected = TARGETS[gate.__name__]
    assert [gate(a, b) for a, b in X4] == expected  # scalars in, ints out
    assert all(type(gate(a, b)) is int for a, b in X4)
    np.testing.assert_array_equal(gate(X4[:, 0], X4[:, 1]), expected)  # arrays in, arrays out
    X, y = truth_table(gate)
    np.testing.assert_array_equal(X, X4)
    np.testing.assert_array_equal(y, expected)


def test_gate_params_match_the_gates():
    for name in GATES:
        w, b = gate_params(name)
        assert w.shape == (2,)
        np.testing.assert_array_equal((X4 @ w + b > 0).astype(int), TARGETS[name])
    assert gate_params("and")[1] == -0.7
    with pytest.raises(MLCourseError, match="AND\\(NAND, OR\\)"):
        gate_params("XOR")
    with pytest.raises(MLCourseError, match="'NOR'"):
        gate_params("NOR")


def test_decision_line_lies_on_the_boundary():
    w, b = gate_params("OR")
    x1 = np.linspace(-1, 2, 7)
    x2 = decision_line(w, b, x1)
    np.testing.assert_allclose(w[0] * x1 + w[1] * x2 + b, 0.0, atol=1e-12)
    assert np.all(np.isnan(decision_line([1.0, 0.0], 0.5, x1)))


def test_one_update_by_hand():
    p = Perceptron(2, learning_rate=0.1, seed=0)
    p.w, p.b = np.array([0.0, 0.0]), 0.0
    # sample (1, 1) with target 1: w.x + b = 0, not > 0, so y_hat = 0 and the error is 1 - 0 = 1
    # w <- (0, 0) + 0.1 * 1 * (1, 1) = (0.1, 0.1);  b <- 0 + 0.1 * 1 = 0.1
    step = next(p.steps([[1, 1]], [1]))
    assert step.updated and step.prediction == 0
    np.testing.assert_allclose(p.w, [0.1, 0.1])
    assert p.b == pytest.approx(0.1)
    # sample (1, 0) with target 0: 0.1 + 0.1 = 0.2 > 0, y_hat = 1, error -1
    # w <- (0.1, 0.1) - 0.1 * (1, 0) = (0.0, 0.1);  b <- 0.1 - 0.1 = 0.0
    next(p.steps([[1, 0]], [0]))
    np.testing.assert_allclose(p.w, [0.0, 0.1])
    assert p.b == pytest.approx(0.0)


@pytest.mark.parametrize("name", ["AND", "OR", "NAND"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_learns_linearly_separable_gates(name, seed):
    p = Perceptron(2, learning_rate=0.1, seed=seed)
    errors = p.fit(X4, TARGETS[name], epochs=100)
    assert p.converged
    assert errors[-1] == 0 and len(errors) < 100
    np.testing.assert_array_equal(p.predict(X4), TARGETS[name])
    # history starts at the initial weights and grows by one entry per mistake
    assert len(p.history) == 1 + sum(errors)


def test_training_is_deterministic_for_a_seed():
    a, b = Perceptron(seed=5), Perceptron(seed=5)
    assert a.fit(X4, TARGETS["AND"], shuffle=True) == b.fit(X4, TARGETS["AND"], shuffle=True)
    np.testing.assert_array_equal(a.w, b.w)


def test_single_perceptron_never_learns_xor():
    for seed in range(5):
        p = Perceptron(2, learning_rate=0.1, seed=seed)
        errors = p.fit(X4, TARGETS["XOR"], epochs=300)
        assert len(errors) == 300 and min(errors) >= 1
        assert not p.converged
        assert np.sum(p.predict(X4) != TARGETS["XOR"]) >= 1


def _grid_min_errors(target, values):
    """Fewest mistakes on the truth table over every (w1, w2, b) in values^3."""
    w1, w2, b = np.meshgrid(values, values, values, indexing="ij")
    wrong = 0
    for (x1, x2), t in zip(X4, target):
        wrong = wrong + ((w1 * x1 + w2 * x2 + b > 0).astype(int) != t)
    return int(wrong.min())


def test_no_weights_on_a_grid_compute_xor():
    values = np.linspace(-2, 2, 81)
    # The same search finds exact weights for the separable gates, so it can succeed...
    for name in ("AND", "OR", "NAND"):
        assert _grid_min_errors(TARGETS[name], values) == 0
    # ...but every (w1, w2, b) on the grid gets at least one XOR case wrong.
    assert _grid_min_errors(TARGETS["XOR"], values) >= 1


def _separable(target):
    """Is there (w1, w2, b) with w.x + b >= 1 on the 1s and <= 0 on the 0s? (a linear program)"""
    linprog = pytest.importorskip("scipy.optimize").linprog
    rows = []
    for (x1, x2), t in zip(X4, target):
        row = np.array([x1, x2, 1.0])
        rows.append(-row if t == 1 else row)  # -(w.x + b) <= -1   or   w.x + b <= 0
    rhs = [-1.0 if t == 1 else 0.0 for t in target]
    res = linprog(c=np.zeros(3), A_ub=np.array(rows), b_ub=rhs, bounds=[(None, None)] * 3)
    return res.status == 0  # 0 = solved, 2 = infeasible


def test_xor_is_not_linearly_separable():
    # A perceptron computes a gate exactly when some (w, b) has w.x + b > 0 on its 1s and <= 0 on
    # its 0s; scaling (w, b) up turns "> 0" into ">= 1" on four points, so this LP decides it.
    for name in ("AND", "OR", "NAND"):
        assert _separable(TARGETS[name])
    assert not _separable(TARGETS["XOR"])


def test_xor_conditions_never_hold_together():
    # XOR needs b <= 0, w1 + b > 0, w2 + b > 0 and w1 + w2 + b <= 0. Adding the middle two gives
    # w1 + w2 + b > -b >= 0, against the last one. Random weights never meet all four:
    w1, w2, b = np.random.default_rng(0).normal(size=(3, 100_000))
    all_hold = (b <= 0) & (w1 + b > 0) & (w2 + b > 0) & (w1 + w2 + b <= 0)
    assert not all_hold.any()
    # while the same kind of search does meet AND's four conditions for some weights
    and_holds = (b <= 0) & (w1 + b <= 0) & (w2 + b <= 0) & (w1 + w2 + b > 0)
    assert and_holds.any()


def test_predict_shapes_and_errors():
    p = Perceptron(3, seed=0)
    assert p.predict(np.zeros((5, 3))).shape == (5,)
    assert isinstance(p.predict([1.0, 2.0, 3.0]), int)
    with pytest.raises(MLCourseError, match=r"3 features.*\(5, 2\)"):
        p.predict(np.zeros((5, 2)))
    with pytest.raises(MLCourseError, match="label 2"):
        p.fit(np.zeros((2, 3)), [0, 2])
    with pytest.raises(MLCourseError, match="learning_rate=-1"):
        Perceptron(2, learning_rate=-1)
    assert "Perceptron(n_inputs=3" in repr(p)


def test_fit_refuses_a_fractional_number_of_epochs():
    from mlcourse import Perceptron
    from mlcourse._checks import MLCourseError

    with pytest.raises(MLCourseError, match="epochs must be a whole number >= 0, received epochs=0.5"):
        Perceptron(seed=0).fit(np.ones((4, 2)), np.ones(4), epochs=0.5)
