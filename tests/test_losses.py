"""Losses: values by hand, backward by central differences, extremes, errors that teach."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mlcourse import losses as L
from mlcourse._checks import MLCourseError
from mlcourse.activations import sigmoid, softmax
from mlcourse.gradcheck import check_loss

TOL = 1e-7


def problem(seed, n=4, k=3):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, k))
    labels = rng.integers(0, k, size=n)
    onehot = np.eye(k)[labels]
    return z, labels, onehot, rng


def cases(seed, n=4, k=3):
    z, labels, onehot, rng = problem(seed, n, k)
    bits = (rng.random((n, k)) < 0.5).astype(float)
    return [
        (L.MeanSquaredError(), z, rng.normal(size=(n, k))),
        (L.BinaryCrossentropy(), sigmoid(z), bits),
        (L.BinaryCrossentropy(from_logits=True), z, bits),
        (L.CategoricalCrossentropy(), softmax(z), onehot),
        (L.CategoricalCrossentropy(from_logits=True), z, onehot),
        (L.SparseCategoricalCrossentropy(), softmax(z), labels),
        (L.SparseCategoricalCrossentropy(from_logits=True), z, labels),
        (L.SoftmaxCrossEntropy(), z, labels),
        (L.SoftmaxCrossEntropy(), z, onehot),
    ]


@pytest.mark.parametrize("i", range(9))
def test_backward_matches_finite_differences(i):
    loss, y_pred, y_true = cases(0)[i]
    assert check_loss(loss, y_pred, y_true) < TOL


@settings(max_examples=20, deadline=None, derandomize=True)
@given(i=st.integers(0, 8), n=st.integers(1, 6), k=st.integers(2, 5), seed=st.integers(0, 10**6))
def test_backward_random_shapes(i, n, k, seed):
    loss, y_pred, y_true = cases(seed, n, k)[i]
    assert check_loss(loss, y_pred, y_true) < TOL


def test_mse_by_hand():
    loss = L.MeanSquaredError()
    y = np.array([[1.0, 2.0], [0.0, 0.0]])
    t = np.array([[0.0, 0.0], [0.0, 3.0]])
    # per sample 1/2 * sum of squares: 1/2 * (1 + 4) = 2.5 and 1/2 * 9 = 4.5; mean = 3.5
    assert loss.forward(y, t) == pytest.approx(3.5)
    # (y - t) / N = [[1, 2], [0, -3]] / 2
    np.testing.assert_allclose(loss.backward(), [[0.5, 1.0], [0.0, -1.5]])
    # (N,) targets for (N, 1) predictions are accepted
    assert L.MeanSquaredError().forward(np.array([[1.0], [3.0]]), np.array([0.0, 1.0])) == pytest.approx(
        (0.5 * 1 + 0.5 * 4) / 2)


def test_cross_entropies_agree():
    z, labels, onehot, _ = problem(1)
    p = softmax(z)
    expected = -np.mean(np.log(p[np.arange(4), labels]))
    values = [
        L.CategoricalCrossentropy().forward(p, onehot),
        L.CategoricalCrossentropy(from_logits=True).forward(z, onehot),
        L.SparseCategoricalCrossentropy().forward(p, labels),
        L.SparseCategoricalCrossentropy(from_logits=True).forward(z, labels),
        L.SoftmaxCrossEntropy().forward(z, labels),
    ]
    np.testing.assert_allclose(values, expected, rtol=1e-12)


def test_bce_by_hand():
    # -(log 0.8 + log(1 - 0.4)) / 2
    value = L.BinaryCrossentropy().forward(np.array([[0.8], [0.4]]), np.array([[1.0], [0.0]]))
    assert value == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)


@pytest.mark.parametrize("i", [1, 3, 5])
def test_fused_backward_is_gradient_wrt_logits(i):
    # For probability losses, fused_backward() = d loss / d logits = (p - y) / N.
    loss, p, y_true = cases(2)[i]
    logits_loss = cases(2)[i + 1][0]
    z = cases(2)[i + 1][1]
    loss.forward(p, y_true)
    logits_loss.forward(z, y_true)
    np.testing.assert_allclose(loss.fused_backward(), logits_loss.backward(), rtol=1e-12)
    assert loss.fuses_with in ("softmax", "sigmoid")


def test_confident_wrong_predictions_are_large_and_finite():
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]])
    labels = np.array([1, 2])
    onehot = np.eye(3)[labels]
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(z)
        for loss, y_pred, y_true in [
            (L.CategoricalCrossentropy(), p, onehot),
            (L.SparseCategoricalCrossentropy(), p, labels),
            (L.CategoricalCrossentropy(from_logits=True), z, onehot),
            (L.SparseCategoricalCrossentropy(from_logits=True), z, labels),
            (L.SoftmaxCrossEntropy(), z, labels),
        ]:
            value = loss.forward(y_pred, y_true)
            grad = loss.backward()
            assert np.isfinite(value) and value > 10
            assert np.all(np.isfinite(grad))
    # from logits: loss = mean of (2e4, 1e4) exactly
    assert L.SoftmaxCrossEntropy().forward(z, labels) == pytest.approx(1.5e4)
    # from probabilities: clipped at 1e-7, so -log(1e-7) per sample
    assert L.SparseCategoricalCrossentropy().forward(p, labels) == pytest.approx(-np.log(1e-7))


def test_bce_extremes():
    z = np.array([[1e4], [-1e4], [1e4]])
    t = np.array([[0.0], [1.0], [1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        logits_loss = L.BinaryCrossentropy(from_logits=True)
        assert logits_loss.forward(z, t) == pytest.approx(2e4 / 3)
        assert np.all(np.isfinite(logits_loss.backward()))
        prob_loss = L.BinaryCrossentropy()
        value = prob_loss.forward(sigmoid(z), t)
        assert np.isfinite(value) and value == pytest.approx(2 * -np.log(1e-7) / 3, rel=1e-6)
        assert np.all(np.isfinite(prob_loss.backward()))


@pytest.mark.parametrize("i", range(9))
def test_float32_preserved_and_inputs_unchanged(i):
    loss, y_pred, y_true = cases(3)[i]
    y32 = y_pred.astype(np.float32)
    t = y_true.astype(np.float32) if y_true.dtype.kind == "f" else y_true
    y_copy, t_copy = y32.copy(), t.copy()
    value = loss.forward(y32, t)
    grad = loss.backward()
    assert isinstance(value, float)
    assert grad.dtype == np.float32 and grad.shape == y32.shape
    np.testing.assert_array_equal(y32, y_copy)
    np.testing.assert_array_equal(t, t_copy)


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(MLCourseError) as err:
        L.MeanSquaredError().forward(np.zeros((4, 3)), np.zeros((4, 2)))
    assert "(4, 3)" in str(err.value) and "(4, 2)" in str(err.value)
    with pytest.raises(MLCourseError) as err:
        L.SparseCategoricalCrossentropy().forward(np.full((4, 3), 1 / 3), np.array([0, 1]))
    assert "(4, 3)" in str(err.value) and "(2,)" in str(err.value)


def test_label_out_of_range_names_the_label():
    p = np.full((3, 3), 1 / 3)
    for loss in (L.SparseCategoricalCrossentropy(), L.SoftmaxCrossEntropy()):
        with pytest.raises(MLCourseError) as err:
            loss.forward(p, np.array([0, 5, 1]))
        assert "5" in str(err.value) and "3 classes" in str(err.value)
    with pytest.raises(MLCourseError, match="-1"):
        L.SparseCategoricalCrossentropy().forward(p, np.array([0, -1, 1]))


def test_nan_is_reported():
    y = np.array([[0.1, np.nan], [0.2, 0.3]])
    with pytest.raises(MLCourseError, match="nan"):
        L.MeanSquaredError().forward(y, np.zeros((2, 2)))
    with pytest.raises(MLCourseError, match="nan"):
        L.CategoricalCrossentropy().forward(y, np.eye(2))


def test_wrong_dtype():
    with pytest.raises(MLCourseError, match="dtype"):
        L.MeanSquaredError().forward(np.array([["a"]]), np.zeros((1, 1)))
    with pytest.raises(MLCourseError, match="dtype"):
        L.SparseCategoricalCrossentropy().forward(np.full((1, 2), 0.5), np.array(["cat"]))


def test_backward_before_forward():
    with pytest.raises(MLCourseError, match="forward before backward"):
        L.MeanSquaredError().backward()


def test_get():
    assert isinstance(L.get("mse"), L.MeanSquaredError)
    assert isinstance(L.get("mean_squared_error"), L.MeanSquaredError)
    assert isinstance(L.get("binary_crossentropy"), L.BinaryCrossentropy)
    assert isinstance(L.get("categorical_crossentropy"), L.CategoricalCrossentropy)
    assert isinstance(L.get("Sparse_Categorical_Crossentropy"), L.SparseCategoricalCrossentropy)
    assert L.get("binary_crossentropy", from_logits=True).from_logits
    obj = L.SoftmaxCrossEntropy()
    assert L.get(obj) is obj
    with pytest.raises(MLCourseError) as err:
        L.get("mae")
    assert "'mse'" in str(err.value) and "'sparse_categorical_crossentropy'" in str(err.value)
    with pytest.raises(MLCourseError, match="mse"):
        L.get(3)


def test_loss_settings_and_targets_are_checked():
    with pytest.raises(MLCourseError, match="from_logits must be True or False, received str 'no'"):
        L.SparseCategoricalCrossentropy(from_logits="no")
    with pytest.raises(MLCourseError, match="only apply to a loss name or class"):
        L.get(L.MeanSquaredError(), from_logits=True)
    with pytest.raises(MLCourseError, match="y_true must be between 0 and 1"):
        L.BinaryCrossentropy().forward(np.full((3, 1), 0.5), np.full(3, 2.0))
    with pytest.raises(MLCourseError, match="one output per class"):
        L.SparseCategoricalCrossentropy().forward(np.full((3, 1), 0.5), np.array([0, 1, 1]))


def test_a_non_finite_loss_raises_the_typed_error():
    with pytest.raises(L.NonFiniteLossError):
        L.MeanSquaredError().forward(np.array([[np.inf]]), np.array([[0.0]]))
