"""The static figures of the training notebooks (09-12) show what their text says."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse.widgets import batch_size as bsw  # noqa: E402
from mlcourse.widgets import initialization as winit  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _line_data(seed=0, n=60):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = X @ np.array([[1.0], [-2.0]]) + 0.5 + 0.1 * rng.normal(size=(n, 1))
    return X, y


# --- notebook 10: the whole-set loss by iteration ------------------------------------------------

def test_whole_set_loss_is_logged_at_log_spaced_iterations_not_only_at_epoch_ends():
    X, y = _line_data()
    run = bsw.train_linear(X, y, batch_size=1, epochs=5, learning_rate=0.05)  # 300 iterations
    its = run.logged_iterations
    assert its[0] == 1 and its[-1] == run.iterations == 300
    assert its[:12].tolist() == [1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25]  # ten per decade
    assert np.all(np.diff(its) > 0) and len(its) == 23
    assert sum(k % run.iterations_per_epoch != 0 for k in its) == 22  # all but the last are inside an epoch
    # the logged value is the loss on the whole set after that many updates: the epoch ends agree
    for epoch in range(1, 6):
        k = epoch * run.iterations_per_epoch
        if k in its:
            assert run.logged_loss[list(its).index(k)] == pytest.approx(run.epoch_loss[epoch])
    full = bsw.train_linear(X, y, batch_size=len(X), epochs=4, learning_rate=0.1)
    assert full.logged_iterations.tolist() == [1, 2, 3, 4]  # one point per update, none twice
    assert np.allclose(full.logged_loss, full.epoch_loss[1:])


def test_plot_by_iteration_draws_the_logged_points():
    X, y = _line_data()
    runs = {"B = 1": bsw.train_linear(X, y, batch_size=1, epochs=3), "B = 60": bsw.train_linear(X, y, batch_size=60, epochs=3)}
    _ax_epoch, ax_iter = bsw.plot_batch_runs(runs)
    bold = {l.get_label(): l for l in ax_iter.get_lines() if l.get_label() in runs}
    for label, run in runs.items():
        assert np.array_equal(bold[label].get_xdata(), run.logged_iterations)
        assert np.allclose(bold[label].get_ydata(), run.logged_loss)
    assert len(set(bold["B = 60"].get_xdata())) == len(bold["B = 60"].get_xdata())  # no two points at one x


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
