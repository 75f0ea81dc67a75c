"""Callbacks: the progress lines, early stopping, lambda callbacks and the live loss plot."""
import io

import numpy as np
import pytest

from mlcourse import Dense, Sequential
from mlcourse._checks import MLCourseError
from mlcourse.callbacks import Callback, EarlyStopping, History, LambdaCallback, LiveLossPlot, ProgressBar, overrides
from mlcourse.i18n import tr


class FakeModel:
    """Just what callbacks touch: stop_training and the weights."""

    def __init__(self):
        self.stop_training = False
        self.w = np.zeros(2)

    def get_weights(self):
        return [self.w.copy()]

    def set_weights(self, weights):
        self.w[...] = weights[0]


def run_epochs(cb, values, key="val_loss", model=None):
    """Feed ``values`` as epoch logs the way fit does; return the epochs that ran."""
    model = model or FakeModel()
    cb.set_model(model)
    cb.set_params({"epochs": len(values), "metrics": [key]})
    cb.on_train_begin({})
    ran = []
    for epoch, v in enumerate(values):
        model.w[:] = epoch  # the weights "of" this epoch
        cb.on_epoch_end(epoch, {key: v})
        ran.append(epoch)
        if model.stop_training:
            break
    cb.on_train_end({})
    return ran, model


def tiny_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    return X, (X[:, 0] > 0).astype(int)


def tiny_model():
    m = Sequential([Dense(2, activation="softmax", input_dim=3)], seed=0)
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    return m


# --- ProgressBar ------------------------------------------------------------------------------

def progress_lines(verbose, epochs, stop_at=None, max_lines=10):
    out = io.StringIO()
    bar = ProgressBar(verbose, max_lines=max_lines, stream=out)
    model = FakeModel()
    bar.set_model(model)
    bar.set_params({"epochs": epochs})
    bar.on_train_begin({})
    for epoch in range(epochs):
        if epoch == stop_at:
            model.stop_training = True
        bar.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "acc": 0.5})
        if model.stop_training:
            break
    return out.getvalue().splitlines()


def test_verbose_2_prints_every_epoch_without_timings():
    lines = progress_lines(2, 3)
    assert lines == [
        "Epoch 1/3 - loss: 1.0000 - acc: 0.5000",
        "Epoch 2/3 - loss: 0.5000 - acc: 0.5000",
        "Epoch 3/3 - loss: 0.3333 - acc: 0.5000",
    ]


def test_verbose_1_thins_long_fits_to_about_ten_lines_with_a_bar():
    lines = progress_lines(1, 100)
    assert [line.split(" [")[0] for line in lines] == ["Epoch   1/100"] + [f"Epoch {e:>3}/100" for e in range(10, 101, 10)]
    assert lines[0] == "Epoch   1/100 [>...................] - loss: 1.0000 - acc: 0.5000"
    assert lines[5].startswith("Epoch  50/100 [==========>.........]")
    assert lines[-1].startswith("Epoch 100/100 [====================]")
    assert len(progress_lines(1, 7)) == 7
    assert len(progress_lines(1, 1000, max_lines=4)) == 5


def test_progress_prints_the_epoch_where_training_stopped():
    lines = progress_lines(1, 100, stop_at=42)
    assert lines[-1].startswith("Epoch  43/100 [========>...........]")


def test_fit_verbosity(capsys):
    X, y = tiny_data()
    tiny_model().fit(X, y, epochs=3, verbose=0)
    assert capsys.readouterr().out == ""
    tiny_model().fit(X, y, epochs=3, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line[:9] for line in lines] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    with pytest.raises(MLCourseError, match="verbose must be 0, 1, 2 or 'auto', received 3"):
        tiny_model().fit(X, y, verbose=3)


def test_progress_output_is_identical_on_a_rerun(capsys):
    X, y = tiny_data()
    tiny_model().fit(X, y, epochs=30, validation_split=0.25)
    first = capsys.readouterr().out
    tiny_model().fit(X, y, epochs=30, validation_split=0.25)
    assert capsys.readouterr().out == first
    assert "val_loss" in first and "val_acc" in first


# --- EarlyStopping ----------------------------------------------------------------------------

def test_early_stopping_waits_patience_epochs():
    stopper = EarlyStopping(monitor="val_loss", patience=2)
    ran, _ = run_epochs(stopper, [1.0, 0.9, 0.95, 0.96, 0.97, 0.5])
    # best at epoch 1; epochs 2 and 3 bring no improvement: the second of them stops training
    assert ran == [0, 1, 2, 3]
    assert stopper.best == 0.9 and stopper.best_epoch == 1 and stopper.stopped_epoch == 3


def test_patience_zero_stops_at_the_first_epoch_without_improvement():
    stopper = EarlyStopping(monitor="loss")
    ran, _ = run_epochs(stopper, [3.0, 2.0, 2.5, 1.0], key="loss")
    assert ran == [0, 1, 2]


def test_min_delta_and_mode_max():
    stopper = EarlyStopping(monitor="val_acc", patience=1, min_delta=0.05)
    assert stopper.mode == "max"
    ran, _ = run_epochs(stopper, [0.50, 0.53, 0.54, 0.70], key="val_acc")
    # 0.53 is not 0.05 better than 0.50: with patience 1 that stops training
    assert ran == [0, 1]
    assert stopper.best == 0.50


def test_baseline_must_be_beaten():
    stopper = EarlyStopping(monitor="val_loss", patience=2, baseline=0.5)
    ran, _ = run_epochs(stopper, [0.9, 0.8, 0.7, 0.6])
    assert ran == [0, 1]  # improving, but never below the baseline


