"""The MNIST loader, on small IDX files written by the tests; the network is never used."""
import gzip
import hashlib

import numpy as np
import pytest

from mlcourse._checks import MLCourseError
from mlcourse.data import mnist
from mlcourse.data.mnist import MNIST_FILES, load_mnist, read_idx, write_idx

RAW = {part: name[: -len(".gz")] for part, name in MNIST_FILES.items()}


@pytest.fixture(autouse=True)
def no_real_network_or_real_folders(monkeypatch, tmp_path):
    """Every test here: a fake course data folder and home, and a _fetch that refuses."""
    monkeypatch.setattr(mnist, "_REPO_DATA", tmp_path / "course_data")
    monkeypatch.setattr(mnist.Path, "home", staticmethod(lambda: tmp_path / "home"))
    monkeypatch.delenv("MLCOURSE_DATA", raising=False)

    def refuse(url, dest):
        raise AssertionError(f"a test tried to download {url}")

    monkeypatch.setattr(mnist, "_fetch", refuse)


def tiny_set(seed=0, n_train=12, n_test=5):
    gen = np.random.default_rng(seed)
    return {
        "train_images": gen.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        "train_labels": gen.integers(0, 10, size=n_train, dtype=np.uint8),
        "test_images": gen.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        "test_labels": gen.integers(0, 10, size=n_test, dtype=np.uint8),
    }


def write_set(folder, arrays, gz=True, names=None):
    folder.mkdir(parents=True, exist_ok=True)
    names = names or (MNIST_FILES if gz else RAW)
    for part, arr in arrays.items():
        write_idx(folder / names[part], arr)
    return folder


def files_in(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --------------------------------------------------------------------------- IDX format
@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int32, np.float32, np.float64])
def test_idx_round_trip(tmp_path, suffix, dtype):
    arr = (np.arange(24).reshape(2, 3, 4) - 5).astype(dtype) if dtype != np.uint8 else np.arange(24, dtype=np.uint8)
    path = write_idx(tmp_path / f"a.idx{suffix}", arr)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype) and back.shape == arr.shape
    np.testing.assert_array_equal(back, arr)


def test_idx_header_is_the_standard_one(tmp_path):
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    raw = write_idx(tmp_path / "img", images).read_bytes()
    # magic 0x00000803, then 3, 28, 28 as big-endian 32-bit integers, then 3*28*28 bytes
    assert raw[:4] == bytes([0, 0, 8, 3])
    assert raw[4:16] == (3).to_bytes(4, "big") + (28).to_bytes(4, "big") + (28).to_bytes(4, "big")
    assert len(raw) == 16 + 3 * 28 * 28
    labels = write_idx(tmp_path / "lab", np.array([7, 2], dtype=np.uint8)).read_bytes()
    assert labels == bytes([0, 0, 8, 1, 0, 0, 0, 2, 7, 2])
    # gzip is recognised by content, not by file name
    (tmp_path / "lab_gz_no_suffix").write_bytes(gzip.compress(labels))
    np.testing.assert_array_equal(read_idx(tmp_path / "lab_gz_no_suffix"), [7, 2])


def test_truncated_idx_names_file_and_sizes(tmp_path):
    path = write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((4, 28, 28), dtype=np.uint8))
    path.write_bytes(path.read_bytes()[:-100])
    expected, actual = 16 + 4 * 784, 16 + 4 * 784 - 100
    with pytest.raises(MLCourseError, match=rf"train-images-idx3-ubyte is truncated.*{expected} bytes.*{actual}"):
        read_idx(path)


