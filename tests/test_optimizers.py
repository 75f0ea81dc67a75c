"""Optimizers: hand-computed steps, convergence on a quadratic, dtype, state, errors."""
import math

import numpy as np
import pytest

from mlcourse import optimizers
from mlcourse._checks import MLCourseError
from mlcourse.optimizers import SGD, Adadelta, Adagrad, Adam, AdamW, Momentum, Nesterov, RMSprop


def run(opt, grads, p0=1.0):
    """Apply one step per gradient value to a single scalar parameter; return the values after each step."""
    p = {"w": np.array([p0])}
    out = []
    for g in grads:
        opt.step(p, {"w": np.array([g])})
        out.append(float(p["w"][0]))
    return out


# -- update rules, two or three steps by hand ---------------------------------------------

def test_sgd_by_hand():
    # lr 0.1, p 1.0, g 0.5: p = 1.0 - 0.1*0.5 = 0.95; then 0.95 - 0.1*0.5 = 0.90; then g -1: 0.90 + 0.1 = 1.00
    assert run(SGD(0.1), [0.5, 0.5, -1.0]) == pytest.approx([0.95, 0.90, 1.00], abs=1e-12)


def test_momentum_by_hand():
    # lr 0.1, momentum 0.9, g 0.5 each step
    # v1 = 0.9*0      - 0.1*0.5 = -0.05    p1 = 1.0  - 0.05   = 0.95
    # v2 = 0.9*-0.05  - 0.05    = -0.095   p2 = 0.95 - 0.095  = 0.855
    # v3 = 0.9*-0.095 - 0.05    = -0.1355  p3 = 0.855 - 0.1355 = 0.7195
    expected = [0.95, 0.855, 0.7195]
    assert run(Momentum(0.1, momentum=0.9), [0.5] * 3) == pytest.approx(expected, abs=1e-12)
    assert run(SGD(0.1, momentum=0.9), [0.5] * 3) == pytest.approx(expected, abs=1e-12)


def test_nesterov_by_hand():
    # lr 0.1, momentum 0.9, g 0.5 each step
    # v1 = -0.05   p1 = 1.0   + 0.9*-0.05  - 0.05 = 1.0 - 0.045 - 0.05    = 0.905
    # v2 = -0.095  p2 = 0.905 + 0.9*-0.095 - 0.05 = 0.905 - 0.0855 - 0.05 = 0.7695
    expected = [0.905, 0.7695]
    assert run(Nesterov(0.1, momentum=0.9), [0.5] * 2) == pytest.approx(expected, abs=1e-12)
    assert run(SGD(0.1, momentum=0.9, nesterov=True), [0.5] * 2) == pytest.approx(expected, abs=1e-12)


def test_adagrad_by_hand():
    # lr 0.1, epsilon 0
    # g 0.5: h = 0.25,        p = 1.0 - 0.1*0.5/sqrt(0.25) = 1.0 - 0.1 = 0.9
    # g 1.0: h = 0.25 + 1.0,  p = 0.9 - 0.1*1.0/sqrt(1.25) = 0.9 - 0.0894427191 = 0.8105572809
    assert run(Adagrad(0.1, epsilon=0.0), [0.5, 1.0]) == pytest.approx([0.9, 0.8105572809], abs=1e-10)
    # Keras-style initial accumulator 0.1: h = 0.1 + 0.25 = 0.35, p = 1 - 0.1*0.5/sqrt(0.35) = 0.9154845
    assert run(Adagrad(0.1, epsilon=0.0, initial_accumulator_value=0.1), [0.5]) == pytest.approx(
        [1 - 0.05 / math.sqrt(0.35)], abs=1e-12)


def test_rmsprop_by_hand():
    # lr 0.01, rho 0.9, epsilon 0, g 0.5 twice
    # v1 = 0.1*0.25 = 0.025             p1 = 1 - 0.01*0.5/sqrt(0.025)  = 1 - 0.0316227766 = 0.9683772234
    # v2 = 0.9*0.025 + 0.1*0.25 = 0.0475 p2 = p1 - 0.01*0.5/sqrt(0.0475) = p1 - 0.0229415734 = 0.9454356500
    assert run(RMSprop(0.01, rho=0.9, epsilon=0.0), [0.5, 0.5]) == pytest.approx(
        [0.9683772234, 0.9454356500], abs=1e-10)


