"""Layers: every gradient by central differences, shapes, dtypes, errors that teach."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mlcourse import activations
from mlcourse._checks import MLCourseError
from mlcourse.gradcheck import check_layer
from mlcourse.constraints import MaxNorm
from mlcourse.layers import Activation, BatchNormalization, Dense, Dropout, Embedding, Flatten, Layer
from mlcourse.regularizers import L2

TOL = 1e-7
ACTIVATIONS = activations.names()


def away_from_kink(x, margin=1e-3):
    x = x.copy()
    small = np.abs(x) < margin
    x[small] = np.where(x[small] >= 0, 10 * margin, -10 * margin)
    return x


def assert_all_below(errors, tol=TOL):
    assert errors, "no gradients were checked"
    bad = {k: v for k, v in errors.items() if not v < tol}
    assert not bad, f"relative errors above {tol}: {bad}"


def dense_input_away_from_kink(layer, x):
    """Shift inputs so no pre-activation lies within 1e-3 of relu's kink."""
    z = x @ layer.params["W"] + layer.params["b"]
    close = np.abs(z) < 1e-3
    if close.any():
        x = x + 0.01  # a fresh draw of the problem; rare
    return x


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dense_gradients_each_activation(activation):
    rng = np.random.default_rng(0)
    layer = Dense(4, activation=activation)
    layer.build((None, 3), rng=rng)
    layer.params["b"][:] = rng.normal(size=4)
    x = dense_input_away_from_kink(layer, rng.normal(size=(5, 3)))
    errors = check_layer(layer, x, rng=rng)
    assert set(errors) == {"x", "W", "b"}
    assert_all_below(errors)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(n=st.integers(1, 6), d=st.integers(1, 5), units=st.integers(1, 5),
       activation=st.sampled_from(ACTIVATIONS), seed=st.integers(0, 10**6))
def test_dense_gradients_random_shapes(n, d, units, activation, seed):
    rng = np.random.default_rng(seed)
    layer = Dense(units, activation=activation)
    layer.build((None, d), rng=rng)
    x = rng.normal(size=(n, d))
    z = x @ layer.params["W"]
    if activation in ("relu", "leaky_relu", "elu", "step") and np.any(np.abs(z) < 1e-3):
        return  # too close to a kink for finite differences
    assert_all_below(check_layer(layer, x, rng=rng))


def test_dense_3d_input_acts_on_last_axis():
    rng = np.random.default_rng(1)
    layer = Dense(3, activation="tanh")
    x = rng.normal(size=(2, 4, 5))
    layer.build((None, 4, 5), rng=rng)
    assert layer.forward(x).shape == (2, 4, 3)
    assert_all_below(check_layer(layer, x, rng=rng))


def test_dense_no_bias_and_fused_backward():
    rng = np.random.default_rng(2)
    layer = Dense(3, activation="softmax", use_bias=False)
    layer.build((None, 2), rng=rng)
    assert set(layer.params) == {"W"}
    x = rng.normal(size=(4, 2))
    out = layer.forward(x)
    dz = rng.normal(size=out.shape)
    # backward_from_logits: dz is taken as the gradient w.r.t. z = x @ W.
    dx = layer.backward_from_logits(dz)
    np.testing.assert_allclose(dx, dz @ layer.params["W"].T)
    np.testing.assert_allclose(layer.grads["W"], x.T @ dz)


