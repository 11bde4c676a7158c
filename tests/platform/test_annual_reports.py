"""The agency's annual report: figures from the catalogue and manual entries, import of a published report,
prose draft and warnings, lock and sign-off gating, publication into the 年报 column."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
import reports_world
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gongkai.renderers import render
from gongkai.standard.formats import FORMAT_2021, FORMATS, Kind
from gongkai.standard.report import Report, Severity
from gongkai_platform.annual_reports import checks, services
from gongkai_platform.annual_reports.convert import cells_from_json, cells_to_json
from gongkai_platform.annual_reports.models import AnnualReport, ManualFigure, Source, Status
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue import services as catalogue
from gongkai_platform.catalogue.figures import article20_figures
from gongkai_platform.catalogue.models import DocType, InformationItem, State, Validity

YEAR = 2025


@pytest.fixture
def world(db):
    return reports_world.build()


@pytest.fixture
def stats_catalogue(world):
    stats, system = world["stats"], world["users"]["system"]
    docs = [
        reports_world.publish_item(
            stats,
            "article20-1",
            f"规范性文件{i}",
            date(2025, 3, 1 + i),
            DocType.NORMATIVE,
            date(2025, 2, 1 + i),
        )
        for i in range(3)
    ]
    reports_world.publish_item(stats, "article20-1", "旧文件", date(2023, 5, 1), DocType.NORMATIVE)
    reports_world.publish_item(stats, "article20-4", "统计公报", date(2025, 4, 2))
    catalogue.change_validity(system, docs[0], Validity.REPEALED, date(2025, 9, 1), "被新文件替代")
    return docs


def report_text(agency_name: str, year: int, **cells) -> bytes:
    """A published report of `year` as the core's Markdown renderer writes it, every cell 0 unless given."""
    report = Report.blank("2021", agency=agency_name, year=year)
    for cell in FORMAT_2021.cells:
        report.cells[cell.id] = Decimal(0) if cell.kind is Kind.MONEY else 0
    report.cells.update(cells)
    report.prose = {
        1: f"{year}年，本机关依法做好政府信息公开工作。",
        5: "无。",
        6: "本年度未收取信息处理费。",
    }
    return render(report, "md")


def test_table_two_comes_from_catalogue_and_manual_figures(world, stats_catalogue):
    stats, editor = world["stats"], world["users"]["editor"]
    services.set_manual_figure(editor, stats, YEAR, "s2.licensing.decisions", "12", "审批系统导出")
    services.set_manual_figure(editor, stats, YEAR, "s2.fees.amount", "3.25")
    services.set_manual_figure(editor, stats, YEAR, "s2.enforcement.decisions", "100")
    report = services.generate(stats, YEAR, editor)
    cells = report.cells
    expected = article20_figures(stats, YEAR)
    assert expected["s2.normative_docs.issued"] == 3 and expected["s2.normative_docs.repealed"] == 1
    for cell_id, value in expected.items():
        if cell_id in FORMAT_2021.by_id:  # s2.*.published is the 2019 format's 本年新公开数量
            assert cells[cell_id] == value
    assert cells["s2.normative_docs.in_force"] == 3  # two of this year and the old one
    assert cells["s2.licensing.decisions"] == 12
    assert Decimal(cells["s2.fees.amount"]) == Decimal("3.25")
    assert cells["s2.enforcement.decisions"] == 100
    assert cells["s2.penalty.decisions"] is None  # never entered: blank, not 0
    assert set(cells) == set(FORMAT_2021.cell_ids)
    assert report.format == "2021" and report.source == Source.GENERATED


def test_manual_figures_are_audited_and_validated(world):
    stats, editor = world["stats"], world["users"]["editor"]
    services.set_manual_figure(editor, stats, YEAR, "s2.penalty.decisions", 4)
    services.set_manual_figure(editor, stats, YEAR, "s2.penalty.decisions", 5, "更正")
    entry = AuditEntry.objects.filter(action="annual_report.manual_figure").first()
    assert entry.user == editor and entry.changes["value"] == ["4.0000", "5"]
    assert ManualFigure.objects.get(agency=stats, cell="s2.penalty.decisions").entered_by == editor
    for cell, value in (
        ("s2.penalty.decisions", "-1"),
        ("s2.penalty.decisions", "1.5"),
        ("s2.penalty.decisions", "很多"),
        ("s2.procurement.amount", "1"),
    ):
        with pytest.raises(services.ReportError):
            services.set_manual_figure(editor, stats, YEAR, cell, value)
    with pytest.raises(PermissionDenied):
        services.set_manual_figure(world["users"]["other_editor"], stats, YEAR, "s2.penalty.decisions", 1)


def test_prose_draft_states_the_year_and_survives_regeneration(world, stats_catalogue):
    stats, editor = world["stats"], world["users"]["editor"]
    report = services.generate(stats, YEAR, editor)
    assert "全年主动公开政府信息4条" in report.prose1
    assert "“法规文件”栏目3条" in report.prose1
    assert "新收政府信息公开申请0件" in report.prose1
    assert report.prose6 == "本年度未收取信息处理费。"
    services.update_prose(editor, report, {5: "本年度存在的主要问题是解读材料偏少。"})
    report = services.generate(stats, YEAR, editor)
    assert report.prose5 == "本年度存在的主要问题是解读材料偏少。"


