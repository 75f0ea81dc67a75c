"""The two data files that ship inside the package: contents, checksum check, word-vector look-ups."""
import hashlib
import shutil

import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.data import WordVectors, load_glove_sample, load_mnist_sample
from mlcourse.data import shipped


def test_shipped_files_match_their_recorded_checksums():
    for name, expected in shipped.SHA256.items():
        assert hashlib.sha256((shipped.FILES / name).read_bytes()).hexdigest() == expected
        assert (shipped.FILES / name).stat().st_size < 3_000_000  # small enough for git


def test_mnist_sample_shapes_dtypes_and_classes():
    (X_train, y_train), (X_test, y_test) = load_mnist_sample()
    assert X_train.shape == (8000, 28, 28) and X_test.shape == (2000, 28, 28)
    assert X_train.dtype == np.uint8 and y_train.dtype == np.int64
    assert X_train.max() == 255 and X_train.min() == 0
    # the first 10,000 images of the original training set have these class counts
    counts = np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    assert counts.tolist() == [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
    # 20% of each class went to the test part
    assert np.bincount(y_test, minlength=10).tolist() == [round(0.2 * c) for c in counts]
    # no image is in both parts
    train_bytes = {x.tobytes() for x in X_train}
    assert not any(x.tobytes() in train_bytes for x in X_test)


def test_mnist_sample_normalize_and_flatten():
    (X_train, _), (X_test, _) = load_mnist_sample(normalize=True, flatten=True)
    assert X_train.shape == (8000, 784) and X_test.shape == (2000, 784)
    assert X_train.dtype == np.float32 and X_train.max() == 1.0 and X_train.min() == 0.0


@pytest.mark.parametrize("name, loader", [("mnist_sample.npz", load_mnist_sample),
                                          ("glove_sample.npz", load_glove_sample)])
def test_a_changed_file_is_refused(tmp_path, name, loader):
    copy = tmp_path / name
    shutil.copy(shipped.FILES / name, copy)
    loader(path=copy)  # an exact copy loads
    raw = bytearray(copy.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # flip one bit in the middle
    copy.write_bytes(bytes(raw))
    with pytest.raises(MLCourseError, match="SHA-256"):
        loader(path=copy)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(MLCourseError, match="missing"):
        load_mnist_sample(path=tmp_path / "nothing.npz")


def test_glove_sample_contents():
    wv = load_glove_sample()
    assert len(wv) == 25000 and wv.vectors.shape == (25000, 50) and wv.vectors.dtype == np.float32
    assert wv.words[:5] == ["the", "of", "to", "and", "in"]  # GloVe's frequency order, punctuation left out
    # first values of the line for "the" in the published glove.6B.50d.txt
    np.testing.assert_allclose(wv["the"][:3], [0.418, 0.24968, -0.41242], rtol=5e-4)  # float16 storage


def test_word_vector_lookups_on_a_hand_made_table():
    wv = WordVectors(["a", "b", "c", "d"], np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0]]))
    assert wv.similarity("a", "c") == pytest.approx(1 / np.sqrt(2))
    assert wv.most_similar("a", k=2) == [("c", pytest.approx(1 / np.sqrt(2))), ("b", pytest.approx(0.0))]
    # b - a + c = (0, 2): nearest among words other than a, b, c is d, with cosine 0
    assert wv.analogy("a", "b", "c") == [("d", pytest.approx(0.0))]
    with pytest.raises(KeyError, match="'zebra' is not among the 4 words"):
        wv["zebra"]
    with pytest.raises(MLCourseError, match="one row of vectors per word"):
        WordVectors(["a"], np.zeros((2, 2)))


def test_glove_sample_knows_the_classic_analogy():
    wv = load_glove_sample()
    assert wv.analogy("man", "king", "woman")[0][0] == "queen"
