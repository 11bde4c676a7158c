"""The supervisor's dashboard reads stored findings: its number of queries does not grow with the agencies,
and copied prose between agencies is found once, when a report is published, not on every page view."""

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.annual_reports import checks
from gongkai_platform.annual_reports.models import AnnualReport, Status
from gongkai_platform.supervision import dashboard
from gongkai_platform.supervision.rollup import rollup

YEAR = 2025
COPIED = (
    "本机关在政府信息公开工作中仍存在一些不足：一是主动公开的深度和广度有待加强，二是政策解读形式较为单一，"
    "三是依申请公开办理的规范化水平有待提高。下一步将加强业务培训，完善工作制度，进一步提升政务公开工作水平。"
)


def province(n: int) -> Jurisdiction:
    """A city with a county below it and n agencies over the two, each with a report; every third one
    published with the same section 五, so every page has copies and findings to show."""
    city = Jurisdiction.objects.create(name=f"测试市{n}", slug=f"city-{n}")
    county = Jurisdiction.objects.create(name=f"测试县{n}", slug=f"county-{n}", parent=city)
    reports = []
    for k in range(n):
        agency = Agency.objects.create(
            jurisdiction=city if k % 2 else county,
            name=f"测试局{n}-{k}",
            slug=f"a{n}-{k}",
            org_code=f"{n}-{k}",
        )
        published = k % 3 == 0
        reports.append(
            AnnualReport.objects.create(
                agency=agency,
                year=YEAR,
                format="2021",
                status=Status.PUBLISHED if published else Status.DRAFTED,
                published_on=date(2026, 1, 20) if published else None,
                prose5=COPIED if published else f"第{k}局自己的问题和改进措施。" * 3,
            )
        )
    checks.refresh_rules(reports)
    checks.refresh_copies(city, YEAR)
    return city


def dashboard_queries(city) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        agency_rows = dashboard.rows(city, YEAR, date(2026, 2, 10))
    return len(queries), agency_rows


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_the_agencies():
    small, small_rows = dashboard_queries(province(6))
    large, large_rows = dashboard_queries(province(30))
    assert len(small_rows) == 6 and len(large_rows) == 30
    assert large == small
    copied = [f for r in large_rows for f in r.findings if f.rule == "prose.copied"]
    assert len(copied) == 10  # ten published reports, each a copy of the nine others: one finding each
    assert all("另有 8 份报告与之雷同" in f.message for f in copied)


@pytest.mark.django_db
def test_a_county_page_shows_copies_from_within_the_county_only():
    county = province(12).children.get()
    rows = dashboard.rows(county, YEAR, date(2026, 2, 10))
    names = {r.agency.name for r in rows}
    published = sum(r.report.status == Status.PUBLISHED for r in rows)
    copied = [f for r in rows for f in r.findings if f.rule == "prose.copied"]
    assert len(copied) == published > 1  # one finding each, naming a report of the county
    assert all(any(name in f.message for name in names) for f in copied)


@pytest.mark.django_db
def test_publishing_a_copy_is_found_without_any_page_view():
    province(3)  # agency 0 published; 1 and 2 drafts
    draft = AnnualReport.objects.get(agency__slug="a3-1")
    AnnualReport.objects.filter(pk=draft.pk).update(prose5=COPIED)
    checks.refresh(AnnualReport.objects.get(pk=draft.pk))
    stored = AnnualReport.objects.get(pk=draft.pk).copies
    assert [c["other"] for c in stored] == [AnnualReport.objects.get(agency__slug="a3-0").pk]


@pytest.mark.django_db
def test_rollup_queries_do_not_grow_with_the_agencies():
    counts = []
    for n in (4, 24):
        city = province(n)
        with CaptureQueriesContext(connection) as queries:
            report = rollup(city, YEAR)
        counts.append(len(queries))
        published = len(range(0, n, 3))
        assert report.source == (
            f"{city.name}所辖{n}个机构汇总（{published}个机构按已发布的年度报告，"
            f"其余{n - published}个机构按业务数据实时统计）"
        )
        assert report.cells["s3.new.total"] == 0 and report.cells["s2.rules.issued"] == 0
    assert counts[0] == counts[1]


