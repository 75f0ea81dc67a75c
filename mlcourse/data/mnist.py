"""MNIST and Fashion-MNIST from local files, with an optional checked download.

The loader never touches the network unless asked (``download=True``). It looks for the
files in this order and uses the first folder that has a complete set:

1. ``path``, when given (then only there);
2. ``data/mnist/`` or ``data/fashion_mnist/`` in the course folder;
3. ``$MLCOURSE_DATA/mnist/`` (or ``fashion_mnist/``), when that variable is set;
4. ``~/.cache/mlcourse/mnist/`` (or ``fashion_mnist/``).

A complete set is either the four standard IDX files, gzipped or not::

    train-images-idx3-ubyte[.gz]   train-labels-idx1-ubyte[.gz]
    t10k-images-idx3-ubyte[.gz]    t10k-labels-idx1-ubyte[.gz]

(``train-images.idx3-ubyte`` with a dot is accepted too), or one ``mnist.npz`` /
``fashion_mnist.npz`` holding the arrays ``x_train, y_train, x_test, y_test`` (Keras' layout;
read with ``allow_pickle=False``).

Downloads go to a temporary file in the target folder, are checked against the SHA-256
sums below, and only then renamed into place (``os.replace``), so an interrupted download
or a wrong checksum leaves no file behind.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

from mlcourse._checks import MLCourseError
from mlcourse.i18n import tr

__all__ = ["load_mnist", "read_idx", "write_idx", "download_mnist", "mnist_folders",
           "FASHION_MNIST_CLASSES", "MNIST_FILES", "SHA256", "MIRRORS"]

#: The four IDX files, keyed by part (gzipped names, as distributed).
MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}

#: Published SHA-256 sums of the gzipped files (the same four names for both kinds).
SHA256 = {
    "mnist": {
        "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    },
    "fashion": {
        "train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        "train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        "t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        "t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    },
}

#: Mirrors tried in order; the original MNIST page is last because it often answers 403.
MIRRORS = {
    "mnist": [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ],
    "fashion": [
        "https://fashion-mnist.s3.eu-central-1.amazonaws.com/",
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ],
}

#: Fashion-MNIST label names, by class number.
FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")

_FOLDER = {"mnist": "mnist", "fashion": "fashion_mnist"}
_NPZ = {"mnist": "mnist.npz", "fashion": "fashion_mnist.npz"}
_KIND_ALIASES = {"mnist": "mnist", "digits": "mnist", "fashion": "fashion", "fashion_mnist": "fashion",
                 "fashion-mnist": "fashion"}
_REPO_DATA = Path(__file__).resolve().parents[2] / "data"

# IDX type codes -> big-endian numpy dtypes
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_IDX_CODES = {np.dtype(v).newbyteorder("="): k for k, v in _IDX_DTYPES.items()}


# --------------------------------------------------------------------------- IDX files
def _read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] != b"\x1f\x8b":  # not gzipped
        return raw
    try:
        return gzip.decompress(raw)
    except EOFError:
        raise MLCourseError(
            f"{path} is a truncated gzip file ({len(raw)} bytes): the download was probably "
            "interrupted. Delete it and download it again."
        ) from None
    except (OSError, zlib.error) as exc:
        raise MLCourseError(f"{path} is not a valid gzip file ({exc}). Delete it and download it again.") from None


def read_idx(path) -> np.ndarray:
    """Read one IDX file (gzipped or not; told apart by content, not by name).

    The IDX format: two zero bytes, a type code (0x08 for unsigned bytes), the number of
    dimensions, then each dimension as a big-endian 32-bit integer, then the values.
    MNIST images have magic number 0x00000803 (3 dimensions), labels 0x00000801.

    Returns
    -------
    ndarray of the shape stored in the header, in native byte order (uint8 for MNIST).

    Raises
    ------
    MLCourseError
        If the file is not IDX, is truncated, or has bytes left over; the message names the
        file and the expected and actual sizes.
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_DTYPES:
        raise MLCourseError(
            f"{path} is not an IDX file: it starts with bytes {data[:4].hex(' ') or '(none)'}, "
            "expected 00 00 <type code> <number of dimensions> (e.g. 00 00 08 03 for MNIST images)."
        )
    dtype = np.dtype(_IDX_DTYPES[data[2]])
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise MLCourseError(f"{path} is truncated: its header needs {header} bytes, the file has {len(data)}.")
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        what = "truncated" if len(data) < expected else "longer than its header says"
        raise MLCourseError(
            f"{path} is {what}: a {dtype.newbyteorder('=')} array of shape {shape} needs {expected} bytes "
            f"(uncompressed), the file has {len(data)}. Delete it and download it again."
        )
    arr = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return arr.astype(dtype.newbyteorder("="))


