"""Metrics: values worked out by hand, and names that resolve."""
from __future__ import annotations

import numpy as np
import pytest

from mlcourse import metrics
from mlcourse._checks import MLCourseError


def test_accuracy_for_labels_one_hot_and_binary_outputs():
    probs = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])  # predicted classes 1, 0, 1
    assert metrics.accuracy(np.array([1, 1, 1]), probs) == pytest.approx(2 / 3)
    assert metrics.accuracy(np.eye(2)[[1, 0, 1]], probs) == 1.0
    assert metrics.accuracy(np.array([1.0, 0.0]), np.array([[0.6], [0.7]])) == 0.5


def test_errors_have_no_factor_one_half():
    y, p = np.array([[1.0], [3.0]]), np.array([[2.0], [1.0]])
    assert metrics.mean_squared_error(y, p) == pytest.approx((1 + 4) / 2)
    assert metrics.mean_absolute_error(y, p) == pytest.approx((1 + 2) / 2)


def test_get_keeps_the_name_as_written_and_refuses_unknown_names():
    assert metrics.get("ACC") == ("ACC", metrics.accuracy)
    assert metrics.get(metrics.mean_absolute_error)[0] == "mean_absolute_error"
    with pytest.raises(MLCourseError, match="Unknown metric 'acuracy'. Known names: 'acc'"):
        metrics.get("acuracy")
    with pytest.raises(MLCourseError, match="a function f\\(y_true, y_pred\\)"):
        metrics.get(3)
