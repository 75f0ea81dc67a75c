"""Checkers for notebook 00 (start here)."""
import numpy as np

from mlcourse.exercises import exercise, expect


@exercise("00.1", "sigmoid(0)")
def _(answer):
    expect(isinstance(answer, (int, float, np.number)) and not isinstance(answer, bool), "Give a single number, e.g. 0.3.")
    expect(np.isclose(float(answer), 0.5), "Put x = 0 into 1 / (1 + e^(-x)): what is e^0?")
