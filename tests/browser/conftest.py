"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Without Chromium the tests are skipped with a visible reason; `CRM_REQUIRE_BROWSER=1` (set by
`.ci/run`) turns that skip into a failure.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an asyncio event loop in the test thread; Django would otherwise
# refuse the ORM calls the test makes there (factories, assertions).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _browser_required() -> bool:
    return os.environ.get("CRM_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    """One headless Chromium for the session."""
    if not CHROMIUM.exists():
        reason = f"browser test needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if _browser_required():
            pytest.fail(f"CRM_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # The migrated rows Django keeps to restore before a `serialized_rollback` test (the KPI
    # indicators, content types) hang on the connection object. Once Playwright's sync API
    # runs, the test code runs in another context, where Django opens another connection
    # object to the same database: it gets them too, or a browser test after a flushing test
    # would start without them.
    with django_db_blocker.unblock():
        serialized = {
            alias: connections[alias]._test_serialized_contents
            for alias in connections
            if hasattr(connections[alias], "_test_serialized_contents")
        }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab as a Korean user in Seoul would have it, at 1280 px wide."""
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def results_dir() -> Path:
    """Where screenshots go (gitignored)."""
    path = Path(__file__).resolve().parents[2] / "test-results"
    path.mkdir(exist_ok=True)
    return path
