"""Real-browser tests: Playwright's sync API drives Debian's Chromium against `live_server`.

Chromium is never downloaded by Playwright: the tests use the system binary (`apt-get install
chromium`). Without it they are skipped with the reason, unless FABDESK_REQUIRE_BROWSER is set
(as `.ci/run` does), in which case they fail. Screenshots of failed tests go to test-results/.

Every test here is marked `e2e` by its module, and `django_db(transaction=True,
serialized_rollback=True)` by this file: the live server needs committed data, and a
transactional test empties the tables when it ends, so the rows that migrations create (the
role groups) are reloaded before each browser test.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the test thread; Django would then
# refuse every ORM call the tests and fixtures make. No async code is exercised here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = Path(os.environ.get("FABDESK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
# Playwright waits this long (ms) for an element or a navigation before failing a step.
STEP_TIMEOUT_MS = 15_000


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


E2E_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    skip = None
    if not chromium_available() and not os.environ.get("FABDESK_REQUIRE_BROWSER"):
        skip = pytest.mark.skip(
            reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        )
    for item in items:
        if E2E_DIR not in item.path.parents:
            continue
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if skip is not None:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so `page` knows when its test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser(live_server):
    """A headless Chromium for one test.

    While Playwright's sync API runs, its event loop runs in this thread, and Django (through
    asgiref) then gives the thread other database connections than the test's own. So the
    browser starts after the test database is ready and stops before it is emptied; the
    connections opened in between are closed with it."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            connections.close_all()
            chromium.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Opens a page in a fresh browser context (its own cookies) speaking `locale`.

    Every page opened is screenshotted into test-results/ when the test fails."""
    contexts = []

    def open_page(locale: str = "en-GB"):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_screenshots(request.node.nodeid, contexts)
    for context in contexts:
        context.close()


def save_screenshots(nodeid: str, contexts) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)
    for number, page in enumerate(page for context in contexts for page in context.pages):
        path = RESULTS_DIR / f"{stem}-{number}.png"
        page.screenshot(path=str(path), full_page=True)
        path.with_suffix(".html").write_text(page.content(), encoding="utf-8")


@pytest.fixture
def page(new_page):
    """An English-speaking visitor's page."""
    return new_page("en-GB")
