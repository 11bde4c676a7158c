"""In a real browser: a clerk drafts an item with an ID number, the reviewer's 保密审查 catches and redacts it,
the leader signs off and the item gets its 索引号."""

import pytest

from gongkai_platform.catalogue.models import InformationItem, State
from tests.platform.browser import allow_orm_next_to_playwright, log_in  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_NUMBER = "11010519491231002X"


def test_draft_review_catches_id_number_and_sign_off_publishes(page, live_server, staff, column, calendar):
    log_in(page, live_server, "editor")
    page.get_by_role("link", name="起草信息").click()
    page.get_by_label("栏目").select_option(label=str(column))
    page.get_by_label("标题").fill("关于统计数据更正情况的说明")
    page.get_by_label("内容概述").fill("说明统计数据的更正情况。")
    page.get_by_label("主题分类").select_option(label="国民经济管理、国有资产监管\\统计")
    page.get_by_label("体裁分类").select_option(label="通知")
    page.get_by_label("正文").fill(f"申请人身份证号{ID_NUMBER}，已核实更正。")
    page.get_by_label("成文日期").fill("2026-11-20")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").wait_for()
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已提交审核").wait_for()

    log_in(page, live_server, "reviewer")
    page.get_by_role("link", name="关于统计数据更正情况的说明").click()
    page.get_by_role("link", name="审核（保密审查）").click()
    hit = page.locator("mark.hit[title='居民身份证号码']")
    assert hit.first.inner_text() == ID_NUMBER
    page.get_by_role("button", name="审核通过，送签批").click()
    page.get_by_text("保密审查发现").first.wait_for()
    page.get_by_role("link", name="审核（保密审查）").click()
    page.get_by_role("button", name="遮盖所选").click()
    page.get_by_text("已遮盖所选内容").wait_for()
    page.get_by_role("button", name="审核通过，送签批").click()
    page.get_by_text("审核通过，已送签批").wait_for()

    log_in(page, live_server, "signer")
    page.get_by_role("link", name="关于统计数据更正情况的说明").click()
    page.get_by_role("button", name="签批发布").click()
    page.get_by_text("已签批发布").wait_for()

    item = InformationItem.objects.get(title="关于统计数据更正情况的说明")
    assert item.state == State.PUBLISHED and ID_NUMBER not in item.body
    assert page.get_by_text(item.index_number).first.is_visible()
