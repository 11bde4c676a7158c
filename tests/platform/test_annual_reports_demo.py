"""The demo jurisdiction: its generated 2025 reports pass every rule, and its roll-up is the sum of them."""

import importlib.util
import random
from decimal import Decimal

import pytest
import reports_world
from django.apps import apps
from django.core.management import call_command

from gongkai.standard.formats import FORMAT_2021
from gongkai_platform.agencies.models import Jurisdiction
from gongkai_platform.annual_reports import checks, services
from gongkai_platform.annual_reports.models import AnnualReport
from gongkai_platform.catalogue import standard_columns
from gongkai_platform.catalogue.models import Column
from gongkai_platform.supervision.rollup import rollup
from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gongkai_platform.demo.builder") is None
    or not apps.is_installed("gongkai_platform.applications"),
    reason="needs the demo loader and the applications app",
)
YEAR = 2025


def test_demo_reports_pass_every_rule_and_roll_up(db, capsys):
    seeding.seed(CalendarYear, Holiday, AdjustedWorkday)
    standard_columns.ensure(Column)
    call_command("load_demo", items=12)
    city = Jurisdiction.objects.get(slug="manzhouli")
    rng = random.Random(2025)
    agencies = list(city.agencies.all())
    for agency in agencies:
        reports_world.make_cases(agency, rng, 60)
        for cell in ("s2.licensing.decisions", "s2.penalty.decisions", "s2.enforcement.decisions"):
            services.set_manual_figure(None, agency, YEAR, cell, rng.randrange(200))
        services.set_manual_figure(None, agency, YEAR, "s2.fees.amount", Decimal(rng.randrange(10000)) / 100)
    call_command("generate_annual_reports", YEAR, jurisdiction="manzhouli")
    assert "错误 0 处，提示 0 处" in capsys.readouterr().out
    reports = list(AnnualReport.objects.filter(agency__in=agencies, year=YEAR))
    assert len(reports) == len(agencies) >= 4
    for report in reports:
        assert checks.findings(report) == [], report.agency.name
    total = rollup(city, YEAR)
    for cell_id in FORMAT_2021.cell_ids:
        assert Decimal(str(total.cells[cell_id])) == sum(Decimal(str(r.cells[cell_id])) for r in reports), (
            cell_id
        )
