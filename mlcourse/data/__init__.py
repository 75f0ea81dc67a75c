"""Data for the course: synthetic sets, small real sets, MNIST, and preprocessing.

Nothing here downloads at import time; scikit-learn is imported only inside the loaders of
:mod:`mlcourse.data.real`, and the network is used only by ``load_mnist(download=True)``.

Shapes and dtypes (details in each docstring):

* classification generators: ``X`` float64 (N, D), ``y`` int64 (N,);
* regression generators: ``X`` float64 (N, D), ``y`` float64 (N, 1);
* ``load_digits()``, ``load_wine()``, ``load_breast_cancer()``, ``load_diabetes()``: a :class:`Dataset`
  (``X, y = load_wine()`` unpacks it);
* ``load_mnist()``: ``(X_train, y_train), (X_test, y_test)``, images uint8 (N, 28, 28),
  labels int64 (N,);
* ``load_mnist_sample()``: the same layout for 10,000 real MNIST digits shipped in the package;
* ``load_glove_sample()``: published GloVe word vectors (25,000 words, 50 dimensions) as :class:`WordVectors`.
"""
from mlcourse.data.mnist import FASHION_MNIST_CLASSES, download_mnist, load_mnist, read_idx, write_idx
from mlcourse.data.preprocessing import (
    MinMaxScaler,
    StandardScaler,
    minibatches,
    one_hot,
    train_test_split,
    train_val_test_split,
)
from mlcourse.data.real import Dataset, load_breast_cancer, load_diabetes, load_digits, load_wine
from mlcourse.data.shipped import WordVectors, load_glove_sample, load_mnist_sample
from mlcourse.data.surfaces import TEST_FUNCTIONS, Surface, get_surface
from mlcourse.data.synthetic import (
    PLAYGROUND_RANGE,
    logic_gate,
    make_blobs,
    make_circle,
    make_gaussian,
    make_line,
    make_moons,
    make_multiclass,
    make_plane,
    make_polynomial,
    make_sine,
    make_spiral,
    make_xor,
    thumbtack,
)

__all__ = [
    "PLAYGROUND_RANGE", "logic_gate", "thumbtack", "make_circle", "make_xor", "make_gaussian",
    "make_spiral", "make_moons", "make_blobs", "make_multiclass", "make_line", "make_polynomial",
    "make_sine", "make_plane",
    "TEST_FUNCTIONS", "Surface", "get_surface",
    "Dataset", "load_digits", "load_wine", "load_breast_cancer", "load_diabetes",
    "load_mnist", "download_mnist", "read_idx", "write_idx", "FASHION_MNIST_CLASSES",
    "load_mnist_sample", "load_glove_sample", "WordVectors",
    "train_val_test_split", "train_test_split", "StandardScaler", "MinMaxScaler", "one_hot", "minibatches",
]
