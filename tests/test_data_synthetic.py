"""Synthetic data sets and optimizer test functions: shapes, dtypes, seeds, noise, balance."""
import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.data import synthetic as syn
from mlcourse.data.surfaces import TEST_FUNCTIONS, get_surface

CLASSIFIERS = {
    "circle": (syn.make_circle, {}, 2, 2),
    "xor": (syn.make_xor, {}, 2, 2),
    "gaussian": (syn.make_gaussian, {}, 2, 2),
    "spiral2": (syn.make_spiral, {}, 2, 2),
    "spiral3": (syn.make_spiral, {"arms": 3}, 2, 3),
    "moons": (syn.make_moons, {}, 2, 2),
    "blobs4": (syn.make_blobs, {"centers": 4}, 2, 4),
    "blobs5d": (syn.make_blobs, {"centers": 3, "n_features": 5}, 5, 3),
    "multiclass": (syn.make_multiclass, {}, 32, 5),
}
REGRESSORS = {
    "line": (syn.make_line, {}, 1),
    "polynomial": (syn.make_polynomial, {}, 1),
    "sine": (syn.make_sine, {}, 1),
    "sine2d": (syn.make_sine, {"n_inputs": 2}, 2),
    "plane": (syn.make_plane, {}, 2),
}


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classification_shapes_dtypes_balance(name):
    make, kw, d, k = CLASSIFIERS[name]
    n = 301  # not a multiple of the class count: balance means counts differ by at most 1
    X, y = make(n, seed=0, **kw)
    assert X.shape == (n, d) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    counts = np.bincount(y, minlength=k)
    assert len(counts) == k and counts.max() - counts.min() <= 1
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classification_deterministic_for_a_seed(name):
    make, kw, _, _ = CLASSIFIERS[name]
    X1, y1 = make(100, seed=3, **kw)
    X2, y2 = make(100, rng=np.random.default_rng(3), **kw)
    X3, _ = make(100, seed=4, **kw)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", REGRESSORS)
def test_regression_shapes_dtypes_seed(name):
    make, kw, d = REGRESSORS[name]
    X, y = make(40, seed=1, **kw)
    assert X.shape == (40, d) and X.dtype == np.float64
    assert y.shape == (40, 1) and y.dtype == np.float64
    X2, y2 = make(40, seed=1, **kw)
    np.testing.assert_array_equal(y, y2)
    _, y3 = make(40, seed=2, **kw)
    assert not np.array_equal(y, y3)


def test_regression_noise_is_the_residual_standard_deviation():
    X, y = syn.make_line(20000, noise=0.5, slope=2.0, intercept=1.0, seed=0)
    residual = y - (2.0 * X + 1.0)
    assert abs(residual.std() - 0.5) < 0.01
    X, y = syn.make_line(50, noise=0.0, seed=0)
    np.testing.assert_allclose(y, 2.0 * X + 1.0)
    X, y = syn.make_polynomial(30, noise=0.0, coefs=(1.0, 0.0, 2.0), seed=0)
    np.testing.assert_allclose(y, 1.0 + 2.0 * X**2)
    X, y = syn.make_plane(30, noise=0.0, weights=(0.5, -1.0), bias=2.0, seed=0)
    np.testing.assert_allclose(y[:, 0], 0.5 * X[:, 0] - X[:, 1] + 2.0)
    X, y = syn.make_sine(30, noise=0.0, n_inputs=2, seed=0)
    np.testing.assert_allclose(y[:, 0], np.sin(X[:, 0]) * np.cos(X[:, 1]))


@pytest.mark.parametrize("make", [syn.make_circle, syn.make_xor, syn.make_spiral, syn.make_moons])
def test_playground_sets_stay_in_the_playground_square(make):
    X, _ = make(500, noise=0.0, seed=0)
    assert np.abs(X).max() <= 5.0 + 1e-12
    X, _ = make(500, noise=0.5, seed=0)
    lo, hi = syn.PLAYGROUND_RANGE
    assert (X > lo).mean() > 0.99 and (X < hi).mean() > 0.99