def test_prose_contradicting_the_tables_is_flagged_and_clears_when_fixed(world):
    stats, editor = world["stats"], world["users"]["editor"]
    report = services.generate(stats, YEAR, editor)
    services.update_prose(editor, report, {1: "2025年，本局全年新收政府信息公开申请5件，均已按期答复。"})
    report.refresh_from_db()
    flagged = [f for f in checks.findings(report) if f.rule.startswith("prose.") and f.rule != "prose.copied"]
    assert flagged
    services.update_prose(editor, report, {1: "2025年，本局全年新收政府信息公开申请0件。"})
    report.refresh_from_db()
    assert not [
        f for f in checks.findings(report) if f.rule.startswith("prose.") and f.rule != "prose.copied"
    ]


def test_prose_repeating_another_agencys_report_is_warned(world):
    text = (
        "本机关在政府信息公开工作中仍存在一些不足：一是主动公开的深度和广度有待加强，二是政策解读形式较为单一，"
        "三是依申请公开办理的规范化水平有待提高。下一步将加强业务培训，完善工作制度，进一步提升政务公开工作水平。"
    )
    stats, office = world["stats"], world["office"]
    system = world["users"]["system"]
    mine = services.generate(stats, YEAR, system)
    services.update_prose(system, mine, {5: text})
    theirs = services.generate(office, YEAR, system)
    services.update_prose(system, theirs, {5: text})
    mine.refresh_from_db()
    assert not [f for f in checks.findings(mine) if f.rule == "prose.copied"]  # their draft is not public yet
    AnnualReport.objects.filter(pk=theirs.pk).update(status=Status.PUBLISHED)
    checks.refresh(AnnualReport.objects.get(pk=theirs.pk))  # as sign-off and publication do
    copied = [f for f in checks.findings(mine) if f.rule == "prose.copied"]
    assert copied and office.name in copied[0].message


def test_imported_previous_report_gives_carried_in(world):
    stats, editor, signer = world["stats"], world["users"]["editor"], world["users"]["signer"]
    data = report_text(
        stats.name,
        YEAR - 1,
        **{
            "s3.new.natural": 3,
            "s3.new.total": 3,
            "s3.granted.natural": 1,
            "s3.granted.total": 1,
            "s3.total.natural": 1,
            "s3.total.total": 1,
            "s3.carried_out.natural": 2,
            "s3.carried_out.total": 2,
        },
    )
    previous = services.import_published(signer, stats, data, "2024年报.md")
    assert (
        previous.source == Source.IMPORTED and previous.status == Status.PUBLISHED and previous.year == 2024
    )
    assert previous.cells["s3.carried_out.natural"] == 2
    report = services.generate(stats, YEAR, editor)
    assert report.cells["s3.carried_in.natural"] == 2 and report.cells["s3.carried_in.total"] == 2
    with pytest.raises(services.ReportError):
        services.import_published(signer, stats, data, "again.md")
    with pytest.raises(services.ReportError):
        services.import_published(signer, stats, b"%PDF-1.4 broken", "broken.pdf")


def test_sign_off_needs_a_lock_and_no_error_finding(world):
    stats, editor, signer = world["stats"], world["users"]["editor"], world["users"]["signer"]
    services.import_published(
        signer,
        stats,
        report_text(stats.name, YEAR - 1, **{"s3.carried_out.natural": 2, "s3.carried_out.total": 2}),
        "2024.md",
    )
    report = services.generate(stats, YEAR, editor)  # two cases carried in, none on record: unbalanced
    with pytest.raises(services.ReportError, match="锁定"):
        services.sign_off(signer, report)
    report = services.lock(editor, report)
    with pytest.raises(services.ReportError, match="生成"):
        services.generate(stats, YEAR, editor)
    with pytest.raises(services.ReportError):
        services.set_manual_figure(editor, stats, YEAR, "s2.penalty.decisions", 1)
    errors = checks.errors(checks.findings(report))
    # the imported year's carry-over is not on record: named as such (onboarding), still an error
    assert [f.message for f in errors if f.rule == "s3.carried_unregistered"] == [
        "上年结转 2 件未在系统登记，请补录"
    ]
    with pytest.raises(services.ReportError, match="错误"):
        services.sign_off(signer, report)
    assert AnnualReport.objects.get(pk=report.pk).status == Status.DRAFTED
    with pytest.raises(PermissionDenied):
        services.sign_off(editor, report)


