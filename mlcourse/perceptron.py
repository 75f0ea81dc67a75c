"""Rosenblatt's perceptron and logic gates built from it.

A perceptron computes a weighted sum and fires when it is positive::

    y_hat = 1 if w . x + b > 0 else 0          (the step activation)

and learns with the perceptron rule, one sample at a time::

    w <- w + lr * (y - y_hat) * x
    b <- b + lr * (y - y_hat)

so the weights change only when the prediction is wrong. If a line (hyperplane) separates
the two classes the rule stops after finitely many mistakes (Novikoff, 1962); for XOR no
such line exists and it never stops.

The gates ``AND``, ``NAND``, ``OR`` are single perceptrons with hand-set weights
(``GATES`` holds their ``(w, b)``); ``XOR`` needs two layers: ``AND(NAND(x1, x2), OR(x1, x2))``.
"""
from __future__ import annotations

from typing import Any, Iterator, NamedTuple

import numpy as np

from mlcourse._checks import MLCourseError, check_array, check_labels, check_number, check_rng, check_whole

__all__ = [
    "Perceptron", "PerceptronStep", "AND", "NAND", "OR", "XOR", "GATES", "gate_params",
    "truth_table", "decision_line", "TRUTH_TABLE_INPUTS",
]

# The four inputs of a two-input truth table, one row per case: (0,0), (0,1), (1,0), (1,1).
TRUTH_TABLE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])

# Hand-set (w, b) of the one-perceptron gates. Many other values work: any line that puts
# the right corners of the unit square on the positive side.
GATES: dict[str, tuple[tuple[float, float], float]] = {
    "AND": ((0.5, 0.5), -0.7),   # fires only when both inputs are 1: 0.5 + 0.5 - 0.7 > 0
    "NAND": ((-0.5, -0.5), 0.7),  # AND with every sign flipped
    "OR": ((0.5, 0.5), -0.2),     # fires when at least one input is 1: 0.5 - 0.2 > 0
}


def gate_params(name: str) -> tuple[np.ndarray, float]:
    """Return ``(w, b)`` of the gate ``"AND"``, ``"NAND"`` or ``"OR"``: w of shape (2,), b a float.

    XOR has no such pair; asking for it raises an error that says why.
    """
    key = str(name).upper()
    if key == "XOR":
        raise MLCourseError("XOR has no (w, b): no single line separates its outputs. It is AND(NAND, OR).")
    if key not in GATES:
        raise MLCourseError(f"Unknown gate {name!r}. Known gates: {', '.join(map(repr, GATES))}.")
    w, b = GATES[key]
    return np.array(w, dtype=float), float(b)


def _gate(name: str, x1: Any, x2: Any) -> Any:
    (w1, w2), b = GATES[name]
    s = w1 * np.asarray(x1, dtype=float) + w2 * np.asarray(x2, dtype=float) + b
    out = (s > 0).astype(int)
    return int(out) if out.ndim == 0 else out


def AND(x1: Any, x2: Any) -> Any:
    """1 when both inputs are 1. x1, x2: numbers or arrays of the same shape; returns int(s)."""
    return _gate("AND", x1, x2)


def NAND(x1: Any, x2: Any) -> Any:
    """NOT AND: 0 only when both inputs are 1."""
    return _gate("NAND", x1, x2)


def OR(x1: Any, x2: Any) -> Any:
    """1 when at least one input is 1."""
    return _gate("OR", x1, x2)


def XOR(x1: Any, x2: Any) -> Any:
    """1 when exactly one input is 1: a two-layer network ``AND(NAND(x1, x2), OR(x1, x2))``."""
    return AND(NAND(x1, x2), OR(x1, x2))