def test_truncated_gzip_and_garbage_raise_clear_errors(tmp_path):
    path = write_idx(tmp_path / "t.gz", np.arange(5000, dtype=np.int32))
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(MLCourseError, match=r"t\.gz is a truncated gzip file"):
        read_idx(path)
    bad = tmp_path / "bad.gz"
    bad.write_bytes(b"\x1f\x8b" + b"not really gzip data at all")
    with pytest.raises(MLCourseError, match="not a valid gzip file"):
        read_idx(bad)
    html = tmp_path / "train-labels-idx1-ubyte"
    html.write_bytes(b"<html>403 Forbidden</html>")  # what a refusing mirror sends
    with pytest.raises(MLCourseError, match="train-labels-idx1-ubyte is not an IDX file.*3c 68 74 6d"):
        read_idx(html)
    longer = write_idx(tmp_path / "l", np.arange(3, dtype=np.uint8))
    longer.write_bytes(longer.read_bytes() + b"\x00")
    with pytest.raises(MLCourseError, match="longer than its header says"):
        read_idx(longer)


# --------------------------------------------------------------------------- loading
@pytest.mark.parametrize("gz", [True, False])
def test_load_from_idx_files(tmp_path, gz):
    arrays = tiny_set()
    folder = write_set(tmp_path / "mine", arrays, gz=gz)
    (Xtr, ytr), (Xte, yte) = load_mnist(path=folder)
    assert Xtr.shape == (12, 28, 28) and Xtr.dtype == np.uint8
    assert ytr.shape == (12,) and ytr.dtype == np.int64
    assert Xte.shape == (5, 28, 28) and yte.shape == (5,)
    np.testing.assert_array_equal(Xtr, arrays["train_images"])
    np.testing.assert_array_equal(ytr, arrays["train_labels"])
    np.testing.assert_array_equal(Xte, arrays["test_images"])
    np.testing.assert_array_equal(yte, arrays["test_labels"])


def test_load_normalize_flatten_and_dotted_names(tmp_path):
    arrays = tiny_set(1)
    dotted = {part: name.replace("-idx", ".idx") for part, name in RAW.items()}
    folder = write_set(tmp_path / "kaggle", arrays, names=dotted)
    (Xtr, _), (Xte, _) = load_mnist("fashion", path=folder, normalize=True, flatten=True)
    assert Xtr.shape == (12, 784) and Xtr.dtype == np.float32
    assert 0.0 <= Xtr.min() and Xtr.max() <= 1.0
    np.testing.assert_allclose(Xte * 255, arrays["test_images"].reshape(5, 784), atol=1e-4)


def test_load_from_npz(tmp_path):
    arrays = tiny_set(2)
    tmp_path.joinpath("npz").mkdir()
    np.savez(tmp_path / "npz" / "mnist.npz", x_train=arrays["train_images"], y_train=arrays["train_labels"],
             x_test=arrays["test_images"], y_test=arrays["test_labels"])
    (Xtr, ytr), (Xte, yte) = load_mnist(path=tmp_path / "npz")
    np.testing.assert_array_equal(Xtr, arrays["train_images"])
    assert Xtr.dtype == np.uint8 and ytr.dtype == np.int64 and yte.shape == (5,)


