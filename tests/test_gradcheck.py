"""The gradient checker itself: it must pass right gradients and catch wrong ones."""
import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.gradcheck import check_layer, check_loss, check_model, numerical_gradient, rel_error
from mlcourse.layers import Dense, Layer
from mlcourse.losses import Loss, MeanSquaredError


def test_rel_error_by_hand():
    # |1 - 1.1| / (1 + 1.1) = 0.1 / 2.1; the zeros give 0 / max(1e-8, 0) = 0
    assert rel_error([1.0, 0.0], [1.1, 0.0]) == pytest.approx(0.1 / 2.1)
    assert rel_error([1e-9], [0.0]) == pytest.approx(0.1)  # floor 1e-8 in the denominator
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    with pytest.raises(MLCourseError, match=r"\(2,\)"):
        rel_error(np.ones(2), np.ones(3))


def test_numerical_gradient_of_known_function_restores_x():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    x_copy = x.copy()
    # f = sum(x^3): gradient 3 x^2
    grad = numerical_gradient(lambda v: np.sum(v ** 3), x)
    assert rel_error(grad, 3 * x_copy ** 2) < 1e-9
    np.testing.assert_array_equal(x, x_copy)


def test_numerical_gradient_refuses_non_float():
    with pytest.raises(MLCourseError, match="int64"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))


class WrongDense(Dense):
    """Dense with a bug in backward: forgets the factor of x in grads['W']."""

    def backward(self, dout, need_input_grad=True):
        dx = super().backward(dout, need_input_grad)
        self.grads["W"][:] = self.grads["W"] * 1.001
        return dx


def test_check_layer_catches_a_wrong_gradient():
    rng = np.random.default_rng(0)
    good = check_layer(Dense(3, activation="tanh"), rng.normal(size=(4, 2)), rng=rng)
    assert max(good.values()) < 1e-7
    bad = check_layer(WrongDense(3, activation="tanh"), rng.normal(size=(4, 2)), rng=rng)
    assert bad["W"] > 1e-4 and bad["x"] < 1e-7


def test_check_layer_refuses_float32_params():
    layer = Dense(2, dtype=np.float32)
    layer.build((None, 2), rng=np.random.default_rng(0))
    with pytest.raises(MLCourseError, match="float32"):
        check_layer(layer, np.ones((2, 2)))


class HalfMSE(Loss):
    """A loss whose backward is off by a factor 2."""

    def forward(self, y_pred, y_true):
        self._cache = (y_pred - y_true, len(y_pred))
        return float(0.5 * np.sum(self._cache[0] ** 2) / self._cache[1])

    def backward(self):
        diff, n = self._cache
        return diff / (2 * n)


def test_check_loss():
    rng = np.random.default_rng(1)
    y, t = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    assert check_loss(MeanSquaredError(), y, t) < 1e-7
    assert check_loss(HalfMSE(), y, t) > 0.3


class TinyModel:
    """The protocol check_model needs: params, compute_loss, compute_gradients."""

    def __init__(self, rng, bug=False):
        self.layer = Dense(2, activation="sigmoid")
        self.layer.build((None, 3), rng=rng)
        self.loss = MeanSquaredError()
        self.bug = bug

    @property
    def params(self):
        return {f"0.{k}": v for k, v in self.layer.params.items()}

    def compute_loss(self, x, y):
        return self.loss.forward(self.layer.forward(x, training=True), y)

    def compute_gradients(self, x, y):
        self.compute_loss(x, y)
        self.layer.backward(self.loss.backward())
        grads = {f"0.{k}": v.copy() for k, v in self.layer.grads.items()}
        if self.bug:
            grads["0.b"] *= -1
        return grads


def test_check_model():
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    errors = check_model(TinyModel(rng), x, y)
    assert set(errors) == {"0.W", "0.b"} and max(errors.values()) < 1e-7
    errors = check_model(TinyModel(rng, bug=True), x, y)
    assert errors["0.b"] > 0.5 and errors["0.W"] < 1e-7


def test_check_layer_on_parameterless_layer():
    errors = check_layer(Layer(), np.ones((2, 3)))
    assert set(errors) == {"x"} and errors["x"] < 1e-10


def test_bad_step_sizes_and_non_layers_are_refused():
    with pytest.raises(MLCourseError, match="h must be a finite number > 0, received h=0"):
        numerical_gradient(lambda v: float(v.sum()), np.ones(2), h=0)
    with pytest.raises(MLCourseError, match="check_layer needs a layer such as Dense"):
        check_layer("dense", np.ones((2, 2)))
