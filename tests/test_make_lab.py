"""`make lab` (the README's first command) installs what a student needs and no test tools, and
starts a JupyterLab that serves the start notebook with the course's settings (no news pop-up)."""
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEWS_PLUGIN = "@jupyterlab/apputils-extension:notification"
TEST_TOOLS = {"pytest", "playwright", "hypothesis", "nbval", "pytest-xdist"}


def _names(requirements):
    return {re.split(r"[<>=!~ \[]", r.strip(), maxsplit=1)[0].lower() for r in requirements}


def test_make_lab_installs_the_lab_extra_only():
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab: \$\(STAMP\)$", makefile, re.M), "make lab must depend on the student install only"
    stamp_rule = makefile.split("\n$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"pip install .*-e '\.\[([a-z,]+)\]'", stamp_rule) == ["lab"], stamp_rule
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    student = _names(project["dependencies"] + project["optional-dependencies"]["lab"])
    assert not student & TEST_TOOLS
    assert TEST_TOOLS <= _names(project["optional-dependencies"]["test"])


def test_the_course_ships_lab_settings_without_news():
    overrides = json.loads((ROOT / "classroom" / "jupyterlab-overrides.json").read_text())
    assert overrides[NEWS_PLUGIN] == {"fetchNews": "false", "checkForUpdates": False}
    stamp_rule = (ROOT / "Makefile").read_text().split("\n$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "classroom/jupyterlab-overrides.json $(OVERRIDES)" in stamp_rule


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read()


@pytest.mark.slow
def test_make_lab_serves_the_start_notebook(tmp_path):
    port, token = free_port(), "mlcourse-test"
    args = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"))
    proc = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = get(f"{base}/api/status?token={token}")
                break
            except OSError:
                assert proc.poll() is None, f"make lab exited early:\n{proc.stdout.read()}"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
                time.sleep(0.5)
        assert status == 200
        status, body = get(f"{base}/api/contents/notebooks/00_start_here.ipynb?token={token}")
        assert status == 200 and json.loads(body)["type"] == "notebook"
        status, page = get(f"{base}/lab/tree/notebooks/00_start_here.ipynb?token={token}")
        assert status == 200 and b"JupyterLab" in page
        # The course's settings are in force (overrides.json becomes the schema's defaults):
        # JupyterLab neither fetches nor offers news, so no pop-up covers the notebook.
        status, body = get(f"{base}/lab/api/settings/{NEWS_PLUGIN}?token={token}")
        defaults = {k: v.get("default") for k, v in json.loads(body)["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
