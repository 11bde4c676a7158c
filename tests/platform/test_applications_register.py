"""The case list: urgent groups first, filters, search and sort; the register (登记台账) as XLSX and print view,
with applicants' names only for the agency's own staff."""

import io
from datetime import date
from urllib.parse import unquote

import openpyxl
import pytest
from django.utils import timezone

from gongkai_platform.agencies.models import Role
from gongkai_platform.applications import services
from gongkai_platform.workdays.models import CalendarYear
from tests.platform.test_applications_workflow import counter, fields, seeded_calendar, user  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(tree):
    agency = tree["stats"]
    CalendarYear.objects.get_or_create(year=TODAY.year + 1, defaults={"source": "测试：仅周末"})
    clerk = user("clerk", agency, Role.CASEWORKER)
    old = counter(clerk, agency, received=date(2025, 3, 3), applicant_name="李四")  # due 2025-03-31: overdue
    fresh = services.register(
        clerk,
        agency,
        channel="post_signed",
        received_on=TODAY,
        **fields(
            applicant_kind="business",
            applicant_name="满洲里某某有限公司",
            contact_person="王五",
            id_number="91350100M000100Y43",
            description="某某项目环境影响评价批复",
        ),
    )
    done = counter(clerk, agency, received=date(2025, 4, 1), applicant_name="赵六")
    services.close(clerk, done, "granted", date(2025, 4, 10))
    pending = services.register_online({"agency": agency, **fields(applicant_name="钱七")})
    return agency, clerk, {"old": old, "fresh": fresh, "done": done, "pending": pending}


def test_urgent_groups_come_first(client, world):
    _, clerk, c = world
    client.force_login(clerk)
    r = client.get("/yisqing/staff/")
    groups = {key: [a.pk for a, _ in items] for key, _, items in r.context["groups"]}
    assert groups["overdue"] == [c["old"].pk] and groups["pending"] == [c["pending"].pk]
    page = r.content.decode()
    assert page.index('id="group-pending"') < page.index('id="group-overdue"') < page.index('id="all"')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=closed", ["done"]),
        ("channel=post_signed", ["fresh"]),
        ("applicant_kind=business", ["fresh"]),
        ("outcome=granted", ["done"]),
        ("q=环境影响", ["fresh"]),
        ("q=2025-YSQ-0001", ["old"]),
        ("show=overdue", ["old"]),
        ("show=todo&sort=number", ["pending", "old", "fresh"]),
        ("due_from=2025-03-01&due_to=2025-03-31", ["old"]),
        ("sort=-number&state=running", ["fresh", "old"]),
    ],
)
def test_filters_search_and_sort(client, world, query, expected):
    _, clerk, c = world
    client.force_login(clerk)
    rows = client.get(f"/yisqing/staff/?{query}").context["rows"]
    assert [a.pk for a, _ in rows] == [c[k].pk for k in expected]


def test_register_xlsx_is_the_filtered_list(client, world):
    _, clerk, _c = world
    client.force_login(clerk)
    r = client.get("/yisqing/staff/register.xlsx?show=all")
    assert unquote(r["Content-Disposition"]).endswith(f"满洲里市统计局依申请公开登记台账{TODAY:%Y%m%d}.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    header = [v.value for v in ws[2]]
    assert header[:4] == ["序号", "登记编号", "受理机关", "收到申请日期"]
    rows = {row[1]: row for row in ws.iter_rows(min_row=3, values_only=True)}
    old = rows["2025-YSQ-0001"]
    assert old[6] == "李四" and old[7] == "13812345678" and old[12].date() == date(2025, 3, 31)
    done = rows["2025-YSQ-0002"]
    assert done[14] == "（一）予以公开" and done[16] == "是"
    assert "（待确认）" in rows
    only_closed = openpyxl.load_workbook(
        io.BytesIO(client.get("/yisqing/staff/register.xlsx?state=closed").content)
    )
    assert only_closed.active.max_row == 3


def test_supervisors_see_masked_names_in_the_register_and_print(client, world, tree):
    _, _clerk, _c = world
    client.force_login(user("supervisor", tree["office"], Role.SUPERVISOR))
    ws = openpyxl.load_workbook(io.BytesIO(client.get("/yisqing/staff/register.xlsx").content)).active
    names = [row[6] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert "李*" in names and "李四" not in names and "满洲里某某有限公司" in names
    page = client.get("/yisqing/staff/register/print/").content.decode()
    assert "李*" in page and "李四" not in page and "政府信息公开申请登记台账" in page
