"""pyproject.toml and environment.yml name the same packages; importing mlcourse stays light."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_names():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return {_name(r): r for r in reqs}


def _conda_names():
    names = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^(?:\s{2}|\s{6})- ([A-Za-z0-9_.\-]+.*)$", line)  # conda, then pip: entries
        if m and not m.group(1).startswith(("pip", "python", "-e")):
            names[_name(m.group(1))] = m.group(1).strip()
    return names


def test_environment_yml_and_pyproject_name_the_same_packages():
    pip, conda = _pyproject_names(), _conda_names()
    assert set(pip) == set(conda), (
        f"only in pyproject.toml: {sorted(set(pip) - set(conda))}; only in environment.yml: {sorted(set(conda) - set(pip))}"
    )


def test_lower_bounds_match_and_nothing_is_pinned_exactly():
    pip, conda = _pyproject_names(), _conda_names()
    for name, req in pip.items():
        assert "==" not in req, f"{req}: use a lower bound, not an exact pin"
        assert req.replace(" ", "") == conda[name].replace(" ", ""), f"{req} (pyproject) vs {conda[name]} (environment.yml)"


def test_import_mlcourse_does_not_import_heavy_libraries():
    code = (
        "import sys, json, mlcourse, mlcourse.data, mlcourse.exercises;"
        "print(json.dumps([m for m in ('matplotlib', 'ipywidgets', 'sklearn', 'torch', 'IPython') if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert json.loads(out) == [], f"import mlcourse pulled in {out.strip()}"
