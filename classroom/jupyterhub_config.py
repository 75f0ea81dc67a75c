"""JupyterHub for a class on one server: ``make hub`` (or ``classroom/hub.py``) loads this file.

What it sets up (docs/instructors.md, "A class on one server", explains each step):

* **Accounts**: every student's server runs as that student's own system account, created
  with ``useradd`` on first login, in the system group ``MLCOURSE_HUB_GROUP``, with a home
  directory only its owner can open (mode 700). The hub spawns only as accounts of that group,
  so a login named ``root`` (or any other existing account) is refused.
* **Course**: the servers run from this repository's ``.venv`` (the course environment). On
  every start, ``classroom/singleuser.py`` copies the notebooks the student does not have yet
  into ``~/mlcourse/notebooks``; a notebook the student already has is never written again.
* **Login**: a workshop authenticator (one shared password for students, a longer one for the
  instructors named in ``MLCOURSE_HUB_ADMINS``). Swap it for the school's by setting
  ``c.JupyterHub.authenticator_class`` (see the guide); the spawner does not depend on it.
* **Memory back**: idle kernels are shut down by the single-user servers, idle servers by
  jupyterhub-idle-culler.
* **Proxy**: configurable-http-proxy from ``classroom/node_modules`` (pinned by
  ``classroom/package-lock.json``).

Everything a deployment changes comes from environment variables (``classroom/hub.py`` sets
them), so that tests and the load test start the same hub on their own ports and accounts.
"""
from __future__ import annotations

import grp
import os
import pwd
import subprocess
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent
VENV_BIN = Path(sys.executable).parent  # the hub runs from the course environment
# The same environment through an interpreter students' accounts can run (classroom/hub.py).
STUDENT_PYTHON = os.environ.get("MLCOURSE_STUDENT_PYTHON", sys.executable)
STATE = Path(os.environ.get("MLCOURSE_HUB_STATE", COURSE / "build" / "hub"))
GROUP = os.environ.get("MLCOURSE_HUB_GROUP", "mlcourse-students")
ADMINS = {name for name in os.environ.get("MLCOURSE_HUB_ADMINS", "instructor").split(",") if name}
# Usernames become system account names: lower-case letters, digits, '-', at most 32 characters.
USERNAME_PATTERN = r"^[a-z][a-z0-9-]{0,31}$"
# Idle limits (seconds): a kernel with no activity is shut down, then a server with no activity.
# The class's language: MLCOURSE_LANG=ko make hub opens the Korean edition (notebooks/ko/) and
# starts every student's kernel in Korean; either edition stays one click away.
LANGUAGE = os.environ.get("MLCOURSE_LANG", "en").strip().lower() or "en"
if LANGUAGE not in {"en", "ko"}:
    raise SystemExit(f"MLCOURSE_LANG={LANGUAGE!r}: the course speaks 'en' (English) or 'ko' (Korean)")
KERNEL_IDLE = int(os.environ.get("MLCOURSE_HUB_KERNEL_IDLE", 1800))
SERVER_IDLE = int(os.environ.get("MLCOURSE_HUB_SERVER_IDLE", 3600))

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that first makes sure the student's system account exists.

    The account is created with ``useradd`` in group ``GROUP`` when missing. An account that
    exists but is not in ``GROUP`` (``root``, a staff account, a service) is never used: the
    spawn fails with a message that names the account.
    """

    async def start(self):
        ensure_account(self.user.name, GROUP)
        return await super().start()


def ensure_account(name: str, group: str) -> None:
    """Create system account ``name`` in ``group`` (home mode 700) unless it exists; refuse
    an existing account that is not a member of ``group``."""
    try:
        grp.getgrnam(group)
    except KeyError:
        subprocess.run(["groupadd", "--system", group], check=True)
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", "--groups", group,
                        "--comment", "mlcourse student", name], check=True)
        account = pwd.getpwnam(name)
        os.chmod(account.pw_dir, 0o700)
        return
    if name not in grp.getgrnam(group).gr_mem:
        raise PermissionError(f"system account {name!r} exists and is not in group {group!r}: "
                              "the hub starts servers only for accounts it created for students")


# -- the hub and its proxy ----------------------------------------------------------------
c.JupyterHub.bind_url = f"http://{os.environ.get('MLCOURSE_HUB_IP', '127.0.0.1')}:{os.environ.get('MLCOURSE_HUB_PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("MLCOURSE_HUB_API_PORT", 8081))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('MLCOURSE_PROXY_API_PORT', 8001)}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# -- who logs in --------------------------------------------------------------------------
# Workshop: one password for the students, a longer one for the instructors (admins).
# For a school's accounts, set another authenticator_class here (docs/instructors.md).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("MLCOURSE_HUB_PASSWORD")
c.SharedPasswordAuthenticator.admin_password = os.environ.get("MLCOURSE_HUB_ADMIN_PASSWORD")
c.Authenticator.admin_users = ADMINS
c.Authenticator.allow_all = True  # anyone with the class password; list names in allowed_users to restrict
c.Authenticator.username_pattern = USERNAME_PATTERN

# -- each student's server ----------------------------------------------------------------
c.JupyterHub.spawner_class = CourseSpawner
c.Spawner.cmd = [STUDENT_PYTHON, str(HERE / "singleuser.py")]
c.Spawner.notebook_dir = "~/mlcourse"
c.Spawner.default_url = f"/lab/tree/notebooks/{'ko/' if LANGUAGE == 'ko' else ''}00_start_here.ipynb"
c.Spawner.environment = {
    "MLCOURSE_COURSE_DIR": str(COURSE),
    "MLCOURSE_LANG": LANGUAGE,
    "PATH": f"{Path(STUDENT_PYTHON).parent}:/usr/local/bin:/usr/bin:/bin",
    # One BLAS thread per kernel: many students share few cores.
    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
}
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE}",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=True",
]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# -- give memory back: stop servers nobody used for SERVER_IDLE seconds ----------------------
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [str(VENV_BIN / "python"), "-m", "jupyterhub_idle_culler",
                f"--timeout={SERVER_IDLE}", "--cull-every=300"],
}]
