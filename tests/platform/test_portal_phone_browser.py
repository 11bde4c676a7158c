"""In Debian's chromium at 390 px wide: portal and staff pages never scroll sideways and put what the visitor
came for (the item's title, the first search result) on the first screen; and the citizen's whole path from
the portal home to the tracking page of a new application, by clicking only."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai_platform.agencies.models import Role
from gongkai_platform.applications import services as applications
from gongkai_platform.applications.models import Application
from tests.platform.browser import allow_orm_next_to_playwright, log_in  # noqa: F401 (a fixture)
from tests.platform.conftest import make_user
from tests.platform.portal_data import make_world, published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TITLE = "满洲里市2025年国民经济和社会发展统计公报"


@pytest.fixture
def world(live_server, calendar):
    w = make_world()
    col = w.column("article20-4")
    item = published(
        w.stats,
        col,
        TITLE,
        body="全年地区生产总值比上年增长5.2%。" * 40,
        doc_number="满统发〔2025〕3号",
        keywords="统计公报 国民经济 社会发展",
        topic=w.topic("国民经济管理、国有资产监管\\统计"),
        on=date(2024, 12, 31),
    )
    for n in range(30):  # enough for numbered pages and a long list under the filters
        published(w.stats, col, f"满洲里市统计月报第{n + 1}期", body="统计数据", on=date(2025, 1, 1 + n))
    make_user("clerk", w.stats, Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.CASEWORKER)
    make_user("gongkaiban", w.office, Role.SUPERVISOR)
    for n in range(3):
        applications.register(
            None,
            w.stats,
            channel="online",
            received_on=None,
            applicant_kind="natural",
            applicant_name=f"申请人{n}",
            id_number="11010519491231002X",
            phone="13812345678",
            description=f"2024年本局统计执法检查计划及结果（第{n + 1}项）",
            delivery_form="electronic",
            delivery_method="email",
        )
    return w, item


def _no_sideways_scroll(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def _on_first_screen(locator):
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 60) <= PHONE["height"], box


def test_portal_pages_fit_a_phone_with_the_title_and_first_result_on_screen(browser, live_server, world):
    _, item = world
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/xxgk/item/{item.pk}/")
    _no_sideways_scroll(page)
    _on_first_screen(page.get_by_role("heading", level=1, name=TITLE))
    fold = page.locator("details.metadata-fold")
    expect(fold.locator("summary")).to_contain_text(item.index_number)
    expect(page.get_by_role("cell", name="满统发〔2025〕3号")).to_be_hidden()
    fold.locator("summary").click()
    expect(page.get_by_role("cell", name="满统发〔2025〕3号")).to_be_visible()

    page.goto(f"{live_server.url}/xxgk/jg/mzl-stats/search/?q=统计&year=2024&topic={item.topic_id}")
    _no_sideways_scroll(page)
    _on_first_screen(page.locator(".hit").first)
    expect(page.locator(".hit h3").first).to_have_text(TITLE)
    expect(page.get_by_label("发布年份")).to_be_hidden()  # folded behind 筛选
    page.get_by_text("筛选（已选 2 项）").click()
    expect(page.get_by_label("发布年份")).to_be_visible()

    page.goto(f"{live_server.url}/xxgk/jg/mzl-stats/search/?q=统计")
    _on_first_screen(page.locator(".hit").first)
    # 相关度: the 公报 has 统计 in its title and 关键词 (130), the newer 月报 in the title and body (101)
    expect(page.locator(".hit h3").first).to_have_text(TITLE)
    page.get_by_role("link", name="时间").click()
    expect(page.locator(".hit h3").first).to_have_text("满洲里市统计月报第30期")
    page.get_by_role("navigation", name="分页").get_by_role("link", name="2").click()
    _no_sideways_scroll(page)
    assert "sort=time" in page.url and "page=2" in page.url

    for path in (
        "/xxgk/qh/manzhouli/",
        "/xxgk/jg/mzl-stats/",
        "/xxgk/jg/mzl-stats/guide/",
        "/yisqing/apply/",
    ):
        page.goto(live_server.url + path)
        _no_sideways_scroll(page)
    page.context.close()


def test_staff_tables_fit_a_phone(browser, live_server, world):
    page = browser.new_context(viewport=PHONE).new_page()
    log_in(page, live_server, "clerk")
    for path in (
        "/staff/",
        "/staff/items/",
        "/staff/items/overdue/",
        "/yisqing/staff/",
        "/yisqing/staff/?show=register",
    ):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _no_sideways_scroll(page)
    page.goto(live_server.url + "/staff/items/")
    expect(page.locator(".table-wrap table")).to_be_visible()  # the wide table scrolls inside its wrap
    page.context.clear_cookies()
    log_in(page, live_server, "gongkaiban")
    year = timezone.localdate().year - 1
    for path in (f"/supervision/manzhouli/{year}/", "/supervision/notices/", "/staff/"):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _no_sideways_scroll(page)
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["390", "1280"])
def test_citizen_applies_from_the_portal_home_and_follows_the_case(browser, live_server, world, viewport):
    w, _ = world
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{live_server.url}/xxgk/jg/mzl-stats/")  # the only address typed
    page.get_by_role("region", name="依申请公开").get_by_role("link", name="在线申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("在线申请政府信息公开")
    expect(page.get_by_label("受理机关")).to_have_value(str(w.stats.pk))  # preselected by the agency's site
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("姓名或名称").fill("王小明")
    page.get_by_label("身份证件号码或统一社会信用代码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("电子邮箱").fill("wang@example.cn")
    page.get_by_label("所需信息的名称、文号或特征性描述").fill("本局2024年统计执法检查的计划和结果")
    page.get_by_label("信息的指定提供载体").select_option(label="电子文本")
    page.get_by_label("获取信息的方式").select_option(label="电子邮件")
    page.get_by_role("button", name="提交申请").click()

    # the receipt: the confirmation with the 查询码 to keep
    receipt = page.get_by_text(re.compile("申请已提交，请保存查询码："))
    expect(receipt).to_be_visible()
    code = re.search(r"查询码：(\w+)", receipt.inner_text()).group(1)
    case = Application.objects.get(tracking_number=code)
    assert case.agency == w.stats and case.applicant_name == "王小明"

    # days later: the tracking link, then the code
    page.get_by_role("contentinfo").get_by_role("link", name="查询申请办理进度").click()
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请办理进度")
    expect(page.locator("#tracking")).to_have_text(code)
    expect(page.locator("#state")).to_have_text(case.get_state_display())
    expect(page.get_by_text("满洲里市统计局").first).to_be_visible()
    assert "11010519491231002X" not in page.content()
    if viewport is PHONE:
        _no_sideways_scroll(page)
    page.context.close()
