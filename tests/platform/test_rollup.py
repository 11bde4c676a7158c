"""The roll-up adds a published report's cells as they stand and counts the other agencies from their records."""

from datetime import date
from decimal import Decimal

import pytest
import reports_world

from gongkai_platform.annual_reports import services
from gongkai_platform.annual_reports.models import AnnualReport, Scope, Source, Status
from gongkai_platform.supervision.rollup import rollup

YEAR = 2025


@pytest.fixture
def world(db):
    """满洲里市 with two agencies in the city and a street in its district (宽城 is outside). Each of the three
    has published one 规章 this year, and the street has a manual fee figure of 1.5."""
    world = reports_world.build()
    for agency in (world["office"], world["stats"], world["street"], world["kc"]):
        reports_world.publish_item(agency, "article20-1", "规章", date(YEAR, 5, 1), doc_type="rule")
    services.set_manual_figure(
        world["users"]["system"], world["street"], YEAR, "s2.fees.amount", Decimal("1.5")
    )
    return world


def report(agency, **fields) -> AnnualReport:
    fields.setdefault("cells", {"s2.rules.issued": 5, "s2.fees.amount": "2.5"})
    return AnnualReport.objects.create(agency=agency, year=YEAR, format="2021", **fields)


def test_a_published_report_counts_as_it_was_published(world):
    report(world["stats"], status=Status.PUBLISHED, published_on=date(YEAR + 1, 1, 20))
    total = rollup(world["city"], YEAR)
    # the stats report's 5, not its one item; the office's and the street's item counted live
    assert total.cells["s2.rules.issued"] == 5 + 1 + 1
    assert total.cells["s2.fees.amount"] == Decimal("4")  # "2.5" stored + the street's 1.5
    assert total.cells["s2.penalty.decisions"] is None  # blank in the report and no figure anywhere
    assert (
        total.source == "满洲里市所辖3个机构汇总（1个机构按已发布的年度报告，其余2个机构按业务数据实时统计）"
    )


def test_an_imported_report_counts_as_it_stands(world):
    report(world["street"], source=Source.IMPORTED, status=Status.PUBLISHED, cells={"s2.rules.issued": 9})
    total = rollup(world["city"], YEAR)
    assert total.cells["s2.rules.issued"] == 9 + 1 + 1
    assert total.cells["s2.fees.amount"] is None  # the street's manual 1.5 is not its imported report's


def test_drafts_and_signed_reports_are_counted_from_the_records(world):
    report(world["stats"])
    report(world["street"], status=Status.SIGNED)
    total = rollup(world["city"], YEAR)
    assert total.cells["s2.rules.issued"] == 3
    assert total.cells["s2.fees.amount"] == Decimal("1.5")
    assert total.source == "满洲里市所辖3个机构汇总（按业务数据实时统计）"


def test_a_government_level_report_is_not_added_on_top_of_its_departments(world):
    report(world["office"], status=Status.PUBLISHED, scope=Scope.LEVEL, cells={"s2.rules.issued": 100})
    assert rollup(world["city"], YEAR).cells["s2.rules.issued"] == 3  # the office's own item, not its 100


def test_every_agency_published(world):
    for agency, issued in ((world["office"], 2), (world["stats"], 3), (world["street"], 4)):
        report(
            agency, status=Status.PUBLISHED, cells={"s2.rules.issued": issued, "s3.new.total": issued * 10}
        )
    report(world["kc"], status=Status.PUBLISHED, cells={"s2.rules.issued": 1000})  # another jurisdiction
    total = rollup(world["city"], YEAR)
    assert total.cells["s2.rules.issued"] == 9 and total.cells["s3.new.total"] == 90
    assert total.cells["s4.review.total"] is None  # no report states it, and nothing is counted live
    assert total.source == "满洲里市所辖3个机构汇总（按各机构已发布的年度报告）"
