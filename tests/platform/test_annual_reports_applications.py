"""Tables 三 and 四 of a generated report against counts made directly from thousands of random cases."""

import random
from collections import Counter
from datetime import date

import pytest
import reports_world

from gongkai.standard.formats import FORMAT_2021, outcome_rows
from gongkai_platform.annual_reports import checks, services, sources
from gongkai_platform.supervision.rollup import rollup

YEAR = 2025
OUTCOMES = [r.key for r in outcome_rows(FORMAT_2021)]


@pytest.fixture
def world(db):
    return reports_world.build()


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
    cases, appeals = reports_world.make_cases(world["stats"], rng, 2000)
    report = services.generate(world["stats"], YEAR, world["users"]["editor"])
    expected = direct_counts(cases, appeals, YEAR)
    for cell_id in FORMAT_2021.cell_ids:
        if cell_id.startswith(("s3.", "s4.")):
            assert report.cells[cell_id] == expected[cell_id], cell_id
    assert not [f for f in checks.errors(checks.findings(report))]
    assert f"新收政府信息公开申请{expected['s3.new.total']}件" in report.prose1


def test_grouped_table3_agrees_with_the_applications_app_query(world):
    from gongkai_platform.applications.table3 import table3

    reports_world.make_cases(world["stats"], random.Random(7), 800)
    for year in (2024, 2025, 2026):
        assert sources.table3(world["stats"], year) == table3(world["stats"], year), year


def test_prose_contradiction_is_flagged(world):
    reports_world.make_cases(world["stats"], random.Random(1), 50)
    editor = world["users"]["editor"]
    report = services.generate(world["stats"], YEAR, editor)
    services.update_prose(
        editor,
        report,
        {
            1: f"全年新收政府信息公开申请{report.cells['s3.new.total'] + report.cells['s3.carried_in.total'] + 7}件。"
        },
    )
    report.refresh_from_db()
    assert [f for f in checks.findings(report) if f.rule.startswith("prose.") and f.rule != "prose.copied"]


def test_rollup_from_raw_records_equals_the_sum_of_agency_tables(world):
    rng = random.Random(9)
    agencies = (world["office"], world["stats"], world["street"], world["kc"])
    for agency in agencies:
        reports_world.make_cases(agency, rng, 300)
    reports = [services.generate(a, YEAR, world["users"]["system"]) for a in agencies[:3]]
    total = rollup(world["city"], YEAR)
    for cell_id in FORMAT_2021.cell_ids:
        if cell_id.startswith(("s3.", "s4.")):
            assert total.cells[cell_id] == sum(r.cells[cell_id] for r in reports), cell_id


def test_dashboard_counts_open_applications_past_their_due_date(world):
    from gongkai_platform.supervision import dashboard

    cases, _ = reports_world.make_cases(world["street"], random.Random(3), 400)
    today = date(2025, 11, 1)
    expected = sum(1 for c in cases if c.replied_on is None and c.due_on < today)
    rows = {r.agency.slug: r for r in dashboard.rows(world["city"], YEAR, today)}
    assert expected > 0 and rows["zl-street"].overdue_applications == expected
    assert rows["mzl-stats"].overdue_applications == 0
