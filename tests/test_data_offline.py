"""With every socket connection and name lookup refused, the data loaders still work."""
import socket
import subprocess
import sys

import numpy as np
import pytest

import mlcourse.data as data
from mlcourse._checks import MLCourseError
from mlcourse.data import mnist


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network is switched off for this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # keep the loader away from any real MNIST files on this machine
    monkeypatch.setattr(mnist, "_REPO_DATA", tmp_path / "course_data")
    monkeypatch.setattr(mnist.Path, "home", staticmethod(lambda: tmp_path / "home"))
    monkeypatch.delenv("MLCOURSE_DATA", raising=False)
    return attempts


def test_blocked_socket_really_blocks(no_network):
    with pytest.raises(OSError, match="switched off"):
        socket.create_connection(("example.org", 80))


def test_loaders_and_generators_work_without_network(no_network, tmp_path):
    assert data.load_digits().X.shape == (1797, 64)
    assert data.load_wine().X.shape == (178, 13)
    assert data.load_breast_cancer().X.shape == (569, 30)
    for make in (data.make_circle, data.make_xor, data.make_gaussian, data.make_spiral, data.make_moons,
                 data.make_blobs, data.make_multiclass, data.make_line, data.make_sine, data.make_plane):
        make(20, seed=0)
    folder = tmp_path / "idx"
    folder.mkdir()
    for name, arr in [("train-images-idx3-ubyte.gz", np.zeros((2, 28, 28), np.uint8)),
                      ("train-labels-idx1-ubyte.gz", np.array([1, 2], np.uint8)),
                      ("t10k-images-idx3-ubyte", np.ones((1, 28, 28), np.uint8)),
                      ("t10k-labels-idx1-ubyte", np.array([3], np.uint8))]:
        data.write_idx(folder / name, arr)
    (Xtr, _), (_, yte) = data.load_mnist(path=folder)
    assert Xtr.shape == (2, 28, 28) and yte.tolist() == [3]
    assert no_network == []


def test_missing_mnist_fails_offline_with_instructions(no_network):
    with pytest.raises(MLCourseError, match="train-images-idx3-ubyte.gz"):
        data.load_mnist()
    assert no_network == []


def test_download_with_the_real_fetch_fails_cleanly_when_offline(no_network, tmp_path, capsys):
    # the real _fetch (urllib) is used here; the refused lookups make every mirror fail
    with pytest.raises(MLCourseError, match="(?s)every mirror failed.*switched off"):
        data.load_mnist(path=tmp_path / "dl", download=True)
    assert list((tmp_path / "dl").iterdir()) == []  # no partial or temporary file
    assert no_network  # the attempt went through the blocked functions, not around them


def test_importing_mlcourse_data_loads_neither_sklearn_nor_urllib():
    code = ("import sys, mlcourse, mlcourse.data; "
            "print(sorted(m for m in ('sklearn', 'urllib.request', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
