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
from mlcourse.widgets import regularization as wreg  # noqa: E402


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


# --------------------------------------------------------------------------- regularization

def _tiny_runs():
    from mlcourse import Adam, Dense, Dropout, L2, Sequential

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 5))
    y = (X[:, 0] + X[:, 1] > 0).astype(np.int64)
    Xv = rng.normal(size=(20, 5))
    yv = (Xv[:, 0] + Xv[:, 1] > 0).astype(np.int64)

    def build(l2, rate):
        layers = [Dense(16, activation="relu", input_dim=5, kernel_regularizer=L2(l2) if l2 else None)]
        if rate:
            layers.append(Dropout(rate))
        layers.append(Dense(2, activation="softmax"))
        model = Sequential(layers, seed=0)
        model.compile(optimizer=Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy", metrics=["acc"])
        return model

    return wreg.run_grid(build, X, y, Xv, yv, l2_values=(0.0, 0.1), rates=(0.0, 0.5), epochs=5)


@pytest.fixture(scope="module")
def runs():
    return _tiny_runs()


def _line(ax, label):
    found = [ln for ln in ax.get_lines() if ln.get_label() == label]
    assert found, [ln.get_label() for ln in ax.get_lines()]
    return found[0]


def test_run_grid_keeps_one_history_per_pair(runs):
    assert sorted(runs) == [(0.0, 0.0), (0.0, 0.5), (0.1, 0.0), (0.1, 0.5)]
    for h in runs.values():
        assert set(h) == {"loss", "acc", "val_loss", "val_acc"}
        assert all(len(v) == 5 for v in h.values())
    # the L2 penalty is part of the training loss: with the same seed it is larger
    assert runs[(0.1, 0.0)]["loss"][0] > runs[(0.0, 0.0)]["loss"][0]
    assert wreg.grid_values(runs) == ([0.0, 0.1], [0.0, 0.5])


def test_explorer_sliders_pick_the_matching_run(runs):
    box = wreg.regularization_explorer(runs)
    ax_loss, ax_acc = box.figure.axes
    np.testing.assert_allclose(_line(ax_loss, "validation").get_ydata(), runs[(0.0, 0.0)]["val_loss"])
    box.l2.value = 0.1
    ax_loss, ax_acc = box.figure.axes
    np.testing.assert_allclose(_line(ax_loss, "train").get_ydata(), runs[(0.1, 0.0)]["loss"])
    box.rate.value = 0.5
    ax_loss, ax_acc = box.figure.axes
    np.testing.assert_allclose(_line(ax_acc, "validation").get_ydata(), runs[(0.1, 0.5)]["val_acc"])
    assert "L2 = 0.1, dropout = 0.5" in ax_loss.get_title()
    # the unregularized run is drawn behind for reference
    np.testing.assert_allclose(_line(ax_loss, "no regularization: train").get_ydata(), runs[(0.0, 0.0)]["loss"])


def test_plot_run_static_and_errors(runs):
    axes = wreg.plot_run(runs, 0.0, 0.5)
    assert len(axes) == 2
    with pytest.raises(MLCourseError, match="l2=0.3"):
        wreg.plot_run(runs, 0.3, 0.0)
    with pytest.raises(MLCourseError, match="metrics"):
        from mlcourse import Dense, Sequential

        def build(l2, rate):
            m = Sequential([Dense(2, activation="softmax", input_dim=5)], seed=0)
            m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
            return m
        wreg.run_grid(build, np.zeros((4, 5)), np.array([0, 1, 0, 1]), np.zeros((2, 5)), np.array([0, 1]),
                      l2_values=(0.0,), rates=(0.0,), epochs=1)


def test_histogram_panels_have_their_own_ranges_and_no_overflow_bar():
    values = winit.layer_outputs("normal_1", "relu", depth=4)
    panels = winit.summarize(values, "relu", "activations")
    ends = [hi for _, _, hi, _ in panels]
    assert ends == sorted(ends) and ends[-1] > 100 * ends[0]  # each layer on its own range
    for (heights, lo, hi, std), v in zip(panels, values):
        positive = v[v > 0]
        # the range is the panel's whole range, as in the static figure: every value is counted
        # in its own bin, none is clipped into an edge bar that would look like a second mode
        assert (lo, hi) == (pytest.approx(positive.min()), pytest.approx(positive.max()))
        assert heights[-1] < 0.2 * heights.max()
        assert std == pytest.approx(np.std(v))


def test_explorer_settings_redraw_bars_and_labels_only():
    box = winit.initialization_explorer(init="normal_0.01", activation="relu", depth=10)
    full = box.frames.full_draws
    box.init.value = "he_normal"
    box.activation.value = "tanh"
    assert box.frames.full_draws == full  # the ten panels keep their axes
    labels = [t.get_text() for t in box.figure.axes[9].texts if t.get_text()]
    assert len(labels) == 2 and all(len(s) <= 8 for s in labels)  # two short end labels per panel
    box.depth.value = 3
    assert len(box.figure.axes) == 3 and box.frames.full_draws == full + 1


def test_explorer_keeps_a_row_per_depth_and_reuses_deeper_outputs():
    box = winit.initialization_explorer(init="glorot_normal", activation="relu", depth=5)
    box.depth.value = 10
    deep = box.stds.copy()
    full = box.frames.full_draws
    box.depth.value = 5  # seen before: its row and its picture are kept
    assert box.frames.full_draws == full and len(box.figure.axes) == 5
    box.depth.value = 3  # the outputs of 3 layers are the first 3 of the 10-layer stack
    assert np.array_equal(box.stds, deep[:3])
    fresh = winit.per_layer_std(winit.layer_outputs("glorot_normal", "relu", 3))
    assert np.allclose(box.stds, fresh, rtol=1e-12)
    assert len(box.figure.axes) == 3


# --- notebook 12: activation and gradient histograms ----------------------------------------------

def _bar_edges(ax):
    return min(p.get_x() for p in ax.patches), max(p.get_x() + p.get_width() for p in ax.patches)


def test_relu_histograms_have_one_range_per_panel_and_nothing_clipped():
    values = winit.layer_outputs("normal_1", activation="relu", depth=4, seed=0)
    axes = winit.plot_layer_histograms("normal_1", activation="relu", depth=4, values=values)
    for ax, v in zip(axes, values):
        positive = v[v > 0]
        lo, hi = _bar_edges(ax)
        assert lo == pytest.approx(positive.min()) and hi == pytest.approx(positive.max())
        assert sum(p.get_height() for p in ax.patches) == positive.size  # every value in a bar, none piled at an edge
    assert _bar_edges(axes[3])[1] > 100 * _bar_edges(axes[0])[1]  # the panels do not share the widest range


def test_sigmoid_histograms_span_the_output_range():
    axes = winit.plot_layer_histograms("normal_0.01", activation="sigmoid", depth=2)
    for ax in axes:
        assert _bar_edges(ax) == pytest.approx((0.0, 1.0))


def test_ten_layers_are_drawn_in_two_rows_of_five():
    axes = winit.plot_layer_histograms("normal_0.01", activation="relu", depth=10)
    assert len(axes) == 10
    rows = sorted({round(ax.get_position().y0, 3) for ax in axes})
    assert len(rows) == 2
    fig = axes[0].figure
    assert fig.get_size_inches()[0] <= 12  # narrow enough for readable tick labels


def test_regularization_explorer_and_init_in_korean(korean, runs):
    box = wreg.regularization_explorer(runs, 0.0, 0.0)
    assert (box.l2.description, box.rate.description) == ("L2 페널티 강도", "드롭아웃 비율")
    ax_loss, ax_acc = box.figure.axes
    assert ax_loss.get_title() == "L2 = 0, 드롭아웃 = 0: 손실" and ax_acc.get_ylabel() == "정확도"
    assert ax_acc.get_title().startswith("마지막 에폭: 훈련 ")
    init = winit.initialization_explorer(depth=2)
    assert init.kind.options == (("활성화 값", "activations"), ("기울기", "gradients"))
    assert init.figure.axes[0].get_title().startswith("1층\n표준편차 ")
    table = winit.format_std_table(winit.std_table(depth=2)).splitlines()
    assert table[0].endswith("1층        2층")  # a Hangul letter takes two columns
    assert table[1].startswith("표준편차 1 ") and init.init.options[0] == ("표준편차 1", "normal_1")