def test_dense_matches_hand_computation():
    layer = Dense(2, kernel_initializer="ones", bias_initializer="zeros")
    layer.build((None, 3))
    layer.params["W"][:] = [[1, 0], [0, 1], [1, 1]]
    layer.params["b"][:] = [0.5, -0.5]
    x = np.array([[1.0, 2.0, 3.0]])
    # [1*1 + 2*0 + 3*1 + 0.5, 1*0 + 2*1 + 3*1 - 0.5] = [4.5, 4.5]
    np.testing.assert_allclose(layer.forward(x), [[4.5, 4.5]])
    dx = layer.backward(np.array([[1.0, 2.0]]))
    # dx = dout @ W.T = [1*1 + 2*0, 1*0 + 2*1, 1*1 + 2*1] = [1, 2, 3]
    np.testing.assert_allclose(dx, [[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(layer.grads["W"], [[1, 2], [2, 4], [3, 6]])
    np.testing.assert_allclose(layer.grads["b"], [1, 2])


def test_grads_keep_keys_and_shapes_and_the_input_gradient_can_be_skipped():
    rng = np.random.default_rng(3)
    layer = Dense(3, activation="relu")
    layer.build((None, 2), rng=rng)
    x = rng.normal(size=(4, 2))
    dout = np.ones_like(layer.forward(x, training=True))
    dx = layer.backward(dout)
    assert list(layer.grads) == list(layer.params)
    assert all(layer.grads[k].shape == layer.params[k].shape for k in layer.params)
    full = {k: g.copy() for k, g in layer.grads.items()}
    assert layer.backward(dout, need_input_grad=False) is None  # the same grads, no dx
    for k in full:
        np.testing.assert_array_equal(layer.grads[k], full[k])
    assert dx.shape == x.shape


@pytest.mark.parametrize("make", [
    lambda: Dense(3, activation="sigmoid"),
    lambda: Activation("softmax"),
    lambda: BatchNormalization(),
    lambda: Flatten(),
])
def test_backward_leaves_inputs_unchanged(make):
    rng = np.random.default_rng(4)
    layer = make()
    x = rng.normal(size=(5, 4))
    x_copy = x.copy()
    out = layer.forward(x, training=True)
    dout = rng.normal(size=out.shape)
    dout_copy = dout.copy()
    params = {k: v.copy() for k, v in layer.params.items()}
    layer.backward(dout)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(dout, dout_copy)
    for k, v in layer.params.items():
        np.testing.assert_array_equal(v, params[k])


def test_dense_float32_end_to_end():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 3)).astype(np.float32)
    layer = Dense(4, activation="relu")
    out = layer.forward(x, training=True)  # lazy build takes the batch's dtype
    assert out.dtype == np.float32 and layer.params["W"].dtype == np.float32
    dx = layer.backward(np.ones_like(out))
    assert dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())
    # float64 parameters: the output still follows the input's dtype
    layer64 = Dense(4, activation="tanh")
    layer64.build((None, 3), rng=rng)
    out = layer64.forward(x)
    assert out.dtype == np.float32
    assert layer64.backward(np.ones_like(out)).dtype == np.float32
    assert layer64.grads["W"].dtype == np.float64


def test_dense_build_with_dtype():
    layer = Dense(2, dtype=np.float32)
    layer.build((None, 3), rng=np.random.default_rng(0))
    assert layer.params["W"].dtype == np.float32
    layer = Dense(2)
    layer.build((None, 3), rng=np.random.default_rng(0), dtype=np.float32)
    assert layer.params["b"].dtype == np.float32


def test_dense_wrong_shape_message_names_layer_and_shapes():
    layer = Dense(4)
    layer.build((None, 3), rng=np.random.default_rng(0))
    layer.index = 0
    with pytest.raises(MLCourseError) as err:
        layer.forward(np.zeros((10, 5)))
    msg = str(err.value)
    assert "Dense(4) (layer 0)" in msg and "(10, 5)" in msg and "3 features" in msg
    with pytest.raises(MLCourseError, match=r"\(10,\)"):
        layer.forward(np.zeros(10))


def test_dense_refuses_integers_and_strings():
    layer = Dense(2)
    with pytest.raises(MLCourseError, match="int64"):
        layer.forward(np.ones((2, 3), dtype=np.int64))
    with pytest.raises(MLCourseError, match="<U1"):
        layer.forward(np.array([["a", "b"]]))


