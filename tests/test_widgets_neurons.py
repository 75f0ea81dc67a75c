"""The widgets of notebooks 04-06 build headless, and moving a control changes what is drawn."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse import activations  # noqa: E402
from mlcourse._checks import MLCourseError  # noqa: E402
from mlcourse.widgets import activations as wact  # noqa: E402
from mlcourse.widgets import mlp as wmlp  # noqa: E402
from mlcourse.widgets import perceptron as wperc  # noqa: E402

GATE_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _line(ax, label):
    found = [ln for ln in ax.get_lines() if ln.get_label() == label]
    assert found, f"no line labelled {label!r}; labels: {[ln.get_label() for ln in ax.get_lines()]}"
    return found[0]


# --------------------------------------------------------------------------- activations

def test_explorer_draws_the_derivative_of_the_selected_activation():
    box = wact.activation_explorer(name="relu", k=3)
    box.dropdown.value = "sigmoid"
    ax_f, ax_g, _ = box.figure.axes
    f, g = _line(ax_f, "f(x)"), _line(ax_g, "f'(x)")
    x = g.get_xdata()
    np.testing.assert_allclose(g.get_ydata(), activations.sigmoid_grad(x), atol=1e-12)
    np.testing.assert_allclose(f.get_ydata(), activations.sigmoid(x), atol=1e-12)
    box.dropdown.value = "tanh"
    g = _line(box.figure.axes[1], "f'(x)")
    np.testing.assert_allclose(g.get_ydata(), activations.tanh_grad(g.get_xdata()), atol=1e-12)


def test_explorer_slider_moves_the_marked_depth():
    box = wact.activation_explorer(name="sigmoid", k=2)

    def marked():
        ax = box.figure.axes[2]
        dots = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 1]
        return float(dots[0].get_xdata()[0]), float(dots[0].get_ydata()[0])

    assert marked() == pytest.approx((2, 0.25 ** 2), rel=1e-6)
    box.slider.value = 7
    assert marked() == pytest.approx((7, 0.25 ** 7), rel=1e-6)


def test_peak_derivatives_and_gradient_after_k_layers():
    assert wact.peak_derivative("sigmoid") == pytest.approx(0.25, abs=1e-9)
    assert wact.peak_derivative("tanh") == pytest.approx(1.0, abs=1e-9)
    assert wact.peak_derivative("relu") == 1.0
    assert wact.gradient_after("sigmoid", 10) == pytest.approx(0.25 ** 10, rel=1e-6)
    assert wact.gradient_after("step", 3) == 0.0
    with pytest.raises(MLCourseError, match="k=-1"):
        wact.gradient_after("sigmoid", -1)
    with pytest.raises(MLCourseError, match="'swish'"):
        wact.plot_activation("swish")


def test_static_figures_draw_every_activation():
    axes = wact.plot_all_activations()
    titles = [ax.get_title() for ax in axes if ax.get_title()]
    assert titles == list(wact.NAMES)
    plt.gcf().canvas.draw()
    for ax in axes[:len(wact.NAMES)]:  # every panel, relu above the empty slot too, shows its z axis
        assert ax.get_xlabel() == "z"
        assert any(t.get_text() and t.get_visible() for t in ax.get_xticklabels()), ax.get_title()
    axes = wact.plot_activation("leaky_relu", 4)
    g = _line(axes[1], "f'(x)")
    expect = np.where(g.get_xdata() > 0, 1.0, wact.LEAKY_ALPHA)
    np.testing.assert_allclose(g.get_ydata(), expect)


# --------------------------------------------------------------------------- perceptron

def test_decision_line_lies_on_the_boundary():
    w, b = np.array([0.5, 0.5]), -0.7
    x1, x2 = wperc.decision_line(w, b)
    np.testing.assert_allclose(w[0] * x1 + w[1] * x2 + b, 0, atol=1e-12)
    x1, x2 = wperc.decision_line([2.0, 0.0], -1.0)  # vertical line x1 = 0.5
    np.testing.assert_allclose(x1, 0.5)
    assert wperc.decision_line([0.0, 0.0], 1.0) is None
    with pytest.raises(MLCourseError, match=r"\(3,\)"):
        wperc.decision_line([1.0, 2.0, 3.0], 0.0)


def test_plot_gate_draws_the_line_and_points():
    ax = wperc.plot_gate([0.5, 0.5], -0.7, GATE_X, [0, 0, 0, 1])
    (line,) = ax.get_lines()
    xs, ys = line.get_xdata(), line.get_ydata()
    np.testing.assert_allclose(0.5 * xs + 0.5 * ys - 0.7, 0, atol=1e-12)
    assert "w = (0.5, 0.5), b = -0.7" in ax.get_title()


def test_weight_arrow_starts_on_the_visible_line_and_is_left_out_when_the_line_is_not_in_view():
    ax = wperc.plot_gate([0.5, 0.5], -0.7, GATE_X, [0, 0, 0, 1])
    (label,) = [t for t in ax.texts if t.get_text() == "w"]
    foot = np.array([0.7, 0.7])                       # middle of x1 + x2 = 1.4 inside [-0.5, 1.5]^2
    along_w, beside = 0.6 * 0.35 * np.array([1, 1]) / np.sqrt(2), 0.13 * np.array([-1, 1]) / np.sqrt(2)
    np.testing.assert_allclose(label.get_position(), foot + along_w + beside)
    assert min(np.linalg.norm(GATE_X - label.get_position(), axis=1)) > 0.2   # not on a data point
    plt.close(ax.figure)
    ax = wperc.plot_gate([0.02, 0.01], -0.05, GATE_X, [0, 0, 0, 1])    # line 2 x1 + x2 = 5: outside the view
    assert [t for t in ax.texts if t.get_text() == "w"] == []
    assert not [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]   # no arrow either
    plt.close(ax.figure)
    ax = wperc.plot_gate([0.12, 0.01], -0.15, GATE_X, [0, 0, 0, 1])    # line near the right edge
    (arrow,) = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert -0.5 < arrow.xy[0] < 1.5 and -0.5 < arrow.xy[1] < 1.5        # tip in view, so it is drawn
    plt.close(ax.figure)


def test_stepper_slider_shows_each_step_of_the_history():
    history = [(np.array([0.0, 0.0]), 0.0), (np.array([0.0, 0.1]), 0.1), (np.array([0.1, 0.1]), -0.1)]
    y = np.array([0, 0, 0, 1])
    box = wperc.perceptron_stepper(history, GATE_X, y)
    ax = box.figure.axes[0]
    assert ax.get_title().startswith("start")
    assert ax.get_lines() == []  # w = 0: no line to draw
    box.slider.value = 2
    ax = box.figure.axes[0]
    assert ax.get_title().startswith("after step 2")
    xs, ys = ax.get_lines()[0].get_xdata(), ax.get_lines()[0].get_ydata()
    np.testing.assert_allclose(0.1 * xs + 0.1 * ys - 0.1, 0, atol=1e-12)
    assert box.slider.max == 2


def test_plot_updates_makes_one_panel_per_state():
    history = [(np.array([0.0, 1.0]), 0.0), (np.array([1.0, 1.0]), -1.0)]
    axes = wperc.plot_updates(history, GATE_X, [0, 0, 0, 1], ncols=3)
    assert [ax.get_title().split(":")[0] for ax in axes[:2]] == ["start", "step 1"]
    assert not axes[2].axison
    with pytest.raises(MLCourseError, match="pair"):
        wperc.plot_updates([1.0], GATE_X, [0, 0, 0, 1])


# --------------------------------------------------------------------------- MLP

def _sine(n=60):
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-3, 3, n))
    return x, np.sin(2 * x) + 0.05 * rng.normal(size=n)


def test_random_feature_fit_gets_better_with_more_units():
    x, y = _sine()
    errors = [np.mean((wmlp.random_feature_fit(x, y, u).predict(x) - y) ** 2) for u in (1, 4, 32)]
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 0.01
    fit = wmlp.random_feature_fit(x, y, 8)
    assert fit.hidden(x).shape == (60, 8) and fit.count_params() == 25
    again = wmlp.random_feature_fit(x, y, 8)
    np.testing.assert_array_equal(fit.predict(x), again.predict(x))  # seeded
    with pytest.raises(MLCourseError, match="units=0"):
        wmlp.random_feature_fit(x, y, 0)


def test_approximation_explorer_redraws_the_chosen_fit():
    x, y = _sine()
    box = wmlp.approximation_explorer(x, y, target=lambda t: np.sin(2 * t))
    for units in (1, 32):
        box.slider.value = units
        ax = box.figure.axes[0]
        net = _line(ax, "network")
        np.testing.assert_allclose(net.get_ydata(), box.fits[units].predict(net.get_xdata()))
        assert ax.get_title().startswith(f"{units} hidden unit")


def test_draw_network_checks_weight_shapes_and_labels_arrows():
    W1 = np.array([[0.8, 0.4, 0.3], [0.2, 0.9, 0.5]])
    W2 = np.array([[0.3], [0.5], [0.9]])
    ax = wmlp.draw_network((2, 3, 1), [W1, W2])
    texts = sorted(t.get_text() for t in ax.texts if t.get_text())  # arrows are empty annotations
    assert texts == sorted(f"{v:g}" for v in np.concatenate([W1.ravel(), W2.ravel()]))
    with pytest.raises(MLCourseError, match=r"weights\[0\] must have shape \(2, 3\)"):
        wmlp.draw_network((2, 3, 1), [W1.T, W2])


def test_count_dense_params():
    assert wmlp.count_dense_params((1, 32, 1)) == 97
    assert wmlp.count_dense_params((2, 3, 1)) == 9 + 4


def test_explorer_depth_slider_redraws_only_the_marker_and_its_text():
    box = wact.activation_explorer(name="sigmoid", k=2)
    full = box.frames.full_draws
    box.slider.value = 9
    assert box.frames.full_draws == full and box.frames.fast_draws >= 1
    box.dropdown.value = "tanh"
    assert box.frames.full_draws == full + 1  # a new activation changes the axes


def test_explorer_labels_stay_clear_of_markers_curves_and_edges():
    box = wact.activation_explorer(name="relu", k=20)
    fig = box.figure
    ax_g = fig.axes[1]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    dot = [ln for ln in ax_g.get_lines() if len(ln.get_xdata()) == 1][0]
    label = [t for t in ax_g.texts if t.get_text().startswith("peak")][0]
    assert label.get_window_extent(renderer).y0 > dot.get_window_extent(renderer).y1  # above its marker
    box.dropdown.value = "gelu"
    g = _line(ax_g, "f'(x)").get_ydata()
    lo, hi = ax_g.get_ylim()
    assert lo < g.min() < 0 and g.max() < hi  # the negative dip and the peak are inside
    factor = np.asarray(_line(fig.axes[2], "(max f')^depth").get_ydata())
    assert factor.max() > 10 and factor.max() < fig.axes[2].get_ylim()[1] / 2  # 1.13^20 stays inside
    box.dropdown.value = "step"
    dots = [ln for ln in ax_g.get_lines() if len(ln.get_xdata()) == 1]
    assert not dots  # no "peak 0" marker at the edge
    assert not [t for t in ax_g.texts if t.get_text().startswith("peak")]


def test_perceptron_half_planes_split_the_square_along_the_line():
    zero, one = wperc._half_planes(np.array([1.0, 1.0]), -1.0)
    for part, sign in ((zero, -1), (one, 1)):
        inside = part @ np.array([1.0, 1.0]) - 1.0
        assert np.all(sign * inside >= -1e-12)  # every corner on its side (or on the line)
    area = lambda p: 0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], 1)) - np.dot(p[:, 1], np.roll(p[:, 0], 1)))  # noqa: E731
    assert area(zero) + area(one) == pytest.approx(4.0)  # the two parts tile the 2 x 2 view
    assert area(zero) == pytest.approx(2.0)  # x1 + x2 = 1 passes through the centre (0.5, 0.5)
    empty, whole = wperc._half_planes(np.array([0.0, 0.0]), 1.0)  # w = 0, b > 0: output 1 everywhere
    assert len(empty) == 0 and area(whole) == pytest.approx(4.0)


def test_perceptron_steps_are_fast_draws_that_match_the_whole_figure():
    from test_widgets_figure import full_picture, pixels

    history = [(np.zeros(2), 0.0), (np.array([1.0, 1.0]), -0.5), (np.array([0.5, -0.3]), 0.2),
               (np.zeros(2), 0.0)]
    box = wperc.perceptron_stepper(history, GATE_X, np.array([0, 0, 0, 1]))
    for i in (1, 2, 3, 1):
        box.slider.value = i
    assert box.frames.full_draws == 2  # one background with the line, one without
    assert np.mean(np.abs(pixels(box.image.value) - full_picture(box.figure))) < 0.5


def test_activation_explorer_keeps_the_picture_of_each_activation():
    from test_widgets_figure import full_picture, pixels

    box = wact.activation_explorer("sigmoid", k=5)
    box.dropdown.value = "relu"
    full = box.frames.full_draws
    box.dropdown.value = "sigmoid"  # seen before
    box.slider.value = 12
    box.dropdown.value = "relu"
    assert box.frames.full_draws == full
    assert np.mean(np.abs(pixels(box.image.value) - full_picture(box.figure))) < 0.5


def test_activation_explorer_and_fits_in_korean(korean):
    box = wact.activation_explorer("sigmoid", 5)
    assert (box.dropdown.description, box.slider.description) == ("활성화 함수", "층 수 k")
    ax_f, ax_g, ax_k = box.figure.axes
    assert ax_g.get_title() == "sigmoid의 도함수" and ax_k.get_xlabel() == "k (층 수)"
    x = np.linspace(-2, 2, 30)
    fit = wmlp.approximation_explorer(x, np.tanh(x), units=(1, 4))
    assert fit.slider.description == "은닉 유닛 수"
    assert fit.figure.axes[0].get_title().startswith("은닉 유닛 4개: MSE ")
    ax = wmlp.draw_network((2, 1), layer_names=["hidden", "my layer"])
    assert [t.get_text() for t in ax.texts if t.get_text()] == ["은닉", "my layer"]  # known names are translated
    plt.close("all")
