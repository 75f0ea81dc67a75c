"""Shared fixtures for the tests that drive headless Chromium (slide decks, JupyterLab).

Chromium comes from Debian (``apt-get install chromium``) and is driven by Playwright for
Python; Playwright's own browser downloads are never used. When ``/usr/bin/chromium`` or
the ``playwright`` package is missing, every test using these fixtures is skipped with the
reason.

Fixtures
--------
browser
    One Chromium for the whole session, launched with ``CHROMIUM_ARGS``.
page
    A fresh page (its own context) with a 1280x720 viewport, closed after the test.
network_guard
    ``network_guard(page, allow=("file://",)) -> list[str]``: from then on the page's
    requests whose URL starts with none of ``allow`` (nor ``data:``/``blob:``) are aborted
    and their URLs appended to the returned list, so a test can assert it stays empty.
offline_page
    ``page`` already guarded to ``file://`` only; its blocked URLs are in
    ``offline_page.blocked_requests``, and the local files it asked for but could not load
    (a font or script missing from the deck's folder) in ``offline_page.missing_files``.
screenshot_dir
    ``build/screenshots/``, created when missing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MLCOURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}
ALWAYS_LOCAL = ("data:", "blob:")


@pytest.fixture(scope="session")
def playwright_instance():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (install it with: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is missing (pip install -e '.[test]')")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    chromium = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def network_guard():
    def guard(page, allow: tuple[str, ...] = ("file://",)) -> list[str]:
        blocked: list[str] = []
        allowed = tuple(allow) + ALWAYS_LOCAL

        def route(r):
            url = r.request.url
            if url.startswith(allowed):
                r.continue_()
            else:
                blocked.append(url)
                r.abort()

        page.route("**/*", route)
        return blocked

    return guard


@pytest.fixture
def offline_page(page, network_guard):
    page.blocked_requests = network_guard(page, allow=("file://",))
    page.missing_files = []

    def failed(request):
        # A request cancelled by the next page.goto is not a missing file.
        if request.url.startswith("file://") and "ERR_ABORTED" not in (request.failure or ""):
            page.missing_files.append(request.url)

    page.on("requestfailed", failed)
    return page


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    path = ROOT / "build" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# ==== JupyterLab fixtures (tests/browser/test_lab_*.py; the server lives in lab.py) ==========

@pytest.fixture(scope="session")
def lab_server(browser, tmp_path_factory):
    """One ``jupyter lab`` for the session (see ``lab.LabServer``); stopped at the end.

    Depends on ``browser`` so that it is skipped, not started, when Chromium is missing.
    """
    from lab import LabServer

    server = LabServer(tmp_path_factory.mktemp("jupyterlab")).start()
    yield server
    server.stop()


@pytest.fixture
def lab(lab_server, page, screenshot_dir, request):
    """A ``lab.LabPage`` on a fresh page, named after the test (screenshots
    ``build/screenshots/lab_<name>_NN_<step>.png``). Before and after: kernels deleted and
    slideshow mode off (``LabServer.reset``). The test fails when the page logged a console
    error, raised an uncaught error, requested anything outside the server or showed
    "Error displaying widget"."""
    from lab import LabPage

    lab_server.reset()
    name = request.node.name.removeprefix("test_lab_").removeprefix("test_")
    driver = LabPage(page, lab_server, screenshot_dir, name)
    yield driver
    problems = driver.problems()
    lab_server.reset()
    assert not problems, f"{name}: " + "\n".join(problems)
