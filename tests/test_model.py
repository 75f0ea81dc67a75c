"""Sequential: building, forward/backward, params, weights and summary, and the by-hand loop that
fit (tests/test_training.py) must agree with."""
import math

import numpy as np
import pytest
from tests.model_data import blobs, keras_snippet_model

from mlcourse import (
    Activation,
    BatchNormalization,
    Callback,
    Dense,
    Dropout,
    LambdaCallback,
    Sequential,
)
from mlcourse._checks import MLCourseError
from mlcourse.constraints import MaxNorm
from mlcourse.gradcheck import check_model, numerical_gradient, rel_error
from mlcourse.optimizers import SGD
from mlcourse.regularizers import L1, L2


def load_digits_data():
    try:
        from mlcourse.data import load_digits
    except ImportError:  # pragma: no cover - the course package ships it
        from sklearn.datasets import load_digits as sk_load

        bunch = sk_load()
        return bunch.data / 16.0, bunch.target
    X, y = load_digits(scale=True)
    return X, y


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([0, 1, 1, 0])


# --- the acceptance snippet ----------------------------------------------------------------

def test_keras_snippet_runs_unchanged_and_records_100_epochs(capsys):
    X, y = blobs()
    batch_size = 32
    model = keras_snippet_model()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    results = model.fit(X, y, batch_size=batch_size, epochs=100)
    assert len(results.history["acc"]) == 100
    assert len(results.history["loss"]) == 100
    assert results.epoch == list(range(100))
    # plain Python floats, so a notebook shows [1.61, ...] and not [np.float64(1.61), ...]
    assert all(type(v) is float and math.isfinite(v) for key in ("loss", "acc") for v in results.history[key])
    # SGD at lr 0.01 on sigmoids is slow, but it must be learning
    assert results.history["loss"][-1] < results.history["loss"][0]
    out = capsys.readouterr().out.splitlines()
    # verbose defaults to a bar on about ten lines, the first and the last epoch included
    assert out[0].startswith("Epoch   1/100 [")
    assert out[-1].startswith("Epoch 100/100 [====================]")
    assert 10 <= len(out) <= 12
    assert f"loss: {results.history['loss'][-1]:.4f}" in out[-1]
    assert f"acc: {results.history['acc'][-1]:.4f}" in out[-1]


# --- learning -------------------------------------------------------------------------------

def test_2_2_1_sigmoid_network_solves_xor():
    model = Sequential([Dense(2, activation="sigmoid", input_dim=2), Dense(1, activation="sigmoid")], seed=1)
    model.compile(optimizer=SGD(learning_rate=2.0), loss="binary_crossentropy", metrics=["acc"])
    history = model.fit(XOR_X, XOR_Y, epochs=3000, verbose=0)
    assert history.history["acc"][-1] == 1.0
    assert history.history["loss"][-1] < 0.05
    np.testing.assert_array_equal(model.predict(XOR_X).ravel() > 0.5, XOR_Y == 1)


