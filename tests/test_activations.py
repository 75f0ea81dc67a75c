"""Activations: derivatives by central differences, stability at extremes, names."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mlcourse import activations as A
from mlcourse._checks import MLCourseError
from mlcourse.gradcheck import numerical_gradient, rel_error

TOL = 1e-7
ELEMENTWISE = {
    "step": (A.step, A.step_grad),
    "identity": (A.identity, A.identity_grad),
    "sigmoid": (A.sigmoid, A.sigmoid_grad),
    "tanh": (A.tanh, A.tanh_grad),
    "relu": (A.relu, A.relu_grad),
    "leaky_relu": (A.leaky_relu, A.leaky_relu_grad),
    "leaky_relu_0.2": (lambda x: A.leaky_relu(x, 0.2), lambda x: A.leaky_relu_grad(x, 0.2)),
    "elu": (A.elu, A.elu_grad),
    "elu_0.5": (lambda x: A.elu(x, 0.5), lambda x: A.elu_grad(x, 0.5)),
    "gelu": (A.gelu, A.gelu_grad),
}


def away_from_kink(x, margin=1e-3):
    """Move entries with |x| < margin to +-margin*10 so finite differences never straddle 0."""
    x = x.copy()
    small = np.abs(x) < margin
    x[small] = np.where(x[small] >= 0, 10 * margin, -10 * margin)
    return x


def sample(rng, shape):
    """Inputs in [-3, 3]: beyond that tanh/sigmoid/gelu saturate, their derivatives fall
    below 1e-3 and round-off in the finite difference (~1e-11) dominates the relative error
    (checked separately with an absolute tolerance in test_saturated_derivatives)."""
    return away_from_kink(np.clip(rng.normal(0, 1.5, size=shape), -3, 3))


def elementwise_error(fn, grad, x):
    # f(x) = sum(fn(x) * w): its gradient is grad(x) * w.
    w = np.random.default_rng(1).standard_normal(x.shape)
    numeric = numerical_gradient(lambda v: np.sum(fn(v) * w), x)
    return rel_error(grad(x) * w, numeric)


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_derivative_fixed(name):
    fn, grad = ELEMENTWISE[name]
    x = sample(np.random.default_rng(0), (4, 5))
    assert elementwise_error(fn, grad, x) < TOL


@settings(max_examples=20, deadline=None, derandomize=True)
@given(name=st.sampled_from(sorted(ELEMENTWISE)), n=st.integers(1, 6), d=st.integers(1, 6), seed=st.integers(0, 10**6))
def test_elementwise_derivative_random_shapes(name, n, d, seed):
    fn, grad = ELEMENTWISE[name]
    x = sample(np.random.default_rng(seed), (n, d))
    assert elementwise_error(fn, grad, x) < TOL


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_saturated_derivatives(name):
    fn, grad = ELEMENTWISE[name]
    x = np.array([-30.0, -8.0, -5.0, 5.0, 8.0, 30.0])
    numeric = numerical_gradient(lambda v: np.sum(fn(v)), x.copy())
    np.testing.assert_allclose(grad(x), numeric, rtol=1e-6, atol=1e-9)


def test_known_values():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(A.sigmoid(x), 1 / (1 + np.exp(-x)))
    np.testing.assert_array_equal(A.relu(x), [0, 0, 3])
    np.testing.assert_allclose(A.leaky_relu(x), [-0.02, 0, 3])
    np.testing.assert_allclose(A.elu(x), [np.exp(-2) - 1, 0, 3])
    np.testing.assert_array_equal(A.step(x), [0, 0, 1])
    np.testing.assert_array_equal(A.step_grad(x), [0, 0, 0])
    # gelu(x) ~ x * Phi(x); the tanh form is within 1e-3 of it. Phi(1) = 0.841344746
    assert abs(A.gelu(np.array([1.0]))[0] - 0.841344746) < 1e-3


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_backward_and_jacobian(axis):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 4))
    w = rng.standard_normal((3, 4))
    numeric = numerical_gradient(lambda v: np.sum(A.softmax(v, axis=axis) * w), x)
    assert rel_error(A.softmax_backward(x, w, axis=axis), numeric) < TOL
    numeric_log = numerical_gradient(lambda v: np.sum(A.log_softmax(v, axis=axis) * w), x)
    assert rel_error(A.log_softmax_backward(x, w, axis=axis), numeric_log) < TOL


def test_softmax_jacobian_matches_backward():
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((2, 5)), rng.standard_normal((2, 5))
    J = A.softmax_grad(x)
    assert J.shape == (2, 5, 5)
    assert rel_error(np.einsum("nij,ni->nj", J, w), A.softmax_backward(x, w)) < 1e-12


@pytest.mark.parametrize("axis", [0, 1])
def test_softmax_extreme_logits(axis):
    x = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = A.softmax(x, axis=axis)
        ls = A.log_softmax(x, axis=axis)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ls))
    np.testing.assert_allclose(s.sum(axis=axis), 1.0)
    if axis == 1:
        np.testing.assert_allclose(s, [[1, 0, 0], [0, 0.5, 0.5]], atol=1e-300)
        np.testing.assert_allclose(ls, [[0, -2e4, -1e4], [-2e4 - np.log(2), -np.log(2), -np.log(2)]])


def test_sigmoid_extremes_no_overflow():
    x = np.array([-1e4, -800.0, 0.0, 800.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = A.sigmoid(x)
        A.elu(np.array([1e4, -1e4]))
    np.testing.assert_array_equal(s, [0, 0, 0.5, 1, 1])


@pytest.mark.parametrize("name", A.names())
def test_dtype_preserved(name):
    x32 = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    act = A.get(name)
    out = act(x32)
    assert out.dtype == np.float32
    assert act.backward(x32, out, np.ones_like(out)).dtype == np.float32


@pytest.mark.parametrize("name", A.names())
def test_registry_backward_matches_finite_differences(name):
    act = A.get(name)
    rng = np.random.default_rng(4)
    x = away_from_kink(rng.standard_normal((3, 4)))
    w = rng.standard_normal((3, 4))
    numeric = numerical_gradient(lambda v: np.sum(act(v) * w), x)
    x_before, w_before = x.copy(), w.copy()
    analytic = act.backward(x, act(x), w)
    assert rel_error(analytic, numeric) < TOL
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(w, w_before)


def test_get_resolves_names_objects_and_pairs():
    assert A.get(None).name == "linear"
    assert A.get("ReLU").name == "relu"
    assert A.get("identity").name == "linear"
    assert A.get("leaky_relu", alpha=0.3)(np.array([-1.0]))[0] == pytest.approx(-0.3)
    act = A.get("tanh")
    assert A.get(act) is act
    pair = A.get((np.sin, np.cos))
    assert pair.grad(np.array([0.0]))[0] == 1.0


def test_unknown_name_lists_known_names():
    with pytest.raises(MLCourseError) as err:
        A.get("rleu")
    msg = str(err.value)
    assert "'rleu'" in msg and "'relu'" in msg and "'softmax'" in msg


def test_bad_dtype_and_bad_object():
    with pytest.raises(MLCourseError, match="dtype"):
        A.relu(np.array(["a", "b"]))
    with pytest.raises(MLCourseError, match="relu"):
        A.get(42)