def test_npz_refuses_pickles_and_missing_keys(tmp_path):
    folder = tmp_path / "npz"
    folder.mkdir()
    objects = np.empty(2, dtype=object)
    np.savez(folder / "mnist.npz", x_train=objects, y_train=objects, x_test=objects, y_test=objects)
    with pytest.raises(MLCourseError, match="mnist.npz could not be read"):
        load_mnist(path=folder)
    np.savez(folder / "mnist.npz", x_train=np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(MLCourseError, match=r"lacks the arrays \['y_train', 'x_test', 'y_test'\]"):
        load_mnist(path=folder)


def test_count_mismatch_wrong_file_and_bad_labels(tmp_path):
    arrays = tiny_set()
    arrays["train_labels"] = arrays["train_labels"][:11]
    with pytest.raises(MLCourseError, match="12 images but 11 labels"):
        load_mnist(path=write_set(tmp_path / "a", arrays))
    arrays = tiny_set()
    arrays["test_labels"] = arrays["test_images"]  # an images file under a labels name
    with pytest.raises(MLCourseError, match=r"t10k-labels-idx1-ubyte.gz should hold test labels \(magic number 0x00000801"):
        load_mnist(path=write_set(tmp_path / "b", arrays))
    arrays = tiny_set()
    arrays["train_labels"][3] = 12
    with pytest.raises(MLCourseError, match="labels must be 0 to 9.*12"):
        load_mnist(path=write_set(tmp_path / "c", arrays))


def test_offline_message_says_which_files_go_where(tmp_path):
    with pytest.raises(MLCourseError) as info:
        load_mnist()
    msg = str(info.value)
    folder = str(tmp_path / "course_data" / "mnist")
    assert f"in {folder}" in msg
    for name in MNIST_FILES.values():
        assert name in msg
    assert "mnist.npz" in msg and "download=True" in msg
    assert str(tmp_path / "home" / ".cache" / "mlcourse" / "mnist") in msg  # the folders searched
    with pytest.raises(MLCourseError, match="fashion_mnist"):
        load_mnist("fashion")
    with pytest.raises(MLCourseError, match="Unknown kind 'cifar'"):
        load_mnist("cifar")


def test_incomplete_folder_is_named_in_the_message(tmp_path):
    arrays = tiny_set()
    del arrays["test_labels"]
    folder = write_set(tmp_path / "some", arrays)
    with pytest.raises(MLCourseError, match="(?s)some has train-images.*lacks t10k-labels-idx1-ubyte.gz"):
        load_mnist(path=folder)


def test_search_order_course_folder_then_env_then_cache(tmp_path, monkeypatch):
    cache = write_set(tmp_path / "home" / ".cache" / "mlcourse" / "mnist", tiny_set(3))
    assert load_mnist()[1][1].tolist() == tiny_set(3)["test_labels"].tolist()
    monkeypatch.setenv("MLCOURSE_DATA", str(tmp_path / "env"))
    write_set(tmp_path / "env" / "mnist", tiny_set(4))
    assert load_mnist()[1][1].tolist() == tiny_set(4)["test_labels"].tolist()
    write_set(tmp_path / "course_data" / "mnist", tiny_set(5))
    assert load_mnist()[1][1].tolist() == tiny_set(5)["test_labels"].tolist()
    assert cache.exists()


# --------------------------------------------------------------------------- downloading (fake network)
@pytest.fixture
def fake_server(monkeypatch):
    """Serve a tiny MNIST from two fake mirrors; the checksum table lists the tiny files."""
    served = {}
    for part, arr in tiny_set(7).items():
        header = bytes([0, 0, 8, arr.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
        served[MNIST_FILES[part]] = gzip.compress(header + arr.tobytes())
    monkeypatch.setitem(mnist.SHA256, "mnist", {k: hashlib.sha256(v).hexdigest() for k, v in served.items()})
    monkeypatch.setitem(mnist.MIRRORS, "mnist", ["https://first.invalid/", "https://second.invalid/"])
    log = []

    def install(behaviour):
        def fake_fetch(url, dest):
            assert dest.exists() and dest.name.endswith(".part")  # writes go to a temporary file
            log.append((url, dest))
            behaviour(url, dest, served[url.rsplit("/", 1)[1]])

        monkeypatch.setattr(mnist, "_fetch", fake_fetch)
        return log

    return install


def test_download_success_writes_checked_files(tmp_path, fake_server):
    log = fake_server(lambda url, dest, data: dest.write_bytes(data))
    (Xtr, ytr), (Xte, yte) = load_mnist(path=tmp_path / "dl", download=True)
    np.testing.assert_array_equal(Xtr, tiny_set(7)["train_images"])
    assert sorted(files_in(tmp_path / "dl")) == sorted(MNIST_FILES.values())  # no .part left
    assert len(log) == 4 and all(url.startswith("https://first.invalid/") for url, _ in log)
    # a second call reads the files and downloads nothing
    load_mnist(path=tmp_path / "dl", download=True)
    assert len(log) == 4


def test_download_falls_back_to_the_next_mirror(tmp_path, fake_server):
    def first_refuses(url, dest, data):
        if "first" in url:
            raise OSError("HTTP Error 403: Forbidden")
        dest.write_bytes(data)

    log = fake_server(first_refuses)
    load_mnist(path=tmp_path / "dl", download=True)
    assert [u.split("/")[2] for u, _ in log[:2]] == ["first.invalid", "second.invalid"]
    assert sorted(files_in(tmp_path / "dl")) == sorted(MNIST_FILES.values())


def test_checksum_mismatch_raises_and_leaves_no_file(tmp_path, fake_server):
    log = fake_server(lambda url, dest, data: dest.write_bytes(data[:-1] + b"X"))
    with pytest.raises(MLCourseError, match="SHA-256 mismatch") as info:
        load_mnist(path=tmp_path / "dl", download=True)
    assert "Put these four files" in str(info.value)
    assert len(log) == 2  # both mirrors tried for the first file
    assert files_in(tmp_path / "dl") == []  # neither the final file nor a temporary one
    assert all(not dest.exists() for _, dest in log)


def test_interrupted_download_leaves_no_file(tmp_path, fake_server):
    def interrupted(url, dest, data):
        dest.write_bytes(data[: len(data) // 2])
        raise KeyboardInterrupt  # Ctrl+C in the middle of the transfer

    log = fake_server(interrupted)
    with pytest.raises(KeyboardInterrupt):
        download_dir = tmp_path / "dl"
        load_mnist(path=download_dir, download=True)
    assert len(log) == 1 and not log[0][1].exists()
    assert files_in(tmp_path / "dl") == []


def test_connection_lost_on_every_mirror_leaves_no_file(tmp_path, fake_server):
    def reset(url, dest, data):
        dest.write_bytes(data[:10])
        raise ConnectionResetError("connection reset by peer")

    fake_server(reset)
    with pytest.raises(MLCourseError, match="(?s)every mirror failed.*connection reset.*download them by hand"):
        load_mnist(path=tmp_path / "dl", download=True)
    assert files_in(tmp_path / "dl") == []


def test_download_replaces_a_corrupt_existing_file(tmp_path, fake_server):
    folder = tmp_path / "dl"
    folder.mkdir()
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(b"half a file")
    (folder / "t10k-images-idx3-ubyte.gz").write_bytes(b"half a file")
    fake_server(lambda url, dest, data: dest.write_bytes(data))
    mnist.download_mnist("mnist", folder)
    assert sorted(files_in(folder)) == sorted(MNIST_FILES.values())
    assert read_idx(folder / "train-labels-idx1-ubyte.gz").shape == (12,)


def test_published_checksum_table_is_well_formed():
    for kind in ("mnist", "fashion"):
        assert set(mnist.SHA256[kind]) == set(MNIST_FILES.values())
        for digest in mnist.SHA256[kind].values():
            assert len(digest) == 64 and int(digest, 16) >= 0
        assert all(url.endswith("/") for url in mnist.MIRRORS[kind])


def test_readme_lists_the_checksums_the_code_checks_and_gitignore_covers_downloads():
    root = mnist.Path(__file__).resolve().parents[1]
    readme = (root / "data" / "README.md").read_text(encoding="utf-8")
    for kind in ("mnist", "fashion"):
        for digest in mnist.SHA256[kind].values():
            assert digest in readme
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert {"data/mnist/", "data/fashion_mnist/", "data/cache/"} <= set(ignored)


def test_download_lines_in_korean(tmp_path, fake_server, capsys):
    from mlcourse.i18n import set_language

    fake_server(lambda url, dest, data: dest.write_bytes(data))
    set_language("ko")
    try:
        load_mnist(path=tmp_path / "dl", download=True)
    finally:
        set_language("en")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4 and lines[0] == f"https://first.invalid/{MNIST_FILES['train_images']} 내려받는 중"