def test_adadelta_by_hand():
    # lr 1, rho 0.9, epsilon 1e-6, g 0.5 twice
    # Eg2 = 0.1*0.25 = 0.025;  dx = sqrt(0 + 1e-6)/sqrt(0.025 + 1e-6)*0.5 = 0.001/0.158117*0.5 = 0.0031622144
    # Edx2 = 0.1*dx^2 = 9.9996e-7;  p1 = 1 - 0.0031622144 = 0.9968377856
    # Eg2 = 0.9*0.025 + 0.025 = 0.0475;  dx = sqrt(9.9996e-7 + 1e-6)/sqrt(0.0475 + 1e-6)*0.5 = 0.0032443618
    # p2 = 0.9968377856 - 0.0032443618 = 0.9935934238
    assert run(Adadelta(1.0, rho=0.9, epsilon=1e-6), [0.5, 0.5]) == pytest.approx(
        [0.9968377856, 0.9935934238], abs=1e-10)
    # learning_rate scales the step, not what Edx2 remembers: lr 0.5 halves the first step
    assert run(Adadelta(0.5, rho=0.9, epsilon=1e-6), [0.5]) == pytest.approx([1 - 0.5 * 0.0031622144], abs=1e-10)


def test_adam_by_hand():
    # lr 0.1, beta_1 0.9, beta_2 0.999, epsilon 0
    # t=1, g 0.5: m = 0.1*0.5 = 0.05, v = 0.001*0.25 = 0.00025
    #   m_hat = 0.05/0.1 = 0.5, v_hat = 0.00025/0.001 = 0.25, p = 1 - 0.1*0.5/0.5 = 0.9
    # t=2, g 1.0: m = 0.9*0.05 + 0.1*1 = 0.145, v = 0.999*0.00025 + 0.001*1 = 0.00124975
    #   m_hat = 0.145/(1-0.81) = 0.7631578947, v_hat = 0.00124975/(1-0.998001) = 0.6251875938
    #   p = 0.9 - 0.1*0.7631578947/sqrt(0.6251875938) = 0.9 - 0.0965182026 = 0.8034817974
    assert run(Adam(0.1, epsilon=0.0), [0.5, 1.0]) == pytest.approx([0.9, 0.8034817974], abs=1e-9)


def test_adam_epsilon_is_added_to_sqrt_v_hat():
    # t=1, g 0.5, epsilon 0.5: p = 1 - 0.1*0.5/(sqrt(0.25) + 0.5) = 1 - 0.05 = 0.95
    assert run(Adam(0.1, epsilon=0.5), [0.5]) == pytest.approx([0.95], abs=1e-12)


def test_adamw_by_hand():
    # lr 0.1, weight_decay 0.1, epsilon 0, g 0.5 twice (Adam step is 0.1 both times, see above)
    # p1 = 1.0*(1 - 0.1*0.1) - 0.1 = 0.99 - 0.1 = 0.89
    # p2 = 0.89*0.99 - 0.1 = 0.8811 - 0.1 = 0.7811
    assert run(AdamW(0.1, weight_decay=0.1, epsilon=0.0), [0.5, 0.5]) == pytest.approx([0.89, 0.7811], abs=1e-12)


def test_coupled_weight_decay_by_hand():
    # SGD lr 0.1, weight_decay 0.1, g 0.5
    # g1 = 0.5 + 0.1*1.0 = 0.6,    p1 = 1.0 - 0.06 = 0.94
    # g2 = 0.5 + 0.1*0.94 = 0.594, p2 = 0.94 - 0.0594 = 0.8806
    assert run(SGD(0.1, weight_decay=0.1), [0.5, 0.5]) == pytest.approx([0.94, 0.8806], abs=1e-12)


def test_learning_rate_change_between_steps_is_used():
    opt = SGD(0.1)
    p = {"w": np.array([1.0])}
    opt.step(p, {"w": np.array([1.0])})  # 1.0 - 0.1 = 0.9
    opt.learning_rate = 0.5
    opt.step(p, {"w": np.array([1.0])})  # 0.9 - 0.5 = 0.4
    assert p["w"][0] == pytest.approx(0.4)


# -- every optimizer ------------------------------------------------------------------------

A = np.array([[3.0, 0.5], [0.5, 1.0]])  # symmetric positive definite: f has its minimum 0 at w = 0

