"""Tables 三 and 四 of a generated report against counts made directly from thousands of random cases."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest
import reports_world
from django.apps import apps

from gongkai.standard.formats import APPLICANT_COLUMNS, FORMAT_2021, outcome_rows
from gongkai_platform.annual_reports import checks, services, sources
from gongkai_platform.supervision.rollup import rollup

pytestmark = pytest.mark.skipif(
    not apps.is_installed("gongkai_platform.applications"), reason="the applications app has not landed"
)
YEAR = 2025
OUTCOMES = [r.key for r in outcome_rows(FORMAT_2021)]


@pytest.fixture
def world(db):
    return reports_world.build()


def make_cases(agency, rng: random.Random, n: int):
    from gongkai_platform.appeals.models import Appeal
    from gongkai_platform.applications.models import Application

    cases = []
    for i in range(n):
        received = date(2024, 10, 1) + timedelta(days=rng.randrange(500))
        replied = received + timedelta(days=rng.randrange(60)) if rng.random() < 0.85 else None
        cases.append(
            Application(
                agency=agency,
                tracking_number=f"T{agency.pk}-{i:06d}",
                applicant_kind=rng.choice(APPLICANT_COLUMNS),
                applicant_name="申请人",
                id_number="110101199003070000",
                phone="0470-0000000",
                description="申请公开某项信息",
                delivery_form="electronic",
                delivery_method="email",
                channel="online",
                received_on=received,
                due_on=received + timedelta(days=28),
                outcome=rng.choice(OUTCOMES) if replied else "",
                replied_on=replied,
                state="closed" if replied else "running",
            )
        )
    created = Application.objects.bulk_create(cases)
    appeals = []
    for app in rng.sample(created, k=min(40, len(created))):
        filed = app.received_on + timedelta(days=30 + rng.randrange(60))
        concluded = filed + timedelta(days=rng.randrange(200)) if rng.random() < 0.7 else None
        appeals.append(
            Appeal(
                application=app,
                group=rng.choice(["review", "suit_direct", "suit_after_review"]),
                organ="满洲里市人民政府",
                filed_on=filed,
                result=rng.choice(["upheld", "corrected", "other"]) if concluded else "",
                concluded_on=concluded,
            )
        )
    Appeal.objects.bulk_create(appeals)
    return created, appeals


def direct_counts(cases, appeals, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts = Counter()
    for c in cases:
        rows = []
        if start <= c.received_on <= end:
            rows.append("new")
        if c.received_on < start and (c.replied_on is None or c.replied_on >= start):
            rows.append("carried_in")
        if c.replied_on and start <= c.replied_on <= end:
            rows += [c.outcome, "total"]
        if c.received_on <= end and (c.replied_on is None or c.replied_on > end):
            rows.append("carried_out")
        for row in rows:
            counts[f"s3.{row}.{c.applicant_kind}"] += 1
            counts[f"s3.{row}.total"] += 1
    for a in appeals:
        if not start <= a.filed_on <= end:
            continue
        result = a.result if a.concluded_on and a.concluded_on <= end else "pending"
        counts[f"s4.{a.group}.{result}"] += 1
        counts[f"s4.{a.group}.total"] += 1
    return counts


def test_generated_tables_equal_direct_counts(world):
    rng = random.Random(5)
    cases, appeals = make_cases(world["stats"], rng, 2000)
    report = services.generate(world["stats"], YEAR, world["users"]["editor"])
    expected = direct_counts(cases, appeals, YEAR)
    for cell_id in FORMAT_2021.cell_ids:
        if cell_id.startswith(("s3.", "s4.")):
            assert report.cells[cell_id] == expected[cell_id], cell_id
    assert not [f for f in checks.errors(checks.findings(report))]
    assert f"新收政府信息公开申请{expected['s3.new.total']}件" in report.prose1


def test_grouped_table3_agrees_with_the_applications_app_query(world):
    from gongkai_platform.applications.table3 import table3

    make_cases(world["stats"], random.Random(7), 800)
    for year in (2024, 2025, 2026):
        assert sources.table3(world["stats"], year) == table3(world["stats"], year), year


def test_prose_contradiction_is_flagged(world):
    make_cases(world["stats"], random.Random(1), 50)
    editor = world["users"]["editor"]
    report = services.generate(world["stats"], YEAR, editor)
    services.update_prose(
        editor, report, {1: f"全年新收政府信息公开申请{report.cells['s3.new.total'] + 1}件。"}
    )
    report.refresh_from_db()
    assert [f for f in checks.findings(report) if f.rule.startswith("prose.") and f.rule != "prose.copied"]


def test_rollup_from_raw_records_equals_the_sum_of_agency_tables(world):
    rng = random.Random(9)
    agencies = (world["office"], world["stats"], world["street"], world["kc"])
    for agency in agencies:
        make_cases(agency, rng, 300)
    reports = [services.generate(a, YEAR, world["users"]["system"]) for a in agencies[:3]]
    total = rollup(world["city"], YEAR)
    for cell_id in FORMAT_2021.cell_ids:
        if cell_id.startswith(("s3.", "s4.")):
            assert total.cells[cell_id] == sum(r.cells[cell_id] for r in reports), cell_id
