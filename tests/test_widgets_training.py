"""Widgets of notebooks 09-11 built headless: a control change changes the output."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse.widgets import learning_rate as lrw  # noqa: E402


# --- notebook 09: learning rate ---------------------------------------------------------------
def test_parabola_path_is_geometric():
    x = lrw.parabola_path(0.2, start=10.0, steps=20)
    np.testing.assert_allclose(x, 10.0 * 0.6 ** np.arange(21))


def test_summary_line_reports_the_final_loss_and_divergence():
    # 10 * 0.6^20 = 3.656e-4, squared 1.34e-7
    assert lrw.summary_line(0.2) == "learning rate 0.2: f(x) after 20 steps = 1.3e-07"
    # lr = 1.5: x <- -2x, 10 * 2^20 ~ 1.05e7, f ~ 1.1e14
    assert lrw.summary_line(1.5) == "learning rate 1.5: f(x) after 20 steps = 1.1e+14"
    assert "diverged" in lrw.summary_line(1.5, steps=40)


def test_static_plot_draws_path_and_loss():
    import matplotlib.pyplot as plt

    ax_path, ax_loss = lrw.plot_learning_rate(0.05)
    loss = ax_loss.get_lines()[0].get_ydata()
    np.testing.assert_allclose(loss, (10 * 0.9 ** np.arange(21)) ** 2)
    assert ax_loss.get_yscale() == "log"
    plt.close(ax_path.figure)


def test_learning_rate_widget_follows_its_sliders():
    box = lrw.learning_rate_explorer(lr=0.2, start=10.0)
    assert box.last_line == "learning rate 0.2: f(x) after 20 steps = 1.3e-07"
    loss_before = box.axes[1].get_lines()[0].get_ydata().copy()
    box.lr_slider.value = 0.05
    assert box.last_line.startswith("learning rate 0.05: f(x) after 20 steps = 1.5e+00")
    loss_after = box.axes[1].get_lines()[0].get_ydata()
    np.testing.assert_allclose(loss_after, (10 * 0.9 ** np.arange(21)) ** 2)
    assert not np.allclose(loss_before, loss_after)
    box.start_slider.value = -4.0
    path_x = box.axes[0].get_lines()[1].get_xdata()  # line 0 is the parabola
    assert path_x[0] == -4.0
    assert len(box.axes[1].get_lines()) == 2  # updated in place: the loss and the below-the-axis marks


def test_learning_rate_widget_shows_the_line_above_the_figure():
    box = lrw.learning_rate_explorer(lr=1.1)
    assert box.last_line.startswith("learning rate 1.1: f(x) after 20 steps = 1.5e+05")
    assert "learning rate 1.1: f(x) after 20 steps = 1.5e+05" in box.text.value
    assert "1 - 2 lr = -1.2" in box.axes[0].get_title()


def test_a_typed_learning_rate_is_kept_as_typed():
    box = lrw.learning_rate_explorer(lr=0.2)
    assert box.lr_slider.step is None  # no grid in the browser to snap 0.9 to 0.891
    box.lr_slider.set_state({"value": 0.9})  # as the browser sends a typed value
    box.flush()
    assert box.lr_slider.value == 0.9
    assert box.last_line == lrw.summary_line(0.9)


def test_losses_below_the_axis_are_marked_not_floored():
    # lr 0.49: x shrinks by 0.02 per step, f after 20 steps = 100 * 0.02^40 ~ 1.1e-66
    box = lrw.learning_rate_explorer(lr=0.49)
    assert box.last_line.endswith("= 1.1e-66")
    loss, below = box.axes[1].get_lines()
    f = (10 * 0.02 ** np.arange(21)) ** 2
    on_axis = f >= lrw.LOSS_BOTTOM
    np.testing.assert_allclose(np.asarray(loss.get_ydata())[on_axis], f[on_axis])
    assert np.all(np.isnan(np.asarray(loss.get_ydata())[~on_axis]))  # not drawn at a floor
    assert np.all(np.asarray(below.get_ydata())[~on_axis] == lrw.LOSS_BOTTOM)  # marked on the edge
    assert box.axes[1].get_ylim() == (lrw.LOSS_BOTTOM, lrw.LOSS_TOP)


def test_loss_axis_ticks_are_whole_decades_for_a_tiny_learning_rate():
    box = lrw.learning_rate_explorer(lr=0.001)
    ticks = box.axes[1].get_yticks()
    assert set(np.round(np.log10(ticks))) == set(range(-40, 21, 10))
    assert not box.axes[1].yaxis.get_minorticklocs().size


# --- notebook 10: batch size -------------------------------------------------------------------
from mlcourse.widgets import batch_size as bsw  # noqa: E402


def _line_data(seed=0, n=60):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = X @ np.array([[1.0], [-2.0]]) + 0.5 + 0.1 * rng.normal(size=(n, 1))
    return X, y


def test_iterations_per_epoch_rounds_up():
    assert bsw.iterations_per_epoch(442, 32) == 14  # 13 * 32 = 416, 26 left over
    assert bsw.iterations_per_epoch(64, 32) == 2
    with pytest.raises(Exception, match="0"):
        bsw.iterations_per_epoch(10, 0)


def test_train_linear_records_batches_and_epochs():
    X, y = _line_data()
    run = bsw.train_linear(X, y, batch_size=16, epochs=3, learning_rate=0.1)
    assert run.iterations_per_epoch == 4 and run.iterations == 12
    assert run.epoch_loss.shape == (4,) and run.epoch_loss[-1] < run.epoch_loss[0]


def test_full_batch_makes_one_update_per_epoch_on_the_whole_set():
    X, y = _line_data()
    full = bsw.train_linear(X, y, batch_size=len(X), epochs=1, learning_rate=0.1)
    assert full.iterations == 1
    assert full.batch_loss[0] == pytest.approx(full.epoch_loss[0])  # the one batch is the whole set


def test_batch_size_widget_follows_the_slider():
    X, y = _line_data()
    box = bsw.batch_size_explorer(X, y, batch_size=4, epochs=3, learning_rate=0.05)
    assert box.last_line.startswith("batch size 4: 15 iterations per epoch, 45 updates in 3 epochs")
    first = box.axes[0].get_lines()[0].get_ydata().copy()
    box.size_slider.value = 60
    assert box.last_line.startswith("batch size 60: 1 iterations per epoch, 3 updates")
    after = box.axes[0].get_lines()[0].get_ydata()
    assert after[-1] > first[-1]  # 3 full-batch steps get less far than 45 small ones
    box.lr_slider.value = 0.5
    assert "batch size 60" in box.last_line and box.last_line != "batch size 60: 1 iterations per epoch, 3 updates in 3 epochs, final loss " + f"{after[-1]:.4f}"


def test_a_diverging_run_still_draws():
    # batch size 1 at a large learning rate reaches losses near 1e300, on which matplotlib's
    # log-scale autoscaling overflows; the figure must still render
    import matplotlib.pyplot as plt

    X, y = _line_data()
    runs = {"B = 1": bsw.train_linear(X, y, batch_size=1, epochs=8, learning_rate=2.0),
            "B = 60": bsw.train_linear(X, y, batch_size=60, epochs=8, learning_rate=0.05)}
    assert np.nanmax(runs["B = 1"].epoch_loss) > 1e100
    ax_epoch, ax_iter = bsw.plot_batch_runs(runs)
    ax_epoch.figure.canvas.draw()
    assert ax_epoch.get_ylim()[1] <= 2e4 and ax_iter.get_ylim()[1] <= 2e4
    plt.close(ax_epoch.figure)

# --- notebook 11: optimizers -------------------------------------------------------------------
from mlcourse.widgets import optimizers as ow  # noqa: E402


def test_bowl_race_sgd_is_slower_than_momentum_and_adaptive_methods():
    table = dict(ow.final_table("bowl", ow.run_race("bowl")))
    for label in ("Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"):
        assert table[label] < table["SGD"], label


def test_shared_learning_rate_overrides_the_tuned_ones():
    opts = ow.make_optimizers("bowl", ["SGD", "Adam"], learning_rate=0.01)
    assert [o.learning_rate for o in opts.values()] == [0.01, 0.01]
    assert opts["Adam"].beta_1 == 0.8  # the other race settings stay
    with pytest.raises(Exception, match="Adamm"):
        ow.make_optimizers("bowl", ["Adamm"])


def test_optimizer_widget_follows_its_controls():
    box = ow.optimizer_explorer("bowl", which=("SGD", "Adam"))
    assert [label for label, _ in box.last_table] == ["Adam", "SGD"]
    assert [ln.get_label() for ln in box.axes[1].get_lines() if ln.get_visible()] == ["SGD", "Adam"]
    box.boxes["Nesterov"].value = True
    assert {label for label, _ in box.last_table} == {"SGD", "Adam", "Nesterov"}
    sgd_tuned = dict(box.last_table)["SGD"]
    box.tuned_box.value = False
    box.lr_slider.value = 0.01          # all at 0.01: SGD barely moves in 30 steps
    assert dict(box.last_table)["SGD"] > sgd_tuned
    box.surface_menu.value = "rosenbrock"
    assert box.steps_slider.value == ow.RACES["rosenbrock"]["steps"]
    visible = [ln for ln in box.axes[1].get_lines() if ln.get_visible()]
    assert len(visible[0].get_ydata()) == box.steps_slider.value + 1


def test_race_colours_come_from_the_palette_and_no_legend_covers_the_paths():
    from mlcourse.palette import optimizer_color

    paths = ow.run_race("two_minima")
    ax_c, ax_v = ow.plot_race("two_minima", paths)
    for line in ax_v.get_lines():
        if line.get_visible() and line.get_label() in ow.METHODS:
            assert line.get_color() == optimizer_color(ow.METHODS[line.get_label()])
    assert ax_c.get_legend() is None  # nothing drawn over the contour plot
    legend = ax_v.get_legend()
    ax_c.figure.canvas.draw()
    box = legend.get_window_extent()
    assert box.x0 >= ax_v.get_window_extent().x1  # beside the value panel, not on it
    widget = ow.optimizer_explorer("two_minima")
    assert widget.axes[0].get_legend() is None
    drawn = {ln.get_label(): ln.get_color() for ln in widget.axes[0].get_lines() if ln.get_label() in ow.METHODS}
    assert drawn == {label: optimizer_color(name) for label, name in ow.METHODS.items()}


def test_optimizer_widget_redraws_whole_only_at_a_functions_first_visit():
    import io

    from PIL import Image

    box = ow.optimizer_explorer("bowl", which=("SGD", "Adam"))
    box.surface_menu.value = "saddle"
    box.surface_menu.value = "bowl"  # seen before: its picture is kept
    box.boxes["Momentum"].value = True
    box.steps_slider.value = 100  # only the animated step axis changes
    assert box.frames.full_draws == 2  # bowl and saddle, once each
    assert box.frames.fast_draws >= 3
    assert box.axes[0].get_visible() and box.axes[1].get_xlim() == (0.0, 100.0)
    shown = np.asarray(Image.open(io.BytesIO(box.image.value)).convert("RGB"), dtype=np.int16)
    buf = io.BytesIO()
    box.figure.savefig(buf, format="png", dpi=box.figure.dpi)  # the whole figure drawn from scratch
    whole = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), dtype=np.int16)
    assert np.mean(np.abs(shown - whole)) < 0.5


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


def test_training_widgets_in_korean(korean):
    X, y = _line_data()
    box = bsw.batch_size_explorer(X, y, batch_size=4, epochs=3, learning_rate=0.05)
    assert box.size_slider.description == "배치 크기"
    assert box.last_line.startswith("배치 크기 4: 에폭당 반복 15회, 3에폭 동안 갱신 45회, 최종 손실 ")
    ax_epoch, ax_iter = box.axes
    assert ax_epoch.get_title() == "에폭별" and ax_epoch.get_legend().get_texts()[0].get_text() == "배치 4 (에폭당 15회)"
    race = ow.optimizer_explorer("bowl")
    assert race.surface_menu.options[0] == ("그릇", "bowl") and race.tuned_box.description == "조정된 학습률"
    assert race.text.value.count("단계 뒤 f =") == 4
