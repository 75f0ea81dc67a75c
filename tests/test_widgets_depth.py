"""The depth experiment of notebook 05: its numbers, its figure, and its widget."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse import activations  # noqa: E402
from mlcourse._checks import MLCourseError  # noqa: E402
from mlcourse.gradcheck import numerical_gradient, rel_error  # noqa: E402
from mlcourse.widgets import depth as wd  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_one_layer_of_one_unit_by_hand():
    # depth 1, width 1, batch 1, relu, "std 1" weights; the generator draws w first, then x.
    # seed 5: w = -0.80193, x = -1.32436, z = x w = 1.06205 > 0 (active), h = z;
    # dL/dh = 1, so dL/dx = f'(z) w = -0.80193 and dL/dw = x f'(z) = -1.32436 (sizes: abs).
    r = wd.depth_experiment(1, "relu", "normal_1", width=1, batch=1, seed=5)
    assert r.outputs[0] == pytest.approx(1.06205, abs=1e-5)
    assert r.input_gradients[0] == pytest.approx(0.80193, abs=1e-5)
    assert r.weight_gradients[0] == pytest.approx(1.32436, abs=1e-5)
    assert r.derivatives[0] == 1.0                     # relu'(z) = 1 for z > 0
    # seed 3: z = -5.2159 < 0, the unit is off: no output, no gradient
    r = wd.depth_experiment(1, "relu", "normal_1", width=1, batch=1, seed=3)
    assert r.outputs[0] == 0.0 and r.input_gradients[0] == 0.0 and r.weight_gradients[0] == 0.0
    assert r.derivatives[0] == 0.0


def test_derivatives_are_the_rms_of_tanh_prime_at_every_layer():
    # tanh'(z) = 1 - tanh(z)^2, recomputed here layer by layer from the same weights and inputs
    depth, width, batch, seed = 3, 4, 6, 2
    rng = np.random.default_rng(seed)
    from mlcourse.widgets.initialization import INITS
    Ws = [INITS["normal_1"][1]((width, width), rng) for _ in range(depth)]
    h = rng.standard_normal((batch, width))
    expected = []
    for W in Ws:
        h = np.tanh(h @ W)
        expected.append(np.sqrt(np.mean((1 - h ** 2) ** 2)))
    r = wd.depth_experiment(depth, "tanh", "normal_1", width=width, batch=batch, seed=seed)
    np.testing.assert_allclose(r.derivatives, expected, rtol=1e-12)


def test_gradients_match_finite_differences_of_the_sum_of_outputs():
    # The experiment's backward pass is that of L = sum of the last outputs (dL/dh = ones).
    depth, width, batch, seed = 4, 5, 3, 1
    rng = np.random.default_rng(seed)
    from mlcourse.widgets.initialization import INITS
    init = INITS["glorot_normal"][1]
    Ws = [init((width, width), rng) for _ in range(depth)]
    x = rng.standard_normal((batch, width))

    def loss(x_in):
        h = x_in
        for W in Ws:
            h = activations.tanh(h @ W)
        return float(h.sum())

    numeric = numerical_gradient(loss, x.copy())
    r = wd.depth_experiment(depth, "tanh", "glorot_normal", width=width, batch=batch, seed=seed)
    # RMS of the gradient at layer 1's input is the RMS of dL/dx
    assert rel_error(r.input_gradients[0], np.sqrt(np.mean(numeric ** 2))) < 1e-7


def test_sigmoid_with_xavier_vanishes_and_relu_with_std_1_explodes():
    sig = wd.depth_experiment(12, "sigmoid", "glorot_normal")
    assert sig.input_gradients[0] < 1e-5 * sig.input_gradients[-1]
    relu = wd.depth_experiment(12, "relu", "normal_1")
    assert relu.input_gradients[0] > 1e5 * relu.input_gradients[-1]
    assert relu.outputs[-1] > 1e5 * relu.outputs[0]
    he = wd.depth_experiment(12, "relu", "he_normal")
    assert 0.1 < he.outputs[-1] / he.outputs[0] < 10


def test_bad_settings_echo_the_value():
    with pytest.raises(MLCourseError, match="'swish'"):
        wd.depth_experiment(3, "swish")
    with pytest.raises(MLCourseError, match="'xavier'"):
        wd.depth_experiment(3, "relu", "xavier")
    with pytest.raises(MLCourseError, match="depth=0"):
        wd.depth_experiment(0)
    fig, ax = plt.subplots()
    with pytest.raises(MLCourseError, match="2 axes"):
        wd.plot_depth_experiment(3, axes=[ax])


def test_static_figure_draws_the_experiment():
    axes = wd.plot_depth_experiment(6, "tanh", "he_normal")
    r = wd.depth_experiment(6, "tanh", "he_normal")
    np.testing.assert_allclose(axes[0].get_lines()[0].get_ydata(), r.outputs)
    np.testing.assert_allclose(axes[1].get_lines()[0].get_ydata(), r.input_gradients)
    np.testing.assert_allclose(axes[1].get_lines()[1].get_ydata(), r.weight_gradients)
    assert "dL/dh" in axes[1].get_lines()[0].get_label()


def test_explorer_redraws_for_each_control():
    box = wd.depth_explorer(depth=5, activation="sigmoid", init="glorot_normal")

    def drawn_gradients():
        return box.figure.axes[1].get_lines()[0].get_ydata()

    np.testing.assert_allclose(drawn_gradients(), wd.depth_experiment(5, "sigmoid", "glorot_normal").input_gradients)
    box.activation.value = "relu"
    box.init.value = "he_normal"
    np.testing.assert_allclose(drawn_gradients(), wd.depth_experiment(5, "relu", "he_normal").input_gradients)
    box.depth.value = 9
    assert len(drawn_gradients()) == 9
    assert box.state["result"].input_gradients.shape == (9,)


def test_explorer_draws_the_same_picture_when_its_settings_come_back():
    """Every change draws both panels anew with the same margins: going back to the first
    settings gives the first picture exactly (the legend and labels stay inside the figure)."""
    import io

    from PIL import Image

    from mlcourse.widgets.depth import depth_explorer

    box = depth_explorer(depth=12, activation="tanh", init="normal_1")
    picture = lambda: np.asarray(Image.open(io.BytesIO(box.image.value)))  # noqa: E731
    first = picture()
    box.activation.value, box.init.value, box.depth.value = "relu", "he_normal", 25
    assert not np.array_equal(picture(), first)
    box.activation.value, box.init.value, box.depth.value = "tanh", "normal_1", 12
    assert np.array_equal(picture(), first)


def test_depth_explorer_in_korean(korean):
    box = wd.depth_explorer(12, "sigmoid", "glorot_normal")
    assert (box.activation.description, box.init.description, box.depth.description) == ("활성화 함수", "초기화", "층 수")
    forward, backward = box.figure.axes
    assert forward.get_title().startswith("순전파: 각 층의 출력\nsigmoid, Xavier (Glorot) 초기화")
    assert backward.get_title().startswith("역전파: 기울기\n1층의 dL/dh = ")
    assert forward.get_xlabel() == "층 (1 = 입력 바로 다음)"
