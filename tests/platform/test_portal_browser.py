"""The portal in Debian's chromium through Playwright, against Django's live server."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from gongkai_platform.agencies.models import Membership, Role
from gongkai_platform.catalogue import services
from tests.platform.browser import allow_orm_next_to_playwright, log_in  # noqa: F401 (a fixture)
from tests.platform.portal_data import make_world, published

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"
ID_NUMBER = "11010519491231002X"  # a well-formed number with a valid check digit


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


def _login(browser, live_server, username):
    page = browser.new_context().new_page()
    log_in(page, live_server, username, PASSWORD)
    return page.context, page


def test_clerk_drafts_review_catches_id_number_signoff_publishes(
    live_server, world, browser, django_user_model
):
    for username, role in (("clerk", Role.EDITOR), ("reviewer", Role.REVIEWER), ("leader", Role.SIGNER)):
        user = django_user_model.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, agency=world.stats, role=role)

    # 编辑 drafts an item whose body carries a citizen's ID number, and submits it
    context, page = _login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/staff/items/new/")
    page.get_by_label("栏目").select_option(label="法定主动公开内容 › 统计信息")
    page.get_by_label("标题").fill("满洲里市2025年居民收支抽样调查结果")
    page.get_by_label("内容概述").fill("说明统计数据的更正情况。")
    page.get_by_label("主题分类").select_option(label="国民经济管理、国有资产监管\\统计")
    page.get_by_label("体裁分类").select_option(label="通知")
    page.get_by_label("正文").fill(
        f"调查员张三（身份证号{ID_NUMBER}）完成了入户调查。全市居民人均可支配收入增长5.1%。"
    )
    page.get_by_label("成文日期").fill(date.today().isoformat())
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交审核").click()
    item_url = page.url
    context.close()

    # 审核: the privacy check highlights the ID number and blocks approval until it is masked
    context, page = _login(browser, live_server, "reviewer")
    page.goto(item_url)
    page.get_by_role("link", name="审核（保密审查）").click()
    expect(page.locator("mark.hit").first).to_have_text(ID_NUMBER)
    page.get_by_role("button", name="审核通过，送签批").click()
    expect(page.get_by_role("alert").first).to_contain_text("身份证")
    page.goto(item_url)
    page.get_by_role("link", name="审核（保密审查）").click()
    page.get_by_role("button", name="遮盖所选").click()
    expect(page.get_by_text("已遮盖所选内容")).to_be_visible()
    expect(page.get_by_text("自动检查未发现身份证号")).to_be_visible()
    page.get_by_role("button", name="审核通过，送签批").click()
    context.close()

    # 签批领导 signs off: the item is published
    context, page = _login(browser, live_server, "leader")
    page.goto(item_url)
    page.get_by_role("button", name="签批发布").click()
    expect(page.get_by_text("已发布").first).to_be_visible()
    context.close()

    # a citizen sees it on the portal and finds it with a two-character query; the ID number is gone
    citizen = browser.new_page()
    citizen.goto(f"{live_server.url}/xxgk/jg/mzl-stats/column/article20-4/")
    expect(citizen.get_by_role("link", name="满洲里市2025年居民收支抽样调查结果")).to_be_visible()
    citizen.get_by_label("站内检索").fill("收支")
    citizen.get_by_label("站内检索").press("Enter")
    expect(citizen.locator(".hit h3 mark")).to_have_text("收支")
    citizen.locator(".hit h3 a").click()
    expect(citizen.locator(".body")).not_to_contain_text(ID_NUMBER)
    expect(citizen.locator(".body")).to_contain_text("人均可支配收入")


def test_published_through_the_workflow_services_appears_on_portal_and_in_search(
    live_server, world, page, django_user_model
):
    """The same path through catalogue.services (runs even where the staff pages are not merged)."""
    users = {}
    for username, role in (("clerk", Role.EDITOR), ("reviewer", Role.REVIEWER), ("leader", Role.SIGNER)):
        users[role] = django_user_model.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=users[role], agency=world.stats, role=role)
    item = services.create_draft(
        users[Role.EDITOR],
        world.stats,
        column=world.column("article20-4"),
        title="满洲里市2025年居民收支抽样调查结果",
        body=f"调查员张三（身份证号{ID_NUMBER}）完成了入户调查。全市居民人均可支配收入增长5.1%。",
        written_on=date.today(),
    )
    item = services.submit_for_review(users[Role.EDITOR], item)
    with pytest.raises(services.WorkflowError, match="身份证"):
        services.approve_review(users[Role.REVIEWER], item)
    item = services.redact(users[Role.REVIEWER], item)
    item = services.approve_review(users[Role.REVIEWER], item)
    services.sign_off(users[Role.SIGNER], item)

    page.goto(f"{live_server.url}/xxgk/jg/mzl-stats/column/article20-4/")
    expect(page.get_by_role("link", name="满洲里市2025年居民收支抽样调查结果")).to_be_visible()
    page.get_by_label("站内检索").fill("收支")
    page.get_by_label("站内检索").press("Enter")
    expect(page.locator(".hit h3 mark")).to_have_text("收支")
    page.locator(".hit h3 a").click()
    expect(page.locator(".body")).not_to_contain_text(ID_NUMBER)
