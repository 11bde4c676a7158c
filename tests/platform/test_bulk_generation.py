"""Generation in bulk gives every agency exactly the report it gets generated alone.

On the demo's world (every Table 三 row, appeals of each kind, fees, manual figures, 规范性文件 with their
validity history, last year's reports for 上年结转), the year's reports are generated once for all agencies
in one pass and once agency by agency, and every cell, the drafted prose and the stored findings are compared;
the bulk pass's Tables 三 and 四 are also checked against the hand counts of test_demo.
"""

from datetime import date

import pytest
from django.db import transaction
from test_demo import YEAR, demo, hand_count_table3, hand_count_table4  # noqa: F401 (demo: the fixture)

from gongkai.standard.formats import FORMAT_2021
from gongkai_platform.agencies.models import Agency
from gongkai_platform.annual_reports import services, sources
from gongkai_platform.annual_reports.models import AnnualReport
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue.models import InformationItem, State, ValidityChange


@pytest.fixture
def fresh_year(demo, db):  # noqa: F811
    """The demo's agencies with the year's reports removed, so both passes create and draft every report, and
    a 规范性文件 of one agency repealed in the year (the demo's repeals may fall in other years)."""
    AnnualReport.objects.filter(year=YEAR).delete()
    item = InformationItem.objects.filter(
        doc_type="normative", state=State.PUBLISHED, validity="valid"
    ).first()
    ValidityChange.objects.create(item=item, old="valid", new="repealed", effective_on=date(YEAR, 6, 30))
    return list(Agency.objects.select_related("jurisdiction").order_by("pk"))


def snapshot() -> dict:
    """Per agency: the report's cells, prose and stored findings, the copied prose named by agency."""
    reports = AnnualReport.objects.filter(year=YEAR).select_related("agency")
    agency_of = {r.pk: r.agency_id for r in AnnualReport.objects.all()}
    return {
        r.agency_id: {
            "format": r.format,
            "cells": r.cells,
            "prose": r.prose,
            "rules": r.rule_findings,
            "copies": [{**c, "other": agency_of[c["other"]]} for c in r.copies],
        }
        for r in reports
    }


def test_bulk_and_single_generation_agree_cell_by_cell(fresh_year):
    agencies = fresh_year
    audited = AuditEntry.objects.filter(action="annual_report.generate")
    before = audited.count()
    with transaction.atomic():
        result = services.generate_many(agencies, YEAR)
        bulk = snapshot()
        entries = audited.count() - before
        transaction.set_rollback(True)
    assert len(result.generated) == len(agencies) and not result.skipped
    assert entries == len(agencies)  # one audit entry per report, as when generated alone
    for agency in agencies:
        services.generate(agency, YEAR)
    single = snapshot()
    assert set(bulk) == set(single) == {a.pk for a in agencies}
    for agency in agencies:
        for part in ("format", "cells", "prose", "rules", "copies"):
            assert bulk[agency.pk][part] == single[agency.pk][part], (agency.name, part)
        expected = {**hand_count_table3(agency, YEAR), **hand_count_table4(agency, YEAR)}
        for cell_id in FORMAT_2021.cell_ids:
            if cell_id.startswith(("s3.new", "s3.total", "s3.granted", "s3.withheld", "s3.other", "s4.")):
                assert bulk[agency.pk]["cells"][cell_id] == expected.get(cell_id, 0), (agency.name, cell_id)
    assert any(c["s3.other.no_fee_paid.total"] for c in (b["cells"] for b in bulk.values()))
    assert any(c["s2.normative_docs.repealed"] for c in (b["cells"] for b in bulk.values()))
    assert any("信息处理费" in b["prose"][6] for b in bulk.values())


@pytest.mark.parametrize("year", [YEAR - 6, YEAR - 1, YEAR])  # a 2019-format year, and the demo's two years
def test_grouped_figures_are_each_agencys_own(demo, db, year):  # noqa: F811
    ids = list(Agency.objects.values_list("pk", flat=True))
    together = sources.cells_by_agency(ids, year)
    for pk in ids:
        assert together[pk] == sources.cells_by_agency([pk], year)[pk], (pk, year)


def test_refilling_keeps_the_prose_and_skips_what_may_not_change(fresh_year):
    agencies = fresh_year
    first = services.generate_many(agencies, YEAR)
    report = first.generated[0]
    services.update_prose(None, report, {1: "本机关自己写的总体情况。"})
    locked = services.lock(None, first.generated[1])
    again = services.generate_many(agencies, YEAR)
    assert [r.pk for r in again.skipped] == [locked.pk]
    report.refresh_from_db()
    assert report.prose1 == "本机关自己写的总体情况。"
    assert services.skip_reason(again.skipped[0]).startswith("数据已于")
    with pytest.raises(services.ReportError, match="解锁后才能重新生成"):
        services.generate(locked.agency, YEAR)
