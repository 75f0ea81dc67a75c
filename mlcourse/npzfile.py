"""Saving and loading named arrays as ``.npz`` files, safely.

- :func:`save_npz` writes to a temporary file next to the target and renames it into place
  at the end (``os.replace``, atomic on one file system): an interrupted save (Ctrl+C, a full
  disk) leaves an earlier file at the target as it was.
- :func:`load_npz` reads with ``allow_pickle=False`` and turns every way a file can be wrong
  (missing, truncated, corrupt, not an ``.npz``, holding Python objects) into one error that
  names the file and says what is wrong. The file is closed in every case.
"""
from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ._checks import MLCourseError

__all__ = ["save_npz", "load_npz"]


def _as_path(path: Any, where: str) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise MLCourseError(f"{where}: path must be a file name such as 'weights.npz', received {type(path).__name__} {path!r}.")
    path = Path(path)
    if path.suffix != ".npz":
        raise MLCourseError(f"{where} writes and reads .npz files; give a path ending in .npz, received {str(path)!r}.")
    return path


def save_npz(path: Any, arrays: dict[str, np.ndarray], where: str = "save_npz") -> Path:
    """Write ``arrays`` (name -> array) to ``path`` (ending in ``.npz``) atomically; return the path."""
    path = _as_path(path, where)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise MLCourseError(f"{where}: the folder {str(folder)!r} does not exist; create it first or choose another path.")
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp_name, path)  # the target changes only now, complete
    finally:
        if os.path.exists(tmp_name):  # any failure, even Ctrl+C: remove the partial file
            os.remove(tmp_name)
    return path


def load_npz(path: Any, where: str = "load_npz") -> dict[str, np.ndarray]:
    """Read every array of an ``.npz`` file written by :func:`save_npz` (or ``np.savez``)."""
    path = _as_path(path, where)
    if not path.is_file():
        raise MLCourseError(f"{where}: there is no file {str(path)!r}.")
    damaged = f"{where}: {str(path)!r} is not a weights file written by save_weights, or it is damaged"
    try:
        with open(path, "rb") as f:
            data = np.load(f, allow_pickle=False)
            if not isinstance(data, np.lib.npyio.NpzFile):
                raise MLCourseError(f"{damaged}: it holds a single array (.npy), not named arrays.")
            with data:
                return {key: data[key] for key in data.files}
    except MLCourseError:
        raise
    except ValueError as exc:
        # numpy's words here suggest allowing pickle, which is never right for weights
        if "Object arrays" in str(exc):
            reason = "it holds Python objects, not plain arrays"
        elif "pickle" in str(exc):
            reason = "it is not an .npz file (its first bytes are not those of one)"
        else:
            reason = str(exc)
        raise MLCourseError(f"{damaged}: {reason}.") from None
    except (OSError, EOFError, zipfile.BadZipFile, zipfile.LargeZipFile, KeyError) as exc:
        raise MLCourseError(f"{damaged} (truncated or corrupt): {type(exc).__name__}: {exc}.") from None
    except Exception as exc:  # zlib errors and the like
        raise MLCourseError(f"{damaged} (truncated or corrupt): {type(exc).__name__}.") from None
