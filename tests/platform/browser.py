"""What the browser tests share. Each browser test module imports it:

    from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)

`logged_in_page` is a fixture that tests/platform/conftest.py takes in (it starts nothing until a test asks
for it). `allow_orm_next_to_playwright` is not in conftest.py: it turns off Django's async-safety check, which
only the tests that drive Playwright need (its sync API keeps an event loop running in the test's thread while
their ORM calls stay synchronous). Once a browser test has run, Playwright's session-wide loop keeps running, so
the switch stays on for the rest of the session; a session that runs no browser test keeps the check."""

import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

SHOTS = Path(os.environ.get("GONGKAI_SHOTS", "/tmp/gongkai-shots"))  # screenshots for a person to look at
WIDTHS = (1280, 390)
VIEWPORT = {"width": 1280, "height": 900}
PASSWORD = "correct-horse-battery"  # the test users' (tests/platform/conftest.py)


@pytest.fixture(scope="session", autouse=True)
def allow_orm_next_to_playwright(django_db_setup):
    """Requesting the test database first makes it outlive the browser."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def logged_in_page(browser, live_server):
    """`logged_in_page(user, **context_options)`: a page in a browser context of its own, logged in as `user` by
    a session cookie (the tests of the login form itself use `log_in`). The contexts close with the test."""
    contexts = []

    def open_as(user, **options):
        client = Client()
        client.force_login(user)
        context = browser.new_context(**{"viewport": VIEWPORT, **options})
        contexts.append(context)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def log_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person does (its address the one a test that starts there types), and
    wait for the workspace it leads to."""
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def shot(page, name: str) -> None:
    """The whole page at each width into $GONGKAI_SHOTS/NAME-WIDTH.png; the page is left at 1280 px."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(VIEWPORT)