def test_clean_playground_sets_follow_their_rules():
    X, y = syn.make_circle(400, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert (r[y == 1] <= 2.0).all() and (r[y == 0] >= 3.5).all() and (r[y == 0] <= 5.0).all()
    X, y = syn.make_xor(400, seed=0)
    np.testing.assert_array_equal(y, ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(int))
    assert np.abs(X).min() >= 0.3
    X, y = syn.make_gaussian(4000, seed=0)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-2, -2], atol=0.1)


def test_noise_moves_points_and_mixes_classes():
    for make in (syn.make_circle, syn.make_xor, syn.make_gaussian, syn.make_spiral, syn.make_moons):
        X0, y0 = make(300, noise=0.0, seed=5)
        X1, y1 = make(300, noise=0.5, seed=5)
        np.testing.assert_array_equal(y0, y1)  # same clean points and labels, only jitter differs
        assert np.abs(X1 - X0).mean() > 0.2
    # with a lot of noise, the circle's classes are no longer separated by radius 2.75
    r = np.hypot(*syn.make_circle(2000, noise=1.0, seed=0)[0].T)
    _, y = syn.make_circle(2000, noise=1.0, seed=0)
    assert ((r < 2.75) != (y == 1)).mean() > 0.05
    s0 = syn.make_gaussian(2000, noise=0.0, seed=0)[0].std()
    s1 = syn.make_gaussian(2000, noise=0.5, seed=0)[0].std()
    assert s1 > s0


def test_spiral_arms_are_rotated_copies():
    X, y = syn.make_spiral(900, arms=3, seed=0)
    angle = np.arctan2(X[:, 1], X[:, 0])
    t = np.hypot(X[:, 0], X[:, 1]) / 5.0
    # undo the winding; what is left is the arm's offset 2 pi k / 3
    offset = np.mod(angle - 2 * np.pi * 1.25 * t, 2 * np.pi)
    np.testing.assert_allclose(np.mod(offset - 2 * np.pi * y / 3 + 1, 2 * np.pi) - 1, 0, atol=1e-9)


def test_multiclass_is_learnable_by_nearest_cluster_and_centres_fixed_by_seed():
    X, y = syn.make_multiclass(1000, seed=0)
    means = np.array([X[y == c].mean(axis=0) for c in range(5)])
    # even a nearest-class-mean rule (a linear model) beats chance (20%) by far
    pred = np.argmin(((X[:, None, :] - means) ** 2).sum(-1), axis=1)
    assert (pred == y).mean() > 0.6


@pytest.mark.parametrize("gate, expected", [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]),
                                            ("nand", [1, 1, 1, 0]), ("XOR", [0, 1, 1, 0])])
def test_logic_gates_exact(gate, expected):
    X, y = syn.logic_gate(gate)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(y, expected)


def test_logic_gate_noisy_copies_and_errors():
    X, y = syn.logic_gate("and", n_repeats=5, noise=0.1, seed=0)
    assert X.shape == (20, 2) and y.shape == (20,)
    np.testing.assert_array_equal(y, np.tile([0, 0, 0, 1], 5))
    assert 0 < np.abs(X - np.tile([[0, 0], [0, 1], [1, 0], [1, 1]], (5, 1))).max() < 1
    with pytest.raises(MLCourseError, match="'nor'.*'and'"):
        syn.logic_gate("nor")


def test_thumbtack_bernoulli():
    throws = syn.thumbtack(20000, p_heads=0.3, seed=0)
    assert throws.shape == (20000,) and throws.dtype == np.int64
    assert set(np.unique(throws)) <= {0, 1}
    assert abs(throws.mean() - 0.3) < 0.015
    np.testing.assert_array_equal(throws[:50], syn.thumbtack(50, p_heads=0.3, seed=0))
    assert syn.thumbtack(10, p_heads=1.0, seed=0).sum() == 10
    with pytest.raises(MLCourseError, match="1.5"):
        syn.thumbtack(10, p_heads=1.5)


