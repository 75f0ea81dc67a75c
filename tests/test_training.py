"""Training (mlcourse.training): compile, fit, the loss's own target checks, divergence as a
typed signal. The fit-versus-by-hand-loop tests live in test_dtype.py and test_model.py."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlcourse import Adam, Dense, EarlyStopping, LambdaCallback, Sequential, TrainingDivergedWarning, losses
from mlcourse._checks import MLCourseError
from mlcourse.training import Trainer


def blobs(n=40, d=3, k=2, seed=0, dtype=np.float64):
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
    X, y = blobs()
    model.fit(X, y, epochs=1, verbose=0)  # trains: no late TypeError
    with pytest.raises(MLCourseError, match="received the class Dense"):
        model.compile(optimizer=Dense, loss="mse")


def test_fit_accepts_a_single_callback():
    X, y = blobs()
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
    X, y = blobs(dtype=np.float16)
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    history = model.fit(X, y, epochs=2, verbose=0)
    assert model.params["0.W"].dtype == np.float16 and model.predict(X).dtype == np.float16
    assert all(math.isfinite(v) for v in history.history["loss"])


def test_a_subclass_of_a_loss_takes_the_same_targets_and_fuses():
    class MyLoss(losses.SparseCategoricalCrossentropy):
        pass

    X, y = blobs()
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

    X, y = blobs()
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
    X, y = blobs()
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
    X, y = blobs()
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(MLCourseError, match="batch_size must be a whole number >= 1"):
        model.predict(X, batch_size=0)
    with pytest.raises(MLCourseError, match="batch_size must be a whole number >= 1"):
        model.predict(X, batch_size=2.5)
    with pytest.raises(MLCourseError, match="verbose must be 0, 1 or 2"):
        model.evaluate(X, y, verbose=5)
    np.testing.assert_allclose(model.predict(X, batch_size=7), model.predict(X))
