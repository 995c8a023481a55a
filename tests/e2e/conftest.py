"""Fixtures for real-browser (headless system Chromium + Playwright) tests.

Fixtures
--------
chromium_path  (session) path to Chromium; skips, or fails when ``CI=true``.
browser        (session) Playwright sync ``Browser``.
app_server     (session) base URL (no trailing slash) of ``app.py`` served
               from the repo root; skips if ``app.py`` does not exist yet.
page           (function) fresh context (1400x900) + page; console errors and
               uncaught page errors are collected in ``page.console_errors``.
               On test failure a screenshot goes to artifacts/screenshots/.

Helpers (import with ``from .conftest import ...`` or from ``.browser``):
``find_chromium()``, ``require_chromium()``, ``wait_for_app(page)``,
``wait_quiet(page, quiet_ms=400, timeout_ms=20000)``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import VIEWPORT, find_chromium, launch_chromium, wait_for_app, wait_quiet
from .server import REPO_ROOT, streamlit_server

__all__ = ["find_chromium", "require_chromium", "wait_for_app", "wait_quiet", "SCREENSHOT_DIR"]

SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"
SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
_E2E_DIR = Path(__file__).resolve().parent


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _where() -> str:
    env = os.environ.get("W2V_CHROMIUM", "").strip()
    return f"W2V_CHROMIUM={env!r} is not executable" if env else "no /usr/bin/chromium or PATH"


def require_chromium() -> str:
    """Chromium's path; ``pytest.skip`` if absent (``pytest.fail`` under CI=true)."""
    path = find_chromium()
    if path is None:
        if _under_ci():
            pytest.fail("chromium missing under CI (install Debian `chromium` or set W2V_CHROMIUM)")
        pytest.skip(
            f"Chromium not found ({_where()}); "
            "install Debian `chromium` or set W2V_CHROMIUM to run browser tests"
        )
    return path


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: real-browser end-to-end test (headless Chromium)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_chromium()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch_chromium(pw, executable_path=chromium_path)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def app_server() -> Iterator[str]:
    app = REPO_ROOT / "app.py"
    if not app.is_file():
        pytest.skip(f"{app} does not exist yet")
    with streamlit_server(app) as (base_url, _proc):
        yield base_url


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator:
    context = browser.new_context(viewport=dict(VIEWPORT))
    pg = context.new_page()
    errors: list[str] = []

    def on_console(msg) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f"{loc.get('url', '')}:{loc.get('lineNumber', '')}"
            errors.append(f"console.error: {msg.text} ({where})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    pg.console_errors = errors
    try:
        yield pg
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
            try:
                pg.screenshot(path=str(SCREENSHOT_DIR / f"FAILED-{name}.png"), full_page=True)
            except Exception:  # noqa: BLE001 - best effort only
                pass
        context.close()
