"""A citizen applies online, the clerk asks for a 补正, the citizen corrects, the clerk extends and replies
部分公开 with a letter; the citizen's tracking page shows each step. Drives Debian's chromium."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role
from gongkai_platform.applications.models import Application
from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from tests.platform.browser import allow_orm_next_to_playwright  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server):
    if not CalendarYear.objects.exists():  # an earlier transactional test flushed the migration's rows
        seeding.seed(CalendarYear, Holiday, AdjustedWorkday)
    next_year = timezone.localdate().year + 1
    CalendarYear.objects.get_or_create(year=next_year, defaults={"source": "测试：仅周末休息"})
    j = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    agency = Agency.objects.create(jurisdiction=j, name="满洲里市统计局", slug="stats", org_code="X1")
    clerk = get_user_model().objects.create_user(username="clerk", password="correct-horse-battery")
    for role in (Role.EDITOR, Role.SIGNER):
        Membership.objects.create(user=clerk, agency=agency, role=role)
    return agency, clerk


def test_citizen_and_clerk_through_correction_extension_and_partial_reply(
    page, live_server, setup, logged_in_page
):
    agency, clerk_user = setup
    url = live_server.url
    # the citizen applies online
    page.goto(f"{url}/yisqing/apply/")
    page.select_option("#id_agency", str(agency.pk))
    page.select_option("#id_applicant_kind", "natural")
    page.fill("#id_applicant_name", "王小明")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_email", "wang@example.cn")
    page.fill("#id_description", "本局2024年统计执法检查的计划和结果")
    page.select_option("#id_delivery_form", "electronic")
    page.select_option("#id_delivery_method", "email")
    page.click("button[type=submit]")
    tracking = page.text_content("#tracking").strip()
    assert page.text_content("#state").strip() == "待确认收到"
    assert "11010519491231002X" not in page.content() and "王**" in page.content()
    app = Application.objects.get(tracking_number=tracking)
    today = timezone.localdate().isoformat()

    # the clerk, in another browser context
    clerk = logged_in_page(clerk_user)
    detail = f"{url}/yisqing/staff/{app.pk}/"

    def act(form, **values):
        clerk.goto(detail)
        if not clerk.eval_on_selector(f"#action-{form}", "e => e.open"):
            clerk.click(f"#action-{form} summary")
        for name, value in values.items():
            selector = f"#form-{form} [name={name}]"
            if clerk.eval_on_selector(selector, "e => e.tagName") == "SELECT":
                clerk.select_option(selector, value)
            else:
                clerk.fill(selector, value)
        clerk.click(f"#form-{form} button[type=submit]")
        assert "已办理" in clerk.content(), clerk.content()

    act("confirm", on=today)
    act("correction", on=today, period="10", note="请写明所需文件的文号或发布日期")
    page.goto(f"{url}/yisqing/track/{tracking}/")
    assert page.text_content("#state").strip() == "等待补正" and "请写明所需文件的文号" in page.content()

    act("correction_received", on=today)  # the citizen's correction arrives
    act("extend", on=today, workdays="15", reason="需要调取多个科室的资料")
    act(
        "close",
        on=today,
        outcome="partial",
        withheld_parts="检查对象名单",
        withheld_basis="withheld.third_party",
    )

    clerk.goto(detail)
    assert "（二）部分公开" in clerk.text_content("#outcome")
    pdf = clerk.request.get(url + clerk.get_attribute("#letter-reply-pdf", "href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    page.goto(f"{url}/yisqing/track/{tracking}/")
    steps = page.text_content("#timeline")
    for label in ("申请已收到", "请补正您的申请", "已收到您的补正", "延长15个工作日", "您的申请已答复"):
        assert label in steps
    assert page.text_content("#state").strip() == "已办结" and "部分公开" in page.text_content("#outcome")
    assert Application.objects.get(pk=app.pk).replied_on == date.fromisoformat(today)