def test_generators_reject_bad_arguments():
    with pytest.raises(MLCourseError, match="-0.1"):
        syn.make_circle(10, noise=-0.1)
    with pytest.raises(MLCourseError, match="0"):
        syn.make_moons(0)
    with pytest.raises(MLCourseError, match="arms"):
        syn.make_spiral(10, arms=1)
    with pytest.raises(MLCourseError, match="rng or seed"):
        syn.make_xor(10, rng=np.random.default_rng(0), seed=0)
    with pytest.raises(MLCourseError, match="n_inputs"):
        syn.make_sine(10, n_inputs=3)


# --------------------------------------------------------------------------- test functions
def rel_error(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))


@pytest.mark.parametrize("name", TEST_FUNCTIONS)
def test_surface_gradient_matches_central_differences(name):
    s = TEST_FUNCTIONS[name]
    gen = np.random.default_rng(0)
    x = gen.uniform(*s.xlim, size=50)
    y = gen.uniform(*s.ylim, size=50)
    h = 1e-6
    num_x = (s.f(x + h, y) - s.f(x - h, y)) / (2 * h)
    num_y = (s.f(x, y + h) - s.f(x, y - h)) / (2 * h)
    gx, gy = s.grad(x, y)
    assert gx.shape == x.shape and gy.shape == y.shape
    assert rel_error(gx, num_x) < 1e-7
    assert rel_error(gy, num_y) < 1e-7


@pytest.mark.parametrize("name", TEST_FUNCTIONS)
def test_surface_minima_and_saddles_are_stationary(name):
    s = TEST_FUNCTIONS[name]
    for point in s.minima + s.saddle_points:
        np.testing.assert_allclose(s.gradient(point), [0.0, 0.0], atol=1e-9)
    for point in s.minima:  # a minimum: every nearby point is higher
        x0, y0 = point
        ang = np.linspace(0, 2 * np.pi, 16, endpoint=False)
        assert (s.f(x0 + 1e-3 * np.cos(ang), y0 + 1e-3 * np.sin(ang)) > s.f(x0, y0)).all()
    X, Y, Z = s.grid(30)
    assert X.shape == Y.shape == Z.shape == (30, 30)
    if s.minima:  # the global minimum is listed first and is the lowest point of the window
        assert s.f(*s.minima[0]) <= Z.min() + 1e-12


def test_two_minima_has_a_local_and_a_lower_global_minimum():
    s = get_surface("two_minima")
    (gx, _), (lx, _) = s.minima
    assert gx < 0 < lx
    assert s.f(gx, 0.0) < s.f(lx, 0.0)
    assert abs(s.f(gx, 0.0) - -3.5139) < 1e-3  # x^4 - 3x^2 + x at x = -1.30084


def test_surface_values_by_hand():
    # bowl at (3, 1): 9/20 + 1 = 1.45, grad (3/10, 2) ; saddle at (1, 2): 1 - 4 = -3, grad (2, -4)
    assert TEST_FUNCTIONS["bowl"].f(3.0, 1.0) == pytest.approx(1.45)
    np.testing.assert_allclose(TEST_FUNCTIONS["bowl"].gradient((3.0, 1.0)), [0.3, 2.0])
    assert TEST_FUNCTIONS["saddle"].f(1.0, 2.0) == -3.0
    np.testing.assert_allclose(TEST_FUNCTIONS["saddle"].gradient((1.0, 2.0)), [2.0, -4.0])
    # rosenbrock at (0, 0): (1-0)^2 + 0 = 1, grad (-2, 0)
    np.testing.assert_allclose(TEST_FUNCTIONS["rosenbrock"].gradient((0.0, 0.0)), [-2.0, 0.0])
    with pytest.raises(MLCourseError, match="'bowls'.*'bowl'"):
        get_surface("bowls")