def write_idx(path, array) -> Path:
    """Write ``array`` as an IDX file; gzipped when ``path`` ends in ``.gz``.

    Supports uint8, int8, int16, int32, float32 and float64 arrays of 1 to 255 dimensions.
    Returns the path written.
    """
    path = Path(path)
    arr = np.asarray(array)
    code = _IDX_CODES.get(arr.dtype.newbyteorder("="))
    if code is None:
        known = ", ".join(str(np.dtype(v).newbyteorder("=")) for v in _IDX_DTYPES.values())
        raise MLCourseError(f"write_idx cannot store dtype {arr.dtype}; IDX holds {known}.")
    if not 1 <= arr.ndim <= 255:
        raise MLCourseError(f"write_idx needs an array of 1 to 255 dimensions, received shape {arr.shape}.")
    header = bytes([0, 0, code, arr.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    payload = header + arr.astype(_IDX_DTYPES[code]).tobytes()
    path.write_bytes(gzip.compress(payload) if path.name.endswith(".gz") else payload)
    return path


# --------------------------------------------------------------------------- finding files
def _kind(kind: str) -> str:
    key = str(kind).lower()
    if key not in _KIND_ALIASES:
        raise MLCourseError(f"Unknown kind {kind!r}. Known kinds: 'mnist', 'fashion'.")
    return _KIND_ALIASES[key]


def mnist_folders(kind: str = "mnist") -> list[Path]:
    """The folders searched, in order, when no ``path`` is given."""
    kind = _kind(kind)
    folders = [_REPO_DATA / _FOLDER[kind]]
    if os.environ.get("MLCOURSE_DATA"):
        folders.append(Path(os.environ["MLCOURSE_DATA"]).expanduser() / _FOLDER[kind])
    folders.append(Path.home() / ".cache" / "mlcourse" / _FOLDER[kind])
    return folders


def _find_idx(folder: Path, gz_name: str) -> Path | None:
    base = gz_name[: -len(".gz")]
    dotted = base.replace("-idx", ".idx")
    for name in (gz_name, base, dotted + ".gz", dotted):
        if (folder / name).is_file():
            return folder / name
    return None


def _find_set(folder: Path, kind: str):
    """``("idx", {part: path})``, ``("npz", path)`` or None when ``folder`` lacks a full set."""
    found = {part: _find_idx(folder, name) for part, name in MNIST_FILES.items()}
    if all(found.values()):
        return "idx", found
    if (folder / _NPZ[kind]).is_file():
        return "npz", folder / _NPZ[kind]
    return None


def _where_to_put(kind: str, folder: Path, searched, after_failed_download: bool = False) -> str:
    names = "\n".join(f"    {name}" for name in MNIST_FILES.values())
    looked = "\n".join(f"    {f}" for f in searched)
    if after_failed_download:
        how = ("or download them by hand (e.g. in a browser) from one of "
               + ", ".join(MIRRORS[kind]) + " and put them there.")
    else:
        how = (f"or call load_mnist(kind={kind!r}, download=True) to download them "
               f"(checked against their SHA-256 sums) from {MIRRORS[kind][0]}")
    return (
        f"Looked in:\n{looked}\n"
        f"Put these four files (gzipped or not) in {folder}:\n{names}\n"
        f"or a single {_NPZ[kind]} with arrays x_train, y_train, x_test, y_test; {how}"
    )


def _partial_sets(folders) -> str:
    """Name the files a folder has when it holds some but not all four."""
    notes = []
    for folder in folders:
        have = [name for name in MNIST_FILES.values() if _find_idx(folder, name)]
        if have:
            missing = [name for name in MNIST_FILES.values() if name not in have]
            notes.append(f"{folder} has {', '.join(have)} but lacks {', '.join(missing)} (.gz or not).\n")
    return "".join(notes)


# --------------------------------------------------------------------------- loading
def _check_pair(images: np.ndarray, labels: np.ndarray, where: str) -> None:
    if images.ndim != 3 or labels.ndim != 1:
        raise MLCourseError(
            f"{where}: expected images of shape (N, H, W) and labels of shape (N,), "
            f"received {images.shape} and {labels.shape}."
        )
    if len(images) != len(labels):
        raise MLCourseError(f"{where}: {len(images)} images but {len(labels)} labels; the counts must match.")
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise MLCourseError(f"{where}: labels must be 0 to 9, found {int(labels.min())} to {int(labels.max())}.")


def _load_idx_set(paths: dict) -> tuple:
    arrays = {}
    for part, p in paths.items():
        arr = read_idx(p)
        want = 3 if part.endswith("images") else 1
        magic = 0x800 + want
        if arr.dtype != np.uint8 or arr.ndim != want:
            raise MLCourseError(
                f"{p} should hold {part.replace('_', ' ')} (magic number 0x{magic:08X}: unsigned bytes, "
                f"{want} dimensions), but holds {arr.dtype} of shape {arr.shape}."
            )
        arrays[part] = arr
    for split in ("train", "test"):
        _check_pair(arrays[f"{split}_images"], arrays[f"{split}_labels"],
                    f"{paths[f'{split}_images'].name} / {paths[f'{split}_labels'].name}")
    return ((arrays["train_images"], arrays["train_labels"]), (arrays["test_images"], arrays["test_labels"]))


def _load_npz(path: Path) -> tuple:
    try:
        with np.load(path, allow_pickle=False) as f:
            missing = [k for k in ("x_train", "y_train", "x_test", "y_test") if k not in f.files]
            if missing:
                raise MLCourseError(f"{path} lacks the arrays {missing}; it holds {sorted(f.files)}.")
            parts = [np.asarray(f[k]) for k in ("x_train", "y_train", "x_test", "y_test")]
    except MLCourseError:
        raise
    except Exception as exc:  # zipfile.BadZipFile, ValueError for pickled objects, EOFError ...
        raise MLCourseError(f"{path} could not be read as an .npz file ({type(exc).__name__}: {exc}).") from None
    for arr, key in zip(parts, ("x_train", "y_train", "x_test", "y_test")):
        if arr.dtype.kind not in "iu":
            raise MLCourseError(f"{path}: {key} should hold integers (uint8), received dtype {arr.dtype}.")
    x_train, y_train, x_test, y_test = parts
    _check_pair(x_train, y_train, f"{path} (train)")
    _check_pair(x_test, y_test, f"{path} (test)")
    return (x_train.astype(np.uint8), y_train), (x_test.astype(np.uint8), y_test)


def load_mnist(kind: str = "mnist", path=None, download: bool = False,
               normalize: bool = False, flatten: bool = False):
    """Load MNIST (handwritten digits) or Fashion-MNIST (clothing), 60,000 + 10,000 images.

    Parameters
    ----------
    kind : {"mnist", "fashion"}
    path : str or Path, optional
        A folder holding the files. When given, only this folder is searched (and a
        download goes there).
    download : bool
        When no folder holds the files, download them (checked by SHA-256). Default False:
        nothing touches the network, and a missing file raises an error that says which
        files to put where.
    normalize : bool
        False: images are uint8 0 to 255. True: float32 in [0, 1] (divided by 255).
    flatten : bool
        False: images of shape (N, 28, 28). True: shape (N, 784).

    Returns
    -------
    (X_train, y_train), (X_test, y_test)
        X_train : (60000, 28, 28) uint8 (or as asked by ``normalize``/``flatten``);
        y_train : (60000,) int64 class numbers 0 to 9; X_test, y_test : the same with 10000.
        For Fashion-MNIST, ``FASHION_MNIST_CLASSES[y]`` names the class.
    """
    kind = _kind(kind)
    folders = [Path(path).expanduser()] if path is not None else mnist_folders(kind)
    for folder in folders:
        found = _find_set(folder, kind)
        if found is not None:
            break
    else:
        if not download:
            raise MLCourseError(f"No complete set of {kind} files found (and download=False).\n"
                                + _partial_sets(folders) + _where_to_put(kind, folders[0], folders))
        target = folders[0] if path is not None else _download_folder(kind)
        download_mnist(kind, target)
        found = _find_set(target, kind)
    style, where = found
    (xtr, ytr), (xte, yte) = _load_idx_set(where) if style == "idx" else _load_npz(where)
    out = []
    for X, y in ((xtr, ytr), (xte, yte)):
        if flatten:
            X = X.reshape(len(X), -1)
        if normalize:
            X = X.astype(np.float32) / np.float32(255.0)
        out.append((X, y.astype(np.int64)))
    return out[0], out[1]


# --------------------------------------------------------------------------- downloading
def _download_folder(kind: str) -> Path:
    """Where ``download=True`` puts files: $MLCOURSE_DATA, else the course's data/, else the cache."""
    if os.environ.get("MLCOURSE_DATA"):
        return Path(os.environ["MLCOURSE_DATA"]).expanduser() / _FOLDER[kind]
    if (_REPO_DATA / "README.md").is_file():
        return _REPO_DATA / _FOLDER[kind]
    return Path.home() / ".cache" / "mlcourse" / _FOLDER[kind]


def _fetch(url: str, dest: Path) -> None:
    """Copy ``url`` into the open-for-writing file ``dest`` (the only function that uses the network)."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response, open(dest, "wb") as out:
        total = int(response.headers.get("Content-Length") or 0)
        done = 0
        while chunk := response.read(1 << 16):
            out.write(chunk)
            done += len(chunk)
            if total:
                line = tr("{file}: {percent:3d}% of {size:.1f} MB", file=dest.name, percent=100 * done // total, size=total / 1e6)
                print("\r  " + line, end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _download_one(name: str, folder: Path, mirrors, expected: str) -> Path:
    final = folder / name
    errors = []
    for base in mirrors:
        url = base + name
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            print(tr("Downloading {url}", url=url), file=sys.stderr, flush=True)
            _fetch(url, tmp)
            got = _sha256(tmp)
            if got != expected:
                errors.append(f"{url}: SHA-256 mismatch, expected {expected}, received {got}")
                continue
            os.replace(tmp, final)  # atomic: the final name appears only complete and checked
            return final
        except OSError as exc:  # URLError, HTTPError (e.g. 403), timeouts, disk errors
            errors.append(f"{url}: {exc}")
        finally:
            # on success tmp was renamed away; on any failure (even Ctrl+C) it is removed here
            if tmp.exists():
                tmp.unlink()
    raise MLCourseError(f"Could not download {name}; every mirror failed:\n  " + "\n  ".join(errors))


def download_mnist(kind: str = "mnist", folder=None) -> Path:
    """Download the four gzipped IDX files of ``kind`` into ``folder`` and check them.

    Files already present with the right SHA-256 are kept. Returns the folder.
    """
    kind = _kind(kind)
    folder = Path(folder).expanduser() if folder is not None else _download_folder(kind)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for name in MNIST_FILES.values():
            if (folder / name).is_file() and _sha256(folder / name) == SHA256[kind][name]:
                continue
            _download_one(name, folder, MIRRORS[kind], SHA256[kind][name])
    except MLCourseError as exc:
        raise MLCourseError(f"{exc}\n\n{_where_to_put(kind, folder, [folder], True)}") from None
    return folder
