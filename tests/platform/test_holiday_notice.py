"""The State Council's holiday notices (typed from the published texts, 2020–2026, in tests/fixtures) are read
into the calendar; every day of each year is checked against chinese_calendar, an independent source built
from the same notices. Then the admin page: paste, review, save, and the open cases' due dates follow."""

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from django.contrib.auth import get_user_model
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from gongkai_platform.workdays.notice import parse_notice
from gongkai_platform.workdays.services import WorkCalendar, missing_year_warning

NOTICES = Path(__file__).parent.parent / "fixtures" / "holiday_notices"
# 国办发明电〔2020〕1号 extended the 2020 Spring Festival to 2 February after the notice was published;
# chinese_calendar has the extension, the notice of 2019 does not.
LATER_CHANGES = {2020: {date(2020, 1, 31), date(2020, 2, 1)}}


def notice(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def is_workday(schedule, d: date) -> bool:
    if d in schedule.workdays:
        return True
    return d not in schedule.holidays and d.weekday() < 5


@pytest.mark.parametrize("year", range(2020, 2027))
def test_each_notice_gives_chinese_calendars_working_days(year):
    schedule = parse_notice(notice(year))
    assert schedule.year == year and schedule.problems == []
    days = [
        date(year, 1, 1) + timedelta(days=i)
        for i in range(366)
        if (date(year, 1, 1) + timedelta(days=i)).year == year
    ]
    differ = {d for d in days if is_workday(schedule, d) != chinese_calendar.is_workday(d)}
    assert differ == LATER_CHANGES.get(year, set())


def test_2025_hand_check():
    """Hand transcription of the 2025 notice: 8 days of Spring Festival, one 调休 Sunday for 劳动节."""
    s = parse_notice(notice(2025))
    spring = [d for d, name in s.holidays.items() if name == "春节"]
    assert min(spring) == date(2025, 1, 28) and max(spring) == date(2025, 2, 4) and len(spring) == 8
    assert s.workdays == {
        date(2025, 1, 26): "春节",
        date(2025, 2, 8): "春节",
        date(2025, 4, 27): "劳动节",
        date(2025, 9, 28): "国庆节、中秋节",
        date(2025, 10, 11): "国庆节、中秋节",
    }
    assert s.holidays[date(2025, 1, 1)] == "元旦" and date(2024, 12, 31) not in s.holidays


def test_a_cross_year_new_year_and_encouragements():
    s = parse_notice(notice(2023))
    assert s.holidays[date(2022, 12, 31)] == "元旦" and s.holidays[date(2023, 1, 2)] == "元旦"
    assert date(2024, 2, 9) not in parse_notice(notice(2024)).holidays  # 鼓励…除夕休息 is not a holiday


def test_mistakes_in_a_pasted_notice_become_problems_not_guesses():
    s = parse_notice("一、元旦：1月1日（周四）至3日放假，共4天。1月5日（周二）上班。", 2027)
    assert s.problems == [
        "“1月1日（周四）”：2027年1月1日是周五，与括号中的星期不符",
        "元旦：通知写明共4天，解析出3天，请核对",
        "元旦：2027年1月5日是工作日，不需要调休上班",
    ]
    assert parse_notice("随便一段话", 2027).problems == ["没有找到“一、元旦：…”这样的条目，请粘贴通知正文"]
    assert parse_notice("没有年份").problems == ["无法确定年份，请填写年份"]


ADMIN_PASSWORD = "correct-horse-battery"


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.cn", ADMIN_PASSWORD)
    client.force_login(admin)
    return client


def test_a_notice_pasted_for_the_wrong_year_is_flagged(admin_client):
    data = {"year": 2027, "source": "x", "notice": notice(2026).replace("2026", "2027"), "action": "parse"}
    parsed = admin_client.post(
        "/admin/workdays/calendaryear/enter/", {**data, "days-TOTAL_FORMS": 0, "days-INITIAL_FORMS": 0}
    )
    assert "与括号中的星期不符" in parsed.content.decode()  # the brackets' weekdays are 2026's


def test_enter_a_year_from_the_notice_and_recompute(admin_client, django_capture_on_commit_callbacks):
    """The admin removes 2026 and enters it again from the notice: the calendar equals chinese_calendar."""
    Holiday.objects.filter(date__year=2026).delete()
    AdjustedWorkday.objects.filter(date__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()
    page = admin_client.get("/admin/workdays/calendaryear/enter/")
    assert page.status_code == 200 and "粘贴" in page.content.decode()
    data = {"year": 2026, "source": "国办发明电〔2025〕7号", "notice": notice(2026)}
    empty = {"days-TOTAL_FORMS": 0, "days-INITIAL_FORMS": 0}
    parsed = admin_client.post("/admin/workdays/calendaryear/enter/", {**data, **empty, "action": "parse"})
    assert parsed.context["problems"] == [] and "已解析" in parsed.content.decode()
    rows = parsed.context["days"].initial
    assert {"date": date(2026, 10, 1), "kind": "holiday", "name": "国庆节"} in rows
    form = {**data, "action": "save", "days-TOTAL_FORMS": len(rows), "days-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        form |= {
            f"days-{i}-date": row["date"].isoformat(),
            f"days-{i}-kind": row["kind"],
            f"days-{i}-name": row["name"],
        }
    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_client.post("/admin/workdays/calendaryear/enter/", form)
    assert saved.status_code == 302, saved.context["problems"] or saved.context["days"].errors
    assert CalendarYear.objects.get(year=2026).source == "国办发明电〔2025〕7号"
    cal = WorkCalendar()
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    assert [cal.is_workday(d) for d in days] == [chinese_calendar.is_workday(d) for d in days]
    assert AuditEntry.objects.filter(action="calendar.year_entered").exists()


def test_the_table_alone_and_its_errors(admin_client):
    base = {"year": 2030, "source": "", "days-TOTAL_FORMS": 2, "days-INITIAL_FORMS": 0, "action": "save"}
    rows = {"days-0-date": "2030-01-01", "days-0-kind": "holiday", "days-0-name": "元旦"}
    rows |= {"days-1-date": "2030-01-07", "days-1-kind": "workday", "days-1-name": "春节"}
    r = admin_client.post("/admin/workdays/calendaryear/enter/", {**base, **rows})
    assert "请填写来源" in r.content.decode() and not CalendarYear.objects.filter(year=2030).exists()
    r = admin_client.post("/admin/workdays/calendaryear/enter/", {**base, **rows, "source": "手工录入"})
    assert "是工作日，不需要登记为调休上班日" in r.content.decode()
    rows["days-1-date"] = "2030-01-05"  # a Saturday
    r = admin_client.post("/admin/workdays/calendaryear/enter/", {**base, **rows, "source": "手工录入"})
    assert r.status_code == 302 and AdjustedWorkday.objects.get(date=date(2030, 1, 5)).name == "春节"


def test_the_november_warning_links_to_the_page(admin_client):
    CalendarYear.objects.filter(year=2027).delete()
    assert "2027年" in missing_year_warning(date(2026, 11, 2))
    page = admin_client.get("/admin/").content.decode()
    if missing_year_warning():
        assert "/admin/workdays/calendaryear/enter/" in page


NAMES = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
NUMERALS = "一二三四五六七"
WD = "一二三四五六日"


def written(d: date, year: int, with_month: bool = True) -> str:
    prefix = f"{d.year}年" if d.year != year else ""
    return (
        f"{prefix}{d.month}月{d.day}日（周{WD[d.weekday()]}）"
        if with_month
        else f"{d.day}日（周{WD[d.weekday()]}）"
    )


@st.composite
def schedules(draw):
    """A plausible year: one holiday period per festival, in order, and weekend 调休 days outside them."""
    year = draw(st.integers(2030, 2060))
    cursor, items, taken = date(year, 1, 1), [], set()
    for name in NAMES[: draw(st.integers(1, 7))]:
        start = cursor + timedelta(days=draw(st.integers(0, 40)))
        length = draw(st.integers(1, 9))
        end = start + timedelta(days=length - 1)
        if end.year != year:
            break
        days = {start + timedelta(days=i) for i in range(length)}
        weekends = [start - timedelta(days=k) for k in range(1, 8)] + [
            end + timedelta(days=k) for k in range(1, 8)
        ]
        weekends = [w for w in weekends if w.weekday() >= 5 and w.year == year and w not in taken]
        work = sorted(draw(st.sets(st.sampled_from(weekends), max_size=2))) if weekends else []
        items.append((name, start, end, days, work))
        taken |= days | set(work)
        cursor = max([end, *work]) + timedelta(days=2)
    return year, items


def render(year, items) -> str:
    lines = [f"国务院办公厅关于{year}年部分节假日安排的通知"]
    for i, (name, start, end, days, work) in enumerate(items):
        if start == end:
            text = f"{written(start, year)}放假，共1天。"
        else:
            tail = written(end, year, with_month=end.month != start.month)
            text = f"{written(start, year)}至{tail}放假调休，共{len(days)}天。"
        if work:
            text += "、".join(written(w, year) for w in work) + "上班。"
        lines.append(f"{NUMERALS[i]}、{name}：{text}")
    return "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(schedules())
def test_a_written_schedule_reads_back(case):
    year, items = case
    schedule = parse_notice(render(year, items))
    assert schedule.problems == [] and schedule.year == year
    assert schedule.holidays == {d: name for name, _, _, days, _ in items for d in days}
    assert schedule.workdays == {w: name for name, _, _, _, work in items for w in work}
