"""Small real data sets that ship inside scikit-learn (no download, ever).

scikit-learn keeps copies of a few classic UCI data sets in its own package files, so these
loaders work on a laptop with no network. scikit-learn is imported only inside the loaders,
so ``import mlcourse`` stays numpy-only. Provenance and licences: ``data/README.md``.

Every loader returns a :class:`Dataset`; unpack it as ``X, y = load_wine()`` or use its
fields (``ds.feature_names`` ...).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Dataset", "load_digits", "load_wine", "load_breast_cancer"]


@dataclass(frozen=True, eq=False)
class Dataset:
    """Features, labels and their names.

    Attributes
    ----------
    X : ndarray of shape (N, D), float64
    y : ndarray of shape (N,), int64 class labels ``0 .. K-1``
    feature_names : tuple of str, length D
    target_names : tuple of str, length K
    name : str
    source : str
        Where the numbers come from (one line).
    images : ndarray of shape (N, H, W), float64, or None
        The same features as pictures, for image sets.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple
    target_names: tuple
    name: str
    source: str
    images: np.ndarray | None = None

    def __iter__(self):
        # lets a learner write ``X, y = load_wine()``
        return iter((self.X, self.y))

    def __len__(self) -> int:
        return len(self.X)

    def __repr__(self) -> str:
        extra = f", images {self.images.shape}" if self.images is not None else ""
        return (f"Dataset({self.name!r}: X {self.X.shape} {self.X.dtype}, y {self.y.shape} {self.y.dtype}, "
                f"{len(self.target_names)} classes{extra})")


def _from_sklearn(bunch, name: str, source: str, images=None) -> Dataset:
    return Dataset(
        X=np.ascontiguousarray(bunch.data, dtype=np.float64),
        y=np.asarray(bunch.target, dtype=np.int64),
        feature_names=tuple(str(f) for f in bunch.feature_names),
        target_names=tuple(str(t) for t in bunch.target_names),
        name=name,
        source=source,
        images=images,
    )


def load_digits(scale: bool = False) -> Dataset:
    """The 8x8 handwritten digits: 1,797 images, 10 classes (UCI optdigits test part).

    Parameters
    ----------
    scale : bool
        False (default): pixel values are the original counts 0 to 16.
        True: divide by 16, so pixels lie in [0, 1].

    Returns
    -------
    Dataset with
        X : (1797, 64) float64, the 8x8 image read row by row;
        y : (1797,) int64, the digit 0 to 9;
        images : (1797, 8, 8) float64, the same numbers as pictures;
        feature_names : "pixel_0_0" ... "pixel_7_7"; target_names : "0" ... "9".
    """
    from sklearn import datasets

    bunch = datasets.load_digits()
    X = np.ascontiguousarray(bunch.data, dtype=np.float64)
    if scale:
        X = X / 16.0
    ds = _from_sklearn(bunch, "digits", "UCI Optical Recognition of Handwritten Digits, via scikit-learn")
    return Dataset(X, ds.y, ds.feature_names, ds.target_names, ds.name, ds.source, images=X.reshape(-1, 8, 8))


def load_wine() -> Dataset:
    """The wine recognition data: 178 wines, 13 chemical measurements, 3 cultivars.

    The features have very different scales (proline is in the hundreds to over a thousand,
    hue is around 1), which makes it the set for the feature-scaling lesson.

    Returns
    -------
    Dataset with X : (178, 13) float64, y : (178,) int64 in {0, 1, 2}, 13 feature names.
    """
    from sklearn import datasets

    return _from_sklearn(datasets.load_wine(), "wine", "UCI Wine (Forina et al.), via scikit-learn")


def load_diabetes() -> Dataset:
    """The diabetes regression data: 442 patients, 10 baseline measurements, one target.

    The target is a measure of disease progression one year after baseline (25 to 346).
    scikit-learn ships the features already centred and scaled; the target is as recorded.

    Returns
    -------
    Dataset with X : (442, 10) float64, y : (442, 1) float64 (a column, ready for Dense(1)
    and mean squared error, like the course's other regression sets), 10 feature names.
    """
    from sklearn import datasets

    bunch = datasets.load_diabetes()
    return Dataset(
        X=np.ascontiguousarray(bunch.data, dtype=np.float64),
        y=np.asarray(bunch.target, dtype=np.float64).reshape(-1, 1),
        feature_names=tuple(str(f) for f in bunch.feature_names),
        target_names=("disease progression",),
        name="diabetes",
        source="Diabetes data of Efron, Hastie, Johnstone and Tibshirani (2004), via scikit-learn",
    )


def load_breast_cancer() -> Dataset:
    """The Wisconsin diagnostic breast cancer data: 569 samples, 30 features, 2 classes.

    Features range from about 0.001 (fractal dimension) to over 4,000 (worst area).
    Labels: 0 malignant, 1 benign (scikit-learn's coding).

    Returns
    -------
    Dataset with X : (569, 30) float64, y : (569,) int64 in {0, 1}, 30 feature names.
    """
    from sklearn import datasets

    return _from_sklearn(datasets.load_breast_cancer(), "breast_cancer",
                         "UCI Breast Cancer Wisconsin (Diagnostic), via scikit-learn")
