"""Weight files: atomic saves and loads that fail with a message naming the file."""
from __future__ import annotations

import os

import numpy as np
import pytest

from mlcourse import Dense, Sequential, npzfile
from mlcourse._checks import MLCourseError


def _model(seed=0):
    return Sequential([Dense(3, activation="relu", input_dim=2), Dense(2)], seed=seed)


def test_an_interrupted_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "weights.npz"
    good = _model(seed=0)
    good.save_weights(path)
    before = path.read_bytes()

    def interrupted_savez(f, **arrays):
        f.write(b"PK\x03\x04 half a zip file")  # some bytes reach the disk, then Ctrl+C
        raise KeyboardInterrupt

    monkeypatch.setattr(npzfile.np, "savez", interrupted_savez)
    with pytest.raises(KeyboardInterrupt):
        _model(seed=1).save_weights(path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["weights.npz"]  # no partial file left behind
    restored = _model(seed=2)
    restored.load_weights(path)
    for a, b in zip(restored.get_weights(), good.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_save_replaces_the_old_file_when_it_completes(tmp_path):
    path = tmp_path / "w.npz"
    _model(seed=0).save_weights(str(path))
    newer = _model(seed=1)
    newer.save_weights(path)
    loaded = _model(seed=2)
    loaded.load_weights(path)
    np.testing.assert_array_equal(loaded.params["0.W"], newer.params["0.W"])


def _damaged_files(folder):
    good = folder / "good.npz"
    _model().save_weights(good)
    data = good.read_bytes()
    files = {
        "truncated": data[: len(data) // 2],
        "random bytes": np.random.default_rng(0).bytes(400),
        "text": b"these are not weights\n",
        "empty": b"",
        "corrupt": data[:60] + bytes(40) + data[100:],
    }
    paths = {}
    for name, content in files.items():
        paths[name] = folder / f"{name.replace(' ', '_')}.npz"
        paths[name].write_bytes(content)
    np.savez(folder / "objects.npz", **{"0.W": np.array([{"a": 1}], dtype=object)})
    paths["objects"] = folder / "objects.npz"
    np.save(folder / "single.npy", np.ones(3))
    paths["single array"] = folder / "single.npz"
    os.replace(folder / "single.npy", paths["single array"])
    return paths


@pytest.mark.parametrize("kind", ["truncated", "random bytes", "text", "empty", "corrupt", "objects", "single array"])
def test_a_damaged_file_is_named_never_suggests_pickle_and_is_closed(tmp_path, monkeypatch, kind):
    path = _damaged_files(tmp_path)[kind]
    opened = []

    def tracking_open(*args, **kwargs):
        f = open(*args, **kwargs)
        opened.append(f)
        return f

    monkeypatch.setattr(npzfile, "open", tracking_open, raising=False)
    model = _model(seed=3)
    before = model.get_weights()
    with pytest.raises(MLCourseError) as err:
        model.load_weights(path)
    message = str(err.value)
    assert str(path) in message and "load_weights" in message
    assert "pickle" not in message.lower()
    assert opened and all(f.closed for f in opened)
    for a, b in zip(model.get_weights(), before):  # nothing changed
        np.testing.assert_array_equal(a, b)


def test_missing_files_wrong_names_and_folders():
    model = _model()
    with pytest.raises(MLCourseError, match="there is no file 'no_such_file.npz'"):
        model.load_weights("no_such_file.npz")
    with pytest.raises(MLCourseError, match="path ending in .npz"):
        model.save_weights("weights.h5")
    with pytest.raises(MLCourseError, match="does not exist"):
        model.save_weights("/no/such/folder/w.npz")
    with pytest.raises(MLCourseError, match="file name such as 'weights.npz', received int 5"):
        model.save_weights(5)


def test_save_and_load_named_arrays_round_trip(tmp_path):
    arrays = {"a": np.arange(3.0), "b": np.ones((2, 2), np.float32)}
    path = npzfile.save_npz(tmp_path / "x.npz", arrays)
    back = npzfile.load_npz(path)
    assert list(back) == ["a", "b"] and back["b"].dtype == np.float32
    np.testing.assert_array_equal(back["a"], arrays["a"])
