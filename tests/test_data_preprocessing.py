"""Splits, scalers, one-hot encoding and mini-batches."""
import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.data import (
    MinMaxScaler,
    StandardScaler,
    minibatches,
    one_hot,
    train_test_split,
    train_val_test_split,
)


def test_split_default_proportions_cover_every_row_once():
    X = np.arange(1000, dtype=float).reshape(500, 2)
    y = np.arange(500)
    (Xtr, ytr), (Xva, yva), (Xte, yte) = train_val_test_split(X, y, seed=0)
    assert (len(Xtr), len(Xva), len(Xte)) == (400, 50, 50)
    # rows stay paired with their labels, and every row lands in exactly one part
    for Xp, yp in ((Xtr, ytr), (Xva, yva), (Xte, yte)):
        np.testing.assert_array_equal(Xp[:, 0], 2 * yp)
    np.testing.assert_array_equal(np.sort(np.concatenate([ytr, yva, yte])), y)
    assert not np.array_equal(ytr[:20], np.arange(20))  # shuffled


def test_split_rounding_and_custom_sizes():
    X = np.zeros((7, 1))
    parts = train_val_test_split(X, sizes=(0.6, 0.2, 0.2), seed=0)
    # val and test get round(7 * 0.2) = 1 row each, train the other 5
    assert [len(p[0]) for p in parts] == [5, 1, 1] and parts[0][1] is None
    (a, _), (b, _) = train_test_split(np.zeros((10, 3)), test_size=0.3, seed=0)
    assert (len(a), len(b)) == (7, 3)


def test_split_deterministic_for_a_seed_and_unshuffled_option():
    X = np.arange(100)
    a = train_val_test_split(X, seed=1)[2][0]
    b = train_val_test_split(X, rng=np.random.default_rng(1))[2][0]
    c = train_val_test_split(X, seed=2)[2][0]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    (tr, _), (va, _), (te, _) = train_val_test_split(X, shuffle=False)
    np.testing.assert_array_equal(tr, np.arange(80))
    np.testing.assert_array_equal(te, np.arange(90, 100))


def test_stratified_split_keeps_class_proportions():
    y = np.repeat([0, 1, 2], [500, 300, 200])
    X = np.arange(1000)
    parts = train_val_test_split(X, y, stratify=True, seed=0)
    for _, yp in parts[1:]:  # validation and test: 50 / 30 / 20 exactly
        np.testing.assert_array_equal(np.bincount(yp), [50, 30, 20])
    np.testing.assert_array_equal(np.bincount(parts[0][1]), [400, 240, 160])
    # an unstratified split of the same data is (with this seed) not exact
    plain = train_val_test_split(X, y, seed=0)
    assert not all(np.array_equal(np.bincount(yp, minlength=3), [50, 30, 20]) for _, yp in plain[1:])
    (_, ytr), (_, yte) = train_test_split(X, y, test_size=0.1, stratify=True, seed=0)
    np.testing.assert_array_equal(np.bincount(yte), [50, 30, 20])


def test_split_errors_name_the_values():
    with pytest.raises(MLCourseError, match="10 rows.*9 rows"):
        train_val_test_split(np.zeros((10, 2)), np.zeros(9))
    with pytest.raises(MLCourseError, match="add up to 1"):
        train_val_test_split(np.zeros(10), sizes=(0.8, 0.1, 0.2))
    with pytest.raises(MLCourseError, match="needs the labels"):
        train_val_test_split(np.zeros(10), stratify=True)
    with pytest.raises(MLCourseError, match="1.5"):
        train_test_split(np.zeros(10), test_size=1.5)


def test_standard_scaler_uses_training_statistics_only():
    gen = np.random.default_rng(0)
    X_train = gen.normal([10.0, -3.0], [2.0, 0.5], size=(200, 2))
    X_test = X_train[:5] + 100.0
    scaler = StandardScaler().fit(X_train)
    Z = scaler.transform(X_train)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1)
    # test rows are scaled with the TRAINING mean and std, not their own
    np.testing.assert_allclose(scaler.transform(X_test), (X_test - X_train.mean(0)) / X_train.std(0))
    assert scaler.transform(X_test).mean() > 10
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X_test)), X_test)
    np.testing.assert_allclose(StandardScaler().fit_transform(X_train), Z)


