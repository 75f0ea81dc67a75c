"""What can be checked here of the Kubernetes setup: the Zero to JupyterHub values parse and make
the same choices as the hub on one server, and the image (binder/, built by repo2docker) installs
the student environment plus the single-user server, with no test tools."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")

ROOT = Path(__file__).resolve().parents[2]
VALUES = ROOT / "classroom" / "kubernetes" / "config.yaml"
IMAGE_ENV = ROOT / "binder" / "environment.yml"
# The hub extra's packages that run inside each student's server (the idle culler runs in the hub).
SINGLE_USER = {"jupyterhub", "nbgitpuller"}


def _requirements(lines) -> dict[str, str]:
    found = {}
    for req in lines:
        name = re.split(r"[<>=!~ \[]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")
        found[name] = req.replace(" ", "")
    return found


def local_hub_config():
    """The traitlets config of classroom/jupyterhub_config.py, loaded as JupyterHub loads it."""
    pytest.importorskip("jupyterhub", reason="the hub extra is missing (pip install -e '.[hub]')")
    from traitlets.config.loader import PyFileConfigLoader

    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("MLCOURSE_HUB")}
    try:
        return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "classroom")).load_config()
    finally:
        os.environ.update(saved)


def test_values_name_the_same_settings_as_the_local_hub():
    values = yaml.safe_load(VALUES.read_text())
    local = local_hub_config()
    hub = values["hub"]["config"]
    assert hub["JupyterHub"]["authenticator_class"] == local.JupyterHub.authenticator_class
    assert set(hub["Authenticator"]["admin_users"]) == set(local.Authenticator.admin_users)
    assert hub["Authenticator"]["allow_all"] == local.Authenticator.allow_all
    assert hub["Authenticator"]["username_pattern"] == local.Authenticator.username_pattern

    single = values["singleuser"]
    assert single["defaultUrl"] == local.Spawner.default_url
    assert Path(single["notebookDir"]).name == Path(local.Spawner.notebook_dir).name
    blas = {k: v for k, v in local.Spawner.environment.items() if k.endswith("_NUM_THREADS")}
    assert single["extraEnv"] == blas and blas
    kernel_args = dict(a.removeprefix("--MappingKernelManager.").split("=") for a in local.Spawner.args)
    culling = single["extraFiles"]["kernel-culling"]["data"]["MappingKernelManager"]
    assert {k: str(v).lower() for k, v in culling.items()} == {k: v.lower() for k, v in kernel_args.items()}

    culler = next(s for s in local.JupyterHub.services if s["name"] == "idle-culler")
    flags = dict(a.lstrip("-").split("=") for a in culler["command"] if a.startswith("--"))
    assert values["cull"] == {"enabled": True, "timeout": int(flags["timeout"]), "every": int(flags["cull-every"])}
    # Each student's copy comes from nbgitpuller, installed in the image.
    assert single["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"


def test_image_installs_the_student_environment_and_the_single_user_server():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = _requirements(project["dependencies"] + extras["lab"]
                           + [r for r in extras["hub"] if _requirements([r]).keys() & SINGLE_USER])
    text = IMAGE_ENV.read_text().split("dependencies:", 1)[1]
    listed = _requirements(m.group(1) for m in re.finditer(r"^(?:  |      )- ([A-Za-z0-9_.\-]+.*)$", text, re.M)
                           if not m.group(1).startswith(("pip", "python")))
    assert listed == wanted
    assert not listed.keys() & _requirements(extras["test"]).keys()
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install --no-deps" in post_build and "-e ." in post_build
    assert "classroom/jupyterlab-overrides.json" in post_build and os.access(ROOT / "binder" / "postBuild", os.X_OK)