def truth_table(gate: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return ``X`` (4, 2) of inputs and ``y`` (4,) of the gate's outputs, e.g. ``truth_table(AND)``."""
    X = TRUTH_TABLE_INPUTS.copy()
    return X, np.asarray(gate(X[:, 0], X[:, 1]), dtype=int)


def decision_line(w: Any, b: float, x1: Any) -> np.ndarray:
    """x2 on the line ``w[0]*x1 + w[1]*x2 + b = 0`` for the given x1 values (NaN if w[1] == 0).

    For plotting a perceptron's boundary over the unit square; a vertical line (``w[1] == 0``)
    is at ``x1 = -b / w[0]``.
    """
    w = np.asarray(w, dtype=float)
    x1 = np.asarray(x1, dtype=float)
    if w[1] == 0:
        return np.full_like(x1, np.nan)
    return -(w[0] * x1 + b) / w[1]


class PerceptronStep(NamedTuple):
    """One visit of one sample during training (what ``Perceptron.steps`` yields)."""

    epoch: int            # 0-based
    index: int            # row of X that was visited
    x: np.ndarray         # that row, shape (n_inputs,)
    target: int           # y for that row
    prediction: int       # y_hat before the update
    w: np.ndarray         # weights after the update (a copy)
    b: float              # bias after the update
    updated: bool         # whether the weights changed (prediction was wrong)


class Perceptron:
    """A single perceptron with the step activation, trained by the perceptron rule.

    Parameters
    ----------
    n_inputs : int, default 2
    learning_rate : float > 0, default 0.1
    rng, seed :
        Where the initial weights come from (``w``, ``b`` ~ Normal(0, init_scale**2)).
    init_scale : float, default 0.5

    Attributes
    ----------
    w : ndarray, shape (n_inputs,)
    b : float
    errors : list of int
        Number of mistakes (= updates) in each epoch trained so far.
    history : list of (ndarray, float)
        ``(w, b)`` at the start and after every update, for drawing the line as it moves.
    converged : bool
        True once an epoch made no mistake: every training sample is then classified right.
    """

    def __init__(self, n_inputs: int = 2, learning_rate: float = 0.1, *, rng: Any = None,
                 seed: int | None = None, init_scale: float = 0.5) -> None:
        self.n_inputs = check_whole(n_inputs, "n_inputs", low=1, where="Perceptron")
        self.learning_rate = check_number(learning_rate, "learning_rate", low=0.0, low_open=True, where="Perceptron")
        self.rng = check_rng(rng, seed)
        self.w = self.rng.normal(0.0, init_scale, size=self.n_inputs)
        self.b = float(self.rng.normal(0.0, init_scale))
        self.errors: list[int] = []
        self.history: list[tuple[np.ndarray, float]] = [(self.w.copy(), self.b)]
        self.converged = False

    def __repr__(self) -> str:
        w = np.array2string(self.w, precision=3, separator=", ")
        return (f"Perceptron(n_inputs={self.n_inputs}, learning_rate={self.learning_rate}, "
                f"w={w}, b={self.b:.3f}, converged={self.converged})")

    def _check_X(self, X: Any) -> np.ndarray:
        X = check_array(X, "X", ndim=(1, 2), where="Perceptron")
        if X.shape[-1] != self.n_inputs:
            raise MLCourseError(
                f"Perceptron expected inputs with {self.n_inputs} features, received shape {X.shape}."
            )
        return X

    def decision_function(self, X: Any) -> np.ndarray:
        """X: (N, n_inputs) -> w . x + b, shape (N,) (or a float for one sample of shape (n_inputs,))."""
        return self._check_X(X) @ self.w + self.b

    def predict(self, X: Any) -> Any:
        """X: (N, n_inputs) -> 0/1 predictions (N,) of dtype int; one sample (n_inputs,) -> int."""
        out = (self.decision_function(X) > 0).astype(int)
        return int(out) if out.ndim == 0 else out

    def steps(self, X: Any, y: Any, epochs: int = 1, *, shuffle: bool = False,
              stop_when_converged: bool = True) -> Iterator[PerceptronStep]:
        """Train sample by sample, yielding a ``PerceptronStep`` after each visit.

        X : (N, n_inputs); y : (N,) of 0/1. Also fills ``errors``, ``history``, ``converged``.
        ``shuffle`` visits the rows in a new order each epoch (drawn from ``self.rng``).
        """
        epochs = check_whole(epochs, "epochs", low=0, where="Perceptron")
        X = self._check_X(X)
        if X.ndim != 2:
            raise MLCourseError(f"Perceptron: X must be 2-D (N, {self.n_inputs}), received shape {X.shape}.")
        y = check_labels(y, n_classes=2, where="Perceptron")
        if len(y) != len(X):
            raise MLCourseError(f"Perceptron: X has {len(X)} rows but y has {len(y)} labels.")
        lr = self.learning_rate
        for epoch in range(epochs):
            order = self.rng.permutation(len(X)) if shuffle else range(len(X))
            mistakes = 0
            for i in order:
                x, target = X[i], int(y[i])
                prediction = int(x @ self.w + self.b > 0)
                updated = prediction != target
                if updated:
                    self.w = self.w + lr * (target - prediction) * x
                    self.b = self.b + lr * (target - prediction)
                    self.history.append((self.w.copy(), self.b))
                    mistakes += 1
                yield PerceptronStep(epoch, int(i), x, target, prediction, self.w.copy(), self.b, updated)
            self.errors.append(mistakes)
            self.converged = mistakes == 0
            if self.converged and stop_when_converged:
                return

    def fit(self, X: Any, y: Any, epochs: int = 100, *, shuffle: bool = False,
            stop_when_converged: bool = True) -> list[int]:
        """Train for up to ``epochs`` passes; return the number of mistakes in each epoch.

        X : (N, n_inputs); y : (N,) of 0/1. Stops early after an epoch with no mistakes
        unless ``stop_when_converged=False``.
        """
        start = len(self.errors)
        for _ in self.steps(X, y, epochs, shuffle=shuffle, stop_when_converged=stop_when_converged):
            pass
        return self.errors[start:]