def working_province(n: int) -> Jurisdiction:
    """A city with a county below it and n agencies with the records every figure source reads: cases (some
    appealed, one charged and paid), published 规章/规范性文件/other items (one repealed), a manual figure and
    last year's report. Agency 0 holds an imported report of the year, 1 a locked draft, 2 a published one."""
    import random

    import reports_world

    from gongkai_platform.annual_reports.models import ManualFigure, Source
    from gongkai_platform.applications.models import Step, StepKind
    from gongkai_platform.catalogue import standard_columns
    from gongkai_platform.catalogue.models import Column, InformationItem, State, ValidityChange

    standard_columns.ensure(Column)
    column = Column.objects.get(agency=None, slug="article20-4")
    city = Jurisdiction.objects.create(name=f"生成市{n}", slug=f"gen-city-{n}")
    county = Jurisdiction.objects.create(name=f"生成县{n}", slug=f"gen-county-{n}", parent=city)
    rng = random.Random(n)
    for k in range(n):
        agency = Agency.objects.create(
            jurisdiction=city if k % 2 else county,
            name=f"生成局{n}-{k:02d}",
            slug=f"g{n}-{k}",
            org_code=f"G{n}-{k}",
        )
        cases, _ = reports_world.make_cases(agency, rng, 8)
        Step.objects.create(
            application=cases[0], kind=StepKind.FEE_NOTICE_SENT, on=date(YEAR, 3, 1), amount=100
        )
        Step.objects.create(application=cases[0], kind=StepKind.FEE_PAID, on=date(YEAR, 3, 9))
        for i, doc_type in enumerate(("normative", "rule", "other")):
            item = InformationItem.objects.create(
                agency=agency,
                column=column,
                title=f"{agency.name}文件{i}",
                state=State.PUBLISHED,
                doc_type=doc_type,
                index_number=f"{agency.org_code}/{YEAR}-{i + 1:05d}",
                index_year=YEAR,
                index_serial=i + 1,
                written_on=date(YEAR, 2, 1 + i),
                published_on=date(YEAR, 2, 10 + i),
            )
            if doc_type == "normative":
                ValidityChange.objects.create(
                    item=item, old="valid", new="repealed", effective_on=date(YEAR, 9, 1)
                )
        ManualFigure.objects.create(agency=agency, year=YEAR, cell="s2.licensing.decisions", value=k + 1)
        AnnualReport.objects.create(
            agency=agency,
            year=YEAR - 1,
            format="2021",
            cells={"s3.carried_out.natural": 2, "s3.carried_out.total": 2},
        )
        states = {
            0: {"source": Source.IMPORTED, "status": Status.PUBLISHED},
            1: {"locked_on": date(YEAR + 1, 1, 10)},
            2: {"status": Status.PUBLISHED, "published_on": date(YEAR + 1, 1, 20)},
        }
        if k in states:
            AnnualReport.objects.create(agency=agency, year=YEAR, format="2021", **states[k])
    return city


@pytest.mark.django_db
def test_generation_queries_do_not_grow_with_the_agencies():
    from django.core.management import call_command

    from gongkai_platform.applications.models import Application

    counts = []
    for n in (4, 12):
        city = working_province(n)
        runs = []
        for _ in range(2):  # first the reports are created, then refilled
            out = io.StringIO()
            ContentType.objects.clear_cache()  # each run looks up the audit entries' content type once
            with CaptureQueriesContext(connection) as queries:
                call_command("generate_annual_reports", YEAR, jurisdiction=city.slug, stdout=out)
            runs.append(len(queries))
        counts.append(runs)
        lines = out.getvalue().splitlines()
        assert lines[-1] == f"共生成 {n - 3} 份，跳过 3 份"
        assert sum("：跳过，" in line for line in lines) == 3 and "锁定，解锁后才能重新生成" in out.getvalue()
        for report in AnnualReport.objects.filter(
            agency__jurisdiction__in=(city, *city.children.all()), year=YEAR
        ):
            k = int(report.agency.slug.rsplit("-", 1)[1])
            if k < 3:
                assert report.generated_at is None, k  # left as it was
                continue
            received = Application.objects.filter(agency=report.agency, received_on__year=YEAR).count()
            assert report.cells["s3.new.total"] == received
            assert report.cells["s3.carried_in.natural"] == 2  # last year's 结转下年度
            assert report.cells["s2.normative_docs.repealed"] == 1 and report.cells["s2.rules.issued"] == 1
            assert report.cells["s2.licensing.decisions"] == k + 1
            assert "实际收取信息处理费1笔，共计100元" in report.prose6
    assert counts[0] == counts[1], counts


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_supervisor_pages_queries_do_not_grow_with_the_agencies(client, django_user_model, monkeypatch):
    """The dashboard page (its first and a later page, a tab, a sort), its export and the roll-up page, over
    HTTP as the city's 公开办, at 6 and 30 agencies (pages of 5 rows, so both sizes have a second page)."""
    from gongkai_platform.agencies.models import Membership, Role
    from gongkai_platform.supervision import views

    monkeypatch.setattr(views, "DASHBOARD_PER_PAGE", 5)
    counts = []
    for n in (6, 30):
        city = province(n)
        supervisor = django_user_model.objects.create_user(f"gkb-{n}", password="x" * 12)
        office = Agency.objects.filter(jurisdiction=city).first()
        Membership.objects.create(user=supervisor, agency=office, role=Role.SUPERVISOR)
        client.force_login(supervisor)
        base = f"/supervision/{city.slug}/{YEAR}/"
        urls = [base, f"{base}?page=2&sort=-findings", f"{base}?show=late", f"{base}export.xlsx"]
        urls.append(f"{base}rollup/")
        counts.append([page_queries(client, url) for url in urls])
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_portal_home_queries_do_not_grow_with_the_agencies(client):
    from gongkai_platform.catalogue import standard_columns
    from gongkai_platform.catalogue.models import Column, InformationItem, State

    standard_columns.ensure(Column)
    column = Column.objects.get(agency=None, slug="article20-4")
    counts = []
    for n in (4, 120):
        city = province(n)
        InformationItem.objects.bulk_create(
            InformationItem(
                agency=agency,
                column=column,
                title=f"{agency.name}统计公报",
                state=State.PUBLISHED,
                index_number=f"{agency.org_code}/{YEAR}-00001",
                published_on=date(YEAR, 3, 1),
            )
            for agency in Agency.objects.filter(slug__startswith=f"a{n}-")
        )
        counts.append(page_queries(client, f"/xxgk/qh/{city.slug}/"))
    assert counts[0] == counts[1], counts
