"""Test settings: hypothesis profiles (the root conftest.py sets up matplotlib)."""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def playwright_session():
    """The one Playwright driver of this test process, shared by every browser test.

    Playwright's sync API runs an event loop on the main thread while a driver is open, so
    a second ``sync_playwright()`` in the same process fails ("Sync API inside the asyncio
    loop") as long as another one is open — e.g. the session-scoped browser of
    tests/browser/ when pytest-xdist gives that worker a later browser test elsewhere.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "Playwright is not installed: `pip install -e '.[test]'`"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the browser tests: see .ci/run)", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        yield playwright
