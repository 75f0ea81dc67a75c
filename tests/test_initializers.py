"""Initializers: statistics on big matrices, determinism, dtypes, names."""
import math

import numpy as np
import pytest

from mlcourse import initializers as I
from mlcourse._checks import MLCourseError

SHAPE = (400, 300)  # fan_in 400, fan_out 300: 120,000 draws, std estimated within ~0.5%
STDS = {
    "he_normal": math.sqrt(2 / 400),
    "he_uniform": math.sqrt(2 / 400),
    "glorot_normal": math.sqrt(2 / 700),
    "glorot_uniform": math.sqrt(2 / 700),
    "xavier_normal": math.sqrt(2 / 700),
    "xavier_uniform": math.sqrt(2 / 700),
    "lecun_normal": math.sqrt(1 / 400),
    "lecun_uniform": math.sqrt(1 / 400),
    "normal": 0.01,
    "uniform": 0.05 / math.sqrt(3),
}


@pytest.mark.parametrize("name", sorted(STDS))
def test_standard_deviation(name):
    w = I.get(name)(SHAPE, np.random.default_rng(0))
    assert w.shape == SHAPE and w.dtype == np.float64
    assert abs(w.mean()) < 0.02 * STDS[name]
    assert w.std() == pytest.approx(STDS[name], rel=0.02)


@pytest.mark.parametrize("name", ["he_uniform", "glorot_uniform", "lecun_uniform", "uniform"])
def test_uniform_limits(name):
    w = I.get(name)(SHAPE, np.random.default_rng(1))
    limit = STDS[name] * math.sqrt(3)  # uniform on [-l, l] has std l / sqrt(3)
    assert w.max() < limit and w.min() >= -limit
    assert w.max() > 0.99 * limit


def test_constants():
    assert np.all(I.zeros((2, 3)) == 0)
    assert np.all(I.ones((2, 3)) == 1)
    assert np.all(I.constant(0.5)((2, 3)) == 0.5)
    assert np.all(I.get("constant", value=2.0)((4,)) == 2.0)
    assert np.all(I.get("constant")((4,)) == 0.0)


@pytest.mark.parametrize("name", I.names())
def test_seed_determinism_and_dtype(name):
    init = I.get(name)
    a = init((5, 4), np.random.default_rng(42))
    b = init((5, 4), np.random.default_rng(42))
    np.testing.assert_array_equal(a, b)
    assert init((5, 4), np.random.default_rng(0), np.float32).dtype == np.float32


def test_different_seeds_differ():
    a = I.he_normal((5, 4), np.random.default_rng(1))
    b = I.he_normal((5, 4), np.random.default_rng(2))
    assert not np.array_equal(a, b)


def test_fans():
    assert I.fans((3, 4)) == (3, 4)
    assert I.fans((5,)) == (5, 5)
    assert I.fans((3, 3, 2, 8)) == (18, 72)  # 3x3 kernel, 2 -> 8 channels


def test_random_initializers_need_rng():
    with pytest.raises(MLCourseError, match="rng"):
        I.he_normal((3, 4))


def test_get():
    assert I.get("he_normal") is I.he_normal
    assert I.get("xavier_uniform") is I.glorot_uniform
    custom = lambda shape, rng=None, dtype=np.float64: np.full(shape, 3.0)  # noqa: E731
    assert I.get(custom) is custom
    assert I.get("normal", std=1.0)((2000,), 0).std() == pytest.approx(1.0, rel=0.1)
    with pytest.raises(MLCourseError) as err:
        I.get("he_nromal")
    assert "'he_normal'" in str(err.value) and "'glorot_uniform'" in str(err.value)
    with pytest.raises(MLCourseError, match="he_normal"):
        I.get(3)
    with pytest.raises(MLCourseError, match="std=-1"):
        I.normal(-1)
