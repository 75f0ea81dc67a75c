"""Fixtures for the class-hub tests: the course's JupyterHub (``classroom/``) with two students
logged in through headless Chromium.

The hub runs each student as their own system account, so these tests create accounts: they
need root, ``useradd`` and configurable-http-proxy (``make unit`` runs ``npm ci`` in
``classroom/``). Accounts and their group are named ``mlct<4 hex digits>...`` and removed at
the end, with their home directories. Without root, Chromium or the hub extra the tests that
need them are skipped with the reason.
"""
from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "classroom"))

CHROMIUM = Path(os.environ.get("MLCOURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def skip_unless_hub_can_run() -> None:
    if os.geteuid() != 0:
        pytest.skip("the class hub runs students as their own system accounts: run as root")
    if shutil.which("useradd") is None:
        pytest.skip("useradd is missing")
    pytest.importorskip("jupyterhub", reason="the hub extra is missing (pip install -e '.[hub]')")
    if not (ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        pytest.skip("configurable-http-proxy is missing: run `npm ci` in classroom/ (make unit does)")


@pytest.fixture(scope="module")
def accounts():
    """A fresh prefix for the module's system accounts; every account and the group go at the end."""
    from hub import remove_accounts

    prefix = f"mlct{secrets.token_hex(2)}"
    group = f"{prefix}-students"
    yield prefix, group
    remove_accounts(group, prefix)


@pytest.fixture(scope="module")
def class_hub(accounts, tmp_path_factory):
    skip_unless_hub_can_run()
    from hub import Hub

    prefix, group = accounts
    hub = Hub(tmp_path_factory.mktemp("hub"), group=group, admins=(f"{prefix}teacher",)).start(timeout=120)
    yield hub
    hub.stop()


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (install it with: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing (pip install -e '.[test]')")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
