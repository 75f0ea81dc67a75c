"""Two small real data sets that ship inside the package: MNIST digits and GloVe word vectors.

Both files live in ``mlcourse/data/files/`` and are read with ``allow_pickle=False`` after
their SHA-256 has been checked, so a damaged or replaced file is refused with an error
instead of quietly giving other numbers. Where they come from, their licences, and how
they were checked: ``data/README.md``; the scripts that made them: ``tools/``.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from mlcourse._checks import MLCourseError

FILES = Path(__file__).resolve().parent / "files"
SHA256 = {
    "mnist_sample.npz": "aea21bc41eb72b012b74c9d7d921ca8183ed652d26ceec2f2caf8a8e987f4186",
    "glove_sample.npz": "84ad3b2db7bde0d4db49078ccf24e52b613540a95736ba57674fb71e2aa3d67a",
}


def _read_checked(name: str, path=None) -> dict:
    """Every array of the shipped file ``name`` (or of ``path``), after checking its SHA-256."""
    path = FILES / name if path is None else Path(path)
    if not path.is_file():
        raise MLCourseError(f"The course file {path} is missing; it ships with mlcourse "
                            f"(reinstall the course, or run the script in tools/ that makes it).")
    got = hashlib.sha256(path.read_bytes()).hexdigest()
    if got != SHA256[name]:
        raise MLCourseError(f"{path} has SHA-256 {got}, expected {SHA256[name]}: the file is damaged "
                            f"or was replaced. Restore it from the course (git checkout -- {name}).")
    with np.load(path, allow_pickle=False) as f:
        return {key: f[key] for key in f.files}


def load_mnist_sample(normalize: bool = False, flatten: bool = False, path=None):
    """10,000 real MNIST digits (28x28) that ship with the course, split 8,000 / 2,000.

    By every check we could make (the class counts equal those of the first 10,000 original
    training images; none equals an official test image), the images are the first 10,000 of
    the original MNIST training set; ``data/README.md`` gives the details. They are split by a
    seeded draw that keeps 20% of every class for the test part.

    Parameters
    ----------
    normalize : bool
        Return float32 pixels in [0, 1] instead of uint8 in 0..255.
    flatten : bool
        Return each image as a row of 784 pixels instead of a 28x28 array.
    path : path-like, optional
        Read this file instead of the shipped one (it must have the same SHA-256).

    Returns
    -------
    (X_train, y_train), (X_test, y_test)
        X_train (8000, 28, 28) or (8000, 784); X_test (2000, ...); labels int64 0..9.
    """
    arrays = _read_checked("mnist_sample.npz", path)
    out = []
    for split in ("train", "test"):
        X, y = arrays[f"x_{split}"], arrays[f"y_{split}"].astype(np.int64)
        if flatten:
            X = X.reshape(len(X), -1)
        if normalize:
            X = X.astype(np.float32) / 255.0
        out.append((X, y))
    return tuple(out)


class WordVectors:
    """Word vectors looked up by word: ``wv["king"]``, ``wv.most_similar("king")``, ``wv.analogy(...)``.

    Attributes
    ----------
    words : list of str, (V,)
        The words, most frequent first (their integer ids are their positions).
    vectors : ndarray, (V, D) float32
    index : dict mapping word -> row of ``vectors``
    """

    def __init__(self, words, vectors):
        self.words = [str(w) for w in words]
        self.vectors = np.asarray(vectors)
        if self.vectors.ndim != 2 or len(self.words) != len(self.vectors):
            raise MLCourseError(f"WordVectors needs one row of vectors per word: received {len(self.words)} "
                                f"words and vectors of shape {self.vectors.shape}.")
        self.index = {w: i for i, w in enumerate(self.words)}
        norms = np.linalg.norm(self.vectors, axis=1, keepdims=True)
        self._unit = self.vectors / np.maximum(norms, 1e-12)

    def __repr__(self) -> str:
        return f"WordVectors({len(self.words)} words, {self.vectors.shape[1]} dimensions)"

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word) -> bool:
        return word in self.index

    def _row(self, word: str) -> int:
        if word not in self.index:
            raise KeyError(f"{word!r} is not among the {len(self.words)} words; "
                           f"the first ones are {self.words[:8]}.")
        return self.index[word]

    def __getitem__(self, word: str) -> np.ndarray:
        return self.vectors[self._row(word)]

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two words' vectors."""
        return float(self._unit[self._row(a)] @ self._unit[self._row(b)])

    def nearest(self, vector, k: int = 5, exclude=()) -> list[tuple[str, float]]:
        """The k words whose vectors have the largest cosine similarity with ``vector``."""
        v = np.asarray(vector, dtype=np.float64)
        sims = self._unit @ (v / max(np.linalg.norm(v), 1e-12))
        skip = {self.index[w] for w in exclude if w in self.index}
        order = [i for i in np.argsort(-sims) if i not in skip][:k]
        return [(self.words[i], float(sims[i])) for i in order]

    def most_similar(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        """The k nearest words to ``word`` by cosine similarity, the word itself left out."""
        return self.nearest(self[word], k, exclude=(word,))

    def analogy(self, a: str, b: str, c: str, k: int = 1) -> list[tuple[str, float]]:
        """a is to b as c is to ?: the words nearest to ``b - a + c``, leaving out a, b and c."""
        return self.nearest(self[b] - self[a] + self[c], k, exclude=(a, b, c))


def load_glove_sample(path=None) -> WordVectors:
    """The 25,000 most frequent plain words of GloVe 6B, 50 dimensions, as :class:`WordVectors`.

    Published vectors (Pennington, Socher and Manning, 2014; Public Domain Dedication and
    License), trained on 6 billion tokens of Wikipedia 2014 and Gigaword 5: far more text
    than any corpus of the course. Only the rows of words made of the letters a-z are kept,
    most frequent first; they are stored as float16 and returned as float32 (the rounding
    changes cosine similarities by at most 2.2e-4, as measured by the script that made the
    file; see ``data/README.md``).
    """
    arrays = _read_checked("glove_sample.npz", path)
    return WordVectors(arrays["words"], arrays["vectors"].astype(np.float32))
