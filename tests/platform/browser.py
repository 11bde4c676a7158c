"""What the browser tests share. Each browser test module imports it:

    from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)

Not in conftest.py: the fixture turns off Django's async-safety check, which only the tests that drive
Playwright need (its sync API keeps an event loop running in the test's thread while their ORM calls stay
synchronous). Once a browser test has run, Playwright's session-wide loop keeps running, so the switch stays on
for the rest of the session; a session that runs no browser test keeps the check."""

import os
from pathlib import Path

import pytest

SHOTS = Path(os.environ.get("GONGKAI_SHOTS", "/tmp/gongkai-shots"))  # screenshots for a person to look at
WIDTHS = (1280, 390)


@pytest.fixture(scope="session", autouse=True)
def allow_orm_next_to_playwright(django_db_setup):
    """Requesting the test database first makes it outlive the browser."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def shot(page, name: str) -> None:
    """The whole page at each width into $GONGKAI_SHOTS/NAME-WIDTH.png; the page is left at 1280 px."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
