"""Real data sets that ship inside scikit-learn: shapes, dtypes, ranges, names."""
import numpy as np

from mlcourse.data import Dataset, load_breast_cancer, load_diabetes, load_digits, load_wine


def test_digits_shapes_dtypes_and_range():
    ds = load_digits()
    assert isinstance(ds, Dataset) and len(ds) == 1797
    assert ds.X.shape == (1797, 64) and ds.X.dtype == np.float64
    assert ds.y.shape == (1797,) and ds.y.dtype == np.int64
    assert ds.images.shape == (1797, 8, 8)
    assert ds.X.min() == 0.0 and ds.X.max() == 16.0
    np.testing.assert_array_equal(ds.images.reshape(1797, 64), ds.X)
    assert set(np.unique(ds.y)) == set(range(10))
    assert ds.target_names == tuple(str(i) for i in range(10)) and len(ds.feature_names) == 64


def test_digits_scaled_to_unit_interval():
    ds = load_digits(scale=True)
    assert ds.X.max() == 1.0 and ds.X.min() == 0.0
    np.testing.assert_allclose(ds.X * 16, load_digits().X)


def test_wine_has_features_of_very_different_scales():
    X, y = load_wine()  # a Dataset unpacks into X, y
    ds = load_wine()
    assert X.shape == (178, 13) and X.dtype == np.float64
    assert y.shape == (178,) and y.dtype == np.int64 and set(np.unique(y)) == {0, 1, 2}
    assert len(ds.feature_names) == 13 and "proline" in ds.feature_names and "hue" in ds.feature_names
    proline = X[:, ds.feature_names.index("proline")]
    hue = X[:, ds.feature_names.index("hue")]
    assert proline.mean() > 100 * hue.mean()
    assert X.std(axis=0).max() / X.std(axis=0).min() > 1000
    assert "wine" in repr(ds) and "(178, 13)" in repr(ds)


def test_breast_cancer_shapes():
    ds = load_breast_cancer()
    assert ds.X.shape == (569, 30) and ds.y.shape == (569,) and ds.y.dtype == np.int64
    assert ds.target_names == ("malignant", "benign")
    assert ds.images is None


def test_loaders_are_deterministic():
    np.testing.assert_array_equal(load_wine().X, load_wine().X)
    np.testing.assert_array_equal(load_digits().y, load_digits().y)


def test_diabetes_is_a_regression_set_with_a_column_target():
    X, y = load_diabetes()
    assert X.shape == (442, 10) and X.dtype == np.float64
    assert y.shape == (442, 1) and y.dtype == np.float64
    assert 25 <= y.min() and y.max() <= 346
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-10)  # shipped centred