CONVERGENCE = {
    "sgd": dict(learning_rate=0.1),
    "momentum": dict(learning_rate=0.05),
    "nesterov": dict(learning_rate=0.05),
    "adagrad": dict(learning_rate=0.5),
    "rmsprop": dict(learning_rate=0.05),
    "adadelta": dict(learning_rate=1.0, epsilon=1e-3),
    "adam": dict(learning_rate=0.1),
    "adamw": dict(learning_rate=0.1),
}


@pytest.mark.parametrize("name", sorted(CONVERGENCE))
def test_decreases_convex_quadratic(name):
    opt = optimizers.get(name, **CONVERGENCE[name])

    def f(w):
        return 0.5 * w @ A @ w

    w = np.array([1.0, -2.0])
    params = {"w": w}
    f0 = f(w)
    for _ in range(100):
        opt.step(params, {"w": A @ w})
    assert params["w"] is w  # updated in place
    assert f(w) < 0.05 * f0, f"{name}: f went from {f0} to {f(w)}"


@pytest.mark.parametrize("name", sorted(optimizers.OPTIMIZERS))
def test_float32_stays_float32(name):
    opt = optimizers.get(name)
    W = np.ones((3, 2), dtype=np.float32)
    params = {"W": W}
    for _ in range(3):
        opt.step(params, {"W": np.full((3, 2), 0.5)})  # float64 gradient on purpose
    assert params["W"] is W and W.dtype == np.float32
    assert np.all(W < 1.0)
    for value in opt.state["W"].values():
        if isinstance(value, np.ndarray):
            assert value.dtype == np.float32


@pytest.mark.parametrize("name", sorted(optimizers.OPTIMIZERS))
def test_state_is_per_key(name):
    # Two parameters stepped together must end where each would end if stepped alone.
    together = optimizers.get(name)
    a, b = np.array([1.0, 2.0]), np.array([[-1.0], [0.5], [3.0]])
    ga, gb = np.array([0.3, -0.2]), np.array([[1.0], [-2.0], [0.1]])
    for _ in range(3):
        together.step({"a": a, "b": b}, {"a": ga, "b": gb})
    a_alone, b_alone = np.array([1.0, 2.0]), np.array([[-1.0], [0.5], [3.0]])
    opt_a, opt_b = optimizers.get(name), optimizers.get(name)
    for _ in range(3):
        opt_a.step({"a": a_alone}, {"a": ga})
        opt_b.step({"b": b_alone}, {"b": gb})
    np.testing.assert_array_equal(a, a_alone)
    np.testing.assert_array_equal(b, b_alone)
    assert set(together.state) == {"a", "b"}


def test_grads_are_not_changed():
    opt = Adam(weight_decay=0.1)
    g = np.array([0.5, -0.5])
    opt.step({"w": np.ones(2)}, {"w": g})
    np.testing.assert_array_equal(g, [0.5, -0.5])


def test_reset_clears_state():
    opt = Adam(0.1, epsilon=0.0)
    assert run(opt, [0.5]) == pytest.approx([0.9])
    opt.reset()
    assert opt.state == {} and opt.iterations == 0
    assert run(opt, [0.5]) == pytest.approx([0.9])  # bias correction starts again at t = 1


def test_repr_and_get():
    assert repr(Adam()) == "Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, weight_decay=0.0)"
    opt = optimizers.get("ADAM", learning_rate=0.01)
    assert isinstance(opt, Adam) and opt.learning_rate == 0.01
    assert optimizers.get(opt) is opt
    assert type(optimizers.get("momentum")) is Momentum and optimizers.get("momentum").momentum == 0.9


def test_unknown_name_lists_known_names():
    with pytest.raises(MLCourseError) as info:
        optimizers.get("adamm")
    msg = str(info.value)
    assert "'adamm'" in msg
    for name in optimizers.OPTIMIZERS:
        assert repr(name) in msg


def test_not_an_optimizer_object():
    with pytest.raises(MLCourseError, match="step"):
        optimizers.get(3)


def test_missing_key_error_names_the_key():
    with pytest.raises(MLCourseError, match=r"'b'"):
        SGD().step({"W": np.ones(2)}, {"W": np.ones(2), "b": np.ones(1)})
    with pytest.raises(MLCourseError, match=r"'b'"):
        SGD().step({"W": np.ones(2), "b": np.ones(1)}, {"W": np.ones(2)})