def test_restore_best_weights_even_without_stopping():
    stopper = EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)
    ran, model = run_epochs(stopper, [1.0, 0.2, 0.4, 0.3])
    assert ran == [0, 1, 2, 3] and stopper.stopped_epoch == -1
    np.testing.assert_array_equal(model.w, [1.0, 1.0])  # the weights of epoch 1
    stopper = EarlyStopping(monitor="val_loss", patience=10)
    _, model = run_epochs(stopper, [1.0, 0.2, 0.4, 0.3])
    np.testing.assert_array_equal(model.w, [3.0, 3.0])


def test_early_stopping_without_validation_data_says_what_is_missing():
    X, y = tiny_data()
    with pytest.raises(MLCourseError, match=r"monitors 'val_loss'.*only 'loss', 'acc'.*validation_split"):
        tiny_model().fit(X, y, epochs=3, verbose=0, callbacks=[EarlyStopping()])


def test_early_stopping_checks_its_settings():
    with pytest.raises(MLCourseError, match="patience"):
        EarlyStopping(patience=-1)
    with pytest.raises(MLCourseError, match="mode"):
        EarlyStopping(mode="lowest")
    with pytest.raises(MLCourseError, match="min_delta"):
        EarlyStopping(min_delta=-0.1)


def test_early_stopping_verbose_reports(capsys):
    stopper = EarlyStopping(monitor="val_loss", patience=0, restore_best_weights=True, verbose=1)
    run_epochs(stopper, [1.0, 2.0])
    out = capsys.readouterr().out
    assert "Epoch 2: early stopping" in out and "Restored the weights of epoch 1" in out


# --- LambdaCallback and hook detection --------------------------------------------------------

def test_lambda_callback_and_overrides():
    seen = []
    cb = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    assert overrides(cb, "on_epoch_end") and not overrides(cb, "on_batch_end")
    assert not overrides(Callback(), "on_epoch_end")
    X, y = tiny_data()
    tiny_model().fit(X, y, epochs=3, verbose=0, callbacks=[cb])
    assert seen == [0, 1, 2]
    with pytest.raises(MLCourseError, match="unknown hook 'on_epoch_finish'"):
        LambdaCallback(on_epoch_finish=print)
    with pytest.raises(MLCourseError, match="callbacks must be Callback objects"):
        tiny_model().fit(X, y, callbacks=[print])


# --- LiveLossPlot -----------------------------------------------------------------------------

def test_live_loss_plot_draws_the_history(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    X, y = tiny_data()
    plot = LiveLossPlot(every=2)
    model = tiny_model()
    history = model.fit(X, y, epochs=5, verbose=0, validation_split=0.25, callbacks=[plot])
    assert [ax.get_ylabel() for ax in plot.axes] == ["loss", "acc"]
    loss_ax, acc_ax = plot.axes
    lines = {line.get_label(): line for line in loss_ax.lines}
    assert set(lines) == {"loss", "val_loss"}
    np.testing.assert_allclose(lines["val_loss"].get_ydata(), history.history["val_loss"])
    np.testing.assert_array_equal(lines["loss"].get_xdata(), [1, 2, 3, 4, 5])
    assert {line.get_label() for line in acc_ax.lines} == {"acc", "val_acc"}


def test_live_loss_plot_updates_one_display_in_a_notebook(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    IPython = pytest.importorskip("IPython")
    import IPython.display

    calls = []

    class Handle:
        def update(self, obj):
            calls.append("update")

    def fake_display(obj, display_id=None):
        calls.append("display")
        return Handle()

    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", fake_display)
    X, y = tiny_data()
    tiny_model().fit(X, y, epochs=6, verbose=0, callbacks=[LiveLossPlot(every=3)])
    # epochs 3 and 6, then the final figure at the end of training
    assert calls == ["display", "update", "update"]


def test_live_loss_plot_settings():
    with pytest.raises(MLCourseError, match="every must be a whole number >= 1"):
        LiveLossPlot(every=0)
    assert repr(LiveLossPlot(every=5)) == "LiveLossPlot(every=5)"


def test_history_repr():
    h = History()
    h.on_epoch_end(0, {"loss": 1.0})
    assert repr(h) == "History(epochs=1, keys=['loss'])"


def test_progress_and_early_stopping_lines_in_korean(korean, capsys):
    out = io.StringIO()
    bar = ProgressBar(2, stream=out)
    run_epochs(bar, [0.5, 0.25], key="loss")
    assert out.getvalue().splitlines() == ["에폭 1/2 - loss: 0.5000", "에폭 2/2 - loss: 0.2500"]
    stop = EarlyStopping("val_loss", patience=1, restore_best_weights=True, verbose=1)
    run_epochs(stop, [1.0, 2.0, 3.0])
    assert capsys.readouterr().out.splitlines() == [
        "에폭 2: 조기 종료(1 에폭 동안 val_loss 개선 없음)",
        "에폭 1의 가중치를 복원했습니다(val_loss: 1.0000)",
    ]


def test_live_loss_plot_labels_in_korean(korean):
    import matplotlib

    matplotlib.use("Agg")
    plot = LiveLossPlot()
    run_epochs(plot, [0.9, 0.5], key="loss")
    plot.history["val_loss"] = [1.0, 0.7]
    plot.draw()
    ax = plot.axes[0]
    assert ax.get_ylabel() == "손실" and ax.get_xlabel() == tr("epoch") != "epoch"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["손실", "검증 손실"]
