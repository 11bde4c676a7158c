"""The portal in Debian's chromium through Playwright, against Django's live server."""

import os
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.platform.portal_data import make_world, published

# Django's live server is a thread; Playwright's sync API runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def world(transactional_db):
    return make_world()


def test_citizen_finds_an_item_with_a_two_character_query(live_server, world, page):
    published(
        world.stats,
        world.column("article20-4"),
        "满洲里市2024年国民经济和社会发展统计公报",
        body="全年地区生产总值比上年增长5.2%。",
        on=date(2025, 3, 1),
    )
    published(world.office, world.column("article20-12"), "关于做好防汛工作的通知", on=date(2025, 4, 1))
    page.goto(f"{live_server.url}/xxgk/jg/mzl-stats/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
    page.get_by_label("站内检索").fill("统计")
    page.get_by_label("站内检索").press("Enter")
    expect(page.get_by_role("heading", name=re.compile("检索结果：共 1 条"))).to_be_visible()
    hit = page.locator(".hit").first
    expect(hit.locator("h3 mark")).to_have_text("统计")
    expect(page.get_by_text("防汛")).to_have_count(0)
    hit.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("满洲里市2024年国民经济和社会发展统计公报")
    expect(page.get_by_role("table", name="信息属性")).to_contain_text("11152200MB0000002/2025-00001")


def test_portal_is_usable_on_a_phone(live_server, world, browser):
    published(world.stats, world.column("article20-4"), "2024年统计公报")
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/xxgk/jg/mzl-stats/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    expect(phone.get_by_role("navigation", name="栏目导航")).to_be_visible()
    context.close()
