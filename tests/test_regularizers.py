"""Regularizers (penalty and gradient) and constraints (projection)."""
import numpy as np
import pytest

from mlcourse import constraints, regularizers
from mlcourse._checks import MLCourseError
from mlcourse.constraints import MaxNorm, NonNeg, UnitNorm
from mlcourse.gradcheck import numerical_gradient, rel_error
from mlcourse.regularizers import L1, L1L2, L2


def weights(seed=0, shape=(4, 3)):
    W = np.random.default_rng(seed).normal(size=shape)
    W[np.abs(W) < 1e-2] = 0.5  # keep L1 away from its kink at 0
    return W


def test_penalties_by_hand():
    W = np.array([[1.0, -2.0], [0.0, 3.0]])
    # |W| sums to 1 + 2 + 0 + 3 = 6; W^2 sums to 1 + 4 + 0 + 9 = 14
    assert L1(0.1)(W) == pytest.approx(0.1 * 6)
    assert L2(0.1)(W) == pytest.approx(0.1 * 14)  # Keras convention: no factor 1/2
    assert L1L2(l1=0.1, l2=0.01)(W) == pytest.approx(0.6 + 0.14)
    assert isinstance(L2(0.1)(W), float)


def test_gradients_by_hand():
    W = np.array([[1.0, -2.0], [0.0, 3.0]])
    np.testing.assert_allclose(L1(0.1).gradient(W), [[0.1, -0.1], [0.0, 0.1]])
    np.testing.assert_allclose(L2(0.1).gradient(W), [[0.2, -0.4], [0.0, 0.6]])  # 2 * 0.1 * W


@pytest.mark.parametrize("reg", [L1(0.03), L2(0.07), L1L2(l1=0.02, l2=0.05)], ids=repr)
def test_gradient_matches_finite_differences(reg):
    W = weights()
    num = numerical_gradient(reg, W.copy())
    assert rel_error(reg.gradient(W), num) < 1e-7


def test_gradient_keeps_dtype_and_input():
    W = weights().astype(np.float32)
    W0 = W.copy()
    g = L1L2(0.1, 0.1).gradient(W)
    assert g.dtype == np.float32 and g.shape == W.shape
    np.testing.assert_array_equal(W, W0)


def test_defaults_and_repr():
    assert L1().l1 == 0.01 and L2().l2 == 0.01
    assert L1L2().l1 == 0.0 and L1L2().l2 == 0.0
    assert repr(L2(0.5)) == "L2(l2=0.5)"
    assert repr(L1L2(0.1, 0.2)) == "L1L2(l1=0.1, l2=0.2)"


def test_get_regularizer():
    assert isinstance(regularizers.get("l2"), L2)
    assert isinstance(regularizers.get("L1"), L1)
    assert isinstance(regularizers.get("l1_l2", l1=0.1, l2=0.1), L1L2)
    r = L2(0.3)
    assert regularizers.get(r) is r
    assert regularizers.get(None) is None
    with pytest.raises(MLCourseError, match=r"'l3'.*'l1'.*'l1_l2'.*'l2'"):
        regularizers.get("l3")


def test_negative_factor_echoes_value():
    with pytest.raises(MLCourseError, match=r"l2=-0\.1"):
        L2(-0.1)


# -- constraints ---------------------------------------------------------------------------

def test_max_norm_by_hand():
    # columns: (3, 4) has norm 5 -> scaled by 2/5 to (1.2, 1.6); (0.6, 0.8) has norm 1 -> unchanged
    W = np.array([[3.0, 0.6], [4.0, 0.8]])
    np.testing.assert_allclose(MaxNorm(2.0)(W), [[1.2, 0.6], [1.6, 0.8]])


@pytest.mark.parametrize("axis", [0, 1])
def test_max_norm_holds_after_projection(axis):
    W = np.random.default_rng(1).normal(scale=3.0, size=(5, 7))
    P = MaxNorm(2.0, axis=axis)(W)
    norms_before = np.linalg.norm(W, axis=axis)
    norms = np.linalg.norm(P, axis=axis)
    assert np.all(norms <= 2.0 * (1 + 1e-12))
    short = norms_before <= 2.0
    np.testing.assert_array_equal(np.compress(short, P, axis=1 - axis), np.compress(short, W, axis=1 - axis))
    np.testing.assert_allclose(norms[~short], 2.0)  # long vectors land on the sphere
    # directions do not change
    cos = np.sum(P * W, axis=axis) / (norms * norms_before)
    np.testing.assert_allclose(cos, 1.0)


def test_max_norm_in_place_float32():
    W = np.random.default_rng(2).normal(scale=3.0, size=(4, 3)).astype(np.float32)
    out = MaxNorm(1.0)(W, out=W)
    assert out is W and W.dtype == np.float32
    assert np.all(np.linalg.norm(W, axis=0) <= 1.0 + 1e-6)


def test_unit_norm_and_non_neg():
    W = np.array([[3.0, 0.0], [-4.0, 0.0]])
    np.testing.assert_allclose(UnitNorm()(W), [[0.6, 0.0], [-0.8, 0.0]])
    np.testing.assert_array_equal(NonNeg()(W), [[3.0, 0.0], [0.0, 0.0]])


def test_get_constraint():
    assert isinstance(constraints.get("max_norm", max_value=3.0), MaxNorm)
    assert isinstance(constraints.get("non_neg"), NonNeg)
    assert constraints.get(None) is None
    with pytest.raises(MLCourseError, match=r"'maxx'.*'max_norm'"):
        constraints.get("maxx")
    with pytest.raises(MLCourseError, match=r"max_value=0"):
        MaxNorm(0)
