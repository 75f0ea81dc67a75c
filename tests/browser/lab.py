"""A JupyterLab server and a driver for one JupyterLab page, for the browser tests.

:class:`LabServer` starts ``jupyter lab`` from this Python environment on a free port with a
random token, in the repository root (as ``make lab`` does), with its own settings,
workspaces, config and runtime folders in a temporary directory:

* the news and update notifications are off (they can cover the page);
* autosave is off, so running a notebook in the browser never rewrites the committed file;
* ``--LabApp.expose_app_in_browser=True`` makes ``window.jupyterapp`` available, which the
  tests only read (is every cell of the open notebook on the page yet?).

:class:`LabPage` drives one Playwright page: open a notebook (with ``?reset`` so that no old
workspace is restored), wait for the kernel's idle indicator, run all cells through the
menu, find a code cell by a piece of its source, read its printed text and its image, wait
for them to change, save screenshots, and collect every browser console error, uncaught
page error, request that leaves the server, file saved and "Error displaying widget" text.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: User settings written before the server starts: plugin id -> settings.
USER_SETTINGS = {
    # The "get notified about Jupyter news?" toast covers the notebook's bottom right corner.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Running cells makes the notebook dirty; an autosave would rewrite the course's files.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}

DECK_PLUGIN = "jupyterlab-slideshow:plugin"
KERNEL_IDLE = ".jp-NotebookPanel:visible .jp-Notebook-ExecutionIndicator[data-status='idle']"
WIDGET_ERROR = "Error displaying widget"
EXPECT_TIMEOUT = 20_000  # ms
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
TRACEBACK = "Traceback (most recent call last)"
# The current notebook is ready: every cell of its model is on the page (JupyterLab attaches
# them a few at a time), a kernel is named in the toolbar, and the execution indicator is idle
# (it also says idle before a kernel exists, hence the name check).
NOTEBOOK_READY = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.content.model) return false;
    const node = panel.node;
    const indicator = node.querySelector('.jp-Notebook-ExecutionIndicator');
    const kernel = node.querySelector("[data-jp-item-name='kernelName']");
    return node.querySelectorAll('.jp-Cell').length === panel.content.model.cells.length
        && indicator !== null && indicator.dataset.status === 'idle'
        && kernel !== null && kernel.textContent.trim() !== '' && !/No Kernel/.test(kernel.textContent);
}"""


# The decoded pixels of an img, hashed (see LabPage.pictures).
PICTURE_DIGEST = """async i => {
    const bitmap = await createImageBitmap(await (await fetch(i.src)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const digest = await crypto.subtle.digest("SHA-256", pixels);
    return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, "0")).join("");
}"""


# Keep the decoded pixels of an img under a name, in the page (see LabPage.keep_picture).
KEEP_PICTURE = """async (i, name) => {
    const bitmap = await createImageBitmap(await (await fetch(i.src)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    window.__kept_pictures = window.__kept_pictures || {};
    window.__kept_pictures[name] = context.getImageData(0, 0, bitmap.width, bitmap.height);
}"""
# Mean absolute difference (0..1) between an img's pixels and a kept picture; 1 when the sizes differ.
PICTURE_DIFFERENCE = """async (i, name) => {
    const kept = window.__kept_pictures[name];
    const bitmap = await createImageBitmap(await (await fetch(i.src)).blob());
    if (bitmap.width !== kept.width || bitmap.height !== kept.height) return 1;
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    const now = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let total = 0;
    for (let k = 0; k < now.length; k++) total += Math.abs(now[k] - kept.data[k]);
    return total / (255 * now.length);
}"""


