"""The demo loader builds a year of living work, checked against counts made here by hand over the database.

The demo is loaded once for the module (it takes seconds); the counts below walk the rows in Python with the
statutory counting rules written out again, so they do not share code with the report's aggregate queries.
"""

import random
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from gongkai.standard.formats import FORMAT_2021
from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.annual_reports import checks
from gongkai_platform.annual_reports.models import AnnualReport, Status
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.applications.models import (
    Application,
    CaseFile,
    Channel,
    FilePurpose,
    Message,
    Step,
    StepKind,
)
from gongkai_platform.catalogue import guide, standard_columns
from gongkai_platform.catalogue import services as catalogue
from gongkai_platform.catalogue.models import Attachment, Column, Delivery, InformationItem, State
from gongkai_platform.demo import builder, casework
from gongkai_platform.supervision.rollup import rollup
from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from gongkai_platform.workdays.services import WorkCalendar

TODAY = timezone.localdate()
YEAR = TODAY.year - 1  # the report due on 31 January of this year
PREVIOUS = YEAR - 1
OUTCOME_GROUPS = ("granted", "partial", "withheld", "unavailable", "not_processed", "other")
OUTCOME_ROWS = [
    "granted",
    "partial",
    *(f"withheld.{k}" for k in ("state_secret", "prohibited_by_law", "security_stability", "third_party")),
    *(f"withheld.{k}" for k in ("internal_affairs", "process_info", "enforcement_file", "query_matter")),
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.still_unclear",
    *(f"not_processed.{k}" for k in ("petition", "duplicate", "publication", "excessive", "confirmation")),
    "other.no_correction",
    "other.no_fee_paid",
    "other.other",
]
DEMO_STEPS = [  # every step of the procedure the demo plays (not 转办 nor 延迟答复)
    StepKind.RECEIPT_CONFIRMED,
    StepKind.CORRECTION_REQUESTED,
    StepKind.CORRECTION_RECEIVED,
    StepKind.CONSULTATION_STARTED,
    StepKind.CONSULTATION_ENDED,
    StepKind.EXTENSION_PROPOSED,
    StepKind.EXTENSION_APPROVED,
    StepKind.REASONS_REQUESTED,
    StepKind.FEE_NOTICE_SENT,
    StepKind.FEE_PAID,
    StepKind.CLOSED,
]
APPLICANT_KINDS = ("natural", "business", "research", "social", "legal", "other_org")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """load_demo once for the module, inside a transaction rolled back at the end (as Django's setUpTestData
    does), so the tests after this module see the database as the migrations left it. Passwords are hashed
    with the tests' fast hasher (conftest), so the demo accounts log in."""
    media = tmp_path_factory.mktemp("demo-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seeding.seed(CalendarYear, Holiday, AdjustedWorkday)
            standard_columns.ensure(Column)
            call_command("load_demo", items=12)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_db(demo, db):
    return demo


def hand_count_table3(agency, year: int) -> dict[str, int]:
    """Table 三 by the 2021 format's rules, case by case: 新收 received in the year; 上年结转 received before
    it and not replied before 1 January; an outcome row counts replies in the year; 结转 is still open on
    31 December."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cells: Counter = Counter()
    for app in Application.objects.filter(agency=agency, received_on__isnull=False):
        rows = []
        if start <= app.received_on <= end:
            rows.append("new")
        if app.received_on < start and (app.replied_on is None or app.replied_on >= start):
            rows.append("carried_in")
        if app.replied_on and start <= app.replied_on <= end:
            rows += ["total", app.outcome]
        if app.received_on <= end and (app.replied_on is None or app.replied_on > end):
            rows.append("carried_out")
        for row in rows:
            cells[f"s3.{row}.{app.applicant_kind}"] += 1
            cells[f"s3.{row}.total"] += 1
    return cells


def hand_count_table4(agency, year: int) -> dict[str, int]:
    """Table 四: cases filed in the year, with the result known on 31 December, otherwise 尚未审结."""
    end = date(year, 12, 31)
    cells: Counter = Counter()
    for appeal in Appeal.objects.filter(agency=agency, filed_on__year=year):
        result = appeal.result if appeal.concluded_on and appeal.concluded_on <= end else "pending"
        cells[f"s4.{appeal.group}.{result}"] += 1
        cells[f"s4.{appeal.group}.total"] += 1
    return cells


def test_every_agency_year_has_every_row_group(demo_db):
    agencies = list(Agency.objects.all())
    assert len(agencies) == 5
    seen_rows = Counter()
    for agency in agencies:
        cells = hand_count_table3(agency, YEAR)
        for group in ("new", "carried_in", *OUTCOME_GROUPS, "total", "carried_out"):
            in_group = sum(
                v for k, v in cells.items() if k.endswith(".total") and k[3:].startswith(group + ".")
            )
            assert in_group > 0, (agency.name, group)
        seen_rows.update(k[3:-6] for k, v in cells.items() if k.endswith(".total") and v)
        t4 = hand_count_table4(agency, YEAR)
        for group in ("review", "suit_direct", "suit_after_review"):
            assert t4[f"s4.{group}.total"] > 0, (agency.name, group)
    assert [row for row in OUTCOME_ROWS if not seen_rows[row]] == []


def test_table4_has_every_result_of_every_group_somewhere(demo_db):
    seen = Counter()
    for agency in Agency.objects.all():
        seen.update(k for k, v in hand_count_table4(agency, YEAR).items() if v)
    missing = [
        f"{g}.{r}"
        for g in ("review", "suit_direct", "suit_after_review")
        for r in ("upheld", "corrected", "other", "pending")
        if not seen[f"s4.{g}.{r}"]
    ]
    assert missing == []


def test_reports_hold_the_hand_counts_and_pass_every_error_rule(demo_db):
    for report in AnnualReport.objects.filter(year__in=(PREVIOUS, YEAR)).select_related("agency"):
        expected = {
            **hand_count_table3(report.agency, report.year),
            **hand_count_table4(report.agency, report.year),
        }
        for cell_id in FORMAT_2021.cell_ids:
            if cell_id.startswith(("s3.", "s4.")):
                assert report.cells[cell_id] == expected.get(cell_id, 0), (str(report), cell_id)
        assert checks.errors(checks.findings(report)) == [], str(report)


def test_report_states(demo_db):
    by_slug = {r.agency.slug: r for r in AnnualReport.objects.filter(year=YEAR).select_related("agency")}
    assert {
        r.agency.slug for r in AnnualReport.objects.filter(year=PREVIOUS, status=Status.PUBLISHED)
    } == set(by_slug)
    deadline = date(YEAR + 1, 1, 31)
    assert by_slug["mzl-office"].status == Status.PUBLISHED and by_slug["mzl-office"].published_on <= deadline
    late = by_slug["mzl-stats"]
    assert late.status == Status.PUBLISHED and (late.published_on > deadline or deadline >= TODAY)
    assert by_slug["mzl-emergency"].status == Status.SIGNED
    assert by_slug["mzl-xinghua"].status == Status.DRAFTED and by_slug["mzl-xinghua"].locked_on
    assert by_slug["kc-office"].status == Status.DRAFTED and not by_slug["kc-office"].locked_on
    for report in by_slug.values():
        if report.status == Status.PUBLISHED:
            assert report.item.state == State.PUBLISHED
            assert report.item.attachments.filter(original_name__endswith=".pdf").exists()


def test_rollup_is_the_sum_of_the_reports(demo_db):
    city = Jurisdiction.objects.get(slug="manzhouli")
    reports = list(AnnualReport.objects.filter(agency__jurisdiction=city, year=YEAR))
    assert len(reports) == 4
    total = rollup(city, YEAR)
    for cell_id in FORMAT_2021.cell_ids:
        values = [r.cells[cell_id] for r in reports if r.cells[cell_id] is not None]
        expected = sum(Decimal(str(v)) for v in values) if values else None
        found = total.cells[cell_id]
        assert (None if found is None else Decimal(str(found))) == expected, cell_id


def test_channels_kinds_and_procedure_steps(demo_db):
    for agency in Agency.objects.all():
        cases = Application.objects.filter(agency=agency, received_on__year=YEAR)
        assert set(cases.values_list("channel", flat=True)) == set(Channel.values), agency.name
        assert set(cases.values_list("applicant_kind", flat=True)) == set(APPLICANT_KINDS), agency.name
    kinds = Counter(Step.objects.values_list("kind", flat=True))
    assert [k for k in DEMO_STEPS if not kinds[k]] == []
    # a 补正 restarts the clock: every answered correction's case was due 20 working days after the answer
    calendar = WorkCalendar()
    later = [
        StepKind.EXTENSION_APPROVED,
        StepKind.FEE_NOTICE_SENT,
        StepKind.CONSULTATION_STARTED,
        StepKind.REASONS_REQUESTED,
    ]
    answered = Step.objects.filter(kind=StepKind.CORRECTION_RECEIVED).exclude(
        application__steps__kind__in=later
    )
    assert answered.exists()
    for step in answered.select_related("application"):
        assert step.application.due_on == calendar.add_workdays(step.on, 20), step.application.tracking_number
    assert Step.objects.filter(kind=StepKind.FEE_PAID).exists()


def test_living_work_relative_to_today(demo_db):
    open_cases = list(Application.objects.filter(replied_on__isnull=True, received_on__lte=TODAY))
    overdue = [a for a in open_cases if a.due_on and a.due_on < TODAY]
    this_week = [a for a in open_cases if a.due_on and TODAY <= a.due_on <= TODAY + timedelta(days=7)]
    assert 1 <= len(overdue) <= 8
    assert len(this_week) >= 3
    states = Counter(a.state for a in open_cases)
    assert {"running", "awaiting_correction", "consulting", "awaiting_fee"} <= set(states)
    assert (
        Application.objects.filter(received_on__isnull=True, channel=Channel.ONLINE).count() == 5
    )  # to confirm
    assert not Application.objects.filter(received_on__gt=TODAY).exists()
    assert not Step.objects.filter(on__gt=TODAY).exists()


def test_messages_are_dated_at_their_steps_and_never_sent(demo_db):
    messages = list(Message.objects.select_related("step"))
    assert len(messages) > Application.objects.count()
    assert {m.delivery for m in messages} == {builder.UNSENT_NOTE}
    stepped = [m for m in messages if m.step]
    assert stepped and all(timezone.localtime(m.created_at).date() == m.step.on for m in stepped)


def test_replies_release_documents_or_point_to_published_items(demo_db):
    released = CaseFile.objects.filter(purpose=FilePurpose.RELEASED).select_related("application")
    assert released.filter(catalogue_item__isnull=False).exists()
    assert released.filter(catalogue_item__isnull=True).exclude(file="").exists()
    assert {f.application.outcome for f in released} <= {"granted", "partial"}
    assert all(f.redacted for f in released if f.application.outcome == "partial")


def test_work_news_is_current_but_one_agency_lags(demo_db):
    week_ago = TODAY - timedelta(days=7)
    current = set(
        InformationItem.objects.filter(
            column__slug="work-news", state=State.PUBLISHED, published_on__gte=week_ago
        ).values_list("agency__slug", flat=True)
    )
    assert current == {a[0] for a in builder.AGENCIES} - {"mzl-emergency"}


def test_attachments_are_real_files_whose_text_is_read(demo_db):
    attachments = list(Attachment.objects.select_related("item"))
    kinds = Counter(
        a.original_name.rsplit(".", 1)[-1] for a in attachments if a.item.column.slug != "annual-report"
    )
    assert kinds["pdf"] and kinds["docx"] and kinds["xlsx"], kinds
    magic = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04"}
    for attachment in attachments:
        with attachment.file.open("rb") as f:
            assert f.read(5).startswith(magic[attachment.original_name.rsplit(".", 1)[-1]][:4])
        if attachment.item.column.slug != "annual-report":
            assert attachment.text_extracted and attachment.extracted_text.strip(), attachment.original_name
    # the 保密审查 passes every item with an attachment, so a reviewer can approve the one waiting in review
    attached = InformationItem.objects.filter(attachments__isnull=False).exclude(column__slug="annual-report")
    attached = attached.distinct()
    assert [item.title for item in attached if catalogue.unresolved_hits(item)] == []
    assert attached.filter(state=State.IN_REVIEW).exists()


def _dashboard_rows(client, year):
    html = client.get(f"/supervision/manzhouli/{year}/").content.decode()
    rows = {}
    for slug, body in re.findall(r'<tr data-agency="([\w-]+)">(.*?)</tr>', html, re.S):
        status = re.search(r'class="status status-(\w+)"', body).group(1)
        warnings = int(re.search(r"提示 (\d+)", body).group(1))
        cells = re.findall(r"<td>(.*?)</td>", body, re.S)
        rows[slug] = (status, warnings, int(cells[-2].strip()))
    return rows


def test_supervision_dashboard_shows_real_statuses_and_findings(demo_db):
    client = Client()
    assert client.login(username="mzl-gongkaiban", password=builder.DEMO_PASSWORD)
    rows = _dashboard_rows(client, YEAR)
    past_deadline = date(YEAR + 1, 1, 31) < TODAY
    assert rows["mzl-office"][0] == "published"
    assert rows["mzl-stats"][0] == ("published_late" if past_deadline else "published")
    assert rows["mzl-emergency"][0] == ("late" if past_deadline else "signed")
    assert rows["mzl-xinghua"][0] == ("late" if past_deadline else "drafted")
    assert rows["mzl-xinghua"][1] >= 1  # its 五 repeats last year's
    if past_deadline:
        assert rows["mzl-stats"][1] >= 1  # published late
    for agency in Agency.objects.filter(jurisdiction__slug="manzhouli"):
        overdue = sum(
            1
            for a in Application.objects.filter(agency=agency)
            if a.replied_on is None and a.due_on is not None and a.due_on < TODAY
        )
        assert rows[agency.slug][2] == overdue, agency.slug
    assert sum(r[2] for r in rows.values()) > 0


def test_load_demo_twice_refuses_and_changes_nothing(demo_db, capsys):
    before = (Application.objects.count(), Appeal.objects.count(), InformationItem.objects.count())
    call_command("load_demo", items=12)
    assert "演示数据已存在，未作改动" in capsys.readouterr().out
    assert (Application.objects.count(), Appeal.objects.count(), InformationItem.objects.count()) == before


def test_every_role_can_log_in(demo_db):
    for username in ("admin", "mzl-stats-editor", "mzl-stats-reviewer", "kc-office-signer", "kc-gongkaiban"):
        assert authenticate(username=username, password=builder.DEMO_PASSWORD) is not None, username
    published = InformationItem.objects.filter(state=State.PUBLISHED)
    assert published.values("index_number").distinct().count() == published.count() >= 5 * 12


def test_plans_are_deterministic(demo_db):
    calendar = WorkCalendar()
    agency = Agency.objects.get(slug="mzl-stats")

    def plans(seed):
        ctx = casework.Context(agency, "stats", "manzhouli", None, None, calendar, TODAY, random.Random(seed))
        return casework.year_plans(ctx, 1, 5, YEAR) + casework.living_plans(ctx, 1)

    assert plans(7) == plans(7)
    assert plans(7) != plans(8)


def test_each_agency_has_a_review_about_proactive_disclosure_counted_in_table_four(demo_db):
    """A case with no application (subject 主动公开) per agency, in the last full year, in its Table 四."""
    from gongkai_platform.appeals.table4 import table4

    cases = Appeal.objects.filter(subject="proactive", application=None)
    by_agency = {c.agency_id: c for c in cases}
    assert set(by_agency) == set(Application.objects.values_list("agency_id", flat=True))
    assert all(c.group == "review" and "主动公开" in c.matter for c in cases)
    for agency_id, review in by_agency.items():
        year = review.filed_on.year
        same_year = Appeal.objects.filter(agency_id=agency_id, group="review", filed_on__year=year).count()
        assert table4([agency_id], year)["s4.review.total"] == same_year


def test_items_have_summaries_and_two_level_topics(demo_db):
    everything = InformationItem.objects.all()
    assert not everything.filter(topic=None).exists() and not everything.filter(topic__parent=None).exists()
    items = everything.filter(state=State.PUBLISHED)
    assert items.count() > 50 and not items.filter(summary="").exists()
    assert everything.filter(summary="", state=State.DRAFT).exists()  # one draft shows the review's warning
    assert all(len(i.summary) <= 100 for i in items)


def test_the_guides_are_generated_from_filled_in_fields(demo_db, client):
    for agency in Agency.objects.filter(slug__in=[a[0] for a in builder.AGENCIES]):
        assert guide.build(agency).missing == [], agency.name
    page = client.get("/xxgk/jg/mzl-xinghua/guide/").content.decode()
    assert "满洲里市人民政府兴华街道办事处党政综合办公室" in page and "（未填写）" not in page
    statutory = client.get("/xxgk/jg/mzl-xinghua/column/statutory/").content.decode()
    assert "筹资筹劳" in statutory and "市政建设" not in statutory  # a 街道 is at 乡镇 level


def test_deliveries_to_archives_and_library_are_registered(demo_db):
    for agency in Agency.objects.filter(slug__in=[a[0] for a in builder.AGENCIES]):
        kinds = set(Delivery.objects.filter(agency=agency).values_list("what", "recipient"))
        assert kinds == {
            ("guide", "archives"),
            ("directory", "archives"),
            ("annual_report", "archives"),
            ("annual_report", "library"),
        }


# What an item's attachment must be about, by a word of its title, written out by hand: (title word, words the
# attachment's file name holds, words its text holds, words it must not hold).
ABOUT = [
    ("部门决算", ["部门决算"], ["决算数"], ["预算"]),
    ("部门预算", ["部门预算"], ["预算数"], ["决算"]),
    ("居民消费价格", ["居民消费价格"], ["居民消费价格总指数", "同比指数"], ["地区生产总值"]),
    ("规模以上工业", ["规模以上工业"], ["规模以上工业增加值", "制造业"], ["地区生产总值"]),
    ("统计公报", ["统计公报"], ["地区生产总值"], ["居民消费价格总指数"]),
    ("成交结果公告", ["成交结果"], ["成交供应商"], []),
    ("公开招聘", ["报名登记表"], ["报名登记表"], []),
    ("公示", ["公示"], ["社区"], []),
]


def test_each_attachment_is_about_its_item_and_its_year(demo_db):
    attachments = Attachment.objects.select_related("item").exclude(item__column__slug="annual-report")
    checked = Counter()
    for attachment in attachments:
        title, name, text = attachment.item.title, attachment.original_name, attachment.extracted_text
        for word, in_name, in_text, absent in ABOUT:
            if word in title:
                checked[word] += 1
                assert all(w in name for w in in_name), (title, name)
                assert all(w in text for w in in_text), (title, text[:200])
                assert not any(w in name or w in text for w in absent), (title, name)
        year = re.search(r"(\d{4})年", title)
        if year and attachment.item.column.slug != "article20-14":  # the 报名登记表 carries no year
            assert year.group(1) in name + text, (title, name)
    assert sum(checked.values()) >= 10, checked


def test_a_final_accounts_item_gets_its_final_accounts_table():
    """部门决算 of the year before the item was written: the 决算 table of that year, not the year's 预算."""
    import io

    import openpyxl

    from gongkai_platform.demo import files

    agency = Agency(name="满洲里市统计局")
    item = InformationItem(
        agency=agency,
        title="满洲里市统计局2024年部门决算公开",
        column=Column(slug="article20-7"),
        written_on=date(2025, 8, 20),
        body="现将满洲里市统计局2024年度部门决算公开如下。",
    )
    name, content = files.for_item(item, random.Random(1))
    assert name == "2024年度部门决算公开表.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "支出决算表"
    assert [c.value for c in sheet[1]] == ["功能分类科目", "2024年度决算数（万元）", "其中：基本支出（万元）"]
    item.title = "满洲里市统计局2025年部门预算公开"
    assert files.for_item(item, random.Random(1))[0] == "2025年部门预算公开表.xlsx"


def test_final_accounts_are_of_the_year_before_they_were_written(demo_db):
    accounts = InformationItem.objects.filter(title__contains="年部门决算")
    assert accounts.exists()
    for item in accounts:
        assert int(re.search(r"(\d{4})年部门决算", item.title).group(1)) == item.written_on.year - 1, (
            item.title
        )
