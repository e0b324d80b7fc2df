"""Real-browser tests: Playwright's sync API drives Debian's Chromium against `live_server`.

Chromium is never downloaded by Playwright: the tests use the system binary (`apt-get install
chromium`). Without it they are skipped with the reason, unless FABDESK_REQUIRE_BROWSER is set
(as `.ci/run` does), in which case they fail. Screenshots of failed tests go to test-results/.
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


def pytest_collection_modifyitems(config, items):
    if chromium_available() or os.environ.get("FABDESK_REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so `page` knows when its test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
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
