"""Training (mlcourse.training): compile, fit, the loss's own target checks, divergence as a
typed signal. The fit-versus-by-hand-loop tests live in test_dtype.py and test_model.py."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from tests.model_data import blobs, keras_snippet_model

from mlcourse import (Adam, Callback, Dense, Dropout, EarlyStopping, LambdaCallback, Sequential, TrainingDivergedWarning,
                      losses)
from mlcourse.optimizers import SGD
from mlcourse._checks import MLCourseError
from mlcourse.training import Trainer


def small_blobs(n=40, d=3, k=2, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % k
    X = rng.normal(size=(n, d)) + 2.0 * y[:, None]
    return X.astype(dtype), y


def classifier(k=2, seed=0):
    return Sequential([Dense(4, activation="tanh", input_dim=3), Dense(k, activation="softmax")], seed=seed)


def test_sequential_is_a_trainer():
    assert isinstance(classifier(), Trainer)


def test_compile_accepts_an_optimizer_class_and_refuses_other_classes():
    model = classifier()
    model.compile(optimizer=Adam, loss="sparse_categorical_crossentropy")
    assert isinstance(model.optimizer, Adam) and model.optimizer.learning_rate == 0.001
    X, y = small_blobs()
    model.fit(X, y, epochs=1, verbose=0)  # trains: no late TypeError
    with pytest.raises(MLCourseError, match="received the class Dense"):
        model.compile(optimizer=Dense, loss="mse")


def test_fit_accepts_a_single_callback():
    X, y = small_blobs()
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    seen = []
    model.fit(X, y, epochs=3, verbose=0, callbacks=LambdaCallback(on_epoch_end=lambda e, logs: seen.append(e)))
    assert seen == [0, 1, 2]
    stopper = EarlyStopping(monitor="loss", patience=0, min_delta=10.0)
    history = model.fit(X, y, epochs=5, verbose=0, callbacks=stopper)
    assert len(history.epoch) == 2 and stopper.stopped_epoch == 1  # epoch 0 sets the best
    with pytest.raises(MLCourseError, match="callbacks must be a Callback or a list of them, received str"):
        model.fit(X, y, verbose=0, callbacks="early_stopping")


def test_float16_data_trains_float16_weights():
    X, y = small_blobs(dtype=np.float16)
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    history = model.fit(X, y, epochs=2, verbose=0)
    assert model.params["0.W"].dtype == np.float16 and model.predict(X).dtype == np.float16
    assert all(math.isfinite(v) for v in history.history["loss"])


def test_a_subclass_of_a_loss_takes_the_same_targets_and_fuses():
    class MyLoss(losses.SparseCategoricalCrossentropy):
        pass

    X, y = small_blobs()
    model = classifier()
    model.compile(optimizer="sgd", loss=MyLoss())
    assert model.fused
    model.fit(X, y, epochs=1, verbose=0)  # integer labels accepted


def test_a_loss_says_which_targets_it_takes_and_checks_them():
    for loss in (losses.MeanSquaredError(), losses.BinaryCrossentropy(), losses.CategoricalCrossentropy(),
                 losses.SparseCategoricalCrossentropy(), losses.SoftmaxCrossEntropy()):
        assert isinstance(loss.targets, str) and loss.targets
    labels = losses.SparseCategoricalCrossentropy().check_targets(np.array([0.0, 2.0]), (3,))
    assert labels.dtype.kind == "i"
    with pytest.raises(MLCourseError, match="use loss='binary_crossentropy'"):
        losses.SparseCategoricalCrossentropy().check_targets(np.array([0, 1]), (1,), "fit")
    with pytest.raises(MLCourseError, match="between 0 and 1"):
        losses.BinaryCrossentropy().check_targets(np.array([0.0, 2.0]), (1,), "fit")


def test_divergence_is_a_typed_signal_not_a_searched_message():
    class LoudLoss(losses.MeanSquaredError):
        def forward(self, y_pred, y_true):
            value = super().forward(y_pred, y_true)
            if value > 1e6:
                raise losses.NonFiniteLossError("too big, by my own rule")  # any words
            return value

    X, y = small_blobs()
    model = Sequential([Dense(2, input_dim=3)], seed=0)
    model.compile(optimizer="sgd", loss=LoudLoss())
    with pytest.warns(TrainingDivergedWarning):
        history = model.fit(X * 1e4, np.eye(2)[y], epochs=3, verbose=0)
    assert history.diverged

    class StrictLoss(losses.MeanSquaredError):
        def forward(self, y_pred, y_true):
            raise MLCourseError("the loss is not something I compute")  # an ordinary error

    model.compile(optimizer="sgd", loss=StrictLoss())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(MLCourseError, match="not something I compute"):
            model.fit(X, np.eye(2)[y], epochs=1, verbose=0)


def test_fit_refuses_mistyped_settings():
    X, y = small_blobs()
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    cases = [
        (dict(epochs=2.0), "epochs must be a whole number >= 0, received epochs=2.0"),
        (dict(batch_size=True), "batch_size must be a whole number >= 1"),
        (dict(verbose=True), "verbose must be 0, 1, 2 or 'auto'"),
        (dict(shuffle="no"), "shuffle must be True or False"),
        (dict(validation_split="0.2"), "validation_split must be a number, received str '0.2'"),
        (dict(seed=1.5), "seed must be a whole number >= 0 or None"),
        (dict(validation_data=X), "validation_data must be a pair"),
    ]
    for kwargs, message in cases:
        with pytest.raises(MLCourseError, match=message.replace("(", r"\(").replace(")", r"\)")):
            model.fit(X, y, **kwargs)


def test_evaluate_and_predict_refuse_bad_batch_sizes():
    X, y = small_blobs()
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(MLCourseError, match="batch_size must be a whole number >= 1"):
        model.predict(X, batch_size=0)
    with pytest.raises(MLCourseError, match="batch_size must be a whole number >= 1"):
        model.predict(X, batch_size=2.5)
    with pytest.raises(MLCourseError, match="verbose must be 0, 1 or 2"):
        model.evaluate(X, y, verbose=5)
    np.testing.assert_allclose(model.predict(X, batch_size=7), model.predict(X))


# --- fit, evaluate and callbacks on larger problems ------------------------------------------

def _last_half(X, y):
    return X[60:], y[60:]



XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([0, 1, 1, 0])


def test_same_seed_same_history_different_seed_different():
    X, y = blobs()

    def run(seed):
        model = keras_snippet_model()
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
        return model.fit(X, y, batch_size=32, epochs=5, verbose=0, seed=seed).history

    a, b, c = run(3), run(3), run(4)
    assert a == b
    assert a["loss"] != c["loss"]


def test_fit_seed_seeds_the_weights_of_an_unbuilt_model_only():
    a = Sequential([Dense(3, input_dim=2)])
    b = Sequential([Dense(3, input_dim=2)])
    c = Sequential([Dense(3, input_dim=2)], seed=9)
    for m in (a, b, c):
        m.compile(optimizer="sgd", loss="mse")
    X, y = np.ones((4, 2)), np.zeros((4, 3))
    a.fit(X, y, epochs=0, verbose=0, seed=1)
    b.fit(X, y, epochs=0, verbose=0, seed=2)
    c.fit(X, y, epochs=0, verbose=0, seed=1)
    assert not np.array_equal(a.params["0.W"], b.params["0.W"])
    assert np.array_equal(c.params["0.W"], Sequential([Dense(3, input_dim=2)], seed=9).params["0.W"])


def test_without_seeds_a_rerun_is_identical_and_a_second_fit_reshuffles():
    X, y = blobs(n=64, d=4, k=3)

    def fresh():
        m = Sequential([Dense(8, activation="relu", input_dim=4), Dense(3, activation="softmax")])
        m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        return m

    m1, m2 = fresh(), fresh()
    h1, h2 = m1.fit(X, y, epochs=2, verbose=0), m2.fit(X, y, epochs=2, verbose=0)
    assert h1.history == h2.history
    # a second fit continues from the trained weights with its own shuffles
    m3 = fresh()
    m3.fit(X, y, epochs=2, verbose=0)
    m3.fit(X, y, epochs=2, verbose=0)
    m4 = fresh()
    m4.fit(X, y, epochs=2, verbose=0, seed=None)
    m4.fit(X, y, epochs=2, verbose=0, shuffle=False)
    assert not np.array_equal(m3.params["0.W"], m4.params["0.W"])


def test_train_step_returns_the_loss_and_updates():
    model = Sequential([Dense(1, input_dim=2)], seed=0)
    model.compile(optimizer=SGD(learning_rate=0.1), loss="mse")
    before = model.compute_loss(XOR_X, XOR_Y.astype(float))
    loss = model.train_step(XOR_X, XOR_Y.astype(float))
    assert loss == pytest.approx(before)
    assert model.compute_loss(XOR_X, XOR_Y.astype(float)) < before


def test_fit_seed_fixes_the_dropout_masks():
    X, y = blobs(n=64, d=4, k=3)

    def run(seed):
        m = Sequential([Dense(16, activation="relu", input_dim=4), Dropout(0.5), Dense(3, activation="softmax")], seed=0)
        m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        return m.fit(X, y, epochs=3, verbose=0, shuffle=False, seed=seed).history["loss"]

    assert run(1) == run(1)
    assert run(1) != run(2)  # no shuffling: only the masks differ


def test_early_stopping_restores_the_best_weights():
    X, y = blobs(n=120, d=10, k=3, seed=1)
    model = Sequential([Dense(64, activation="relu", input_dim=10), Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer=SGD(learning_rate=0.5), loss="sparse_categorical_crossentropy")
    snapshots = []
    stopper = EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    record = LambdaCallback(on_epoch_end=lambda epoch, logs: snapshots.append(model.get_weights()))
    history = model.fit(X, y, epochs=200, verbose=0, validation_split=0.5, callbacks=[stopper, record], seed=0)
    val = history.history["val_loss"]
    assert len(val) < 200, "training should have stopped early"
    best = int(np.argmin(val))
    assert stopper.best_epoch == best and stopper.stopped_epoch == len(val) - 1
    assert len(val) == best + 1 + 3  # patience 3: the third epoch without improvement stops
    for now, then in zip(model.get_weights(), snapshots[best]):
        np.testing.assert_array_equal(now, then)
    assert model.evaluate(*_last_half(X, y)) == pytest.approx(val[best])


def test_evaluate_and_predict():
    X, y = blobs(n=60, d=32)
    model = keras_snippet_model()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    loss, acc = model.evaluate(X, y)
    probs = model.predict(X)
    assert probs.shape == (60, 5)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert loss == pytest.approx(-np.mean(np.log(probs[np.arange(60), y])))
    assert acc == pytest.approx(np.mean(probs.argmax(axis=1) == y))
    assert model.evaluate(X, y, batch_size=7) == pytest.approx([loss, acc])
    np.testing.assert_allclose(model.predict(X, batch_size=7), probs)
    assert model.evaluate(X, y, return_dict=True) == {"loss": pytest.approx(loss), "acc": pytest.approx(acc)}
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    assert isinstance(model.evaluate(X, y), float)


def test_validation_data_and_metric_names():
    X, y = blobs(n=80, d=5, k=2)
    model = Sequential([Dense(1, activation="sigmoid", input_dim=5)], seed=0)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc", "mse"])
    history = model.fit(X[:60], y[:60], epochs=3, verbose=0, validation_data=(X[60:], y[60:]))
    assert list(history.history) == ["loss", "acc", "mse", "val_loss", "val_acc", "val_mse"]
    loss, acc, mse = model.evaluate(X[60:], y[60:])
    assert history.history["val_loss"][-1] == pytest.approx(loss)
    assert history.history["val_acc"][-1] == pytest.approx(acc)
    p = model.predict(X[60:]).ravel()
    assert mse == pytest.approx(np.mean((p - y[60:]) ** 2))


def test_validation_split_takes_the_last_samples():
    X, y = blobs(n=50, d=5, k=2)
    model = Sequential([Dense(2, activation="softmax", input_dim=5)], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    seen = []
    model.fit(X, y, epochs=1, batch_size=100, verbose=0, validation_split=0.2,
              callbacks=[LambdaCallback(on_batch_end=lambda b, logs: seen.append(logs["size"]))])
    assert seen == [40]


def test_callbacks_hear_every_batch_and_epoch():
    X, y = blobs(n=50, d=5, k=2)
    model = Sequential([Dense(2, activation="softmax", input_dim=5)], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    events = []

    class Recorder(Callback):
        def on_train_begin(self, logs=None):
            events.append(("begin", self.params["steps"], self.params["epochs"]))

        def on_batch_end(self, batch, logs=None):
            events.append(("batch", batch, sorted(logs)))

        def on_epoch_end(self, epoch, logs=None):
            events.append(("epoch", epoch, sorted(logs)))

        def on_train_end(self, logs=None):
            events.append(("end",))

    model.fit(X, y, batch_size=20, epochs=2, verbose=0, callbacks=[Recorder()])
    batch_keys = ["acc", "batch", "loss", "size"]
    assert events == [("begin", 3, 2)] + [("batch", b, batch_keys) for b in range(3)] + [("epoch", 0, ["acc", "loss"])] \
        + [("batch", b, batch_keys) for b in range(3)] + [("epoch", 1, ["acc", "loss"])] + [("end",)]


def test_a_callback_can_stop_training():
    X, y = blobs(n=20, d=3, k=2)
    model = Sequential([Dense(2, activation="softmax", input_dim=3)], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")

    def stop(epoch, logs):
        if epoch == 2:
            model.stop_training = True

    history = model.fit(X, y, epochs=10, verbose=0, callbacks=[LambdaCallback(on_epoch_end=stop)])
    assert history.epoch == [0, 1, 2]


def test_divergence_stops_at_once_with_a_message_and_keeps_the_history():
    X, y = blobs(n=64, d=4, k=3)
    X = X * 100
    model = Sequential([Dense(32, activation="relu", input_dim=4), Dense(3)], seed=0)
    model.compile(optimizer=SGD(learning_rate=10.0), loss="mse")
    Y = np.eye(3)[y]
    with pytest.warns(TrainingDivergedWarning) as caught:
        history = model.fit(X, Y, batch_size=8, epochs=50, verbose=0)
    message = str(caught[0].message)
    epoch, batch = history.diverged_at
    assert history.diverged
    assert f"Training diverged at epoch {epoch}, batch {batch}" in message
    assert "smaller learning rate (now 10)" in message
    assert len(history.history.get("loss", [])) == len(history.epoch) == epoch - 1 < 50
    assert all(math.isfinite(v) for v in history.history.get("loss", []))


def test_divergence_with_cross_entropy_and_nan_weights():
    X, y = blobs(n=32, d=4, k=3)
    model = Sequential([Dense(3, activation="softmax", input_dim=4)], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(X, y, epochs=1, verbose=0)
    model.params["0.W"][0, 0] = np.nan
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y, epochs=3, verbose=0)
    assert history.diverged_at == (1, 1) and history.history == {}
    assert any(issubclass(w.category, TrainingDivergedWarning) for w in caught)


def test_divergence_advice_in_korean():
    from mlcourse.i18n import set_language

    X, y = blobs(n=64, d=4, k=3)
    model = Sequential([Dense(32, activation="relu", input_dim=4), Dense(3)], seed=0)
    model.compile(optimizer=SGD(learning_rate=10.0), loss="mse")
    set_language("ko")
    try:
        with pytest.warns(TrainingDivergedWarning) as caught:
            history = model.fit(X * 100, np.eye(3)[y], batch_size=8, epochs=50, verbose=0)
    finally:
        set_language("en")
    epoch, batch = history.diverged_at
    kept = len(history.epoch)
    assert str(caught[0].message).startswith(
        f"에폭 {epoch}, 배치 {batch}에서 훈련이 발산했습니다(손실 ")
    assert str(caught[0].message).endswith(
        f"더 작은 학습률(현재 10)을 쓰거나 입력의 크기를 조정하세요. 훈련을 멈췄습니다. History에는 끝난 에폭 {kept}개가 남아 있습니다.")
