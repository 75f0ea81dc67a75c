"""Both editions reach every student: the first-login copy takes notebooks/ko/ too, and
``MLCOURSE_LANG=ko`` opens the Korean start notebook with kernels in Korean. No root needed."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from test_kubernetes import local_hub_config

ROOT = Path(__file__).resolve().parents[2]


def _singleuser():
    spec = importlib.util.spec_from_file_location("singleuser", ROOT / "classroom" / "singleuser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_first_login_copies_both_editions_and_keeps_a_students_edits(tmp_path):
    course, home = tmp_path / "course", tmp_path / "home"
    for rel in ("notebooks/00_start_here.ipynb", "notebooks/ko/00_start_here.ipynb"):
        (course / rel).parent.mkdir(parents=True, exist_ok=True)
        (course / rel).write_text(json.dumps({"course": rel}))
    copy = _singleuser().copy_new_notebooks
    assert sorted(p.relative_to(home).as_posix() for p in copy(course, home)) == [
        "notebooks/00_start_here.ipynb", "notebooks/ko/00_start_here.ipynb"]
    (home / "notebooks/ko/00_start_here.ipynb").write_text("my notes")
    assert copy(course, home) == []
    assert (home / "notebooks/ko/00_start_here.ipynb").read_text() == "my notes"


@pytest.mark.parametrize("language, start", [("en", "notebooks/00_start_here.ipynb"),
                                              ("ko", "notebooks/ko/00_start_here.ipynb")])
def test_the_class_language_picks_the_start_notebook_and_the_kernels_language(monkeypatch, language, start):
    monkeypatch.setenv("MLCOURSE_LANG", language)
    config = local_hub_config()
    assert config.Spawner.default_url == f"/lab/tree/{start}"
    assert config.Spawner.environment["MLCOURSE_LANG"] == language
    assert (ROOT / start).exists()