def test_clean_report_is_signed_and_published_in_the_annual_report_column(world, stats_catalogue, client):
    stats, editor, signer = world["stats"], world["users"]["editor"], world["users"]["signer"]
    for cell in (
        "s2.licensing.decisions",
        "s2.penalty.decisions",
        "s2.enforcement.decisions",
        "s2.fees.amount",
    ):
        services.set_manual_figure(editor, stats, YEAR, cell, 0)
    report = services.generate(stats, YEAR, editor)
    assert not checks.errors(checks.findings(report))
    report = services.lock(editor, report, on=date(2026, 1, 10))
    report = services.sign_off(signer, report)
    assert report.status == Status.SIGNED and report.signed_by == signer
    with pytest.raises(services.ReportError):
        services.update_prose(editor, report, {1: "改"})
    report = services.publish(signer, report, on=date(2026, 1, 20))
    item = InformationItem.objects.get(pk=report.item_id)
    assert item.state == State.PUBLISHED and item.column.slug == "annual-report"
    assert item.index_number == report.index_number and report.index_number.startswith(
        f"{stats.org_code}/2026-"
    )
    assert report.published_on == date(2026, 1, 20) and report.status == Status.PUBLISHED
    assert report.pdf_file.read().startswith(b"%PDF")
    assert report.docx_file.read().startswith(b"PK")
    assert "主动公开" in report.html_file.read().decode()
    assert sorted(a.original_name.rsplit(".", 1)[1] for a in item.attachments.all()) == ["docx", "pdf"]
    assert AuditEntry.objects.filter(action="annual_report.publish", user=signer).exists()
    page = client.get(reverse("portal:report", args=[item.pk])).content.decode()
    downloads = re.findall(r'<a href="[^"]+" download>([^<]+)</a>', page)
    assert sorted(d.rsplit(".", 1)[-1].lower() for d in downloads) == [
        "docx",
        "pdf",
    ]  # the signed files, once


def test_findings_of_a_generated_report_have_no_errors_when_records_are_empty(world):
    report = services.generate(world["office"], YEAR, world["users"]["system"])
    found = checks.findings(report)
    assert not checks.errors(found)
    assert all(f.severity in (Severity.WARNING, Severity.INFO) for f in found)


@given(
    st.sampled_from(["2019", "2021"]).flatmap(
        lambda fmt: st.tuples(
            st.just(fmt),
            st.fixed_dictionaries(
                {
                    c.id: st.none()
                    | (
                        st.decimals(min_value=0, max_value=10**8, places=4, allow_nan=False)
                        if c.kind is Kind.MONEY
                        else st.integers(min_value=-(10**6) if c.kind is Kind.SIGNED else 0, max_value=10**6)
                    )
                    for c in FORMATS[fmt].cells
                }
            ),
        )
    )
)
def test_cells_survive_the_json_column(case):
    """What generation stores in the JSON column reads back as the same numbers, blanks staying blank."""
    fmt, cells = case
    stored = json.loads(json.dumps(cells_to_json(cells)))
    assert cells_from_json(fmt, stored) == cells


def test_unlock_needs_the_leader_and_a_reason(world):
    stats, editor, signer = world["stats"], world["users"]["editor"], world["users"]["signer"]
    report = services.lock(editor, services.generate(stats, YEAR, editor))
    with pytest.raises(PermissionDenied):
        services.unlock(editor, report, "数据有误")
    with pytest.raises(services.ReportError):
        services.unlock(signer, report, " ")
    report = services.unlock(signer, report, "审批系统数据更正")
    assert report.locked_on is None
    assert services.generate(stats, YEAR, editor).pk == report.pk
    entry = AuditEntry.objects.filter(action="annual_report.unlock").get()
    assert entry.user == signer and entry.changes["reason"] == "审批系统数据更正"
    with pytest.raises(PermissionDenied):
        services.generate(stats, YEAR, world["users"]["supervisor"])


def test_publication_renders_its_files_after_the_locks_are_released(world, stats_catalogue):
    """The 索引号 sequence and the report stay locked only for the short write; DOCX/PDF rendering (about a
    second) follows in its own transaction. Read from the SQL the database saw, savepoint by savepoint."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stats, editor, signer = world["stats"], world["users"]["editor"], world["users"]["signer"]
    for cell in (
        "s2.licensing.decisions",
        "s2.penalty.decisions",
        "s2.enforcement.decisions",
        "s2.fees.amount",
    ):
        services.set_manual_figure(editor, stats, YEAR, cell, 0)
    report = services.lock(editor, services.generate(stats, YEAR, editor), on=date(2026, 1, 10))
    report = services.sign_off(signer, report)
    with CaptureQueriesContext(connection) as captured:
        services.publish(signer, report, on=date(2026, 1, 20))
    open_savepoints, lock_savepoint = [], None
    for query in (q["sql"] for q in captured.captured_queries):
        if query.startswith("SAVEPOINT"):
            open_savepoints.append(query.split()[1])
        elif query.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            open_savepoints.remove(query.split()[-1])
        elif query.startswith('UPDATE "catalogue_indexnumbersequence"'):  # the 索引号 taken under its lock
            lock_savepoint = open_savepoints[0]
        elif query.startswith('INSERT INTO "catalogue_attachment"'):
            assert lock_savepoint is not None and lock_savepoint not in open_savepoints
    assert lock_savepoint is not None
    assert AnnualReport.objects.get(pk=report.pk).pdf_file.read().startswith(b"%PDF")