def test_dense_bad_settings():
    with pytest.raises(MLCourseError, match="units=-3"):
        Dense(-3)
    with pytest.raises(MLCourseError) as err:
        Dense(3, activation="rleu")
    assert "'relu'" in str(err.value)
    with pytest.raises(MLCourseError) as err:
        Dense(3, kernel_initializer="he_nromal")
    assert "'he_normal'" in str(err.value)


def test_dense_output_shape_repr_and_declared_regularizer():
    reg, con = L2(0.1), MaxNorm(2.0)
    layer = Dense(4, activation="relu", input_dim=3, kernel_regularizer=reg, kernel_constraint=con)
    assert layer.input_shape == (3,)
    assert layer.output_shape((None, 3)) == (None, 4)
    assert repr(layer) == "Dense(4, activation='relu')"
    assert layer.kernel_regularizer is reg and layer.kernel_constraint is con
    layer.build((None, 3), rng=np.random.default_rng(0))
    assert layer.regularizers == {"W": reg} and layer.constraints == {"W": con}
    assert repr(Dense(2)) == "Dense(2)"


def test_dense_seeded_build_is_deterministic():
    a, b = Dense(3, seed=7), Dense(3, seed=7)
    x = np.ones((1, 2))
    np.testing.assert_array_equal(a.forward(x), b.forward(x))
    c, d = Dense(3), Dense(3)
    c.build((None, 2), rng=np.random.default_rng(1))
    d.build((None, 2), rng=np.random.default_rng(1))
    np.testing.assert_array_equal(c.params["W"], d.params["W"])


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_layer_gradient(name):
    rng = np.random.default_rng(6)
    x = away_from_kink(rng.normal(size=(4, 5)))
    layer = Activation(name)
    assert_all_below(check_layer(layer, x, rng=rng))
    assert layer.params == {} and layer.grads == {}


def test_activation_layer_skip_and_dtype():
    layer = Activation("softmax")
    x = np.ones((2, 3), dtype=np.float32)
    out = layer.forward(x)
    assert out.dtype == np.float32
    d = np.arange(6.0).reshape(2, 3)
    assert layer.backward_from_logits(d) is d
    assert repr(layer) == "Activation('softmax')"


def test_dropout_gradient_with_fixed_mask():
    rng = np.random.default_rng(7)
    layer = Dropout(0.4)
    x = rng.normal(size=(5, 6))
    layer.fixed_mask = (rng.random(x.shape) >= 0.4) / 0.6
    assert_all_below(check_layer(layer, x, rng=rng))
    np.testing.assert_array_equal(layer.forward(x, training=True), x * layer.fixed_mask)


def test_dropout_training_and_inference():
    layer = Dropout(0.5, seed=0)
    x = np.ones((200, 50))
    out = layer.forward(x, training=True)
    kept = out != 0
    assert set(np.unique(out)) == {0.0, 2.0}
    assert 0.45 < kept.mean() < 0.55
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), out)  # gradient flows where kept
    assert layer.forward(x, training=False) is x
    assert layer.backward(x) is x
    # same seed, same masks
    again = Dropout(0.5, seed=0).forward(x, training=True)
    np.testing.assert_array_equal(out, again)
    assert Dropout(0.5).forward(x.astype(np.float32), training=True).dtype == np.float32


def test_dropout_bad_rate():
    with pytest.raises(MLCourseError, match="rate=1.5"):
        Dropout(1.5)


@pytest.mark.parametrize("shape", [(6, 3), (4, 2, 3)])
def test_batchnorm_gradients_training(shape):
    rng = np.random.default_rng(8)
    layer = BatchNormalization()
    layer.build((None,) + shape[1:], rng=rng)
    layer.params["gamma"][:] = rng.normal(1, 0.3, size=shape[-1])
    layer.params["beta"][:] = rng.normal(size=shape[-1])
    x = rng.normal(2, 3, size=shape)
    errors = check_layer(layer, x, rng=rng, training=True)
    assert set(errors) == {"x", "gamma", "beta"}
    assert_all_below(errors)


