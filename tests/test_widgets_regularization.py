"""The widgets of notebooks 12 and 13 build headless, and moving a control changes what they show."""
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse import initializers  # noqa: E402
from mlcourse._checks import MLCourseError  # noqa: E402
from mlcourse.widgets import initialization as winit  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- initialization

def test_layer_outputs_match_a_plain_numpy_loop():
    rng = np.random.default_rng(3)
    x = np.random.default_rng([3, 1]).standard_normal((50, 20))
    expected = []
    for _ in range(3):
        x = np.tanh(x @ (rng.standard_normal((20, 20)) * 0.5))
        expected.append(x)
    got = winit.layer_outputs(initializers.normal(0.5), "tanh", depth=3, units=20, n=50, seed=3)
    for a, b in zip(expected, got):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_relu_std_collapses_with_small_weights_and_stays_with_he():
    small = winit.per_layer_std(winit.layer_outputs("normal_0.01", "relu", depth=5, n=300))
    he = winit.per_layer_std(winit.layer_outputs("he_normal", "relu", depth=5, n=300))
    # each ReLU layer with std 0.01 and 100 inputs multiplies the spread by about sqrt(100 * 1e-4 / 2) = 0.07
    ratios = small[1:] / small[:-1]
    assert np.all((ratios > 0.05) & (ratios < 0.1)), ratios
    assert np.all((he > 0.5) & (he < 2.0)), he


def test_weight_gradients_are_finite_differences_of_the_upstream_loss():
    # loss = sum(out * g) with g the upstream gradient; check dW of the first layer numerically
    layers = winit.build_stack("glorot_normal", "tanh", depth=2, units=4, n_inputs=4, seed=1)
    grads = winit.layer_weight_gradients("glorot_normal", "tanh", depth=2, units=4, n=6, seed=1)
    x0 = np.random.default_rng([1, 1]).standard_normal((6, 4))
    g = np.random.default_rng([1, 2]).standard_normal((6, 4)) / 6

    def loss():
        x = x0
        for layer in layers:
            x = layer.forward(x)
        return float(np.sum(x * g))

    W = layers[0].params["W"]
    num = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        old = W[idx]
        W[idx] = old + 1e-6
        up = loss()
        W[idx] = old - 1e-6
        down = loss()
        W[idx] = old
        num[idx] = (up - down) / 2e-6
    np.testing.assert_allclose(grads[0], num, rtol=1e-6, atol=1e-10)


def test_explorer_init_dropdown_changes_the_per_layer_std():
    box = winit.initialization_explorer(init="normal_0.01", activation="relu", depth=5)
    small = box.stds.copy()
    assert small[-1] < 1e-4
    box.init.value = "he_normal"
    assert box.stds[-1] > 0.5
    assert len(box.figure.axes) == 5
    titles = [ax.get_title() for ax in box.figure.axes]
    assert titles[4] == f"layer 5\nstd {box.stds[4]:.3g}"


def test_explorer_depth_slider_and_activation_and_kind():
    box = winit.initialization_explorer(init="glorot_normal", activation="tanh", depth=3)
    box.depth.value = 6
    assert len(box.figure.axes) == 6 and len(box.stds) == 6
    box.activation.value = "sigmoid"
    sig = box.stds.copy()
    assert np.all(sig < 0.5)  # sigmoid outputs lie in (0, 1)
    box.kind.value = "gradients"
    # sigmoid + Xavier: gradients shrink towards the first layer
    assert box.stds[0] < box.stds[-1] / 10


def test_static_figures_and_table():
    axes = winit.plot_init_grid("relu", depth=3)
    assert axes.shape == (4, 3)
    table = winit.std_table("relu", depth=3)
    assert list(table) == ["std 1", "std 0.01", "Xavier (Glorot)", "He"]
    text = winit.format_std_table(table)
    assert "layer 3" in text and f"{table['He'][2]:.3g}" in text
    assert math.isclose(winit.he_std(100), math.sqrt(0.02))


def test_bad_settings_raise_errors_naming_them():
    with pytest.raises(MLCourseError, match="'softplus'"):
        winit.layer_outputs("he_normal", "softplus")
    with pytest.raises(MLCourseError, match="'normal'"):
        winit.layer_outputs("normal", "relu")
    with pytest.raises(MLCourseError, match="depth=0"):
        winit.plot_layer_histograms("he_normal", "relu", depth=0)
    with pytest.raises(MLCourseError, match="kind='weights'"):
        winit.plot_layer_histograms("he_normal", "relu", depth=2, kind="weights")