def test_shape_mismatch_error_names_key_and_shapes():
    with pytest.raises(MLCourseError, match=r"grads\['W'\] has shape \(1, 2\).*\(3, 2\)"):
        SGD().step({"W": np.ones((3, 2))}, {"W": np.ones((1, 2))})


def test_state_shape_mismatch_asks_for_reset():
    opt = Adam()
    opt.step({"W": np.ones((3, 2))}, {"W": np.ones((3, 2))})
    with pytest.raises(MLCourseError, match="reset"):
        opt.step({"W": np.ones((4, 2))}, {"W": np.ones((4, 2))})


def test_integer_params_refused():
    with pytest.raises(MLCourseError, match="float"):
        SGD().step({"W": np.ones(2, dtype=int)}, {"W": np.ones(2)})


@pytest.mark.parametrize("kwargs, word", [
    (dict(learning_rate=-0.1), "learning_rate"),
    (dict(learning_rate=0), "learning_rate"),
    (dict(momentum=1.0), "momentum"),
    (dict(nesterov=True), "nesterov"),
    (dict(learning_rate="fast"), "learning_rate"),
])
def test_bad_hyperparameters_echo_value(kwargs, word):
    with pytest.raises(MLCourseError, match=word):
        SGD(**kwargs)


def test_bad_beta_echoes_value():
    with pytest.raises(MLCourseError, match=r"beta_2=1\.5"):
        Adam(beta_2=1.5)


def test_learning_rate_is_checked_whenever_it_is_set():
    opt = optimizers.SGD(learning_rate=0.1)
    opt.learning_rate = 0.05  # schedules and widgets change it between steps
    assert opt.learning_rate == 0.05
    for bad in (-1, 0, float("nan"), "0.1", None):
        with pytest.raises(MLCourseError, match="learning_rate must be"):
            opt.learning_rate = bad
    assert opt.learning_rate == 0.05  # a refused value changes nothing


def test_get_accepts_a_class_and_refuses_unknown_settings():
    assert isinstance(optimizers.get(optimizers.Adam, learning_rate=0.01), optimizers.Adam)
    with pytest.raises(MLCourseError, match="has no setting 'lr'"):
        optimizers.get("adam", lr=0.1)
    with pytest.raises(MLCourseError, match="takes two dicts of arrays"):
        optimizers.SGD().step([np.ones(2)], [np.ones(2)])
    with pytest.raises(MLCourseError, match=r"grads\['W'\] must be a numpy array, received list"):
        optimizers.SGD().step({"W": np.ones(2)}, {"W": [1.0, 1.0]})


@pytest.mark.parametrize("cls", [optimizers.Adagrad, optimizers.RMSprop])
def test_docstrings_say_where_keras_puts_epsilon(cls):
    assert "Keras 3 puts it inside" in cls.__doc__ and "sqrt(" in cls.__doc__


def test_nesterov_stores_the_look_ahead_point_of_the_textbook_form():
    # textbook form: v <- mu v - lr grad(theta + mu v), theta <- theta + v; the package keeps
    # phi = theta + mu v and takes the gradient there. On f = x^2/20 + y^2 (grad (x/10, 2y)):
    grad = lambda p: np.array([p[0] / 10, 2 * p[1]])
    lr, mu = 0.2, 0.8
    theta, v = np.array([-7.0, 2.0]), np.zeros(2)
    params, opt = {"p": theta.copy()}, Nesterov(lr, momentum=mu)
    for _ in range(25):
        v = mu * v - lr * grad(theta + mu * v)
        theta = theta + v
        opt.step(params, {"p": grad(params["p"])})
        np.testing.assert_allclose(params["p"], theta + mu * v, rtol=1e-12, atol=1e-12)
    assert not np.allclose(params["p"], theta)  # the stored point is not theta itself


def test_rmsprop_first_step_is_lr_over_sqrt_one_minus_rho_for_any_gradient_scale():
    # s1 = (1 - rho) g^2, so the step is lr * g / sqrt((1 - rho) g^2) = lr / sqrt(0.1) = 3.162 lr
    for g in (1e-3, 1.0, 1e3):
        (p1,) = run(RMSprop(0.01, rho=0.9, epsilon=0.0), [g], p0=0.0)
        assert p1 == pytest.approx(-0.01 / math.sqrt(0.1), rel=1e-12)