def test_batchnorm_gradients_inference():
    rng = np.random.default_rng(9)
    layer = BatchNormalization()
    layer.build((None, 3), rng=rng)
    layer.running_mean[:] = [1, 2, 3]
    layer.running_var[:] = [0.5, 2, 4]
    assert_all_below(check_layer(layer, rng.normal(size=(5, 3)), rng=rng, training=False))


@settings(max_examples=20, deadline=None, derandomize=True)
@given(n=st.integers(3, 8), d=st.integers(1, 5), seed=st.integers(0, 10**6))  # with N = 2 the output barely depends on x
def test_batchnorm_gradients_random_shapes(n, d, seed):
    rng = np.random.default_rng(seed)
    layer = BatchNormalization(epsilon=1e-3)
    x = rng.normal(0, 2, size=(n, d))
    assert_all_below(check_layer(layer, x, rng=rng, training=True))


def test_batchnorm_statistics_and_running_update():
    rng = np.random.default_rng(10)
    x = rng.normal(5, 2, size=(1000, 2))
    layer = BatchNormalization(momentum=0.9, epsilon=1e-3)
    out = layer.forward(x, training=True)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), x.var(axis=0) / (x.var(axis=0) + 1e-3))
    # running = 0.9 * initial + 0.1 * batch (initial mean 0, var 1)
    np.testing.assert_allclose(layer.running_mean, 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(layer.running_var, 0.9 + 0.1 * x.var(axis=0))
    inference = layer.forward(x, training=False)
    np.testing.assert_allclose(inference, (x - layer.running_mean) / np.sqrt(layer.running_var + 1e-3))
    assert "gamma" in layer.params and "running_mean" not in layer.params


def test_batchnorm_float32():
    x = np.random.default_rng(11).normal(size=(8, 3)).astype(np.float32)
    layer = BatchNormalization()
    out = layer.forward(x, training=True)
    assert out.dtype == np.float32 and layer.backward(out).dtype == np.float32


def test_embedding_gradient_and_lookup():
    rng = np.random.default_rng(12)
    layer = Embedding(7, 3)
    ids = np.array([[0, 3, 3], [6, 1, 3]])  # repeated ids collect every gradient
    layer.build(ids.shape, rng=rng)
    out = layer.forward(ids)
    assert out.shape == (2, 3, 3)
    np.testing.assert_array_equal(out[1, 0], layer.params["W"][6])
    errors = check_layer(layer, ids, rng=rng)
    assert set(errors) == {"W"}
    assert_all_below(errors)
    layer.forward(ids)
    assert layer.backward(np.ones((2, 3, 3))) is None
    np.testing.assert_array_equal(layer.grads["W"][:, 0], [1, 1, 0, 3, 0, 0, 1])


def test_embedding_1d_ids_and_output_shape():
    layer = Embedding(5, 2, seed=0)
    assert layer.forward(np.array([0, 4])).shape == (2, 2)
    assert layer.output_shape((None, 10)) == (None, 10, 2)


def test_embedding_refuses_bad_ids():
    layer = Embedding(5, 2)
    with pytest.raises(MLCourseError) as err:
        layer.forward(np.array([1, 7]))
    assert "7" in str(err.value) and "0 .. 4" in str(err.value)
    with pytest.raises(MLCourseError, match="-1"):
        layer.forward(np.array([-1, 2]))
    with pytest.raises(MLCourseError, match="float64"):
        layer.forward(np.array([1.0, 2.0]))
    with pytest.raises(MLCourseError, match="input_dim=0"):
        Embedding(0, 3)


def test_flatten():
    rng = np.random.default_rng(13)
    layer = Flatten()
    x = rng.normal(size=(2, 3, 4))
    assert layer.forward(x).shape == (2, 12)
    assert layer.output_shape((None, 3, 4)) == (None, 12)
    assert_all_below(check_layer(layer, x, rng=rng))


def test_base_layer_and_reprs():
    layer = Layer()
    assert layer.params == {} and layer.grads == {} and not layer.built
    assert layer.name == "layer"
    assert Dense(3).name == "dense" and BatchNormalization().name == "batch_normalization"
    for obj in (Dropout(0.2), BatchNormalization(), Embedding(3, 2), Flatten()):
        assert type(obj).__name__ in repr(obj)


def test_backward_before_forward_is_explained():
    layer = Dense(2)
    layer.build((None, 2))
    with pytest.raises(MLCourseError, match="forward before backward"):
        layer.backward(np.ones((1, 2)))


# --- what a layer declares, and its settings ---------------------------------------------------

def test_input_shape_and_input_dim_are_checked():
    assert Dense(4, input_dim=3).input_shape == (3,)
    assert Dense(4, input_shape=[3]).input_shape == (3,)
    with pytest.raises(MLCourseError, match=r"input_shape must be a tuple of sizes such as \(3,\).*input_shape=\(3,\) or input_dim=3"):
        Dense(4, input_shape=3)
    for bad in (-1, 0, 2.0):
        with pytest.raises(MLCourseError, match=f"input_dim must be a whole number >= 1, received input_dim={bad}"):
            Dense(4, input_dim=bad)
    with pytest.raises(MLCourseError, match=r"input_shape\[1\] must be a whole number >= 1"):
        Flatten(input_shape=(3, 0))
    with pytest.raises(MLCourseError, match="input_dim or input_shape, not both"):
        Dense(4, input_dim=3, input_shape=(3,))


def test_layers_declare_weights_state_and_randomness():
    reg = L2(0.01)
    dense = Dense(2, kernel_regularizer=reg, bias_constraint="non_neg")
    dense.build((None, 3), rng=np.random.default_rng(0))
    assert dense.regularizers == {"W": reg} and list(dense.constraints) == ["b"]
    assert dense.state == {} and Layer.activation is None and dense.activation.name == "linear"
    bn = BatchNormalization()
    bn.build((None, 3))
    assert list(bn.params) == ["gamma", "beta"] and list(bn.state) == ["running_mean", "running_var"]
    assert bn.running_mean is bn.state["running_mean"]
    drop, seeded = Dropout(0.5), Dropout(0.5, seed=3)
    drop.build((None, 4))
    seeded.build((None, 4))
    keep = seeded.rng
    drop.reseed(np.random.default_rng(1))
    seeded.reseed(np.random.default_rng(1))  # a seed of its own wins
    assert seeded.rng is keep
    a = drop.forward(np.ones((2, 4)), training=True)
    drop.reseed(np.random.default_rng(1))
    np.testing.assert_array_equal(drop.forward(np.ones((2, 4)), training=True), a)
    assert Embedding(5, 2).input_kind == "ids" and Dense(2).input_kind == "floats"


def test_float16_input_builds_float16_weights():
    x = np.ones((2, 3), dtype=np.float16)
    layer = Dense(4, activation="relu", kernel_initializer="he_normal")
    assert layer.forward(x).dtype == np.float16 and layer.params["W"].dtype == np.float16


def test_layer_settings_are_checked():
    cases = [
        (lambda: Dense(2.0), "units must be a whole number >= 1, received units=2.0"),
        (lambda: Dense(2, dtype=int), "dtype must be a float dtype"),
        (lambda: Dense(2, seed=-3), "seed must be a whole number >= 0 or None"),
        (lambda: Dense(2, kernel_regularizer=0.01), "regularizer must be None, a name"),
        (lambda: Dropout("0.5"), "rate must be a number, received str '0.5'"),
        (lambda: Dropout(np.float64(1.5)), r"rate must be a number in \[0, 1\), received rate=1.5\."),
        (lambda: BatchNormalization(momentum="a"), "momentum must be a number"),
        (lambda: Embedding(3.0, 2), "input_dim must be a whole number >= 1"),
        (lambda: Dense(2, name=5), "name must be a string"),
    ]
    for make, message in cases:
        with pytest.raises(MLCourseError, match=message):
            make()