def test_standard_scaler_by_hand_and_constant_feature():
    # column 0: mean 2, std sqrt(2/3) ; column 1 constant 5 -> std 0, divided by 1 -> zeros
    X = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    Z = StandardScaler().fit_transform(X)
    np.testing.assert_allclose(Z[:, 0], np.array([-1.0, 0.0, 1.0]) / np.sqrt(2 / 3))
    np.testing.assert_array_equal(Z[:, 1], 0.0)
    assert np.isfinite(Z).all()


def test_min_max_scaler_range_constant_feature_and_dtype():
    X = np.array([[0.0, 7.0], [5.0, 7.0], [10.0, 7.0]], dtype=np.float32)
    s = MinMaxScaler().fit(X)
    Z = s.transform(X)
    assert Z.dtype == np.float32
    np.testing.assert_allclose(Z, [[0, 0], [0.5, 0], [1, 0]])
    # values beyond the training range are not clipped: 20 -> (20 - 0) / 10 = 2
    np.testing.assert_allclose(s.transform(np.array([[20.0, 7.0]])), [[2.0, 0.0]])
    s2 = MinMaxScaler(feature_range=(-1, 1)).fit(X)
    np.testing.assert_allclose(s2.transform(X)[:, 0], [-1, 0, 1])
    np.testing.assert_allclose(s2.inverse_transform(s2.transform(X)), X, rtol=1e-6)
    # uint8 images come out float64
    assert MinMaxScaler().fit_transform(np.array([[0], [255]], dtype=np.uint8)).dtype == np.float64


def test_scaler_errors():
    with pytest.raises(MLCourseError, match="not fitted"):
        StandardScaler().transform(np.zeros((2, 2)))
    s = StandardScaler().fit(np.zeros((4, 3)))
    with pytest.raises(MLCourseError, match="3 features.*\\(4, 2\\)"):
        s.transform(np.zeros((4, 2)))
    with pytest.raises(MLCourseError, match="nan"):
        MinMaxScaler().fit(np.array([[1.0], [np.nan]]))
    with pytest.raises(MLCourseError, match="low < high"):
        MinMaxScaler(feature_range=(1, 0))


def test_one_hot():
    out = one_hot([2, 0, 1, 2])
    np.testing.assert_array_equal(out, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert out.dtype == np.float64
    assert one_hot(np.array([0, 1]), n_classes=4).shape == (2, 4)
    assert one_hot([1.0, 0.0], dtype=np.float32).dtype == np.float32
    with pytest.raises(MLCourseError, match="label 3.*3 classes"):
        one_hot([0, 3], n_classes=3)
    with pytest.raises(MLCourseError, match="-1"):
        one_hot([0, -1])
    with pytest.raises(MLCourseError, match="0.5"):
        one_hot([0.5, 1.0])


def test_minibatches_cover_every_row_once_per_epoch():
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    batches = list(minibatches(X, y, batch_size=4, seed=0))
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    seen = np.concatenate([b[1] for b in batches])
    np.testing.assert_array_equal(np.sort(seen), y)
    assert not np.array_equal(seen, y)  # shuffled
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)
    assert [len(b) for b in minibatches(X, batch_size=4, drop_last=True, shuffle=False)] == [4, 4]
    np.testing.assert_array_equal(next(iter(minibatches(X, shuffle=False, batch_size=3))), X[:3])


def test_minibatches_order_follows_the_rng():
    X = np.arange(50)
    first = [b for b in minibatches(X, batch_size=50, seed=3)][0]
    again = [b for b in minibatches(X, batch_size=50, rng=np.random.default_rng(3))][0]
    np.testing.assert_array_equal(first, again)
    gen = np.random.default_rng(3)
    epoch1 = next(minibatches(X, batch_size=50, rng=gen))
    epoch2 = next(minibatches(X, batch_size=50, rng=gen))
    assert not np.array_equal(epoch1, epoch2)  # a shared Generator gives a new order each epoch


def test_minibatches_check_at_call_time():
    with pytest.raises(MLCourseError, match="batch_size.*0"):
        minibatches(np.zeros(4), batch_size=0)
    with pytest.raises(MLCourseError, match="4 rows.*3 rows"):
        minibatches(np.zeros(4), np.zeros(3))