class LabServer:
    """``jupyter lab`` in a subprocess; ``start()`` returns when ``/api/status`` answers.

    Attributes: ``url`` (``http://127.0.0.1:PORT``), ``token``, ``log`` (path of the
    server's combined output, shown when something goes wrong).
    """

    def __init__(self, workdir: Path, root: Path = ROOT, python: str = sys.executable):
        self.workdir = Path(workdir)
        self.root = Path(root)
        self.python = python
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.workdir / "jupyter-lab.log"
        self.proc: subprocess.Popen | None = None

    # -- life cycle ------------------------------------------------------------------------

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        dirs = {
            "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_RUNTIME_DIR": "runtime",
        }
        for var, name in dirs.items():
            path = self.workdir / name
            path.mkdir(parents=True, exist_ok=True)
            env[var] = str(path)
        for plugin, values in USER_SETTINGS.items():
            package, _, name = plugin.rpartition("/")
            target = self.workdir / "settings" / package / f"{name}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values), encoding="utf-8")
        env["PYTHONUNBUFFERED"] = "1"
        # The kernels run from this environment: put its scripts first on PATH.
        env["PATH"] = str(Path(self.python).parent) + os.pathsep + env.get("PATH", "")
        return env

    def command(self) -> list[str]:
        cmd = [self.python, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--LabApp.expose_app_in_browser=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def start(self, timeout: float = 60.0) -> "LabServer":
        log = open(self.log, "wb")
        self.proc = subprocess.Popen(self.command(), cwd=self.root, env=self._environment(),
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Delete the kernels, then end the server (and anything it started)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.delete_kernels()
        except (urllib.error.URLError, OSError):
            pass
        self.proc.terminate()  # jupyter_server shuts its kernels down on SIGTERM
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)  # the server's own process group (start_new_session)
            self.proc.wait(timeout=5)

    def saved_files(self) -> list[str]:
        """Paths the server has written on a browser's request ("Saving file at ..." in its log)."""
        try:
            return re.findall(r"Saving file at (\S+)", self.log.read_text(errors="replace"))
        except OSError:
            return []

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # -- REST API --------------------------------------------------------------------------

    def api(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            text = reply.read()
        return json.loads(text) if text else None

    def delete_kernels(self) -> None:
        """Delete every session and every kernel (kernels outlive the browser page)."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def reset(self) -> None:
        """Between tests: delete the kernels and leave slideshow mode.

        jupyterlab-slideshow stores "presenting" in its user settings, so a test that ended
        during a slideshow would open the next notebook as slides (and, started that way,
        JupyterLab 4.6 throws an uncaught error from its content-visibility observer).
        """
        self.delete_kernels()
        self.api("PUT", f"/lab/api/settings/{DECK_PLUGIN}", {"raw": json.dumps({"active": False})})

    def notebook_url(self, path: str) -> str:
        """The page for ``path`` (relative to the root); ``?reset`` drops any saved workspace."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabPage:
    """One JupyterLab page in Chromium, with its problems recorded as they happen.

    ``problems()`` lists console errors, uncaught page errors, requests to anywhere but the
    server (aborted), files the page saved, and "Error displaying widget" texts on the page;
    ``assert_healthy()`` fails with that list.
    """

    def __init__(self, page, server: LabServer, screenshot_dir: Path, name: str):
        self.page = page
        self.server = server
        self.screenshot_dir = Path(screenshot_dir)
        self.name = name
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self._shots = 0
        self._saved_before = len(server.saved_files())
        # A kernel on a busy two-core machine can take seconds to redraw: give Playwright's
        # retrying assertions (expect) more than their default 5 s.
        from playwright.sync_api import expect

        expect.set_options(timeout=EXPECT_TIMEOUT)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.route("**/*", self._route)

    def _on_console(self, message) -> None:
        if message.type == "error":
            loc = message.location or {}
            self.errors.append(f"console error: {message.text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

    def _on_page_error(self, error) -> None:
        stack = "\n    ".join((getattr(error, "stack", None) or "").splitlines()[1:4])
        self.errors.append(f"page error: {error}" + (f"\n    {stack}" if stack else ""))

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith((self.server.url, "data:", "blob:")):
            route.continue_()
        else:  # the course is offline-first: nothing may leave the server
            self.blocked.append(url)
            route.abort()

    # -- navigation ------------------------------------------------------------------------

    def open(self, notebook: str, timeout: float = 90_000) -> None:
        """Open ``notebook`` (path from the repository root); wait until all its cells are on
        the page, its kernel has started and the toolbar's execution indicator shows idle."""
        self.page.goto(self.server.notebook_url(notebook))
        self.page.wait_for_function(NOTEBOOK_READY, timeout=timeout)

    def wait_idle(self, timeout: float = 60_000) -> None:
        self.page.locator(KERNEL_IDLE).wait_for(timeout=timeout)

    def code_cells(self):
        return self.page.locator(".jp-NotebookPanel:visible .jp-CodeCell")

    def run_all(self, timeout: float = 120_000) -> None:
        """Run > Run All Cells through the menu bar; wait until every code cell has run, or
        one has raised (Run All stops there: see :meth:`error_outputs`).

        A cell has run when its prompt shows a number (``[*]`` while queued or running) and
        the kernel is idle again.
        """
        page = self.page
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
        page.wait_for_function(
            """() => {
                const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
                    .find(p => !p.classList.contains('lm-mod-hidden'));
                if (!panel) return false;
                const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                const raised = [...panel.querySelectorAll(%r)]
                    .some(o => o.textContent.includes(%r));
                return raised || (prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)));
            }""" % (STDERR, TRACEBACK), timeout=timeout)
        self.wait_idle(timeout)

    def cell(self, marker: str):
        """The one code cell whose source contains ``marker``."""
        cells = self.code_cells().filter(has=self.page.locator(".jp-InputArea", has_text=marker))
        count = cells.count()
        assert count == 1, f"{count} code cells contain {marker!r} in {self.name}"
        return cells.first

    # -- reading outputs -------------------------------------------------------------------

    @staticmethod
    def output_text(cell) -> str:
        """The text the cell's outputs print (stdout and plain text results), joined.

        Read as ``textContent``: ``innerText`` is empty for cells the browser skips drawing
        because they are off screen (JupyterLab's content-visibility windowing)."""
        texts = cell.locator(".jp-OutputArea-output.jp-RenderedText").all_text_contents()
        return "\n".join(t.strip() for t in texts)

    @staticmethod
    def image_srcs(cell) -> list[str]:
        return [img.get_attribute("src") or "" for img in cell.locator(".jp-OutputArea-output img").all()]

    @staticmethod
    def pictures(cell) -> list[str]:
        """SHA-256 of the pixels each image of the cell's outputs shows, decoded. A widget's
        image gets a new blob: URL on every redraw, and its first picture (saved with the
        notebook) is compressed harder than later ones, so equal pictures need not have equal
        sources or PNG bytes: compare these instead."""
        return [img.evaluate(PICTURE_DIGEST) for img in cell.locator(".jp-OutputArea-output img").all()]

    @staticmethod
    def keep_picture(cell, name: str) -> None:
        """Keep the pixels of the cell's (only) output image under ``name``."""
        cell.locator(".jp-OutputArea-output img").evaluate(KEEP_PICTURE, name)

    @staticmethod
    def picture_difference(cell, name: str) -> float:
        """Mean absolute pixel difference (0 to 1) between the cell's output image now and the
        picture kept as ``name``. A widget that draws only its changing artists over a kept
        background gives the same picture as a whole redraw up to anti-aliasing, so a test
        compares with a small tolerance rather than exactly."""
        return cell.locator(".jp-OutputArea-output img").evaluate(PICTURE_DIFFERENCE, name)

    def wait_for_change(self, cell, old_text: str | None = None, old_images: list[str] | None = None,
                        timeout: float = 20_000) -> None:
        """Wait until the cell's printed text (if ``old_text`` given) and its images (if
        ``old_images`` given) differ from the old ones; a redraw in progress does not count."""
        self.page.wait_for_function(
            """([cell, oldText, oldImages]) => {
                const texts = [...cell.querySelectorAll('.jp-OutputArea-output.jp-RenderedText')]
                    .map(t => t.textContent.trim()).join('\\n');
                const imgs = [...cell.querySelectorAll('.jp-OutputArea-output img')]
                    .map(i => i.getAttribute('src') || '');
                const textChanged = oldText === null || (texts !== oldText && texts.length > 0);
                const imagesChanged = oldImages === null ||
                    (imgs.length > 0 && JSON.stringify(imgs) !== JSON.stringify(oldImages));
                return textChanged && imagesChanged;
            }""", arg=[cell.element_handle(), old_text, old_images], timeout=timeout)

    def error_outputs(self) -> list[str]:
        """Texts of the tracebacks shown in the notebook (JupyterLab draws an error as stderr
        text; warnings are stderr too, so only outputs holding a traceback count)."""
        texts = self.page.locator(f".jp-NotebookPanel:visible {STDERR}").all_text_contents()
        return [t for t in texts if TRACEBACK in t]

    # -- evidence --------------------------------------------------------------------------

    def shot(self, step: str, target=None) -> Path:
        """Save ``build/screenshots/lab_<name>_<n>_<step>.png`` (scrolled to ``target``)."""
        if target is not None:
            target.scroll_into_view_if_needed()
        self._shots += 1
        path = self.screenshot_dir / f"lab_{self.name}_{self._shots:02d}_{step}.png"
        self.page.screenshot(path=str(path))
        return path

    def problems(self) -> list[str]:
        found = list(self.errors)
        found += [f"request outside the server: {url}" for url in self.blocked]
        found += [f"the page saved {path} (the tests must leave the course's files alone)"
                  for path in self.server.saved_files()[self._saved_before:]]
        try:
            widget_errors = self.page.get_by_text(WIDGET_ERROR).all_inner_texts()
        except Exception as exc:  # the page is gone: report it rather than hide the rest
            widget_errors = [f"(page not readable: {exc})"]
        found += [f"on the page: {text.strip()}" for text in widget_errors]
        return found

    def assert_healthy(self) -> None:
        problems = self.problems()
        assert not problems, f"{self.name}: " + "\n".join(problems)
