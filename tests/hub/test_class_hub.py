"""The class hub (``classroom/``): two students log in through Chromium and each runs a cell of
the course in their own server; neither can read the other's files, reach the other's server
or kernels; the hub refuses anyone not logged in; no token reaches the log or a notebook; and
stopping the hub leaves no process behind.

The tests share one hub and run in file order (the last one stops it).
"""
from __future__ import annotations

import pwd
import re
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
LAB_TIMEOUT = 180_000  # ms: a busy two-core machine takes a while to start two servers


def first_code_cell(page):
    return page.locator(".jp-NotebookPanel:visible .jp-CodeCell").first


def uid_processes(uid: int) -> dict[int, str]:
    """pid -> command line of every live process whose owner is ``uid`` (a zombie, already
    dead and waiting for its parent to collect it, is not counted)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid and (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, IndexError):
                pass
    return found


def processes_after_exit(uids: dict[str, int], seconds: float = 10.0) -> dict[str, dict[int, str]]:
    """The students' live processes, polled until none is left or ``seconds`` have passed
    (a server and its kernel take a moment to exit after the hub stops them)."""
    deadline = time.monotonic() + seconds
    while True:
        left = {name: uid_processes(uid) for name, uid in uids.items()}
        if not any(left.values()) or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def log_in(browser, hub, name):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.user_password)
    page.click("#login_submit")
    return SimpleNamespace(name=name, context=context, page=page, request=context.request)


@pytest.fixture(scope="module")
def students(class_hub, chromium, accounts):
    """Two students logged in through Chromium, each in JupyterLab in their own server."""
    prefix, _ = accounts
    both = [log_in(chromium, class_hub, f"{prefix}{name}") for name in ("ana", "ben")]  # both spawns run at once
    for s in both:
        s.page.wait_for_url(f"**/user/{s.name}/lab/**", timeout=LAB_TIMEOUT)
        first_code_cell(s.page).locator(".jp-InputArea-editor").wait_for(timeout=LAB_TIMEOUT)
    yield both
    for s in both:
        s.context.close()


def test_each_student_runs_a_cell_of_the_course_in_their_own_server(class_hub, students):
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for s in students:
        cell = first_code_cell(s.page)
        # Run it in place until the prompt counts 2 or more: the saved notebook already shows
        # "[1]:", only a live kernel counts on. A key pressed while the page is still busy
        # wiring the kernel can be lost, so press again until the count comes (or time is up).
        from playwright.sync_api import TimeoutError as LabTimeout

        deadline = time.monotonic() + LAB_TIMEOUT / 1000
        counted = cell.locator(".jp-InputPrompt").filter(has_text=re.compile(r"\[([2-9]|\d{2,})\]"))
        while True:
            cell.locator(".jp-InputArea-editor").click()
            s.page.keyboard.press("Control+Enter")
            try:
                counted.wait_for(timeout=15_000)
                break
            except LabTimeout:
                if time.monotonic() > deadline:
                    raise
        assert "mlcourse 0.1.0" in cell.locator(".jp-OutputArea-output").inner_text()
        s.page.screenshot(path=str(shots / f"hub_{s.name.rstrip('0123456789')[-3:]}_lab.png"))
        # The server and its kernel run as the student's own account.
        uid = pwd.getpwnam(s.name).pw_uid
        commands = uid_processes(uid).values()
        assert any("jupyterhub.singleuser" in c for c in commands), commands
        assert any("ipykernel_launcher" in c for c in commands), commands
        home = Path(pwd.getpwnam(s.name).pw_dir)
        assert (home.stat().st_mode & 0o777) == 0o700
        assert (home / "mlcourse" / "notebooks" / "00_start_here.ipynb").stat().st_uid == uid


def test_a_students_kernel_cannot_read_or_write_anothers_files(class_hub, students):
    from student import Student

    ana, ben = students
    ana_py = Student(class_hub.url, ana.name, class_hub.user_password)
    ana_py.login()
    ana_py.start_server()
    ana_py.start_kernel()
    try:
        ben_home = pwd.getpwnam(ben.name).pw_dir
        own = ana_py.execute("import os; print(os.getuid(), len(os.listdir('mlcourse/notebooks')) > 0)")
        assert own["error"] is None and own["stdout"].split() == [str(pwd.getpwnam(ana.name).pw_uid), "True"]
        for code in (f"open('{ben_home}/mlcourse/notebooks/00_start_here.ipynb').read()",
                     f"open('{ben_home}/mlcourse/notebooks/mine.ipynb', 'w')",
                     f"os.listdir('{ben_home}')"):
            result = ana_py.execute(code)
            assert result["error"] is not None and result["error"][0] == "PermissionError", (code, result)
    finally:
        ana_py.close()


def test_a_student_cannot_reach_anothers_server(class_hub, students):
    ana, ben = students
    for path in ("api/contents/notebooks", "api/kernels", "api/sessions"):
        r = ben.request.get(f"{class_hub.url}/user/{ana.name}/{path}", max_redirects=0)
        assert r.status == 403, (path, r.status, r.headers)
    r = ben.request.post(f"{class_hub.url}/user/{ana.name}/api/kernels", data="{}", max_redirects=0)
    assert r.status == 403
    # A page of the other's server: after the OAuth round trip the hub says 403; it does not
    # send the student into their own server.
    r = ben.request.get(f"{class_hub.url}/user/{ana.name}/lab")
    assert r.status == 403 and f"/user/{ben.name}/" not in r.url, (r.status, r.url)


def test_the_hub_refuses_anyone_not_logged_in(class_hub, students, chromium):
    ana, _ = students
    context = chromium.new_context()
    try:
        anon = context.request
        for url in (f"{class_hub.api}/users", f"{class_hub.url}/user/{ana.name}/api/kernels",
                    f"{class_hub.url}/user/{ana.name}/api/contents"):
            assert anon.get(url, max_redirects=0).status == 403, url
        for url in (f"{class_hub.url}/hub/home", f"{class_hub.url}/user/{ana.name}/lab"):
            r = anon.get(url)
            assert r.status == 200 and "/hub/login" in r.url, (url, r.url)
        page = context.new_page()
        page.goto(f"{class_hub.url}/hub/login")
        page.fill("#username_input", ana.name)
        page.fill("#password_input", class_hub.user_password + "x")
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.click("#login_submit")
        assert posted.value.status == 403
        assert "jupyterhub-hub-login" not in {c["name"] for c in context.cookies()}
        assert "/hub/login" in anon.get(f"{class_hub.url}/hub/home").url
    finally:
        context.close()


def test_the_hub_never_starts_a_server_as_an_existing_account(class_hub, students):
    from student import Student

    intruder = Student(class_hub.url, "nobody", class_hub.user_password)
    assert intruder.login().status_code == 302  # the shared password lets anyone log in...
    r = intruder.http.get(f"{class_hub.url}/hub/spawn/nobody")
    assert r.status_code >= 400  # ...but 'nobody' is not one of the students' accounts
    assert "account 'nobody' exists and is not in group" in class_hub.log.read_text()
    assert not any("jupyterhub" in c for c in uid_processes(pwd.getpwnam("nobody").pw_uid).values())


def test_the_instructor_is_the_admin_and_students_are_not(class_hub, students):
    from student import Student

    teacher = class_hub.admins[0]
    assert Student(class_hub.url, teacher, class_hub.user_password).login().status_code == 403
    instructor = Student(class_hub.url, teacher, class_hub.admin_password)
    assert instructor.login().status_code == 302
    assert instructor.http.get(f"{class_hub.url}/hub/admin").status_code == 200
    assert students[0].request.get(f"{class_hub.url}/hub/admin").status == 403


def test_no_token_reaches_the_log_or_a_notebook(class_hub, students, accounts):
    secrets = {"class password": class_hub.user_password, "instructor password": class_hub.admin_password,
               "cookie secret": (class_hub.state / "jupyterhub_cookie_secret").read_text().strip()}
    for s in students:
        # Every login cookie; not _xsrf (sent in pages by design) nor jupyterhub-session-id (a
        # browser-session id the hub logs with xsrf checks and uses to end OAuth tokens at logout;
        # it authenticates nothing by itself).
        secrets |= {f"{s.name}'s cookie {c['name']}": c["value"] for c in s.context.cookies()
                    if c["name"] not in ("_xsrf", "jupyterhub-session-id")}
        for pid, command in uid_processes(pwd.getpwnam(s.name).pw_uid).items():
            if "jupyterhub.singleuser" in command:
                secrets[f"{s.name}'s API token"] = environ(pid)["JUPYTERHUB_API_TOKEN"]
    proxy_pid = int((class_hub.state / "jupyterhub-proxy.pid").read_text())
    secrets["proxy token"] = environ(proxy_pid)["CONFIGPROXY_AUTH_TOKEN"]
    assert len(secrets) >= 8 and all(len(value) >= 8 for value in secrets.values()), secrets.keys()
    texts = {"hub log": class_hub.log.read_text(errors="replace")}
    for s in students:
        for nb in (Path(pwd.getpwnam(s.name).pw_dir) / "mlcourse" / "notebooks").glob("*.ipynb"):
            texts[str(nb)] = nb.read_text(errors="replace")
    leaks = [(where, what) for where, text in texts.items() for what, value in secrets.items() if value in text]
    assert leaks == []


def test_stopping_the_hub_leaves_no_process_and_no_port(class_hub, students, accounts):
    prefix, group = accounts
    from hub import accounts_in, remove_accounts

    uids = {s.name: pwd.getpwnam(s.name).pw_uid for s in students}
    proxy_pid = int((class_hub.state / "jupyterhub-proxy.pid").read_text())
    for s in students:
        s.context.close()
    class_hub.stop()
    assert class_hub.proc.returncode is not None
    assert not Path(f"/proc/{proxy_pid}").exists()
    assert processes_after_exit(uids) == {name: {} for name in uids}
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", class_hub.port)) != 0
    removed = remove_accounts(group, prefix)
    assert sorted(removed) == sorted(uids) and accounts_in(group) == []
    for name in uids:
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