def test_mlp_reaches_95_percent_on_the_digits_test_set():
    X, y = load_digits_data()
    order = np.random.default_rng(0).permutation(len(X))
    test, train = order[:360], order[360:]
    model = Sequential([Dense(32, activation="relu", input_dim=64), Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X[train], y[train], batch_size=32, epochs=30, verbose=0, validation_split=0.1, seed=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    loss, acc = model.evaluate(X[test], y[test])
    assert acc >= 0.95
    assert acc == np.mean(model.predict(X[test]).argmax(axis=1) == y[test])


def test_first_batch_loss_of_an_untrained_10_class_model_is_about_ln_10():
    X, y = load_digits_data()
    model = Sequential([Dense(32, activation="relu", input_dim=64), Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    seen = []
    model.fit(X, y, batch_size=64, epochs=1, verbose=0,
              callbacks=[LambdaCallback(on_batch_end=lambda batch, logs: seen.append(logs["loss"]))])
    assert len(seen) == math.ceil(len(X) / 64)
    assert abs(seen[0] - math.log(10)) < 0.25


def test_by_hand_loop_gives_the_same_weights_as_fit():
    X, y = blobs(n=40, d=3, k=3)

    def make():
        m = Sequential([Dense(6, activation="tanh", input_dim=3, kernel_regularizer=L2(0.01)),
                        Dense(3, activation="softmax")], seed=5)
        m.compile(optimizer=SGD(learning_rate=0.1, momentum=0.9), loss="sparse_categorical_crossentropy")
        return m

    auto = make()
    auto.fit(X, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    hand = make()
    loss_fn, opt = hand.loss, hand.optimizer
    for _ in range(3):
        for start in range(0, len(X), 16):
            xb, yb = X[start:start + 16], y[start:start + 16]
            out = hand.forward(xb, training=True)
            loss_fn.forward(out, yb)
            hand.backward(loss_fn.backward())
            opt.step(hand.params, hand.grads)
            hand.apply_constraints()
    for key in auto.params:
        np.testing.assert_allclose(hand.params[key], auto.params[key], rtol=1e-10, atol=1e-12)


# --- regularization ---------------------------------------------------------------------------

def test_l2_shrinks_the_weights():
    X, y = blobs(n=100, d=10, k=3)

    def trained(reg):
        m = Sequential([Dense(16, activation="relu", input_dim=10, kernel_regularizer=reg),
                        Dense(3, activation="softmax")], seed=0)
        m.compile(optimizer=SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
        history = m.fit(X, y, epochs=20, verbose=0, seed=0)
        return m, history

    plain, h_plain = trained(None)
    shrunk, h_l2 = trained(L2(0.05))
    assert np.linalg.norm(shrunk.params["0.W"]) < 0.8 * np.linalg.norm(plain.params["0.W"])
    # the reported loss includes the penalty
    assert h_l2.history["loss"][-1] > shrunk.loss.forward(shrunk.predict(X), y)


def test_regularizer_names_resolve_and_penalty_adds_up():
    model = Sequential([Dense(4, input_dim=3, kernel_regularizer="l2"), Dense(2, kernel_regularizer=L1(0.1))], seed=0)
    model.build()
    w0, w1 = model.params["0.W"], model.params["1.W"]
    assert model.penalty() == pytest.approx(0.01 * np.sum(w0 ** 2) + 0.1 * np.sum(np.abs(w1)))


def test_max_norm_holds_after_every_step():
    X, y = blobs(n=96, d=8, k=3)
    model = Sequential([Dense(16, activation="relu", input_dim=8, kernel_constraint=MaxNorm(0.5)),
                        Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer=SGD(learning_rate=0.5), loss="sparse_categorical_crossentropy")
    norms = []

    class Watch(Callback):
        def on_batch_end(self, batch, logs=None):
            norms.append(np.linalg.norm(self.model.params["0.W"], axis=0).max())

    W = model.params["0.W"]
    model.fit(X, y, batch_size=16, epochs=5, verbose=0, callbacks=[Watch()])
    assert len(norms) == 30
    assert max(norms) <= 0.5 + 1e-12
    assert max(norms) > 0.49  # the constraint was active, not vacuous
    assert model.params["0.W"] is W  # projected in place


def test_dropout_is_identity_at_inference_and_keeps_the_mean_in_training():
    model = Sequential([Dense(50, activation="relu", input_dim=4), Dropout(0.4), Dense(2)], seed=0)
    model.build()
    x = np.abs(np.random.default_rng(0).normal(size=(4000, 4)))
    plain = Sequential([Dense(50, activation="relu", input_dim=4), Dense(2)], seed=0)
    plain.build()
    plain.set_weights([model.params[k] for k in ("0.W", "0.b", "2.W", "2.b")])
    np.testing.assert_array_equal(model.predict(x), plain.predict(x))
    np.testing.assert_array_equal(model.forward(x), model.forward(x))
    hidden = model.layers[0].forward(x)
    dropped = model.layers[1].forward(hidden, training=True)
    assert np.mean(dropped == 0) == pytest.approx(0.4 + 0.6 * np.mean(hidden == 0), abs=0.01)
    # inverted dropout scales the kept units by 1 / 0.6: the mean activation is unchanged
    assert dropped.mean() == pytest.approx(hidden.mean(), rel=0.02)
    kept = dropped != 0
    np.testing.assert_allclose(dropped[kept], hidden[kept] / 0.6)


def test_batch_normalization_trains_and_saves_its_running_statistics(tmp_path):
    X, y = blobs(n=128, d=6, k=3)
    X = X * 10 + 5
    model = Sequential([Dense(16, input_dim=6), BatchNormalization(), Activation("relu"),
                        Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    history = model.fit(X, y, epochs=30, verbose=0, seed=0)
    assert history.history["acc"][-1] > 0.9
    keys = [k for k, _ in model._weight_slots()]
    assert keys == ["0.W", "0.b", "1.gamma", "1.beta", "1.running_mean", "1.running_var", "3.W", "3.b"]
    assert not np.allclose(model.layers[1].running_mean, 0)
    model.save_weights(tmp_path / "bn.npz")
    other = Sequential([Dense(16, input_dim=6), BatchNormalization(), Activation("relu"),
                        Dense(3, activation="softmax")], seed=1)
    other.load_weights(tmp_path / "bn.npz")
    np.testing.assert_array_equal(other.predict(X), model.predict(X))
    assert "Non-trainable params: 32" in model.summary_text()


# --- gradients ------------------------------------------------------------------------------

def regularized_model(seed=0):
    model = Sequential([
        Dense(5, activation="tanh", input_dim=4, kernel_regularizer=L2(0.1)),
        Dense(4, activation="sigmoid", kernel_regularizer=L1(0.05)),
        Dense(3, activation="softmax"),
    ], seed=seed)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


def test_whole_model_gradient_with_regularization_passes_finite_differences():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(7, 4)), rng.integers(0, 3, size=7)
    errors = check_model(regularized_model(), x, y)
    assert set(errors) == {"0.W", "0.b", "1.W", "1.b", "2.W", "2.b"}
    assert max(errors.values()) < 1e-7, errors


def test_gradient_check_catches_a_missing_regularization_gradient():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(7, 4)), rng.integers(0, 3, size=7)
    model = regularized_model()
    model.build()
    for layer in model.layers:  # backward without the penalty gradient ...
        layer.regularizers.clear()
    model.penalty = lambda: float(0.1 * np.sum(model.params["0.W"] ** 2))  # ... but the loss still has it
    assert check_model(model, x, y)["0.W"] > 1e-3


@pytest.mark.parametrize("loss, act, target", [
    ("sparse_categorical_crossentropy", "softmax", "labels"),
    ("categorical_crossentropy", "softmax", "onehot"),
    ("binary_crossentropy", "sigmoid", "binary"),
    ("mse", "linear", "real"),
])
def test_gradients_pass_finite_differences_for_each_loss(loss, act, target):
    rng = np.random.default_rng(1)
    k = 1 if target == "binary" else 3
    model = Sequential([Dense(4, activation="tanh", input_dim=3), Dense(k, activation=act)], seed=2)
    model.compile(optimizer="sgd", loss=loss)
    x = rng.normal(size=(6, 3))
    y = {"labels": rng.integers(0, 3, 6), "onehot": np.eye(3)[rng.integers(0, 3, 6)],
         "binary": rng.integers(0, 2, 6).astype(float), "real": rng.normal(size=(6, 3))}[target]
    assert model.fused == (act in ("softmax", "sigmoid"))
    errors = check_model(model, x, y)
    assert max(errors.values()) < 1e-7, errors


def test_fused_and_unfused_gradients_agree():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(7, 4)), rng.integers(0, 3, size=7)
    model = regularized_model()
    fused = model.compute_gradients(x, y)
    model.fuse_gradients = False
    plain = model.compute_gradients(x, y)
    for key in fused:
        assert rel_error(fused[key], plain[key]) < 1e-9


def test_batchnorm_model_gradient_in_training_mode():
    # (with seed 0 one gradient entry is 1e-5, where central differences carry 1e-7 relative noise)
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(8, 3)), rng.integers(0, 2, size=8)
    model = Sequential([Dense(4, input_dim=3), BatchNormalization(), Activation("tanh"),
                        Dense(2, activation="softmax")], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    analytic = model.compute_gradients(x, y, training=True)
    for key, value in model.params.items():
        numeric = numerical_gradient(lambda _: model.compute_loss(x, y, training=True), value)
        if key == "0.b":  # batch normalization removes any shift: the bias has no effect
            assert np.abs(analytic[key]).max() < 1e-12 and np.abs(numeric).max() < 1e-9
        else:
            assert rel_error(analytic[key], numeric) < 1e-7, key


# --- params, weights, files -------------------------------------------------------------------

def test_params_and_grads_are_the_layers_own_arrays():
    model = Sequential([Dense(3, input_dim=2), Dropout(0.1), BatchNormalization(), Dense(1)])
    assert list(model.params) == ["0.W", "0.b", "2.gamma", "2.beta", "3.W", "3.b"]
    assert list(model.grads) == list(model.params)
    assert model.params["0.W"] is model.layers[0].params["W"]
    assert model.grads["2.gamma"] is model.layers[2].grads["gamma"]
    assert [layer.index for layer in model.layers] == [0, 1, 2, 3]
    assert model.count_params() == 6 + 3 + 3 + 3 + 3 + 1


def test_optimizer_step_on_model_params_changes_the_layers():
    model = Sequential([Dense(2, input_dim=2)], seed=0)
    model.compile(optimizer=SGD(learning_rate=1.0), loss="mse")
    model.build()
    W0 = model.layers[0].params["W"].copy()
    out = model.forward(XOR_X, training=True)
    model.loss.forward(out, np.zeros((4, 2)))
    model.backward(model.loss.backward())
    model.optimizer.step(model.params, model.grads)
    np.testing.assert_allclose(model.layers[0].params["W"], W0 - model.layers[0].grads["W"])


def test_save_and_load_round_trip_exactly(tmp_path):
    X, y = blobs(n=50, d=32)
    model = keras_snippet_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(X, y, epochs=2, verbose=0)
    path = tmp_path / "w.npz"
    model.save_weights(path)
    other = keras_snippet_model()
    other.load_weights(path)
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(model.predict(X), other.predict(X))
    with np.load(path, allow_pickle=False) as data:
        assert sorted(data.files) == sorted(model.params)


def test_load_refuses_a_file_that_does_not_fit_and_changes_nothing(tmp_path):
    small = Sequential([Dense(4, input_dim=3), Dense(2)], seed=0)
    small.save_weights(tmp_path / "small.npz")
    model = Sequential([Dense(5, input_dim=3), Dense(2)], seed=1)
    before = model.get_weights()
    with pytest.raises(MLCourseError, match=r"0\.W: the model has shape \(3, 5\), the file \(3, 4\)"):
        model.load_weights(tmp_path / "small.npz")
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    deeper = Sequential([Dense(4, input_dim=3), Dense(2), Dense(1)], seed=0)
    with pytest.raises(MLCourseError, match="2.W is missing"):
        deeper.load_weights(tmp_path / "small.npz")
    with pytest.raises(MLCourseError, match=r"\.npz"):
        small.save_weights(tmp_path / "small.pkl")


def test_set_weights_checks_every_shape_first():
    model = Sequential([Dense(2, input_dim=2), Dense(1)], seed=0)
    weights = model.get_weights()
    before = [w.copy() for w in weights]
    bad = [w + 1 for w in weights[:-1]] + [np.zeros(3)]
    with pytest.raises(MLCourseError, match=r"1\.b: expected shape \(1,\), received \(3,\)"):
        model.set_weights(bad)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(MLCourseError, match="list of 4 arrays"):
        model.set_weights(weights[:2])
    W = model.params["0.W"]
    model.set_weights([w * 2 for w in weights])
    assert model.params["0.W"] is W
    np.testing.assert_array_equal(W, before[0] * 2)


# --- evaluate, predict, summary ----------------------------------------------------------------

def test_summary_lists_layers_shapes_and_counts(capsys):
    model = keras_snippet_model()
    model.summary()
    text = capsys.readouterr().out
    assert 'Model: "sequential"' in text
    assert "dense (Dense)" in text and "dense_1 (Dense)" in text and "dense_2 (Dense)" in text
    assert "(None, 64)" in text and "(None, 256)" in text and "(None, 5)" in text
    assert "2,112" in text and "16,640" in text and "1,285" in text
    assert "Total params: 20,037" in text and "Trainable params: 20,037" in text


def test_repr_shows_the_layers():
    model = Sequential([Dense(4, activation="relu", input_dim=2), Dropout(0.5), Dense(1)], seed=3)
    assert repr(model) == "Sequential([Dense(4, activation='relu'), Dropout(0.5), Dense(1)], seed=3)"


def test_float32_data_trains_and_predicts_float32():
    X, y = blobs(n=64, d=3, k=2)
    model = Sequential([Dense(4, activation="relu"), Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
    history = model.fit(X.astype(np.float32), y, epochs=3, verbose=0)
    assert all(type(v) is float for v in history.history["acc"])
    assert model.predict(X.astype(np.float32)).dtype == np.float32


def test_embedding_first_takes_integer_ids():
    from mlcourse import Embedding, Flatten

    rng = np.random.default_rng(0)
    ids = rng.integers(0, 20, size=(100, 4))
    y = (ids[:, 0] > 9).astype(int)
    model = Sequential([Embedding(20, 3), Flatten(), Dense(2, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    history = model.fit(ids, y, epochs=60, verbose=0)
    assert history.history["acc"][-1] > 0.85
    assert "(None, 4, 3)" in model.summary_text()


def test_logits_with_softmax_cross_entropy_take_labels():
    from mlcourse.losses import SoftmaxCrossEntropy

    X, y = blobs(n=64, d=3, k=2)
    model = Sequential([Dense(2, input_dim=3)], seed=0)
    model.compile(optimizer=SGD(learning_rate=0.5), loss=SoftmaxCrossEntropy(), metrics=["sparse_categorical_accuracy"])
    assert not model.fused  # the loss applies the softmax itself
    history = model.fit(X, y, epochs=20, verbose=0)
    # the same training as a softmax output layer with sparse_categorical_crossentropy
    twin = Sequential([Dense(2, activation="softmax", input_dim=3)], seed=0)
    twin.compile(optimizer=SGD(learning_rate=0.5), loss="sparse_categorical_crossentropy", metrics=["acc"])
    twin_history = twin.fit(X, y, epochs=20, verbose=0)
    np.testing.assert_allclose(history.history["loss"], twin_history.history["loss"], rtol=1e-10)
    assert history.history["sparse_categorical_accuracy"] == twin_history.history["acc"]
    assert max(check_model(model, X[:5], y[:5]).values()) < 1e-7


# --- callbacks and divergence --------------------------------------------------------------------

# --- errors that teach -----------------------------------------------------------------------------

def test_errors_name_the_problem():
    X, y = blobs(n=20, d=32)
    model = keras_snippet_model()
    with pytest.raises(MLCourseError, match="compile"):
        model.fit(X, y)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    with pytest.raises(MLCourseError, match=r"Dense\(64, activation='sigmoid'\) \(layer 0\) expected input with 32 features, received shape \(20, 31\)"):
        model.fit(X[:, :31], y)
    bad = X.copy()
    bad[3, 4] = np.nan
    with pytest.raises(MLCourseError, match=r"x contains .*nan.* at index \(3, 4\)"):
        model.fit(bad, y)
    with pytest.raises(MLCourseError, match="label 7, but there are only 5 classes"):
        model.fit(X, np.full(20, 7))
    with pytest.raises(MLCourseError, match="20 samples but y has 19"):
        model.fit(X, y[:19])
    with pytest.raises(MLCourseError, match="sparse_categorical_crossentropy"):
        m = keras_snippet_model()
        m.compile(optimizer="sgd", loss="categorical_crossentropy")
        m.fit(X, y)
    with pytest.raises(MLCourseError, match="Unknown metric 'acuracy'"):
        model.compile(optimizer="sgd", loss="mse", metrics=["acuracy"])
    with pytest.raises(MLCourseError, match="Unknown optimizer 'sgdd'"):
        model.compile(optimizer="sgdd", loss="mse")
    with pytest.raises(MLCourseError, match="batch_size must be a whole number >= 1, received batch_size=0"):
        model.fit(X, y, batch_size=0)
    with pytest.raises(MLCourseError, match="validation_split"):
        model.fit(X, y, validation_split=1.5)
    with pytest.raises(MLCourseError, match="expects a layer"):
        Sequential(["dense"])
    with pytest.raises(MLCourseError, match="input_dim"):
        Sequential([Dense(3)]).summary()
    with pytest.raises(MLCourseError, match="between 0 and 1"):
        b = Sequential([Dense(1, activation="sigmoid", input_dim=32)])
        b.compile(optimizer="sgd", loss="binary_crossentropy")
        b.fit(X, np.full(20, 2.0))


def test_a_model_without_input_dim_builds_from_the_first_data():
    X, y = blobs(n=30, d=7, k=3)
    model = Sequential([Dense(8, activation="relu"), Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert not model.built
    model.fit(X, y, epochs=1, verbose=0)
    assert model.built and model.input_shape == (7,)
    assert model.params["0.W"].shape == (7, 8)


def test_add_after_building_builds_the_new_layer():
    model = Sequential([Dense(4, input_dim=3)], seed=0)
    model.build()
    model.add(Dense(2))
    assert model.params["1.W"].shape == (4, 2)
    assert model.forward(np.ones((5, 3))).shape == (5, 2)


def test_a_layer_written_the_textbook_way_trains_in_any_position():
    """A learner's layer with ``backward(self, dout)`` (no ``need_input_grad``) trains first,
    in the middle and last, and its input gradient reaches the model's input."""
    from mlcourse import Dense, Sequential
    from mlcourse.layers import Layer

    class Double(Layer):
        def forward(self, x, training=False):
            return 2.0 * x

        def backward(self, dout):
            return 2.0 * dout

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 1))
    for position in (0, 1, 2):
        layers = [Dense(4, activation="tanh", input_dim=3), Dense(1)]
        layers.insert(position, Double())
        model = Sequential(layers, seed=0)
        model.compile(optimizer="sgd", loss="mse")
        history = model.fit(X, y, epochs=2, batch_size=4, verbose=0)
        assert np.all(np.isfinite(history.history["loss"]))
        model.loss.forward(model.forward(X), y)
        dx = model.backward(model.loss.backward())
        assert dx.shape == X.shape and np.all(np.isfinite(dx))


def test_summary_in_korean_keeps_the_columns_aligned():
    from mlcourse.i18n import set_language
    from mlcourse.model import _width

    model = keras_snippet_model()
    set_language("ko")
    try:
        lines = model.summary_text().splitlines()
    finally:
        set_language("en")
    assert lines[0] == '모델: "sequential"'
    assert lines[-3:] == ["전체 매개변수: 20,037", "훈련되는 매개변수: 20,037", "훈련되지 않는 매개변수: 0"]
    header, first_row = lines[2], lines[4]
    # the header's columns start where the rows' columns start, counting Hangul as two columns
    shape_column = first_row.index("(None")
    assert header.startswith("층 (유형)") and _width(header[:header.index("출력 모양")]) == shape_column
    assert header.endswith("매개변수 수") and _width(header) == len(first_row)
    assert 'Model: "sequential"' in model.summary_text()
