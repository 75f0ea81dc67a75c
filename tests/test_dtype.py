"""float32 in, float32 all the way: no silent upcast anywhere in a training step.

A float32 batch must give float32 activations, loss gradients, layer gradients, optimizer
state and parameters (an upcast would double memory traffic and hide in a benchmark as
"numpy is slow"). float64 stays available, and is what the gradient checks use.

Also here: the training loop's fast paths (first layer without an input gradient, labels
checked once per fit, large sets shuffled batch by batch) give exactly the numbers of the
plain by-hand loop.
"""
from __future__ import annotations

import numpy as np
import pytest

import mlcourse.training as training_module
from mlcourse import Dense, Dropout, Sequential, optimizers
from mlcourse.gradcheck import check_model

LOSSES = {
    "softmax": ("sparse_categorical_crossentropy", 3),
    "sigmoid": ("binary_crossentropy", 1),
    "linear": ("mse", 1),
}


def _data(dtype, n=40, d=5, output="softmax", seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)).astype(dtype)
    if output == "softmax":
        y = rng.integers(0, 3, size=n)
    else:
        y = (rng.random(n) < 0.5).astype(dtype)
    return X, y


def _model(output="softmax", hidden="relu", optimizer="adam", input_dim=5, dropout=False):
    loss, units = LOSSES[output]
    layers = [Dense(8, activation=hidden, input_dim=input_dim)]
    if dropout:
        layers.append(Dropout(0.2))
    layers += [Dense(6, activation=hidden), Dense(units, activation=output)]
    model = Sequential(layers, seed=0)
    model.compile(optimizer=optimizers.get(optimizer), loss=loss)
    return model


@pytest.mark.parametrize("output", list(LOSSES))
@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid", "leaky_relu", "elu", "gelu"])
def test_float32_step_stays_float32(output, hidden):
    X, y = _data(np.float32, output=output)
    model = _model(output, hidden)
    # forward: every layer's output
    out = X
    model._ensure_built(X.shape[1:], data=X)
    for layer in model.layers:
        out = layer.forward(out, training=True)
        assert out.dtype == np.float32, f"{layer!r} returned {out.dtype}"
    # loss gradient, plain and fused
    model.loss.forward(out, y)
    assert model.loss.backward().dtype == np.float32
    if hasattr(model.loss, "fused_backward"):
        assert model.loss.fused_backward().dtype == np.float32
    # backward: every input gradient and every parameter gradient
    dx = model.backward(model.loss.backward())
    assert dx.dtype == np.float32
    assert {k: g.dtype for k, g in model.grads.items()} == {k: np.dtype(np.float32) for k in model.grads}


@pytest.mark.parametrize("name", sorted(optimizers.OPTIMIZERS))
def test_fit_on_float32_keeps_params_grads_and_optimizer_state_float32(name):
    X, y = _data(np.float32)
    model = _model(optimizer=name, dropout=True)
    history = model.fit(X, y, batch_size=16, epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert all(p.dtype == np.float32 for p in model.params.values())
    assert all(g.dtype == np.float32 for g in model.grads.values())
    arrays = [v for s in model.optimizer.state.values() for v in s.values() if isinstance(v, np.ndarray)]
    assert all(a.dtype == np.float32 for a in arrays)
    assert model.predict(X).dtype == np.float32
    assert model.compute_gradients(X, y)["0.W"].dtype == np.float32


def test_train_step_and_forward_build_float32_too():
    X, y = _data(np.float32)
    m1 = _model()
    m1.train_step(X, y)
    assert m1.params["0.W"].dtype == np.float32
    m2 = Sequential([Dense(4, activation="relu"), Dense(2)], seed=0)
    assert m2.forward(X).dtype == np.float32 and m2.params["1.b"].dtype == np.float32


def test_float64_is_still_the_default_and_gradient_checks_use_it():
    X, y = _data(np.float64)
    model = _model()
    model.build()  # built without data: float64
    assert all(p.dtype == np.float64 for p in model.params.values())
    model.fit(X, y, epochs=1, verbose=0)
    assert all(p.dtype == np.float64 for p in model.params.values())
    assert max(check_model(model, X[:6], y[:6]).values()) < 1e-7


def test_explicit_layer_dtype_wins_over_the_data():
    X, y = _data(np.float32)
    model = Sequential([Dense(8, activation="relu", dtype=np.float64), Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(X, y, epochs=1, verbose=0)
    assert model.params["0.W"].dtype == np.float64 and model.params["1.W"].dtype == np.float32
    assert model.predict(X).dtype == np.float32  # outputs follow the input


def test_float32_and_float64_training_agree_to_float32_precision():
    X, y = _data(np.float64, n=64)
    m32 = _model(optimizer="sgd")
    m32._ensure_built(X.shape[1:], data=X.astype(np.float32))
    m64 = _model(optimizer="sgd")
    m64.build()
    m64.set_weights(m32.get_weights())  # the same starting point (float32 draws differ from float64 ones)
    h32 = m32.fit(X.astype(np.float32), y, batch_size=16, epochs=3, verbose=0, seed=1)
    h64 = m64.fit(X, y, batch_size=16, epochs=3, verbose=0, seed=1)
    np.testing.assert_allclose(h32.history["loss"], h64.history["loss"], rtol=1e-5)
    np.testing.assert_allclose(m32.params["0.W"], m64.params["0.W"], rtol=1e-4, atol=1e-5)


# --- fast paths give the by-hand numbers ------------------------------------------------------

def _by_hand(model, X, y, batch_size, epochs, seed):
    """The loop of the model module's docstring, with fit's shuffling."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        layer.reseed(rng)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        total = 0.0
        for s in range(0, len(X), batch_size):
            xb, yb = X[order[s:s + batch_size]], y[order[s:s + batch_size]]
            out = model.forward(xb, training=True)
            total += model.loss.forward(out, yb) * len(xb)
            model.backward(model.loss.backward())
            model.optimizer.step(model.params, model.grads)
        losses.append(total / len(X))
    return losses


@pytest.mark.parametrize("output", ["softmax", "sigmoid", "linear"])
@pytest.mark.parametrize("copy_limit", [training_module._COPY_LIMIT, 0])  # 0: batch-by-batch shuffling
def test_fit_matches_the_by_hand_loop(output, copy_limit, monkeypatch):
    monkeypatch.setattr(training_module, "_COPY_LIMIT", copy_limit)
    X, y = _data(np.float64, n=50, output=output)
    fitted = _model(output, optimizer="sgd")
    history = fitted.fit(X, y, batch_size=16, epochs=3, verbose=0, seed=4)
    by_hand = _model(output, optimizer="sgd")
    by_hand.build()
    losses = _by_hand(by_hand, X, y if output == "softmax" else y.reshape(-1, 1), 16, 3, seed=4)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-10)
    for key, p in fitted.params.items():
        np.testing.assert_allclose(p, by_hand.params[key], rtol=1e-9, atol=1e-12)


def test_backward_still_returns_the_input_gradient_after_fit():
    X, y = _data(np.float64)
    model = _model()
    model.fit(X, y, epochs=1, verbose=0)
    out = model.forward(X[:4])
    model.loss.forward(out, y[:4])
    dx = model.backward(model.loss.backward())
    assert dx is not None and dx.shape == (4, 5)
