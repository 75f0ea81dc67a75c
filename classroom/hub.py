"""Start JupyterHub for a class on this machine (``make hub``), or drive one from Python.

    sudo make hub                      # http://127.0.0.1:8000, state in build/hub/
    sudo make hub HUB_PORT=80          # any port; set MLCOURSE_HUB_IP=0.0.0.0 to serve the network
    .venv/bin/python classroom/hub.py --help

The class password and the instructors' password are generated on the first start and kept
in ``build/hub/passwords`` (readable by root only); they are never printed. Tests and the load
test use :class:`Hub`, which starts the same configuration on free ports with its own state
directory and account group, and :func:`remove_accounts` to delete the accounts afterwards.
"""
from __future__ import annotations

import argparse
import grp
import json
import os
import pwd
import secrets
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unreadable_by_others(*paths: Path) -> list[str]:
    """The directories on the way to ``paths`` that other accounts cannot enter: students'
    servers run the course from this repository and its ``.venv``, so each must be ``o+x``."""
    problems = []
    for path in paths:
        for part in [path, *path.parents]:
            if part.exists() and not part.stat().st_mode & stat.S_IXOTH:
                problems.append(f"{part} (mode {stat.filemode(part.stat().st_mode)})")
    return sorted(set(problems))


class Hub:
    """The course's JupyterHub in a subprocess: ``start()`` returns once the hub answers.

    Attributes: ``url`` (public address), ``api`` (``url + "/hub/api"``), ``log`` (the hub's
    combined output, which includes the single-user servers' output), ``group`` (system group
    of the students' accounts), ``user_password``/``admin_password``.
    """

    def __init__(self, state: Path, group: str = "mlcourse-students", admins: tuple[str, ...] = ("instructor",),
                 port: int | None = None, ip: str = "127.0.0.1", python: str = sys.executable,
                 user_password: str | None = None, admin_password: str | None = None):
        self.state = Path(state)
        self.group = group
        self.admins = tuple(admins)
        self.ip = ip
        self.port = port or free_port()
        self.python = python
        self.user_password = user_password or secrets.token_urlsafe(12)
        self.admin_password = admin_password or secrets.token_urlsafe(32)
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = f"{self.url}/hub/api"
        self.hub_port = free_port()
        self.log = self.state / "jupyterhub.log"
        self.proc: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MLCOURSE_HUB"))}
        env.update({
            "MLCOURSE_HUB_STATE": str(self.state),
            "MLCOURSE_HUB_GROUP": self.group,
            "MLCOURSE_HUB_ADMINS": ",".join(self.admins),
            "MLCOURSE_HUB_IP": self.ip,
            "MLCOURSE_HUB_PORT": str(self.port),
            "MLCOURSE_HUB_API_PORT": str(self.hub_port),
            "MLCOURSE_PROXY_API_PORT": str(free_port()),
            "MLCOURSE_STUDENT_PYTHON": student_python(self.python),
            "MLCOURSE_HUB_PASSWORD": self.user_password,
            "MLCOURSE_HUB_ADMIN_PASSWORD": self.admin_password,
            "PATH": f"{Path(self.python).parent}:{env.get('PATH', '/usr/bin:/bin')}",
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def command(self) -> list[str]:
        return [self.python, "-m", "jupyterhub", "-f", str(CONFIG)]

    def start(self, timeout: float = 60.0) -> "Hub":
        check_can_start(self.python)
        self.state.mkdir(parents=True, exist_ok=True)
        os.chmod(self.state, 0o700)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(self.command(), cwd=self.state, env=self.environment(),
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                # the hub itself first (through the proxy, early requests fill the log with
                # errors), then the public address, once the proxy routes to it
                for base in (f"http://127.0.0.1:{self.hub_port}", self.url):
                    with urllib.request.urlopen(f"{base}/hub/api/", timeout=2) as r:
                        if not (r.status == 200 and "version" in json.loads(r.read())):
                            raise ValueError(f"unexpected answer from {base}/hub/api/")
                return self
            except (urllib.error.URLError, OSError, ValueError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"jupyterhub did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the hub; it stops every student's server and the proxy (``cleanup_servers``)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def runnable_by_others(path: Path) -> bool:
    """True when an account other than the owner can run ``path`` (after symlinks)."""
    real = Path(os.path.realpath(path))
    return bool(real.stat().st_mode & stat.S_IXOTH) and not unreadable_by_others(real.parent)


def student_python(venv_python: str = sys.executable) -> str:
    """An interpreter of the course environment that students' accounts can run.

    The environment's own when they can (a course installed with a system Python, e.g. in
    /opt). When it lives where other accounts cannot enter (a Python built under /root, as
    pyenv does), a system Python of the same version is put in front of the same packages:
    ``build/student-python`` is a virtual environment whose ``site-packages``, ``share`` and
    ``etc`` are links into the course environment.
    """
    if runnable_by_others(Path(venv_python)):
        return venv_python
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = Path("/usr/bin") / version
    if not (system.exists() and runnable_by_others(system)):
        raise PermissionError(f"students cannot run {os.path.realpath(venv_python)} and there is no {system}: "
                              "create .venv with a Python every account can run (make PYTHON=/usr/bin/python3 ...)")
    venv = Path(venv_python).parent.parent
    target = COURSE / "build" / "student-python"
    for folder in (target / "bin", target / "lib" / version):
        folder.mkdir(parents=True, exist_ok=True)
    links = {
        target / "bin" / "python": system,
        target / "lib" / version / "site-packages": venv / "lib" / version / "site-packages",
        target / "share": venv / "share",
        target / "etc": venv / "etc",
    }
    for link, source in links.items():
        if not link.is_symlink():
            link.symlink_to(source.resolve() if source.is_symlink() else source.absolute())
    (target / "pyvenv.cfg").write_text("home = /usr/bin\ninclude-system-site-packages = false\n")
    return str(target / "bin" / "python")


def check_can_start(python: str = sys.executable) -> None:
    """Raise with the fix when this machine cannot run the hub (not root, no proxy, course unreadable)."""
    if os.geteuid() != 0:
        raise PermissionError("the hub runs each student's server as their own system account, "
                              "so it must start as root: sudo make hub")
    if not PROXY.exists():
        raise FileNotFoundError(f"{PROXY} is missing: run `make hub` (it runs npm ci in classroom/)")
    closed = unreadable_by_others(COURSE, Path(student_python(python)).parent)
    if closed:
        raise PermissionError("students' accounts cannot enter " + ", ".join(closed)
                              + ": install the course where every account can read it (chmod o+rx), e.g. /opt/mlcourse")


def accounts_in(group: str) -> list[str]:
    try:
        return sorted(grp.getgrnam(group).gr_mem)
    except KeyError:
        return []


def processes_of(names: list[str]) -> list[int]:
    """PIDs of processes whose real user is one of ``names``."""
    uids = set()
    for name in names:
        try:
            uids.add(pwd.getpwnam(name).pw_uid)
        except KeyError:
            pass
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def remove_accounts(group: str, prefix: str) -> list[str]:
    """Delete every account of ``group`` whose name starts with ``prefix`` (home included),
    then the group when it is left empty; return the names removed. Processes still running
    as those accounts are killed first."""
    if not prefix:
        raise ValueError("remove_accounts needs a non-empty prefix, got ''")
    names = [n for n in accounts_in(group) if n.startswith(prefix)]
    for pid in processes_of(names):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for name in names:
        subprocess.run(["userdel", "--remove", name], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not accounts_in(group):
        subprocess.run(["groupdel", group], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return names


def passwords(state: Path) -> tuple[str, str]:
    """The class and instructor passwords kept in ``state/passwords``, created on first use."""
    path = state / "passwords"
    if not path.exists():
        state.mkdir(parents=True, exist_ok=True)
        os.chmod(state, 0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f"students: {secrets.token_urlsafe(9)}\ninstructors: {secrets.token_urlsafe(32)}\n")
    values = dict(line.split(": ", 1) for line in path.read_text().splitlines() if ": " in line)
    return values["students"], values["instructors"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="JupyterHub for a class on this machine (run as root).")
    p.add_argument("--port", type=int, default=8000, help="public port (default 8000)")
    p.add_argument("--ip", default=os.environ.get("MLCOURSE_HUB_IP", "127.0.0.1"),
                   help="address to listen on; 0.0.0.0 for every network interface (default 127.0.0.1)")
    p.add_argument("--state", type=Path, default=COURSE / "build" / "hub",
                   help="database, cookie secret, passwords (default build/hub)")
    p.add_argument("--admins", default=os.environ.get("MLCOURSE_HUB_ADMINS", "instructor"),
                   help="comma-separated instructor (admin) usernames (default instructor)")
    args = p.parse_args(argv)
    try:
        check_can_start()
    except (PermissionError, FileNotFoundError) as e:
        print(f"make hub: {e}", file=sys.stderr)
        return 1
    student_pw, admin_pw = passwords(args.state)
    hub = Hub(args.state, group=os.environ.get("MLCOURSE_HUB_GROUP", "mlcourse-students"),
              admins=tuple(a for a in args.admins.split(",") if a), port=args.port, ip=args.ip,
              user_password=student_pw, admin_password=admin_pw)
    env = hub.environment()
    print(f"Class hub at http://{args.ip}:{args.port}/ ; students: any lower-case name and the class password, "
          f"instructors ({args.admins}): the instructor password; both in {args.state / 'passwords'}. Ctrl+C stops it.",
          flush=True)
    os.chdir(args.state)
    os.execve(hub.python, hub.command(), env)


if __name__ == "__main__":
    raise SystemExit(main())
