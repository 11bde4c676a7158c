"""The supervisor's view: report status per agency, stale columns, export, roll-up, bulk audit."""

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import reports_world

from gongkai.renderers import render
from gongkai.standard.formats import FORMAT_2021, Kind
from gongkai.standard.report import Report, Severity
from gongkai_platform.agencies.models import Level
from gongkai_platform.annual_reports import services
from gongkai_platform.annual_reports.models import AnnualReport, Status
from gongkai_platform.catalogue.models import Column
from gongkai_platform.supervision import bulk_audit, charts, dashboard, export
from gongkai_platform.supervision.access import can_supervise
from gongkai_platform.supervision.rollup import rollup
from gongkai_platform.supervision.staleness import stale_columns

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
YEAR = 2025


@pytest.fixture
def world(db):
    return reports_world.build()


def test_status_per_agency_and_lateness(world):
    system = world["users"]["system"]
    services.generate(world["stats"], YEAR, system)
    before = {r.agency.slug: r.status for r in dashboard.rows(world["city"], YEAR, date(2026, 1, 15))}
    assert before == {"mzl-office": "not_started", "mzl-stats": "drafted", "zl-street": "not_started"}
    after = {r.agency.slug: r.status for r in dashboard.rows(world["city"], YEAR, date(2026, 2, 1))}
    assert after == {"mzl-office": "late", "mzl-stats": "late", "zl-street": "late"}
    assert dashboard.report_status(None, YEAR, date(2026, 1, 31)) == "not_started"
    published = AnnualReport(status=Status.PUBLISHED, published_on=date(2026, 1, 31))
    assert dashboard.report_status(published, YEAR, date(2026, 6, 1)) == "published"
    published.published_on = date(2026, 2, 1)
    assert dashboard.report_status(published, YEAR, date(2026, 6, 1)) == "published_late"


def test_supervisor_reaches_the_subtree_only(world):
    users = world["users"]
    assert can_supervise(users["supervisor"], world["city"]) and can_supervise(
        users["supervisor"], world["district"]
    )
    assert not can_supervise(users["supervisor"], world["other"])
    assert not can_supervise(users["editor"], world["city"])


def test_stale_columns_follow_the_website_check_limits(world):
    stats = world["stats"]
    news = Column.objects.create(agency=stats, name="工作动态", slug="news")
    notices = Column.objects.create(agency=stats, name="通知公告", slug="notices")
    Column.objects.create(agency=stats, name="政策解读", slug="empty-policy")
    today = date(2026, 3, 1)
    reports_world.publish_item(stats, None, "动态一", date(2026, 2, 10), column=news)
    reports_world.publish_item(stats, None, "通知一", date(2025, 10, 1), column=notices)
    reports_world.publish_item(stats, "article20-1", "文件", date(2026, 1, 5))
    stale = {s.column: s for s in stale_columns([stats], today)[stats.pk]}
    assert "工作动态" in stale and stale["工作动态"].allowed_days == 14
    assert "通知公告" not in stale
    assert "政策解读" in stale and stale["政策解读"].last is None  # never updated
    assert "法规文件" not in stale
    fresh = {s.column for s in stale_columns([stats], date(2026, 2, 20))[stats.pk]}
    assert "工作动态" not in fresh


def test_export_has_a_row_per_agency(world):
    rows = dashboard.rows(world["city"], YEAR, date(2026, 2, 1))
    text = export.to_csv(rows).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("机构,报告状态")
    assert "满洲里市统计局,逾期未发布" in text
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(rows, "2025年度")))
    assert book.active.max_row == 1 + len(rows)


def test_chart_is_inline_svg_with_escaped_labels():
    svg = charts.bar_chart(
        "状态", [charts.Bar("<已发布>", 3), charts.Bar("逾期", 1, charts.BAD, "错误 1 · 超期 <0>")]
    )
    assert (
        svg.startswith("<svg")
        and "&lt;已发布&gt;" in svg
        and "错误 1 · 超期 &lt;0&gt;" in svg
        and f'fill="{charts.BAD}"' in svg
        and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def test_rollup_equals_the_sum_of_the_agencies_reports(world):
    system = world["users"]["system"]
    for i, agency in enumerate((world["office"], world["stats"], world["street"], world["kc"])):
        services.set_manual_figure(system, agency, YEAR, "s2.licensing.decisions", 10 + i)
        services.set_manual_figure(system, agency, YEAR, "s2.fees.amount", Decimal("1.5") * i)
        reports_world.publish_item(agency, "article20-1", "规章", date(2025, 5, 1), doc_type="rule")
    reports = [services.generate(a, YEAR, system) for a in (world["office"], world["stats"], world["street"])]
    total = rollup(world["city"], YEAR)
    for cell in FORMAT_2021.cells:
        values = [r.cells[cell.id] for r in reports if r.cells[cell.id] is not None]
        expected = sum(Decimal(str(v)) for v in values) if values else None
        got = total.cells[cell.id]
        assert (got is None and expected is None) or Decimal(str(got)) == expected, cell.id
    assert total.cells["s2.licensing.decisions"] == 10 + 11 + 12
    assert total.cells["s2.rules.issued"] == 3


def audit_all(files: list[tuple[str, bytes]]) -> list[Report]:
    reports = [bulk_audit.read(name, data) for name, data in files]
    bulk_audit.across(reports)
    return reports


def test_bulk_audit_of_the_seeds_finds_000_and_004_errors():
    reports = audit_all([(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))])
    audited = {r.source[:3]: r for r in reports}
    assert set(audited) == {"000", "001", "002", "003", "004"}
    errors = {k: {f.rule for f in r.findings if f.severity is Severity.ERROR} for k, r in audited.items()}
    assert errors["000"] >= {"s3.balance", "s3.total_is_sum"}
    assert "s3.total_is_sum" in errors["004"]
    for clean in ("001", "002", "003"):
        assert not errors[clean], clean
    assert audited["004"].agency == "宽城满族自治县人民政府办公室"


def text_report(agency: str, year: int, section5: str) -> bytes:
    report = Report.blank("2021", agency=agency, year=year)
    for cell in FORMAT_2021.cells:
        report.cells[cell.id] = Decimal(0) if cell.kind is Kind.MONEY else 0
    report.prose = {
        1: f"{year}年，本机关依法做好政府信息公开工作。",
        5: section5,
        6: "本年度未收取信息处理费。",
    }
    return render(report, "md")


def members(name: str, data: bytes) -> list[bulk_audit.Member]:
    return list(bulk_audit.members(name, io.BytesIO(data)))


def test_bulk_audit_of_a_zip_with_copies_and_two_years():
    copied = (
        "本机关在政府信息公开工作中仍存在一些不足：一是主动公开的深度和广度有待加强，二是政策解读形式较为单一，"
        "三是依申请公开办理的规范化水平有待提高。下一步将加强业务培训，完善工作制度，进一步提升政务公开工作水平。"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/甲局2024.md.txt", text_report("甲局", 2024, "无。"))
        archive.writestr("a/甲局2025.md.txt", text_report("甲局", 2025, copied))
        archive.writestr("b/乙局2025.txt", text_report("乙局", 2025, copied))
        archive.writestr("b/程序.exe", b"MZ")
        archive.writestr("b/内层.zip", b"PK\x03\x04")
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("XXXX2024.txt", text_report("乙局", 2024, "无。"))
    # a name in GBK without the UTF-8 flag, as Chinese Windows writes it (same length as the placeholder)
    data = buffer.getvalue().replace(b"XXXX2024.txt", "乙局2024.txt".encode("gb18030"))
    found = members("reports.zip", data)
    refused = {m.name: m.reason for m in found if m.reason}
    assert set(refused) == {"reports.zip/b/程序.exe", "reports.zip/b/内层.zip"}
    assert "不能再套压缩包" in refused["reports.zip/b/内层.zip"]
    reports = audit_all([(m.name, m.content) for m in found if not m.reason])
    assert len(reports) == 4 and "reports.zip/乙局2024.txt" in [r.source for r in reports]
    copies = [f for r in reports for f in r.findings if f.rule == "prose.copied"]
    assert len(copies) == 2 and all(f.severity is Severity.WARNING for f in copies)


def test_zip_bombs_and_disguised_files_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (60 * 1024 * 1024))  # over the 50 MB of one report
        archive.writestr("ratio.txt", b"0" * (5 * 1024 * 1024))  # compresses about 1,000 to 1
        archive.writestr("fake.png", b"<html>not an image</html>")
    reasons = {m.name: m.reason for m in members("bomb.zip", buffer.getvalue())}
    assert "压缩炸弹" in reasons["bomb.zip/bomb.txt"] and "压缩炸弹" in reasons["bomb.zip/ratio.txt"]
    assert reasons["bomb.zip/fake.png"] == "文件内容不是图像"
    assert "损坏" in members("broken.zip", b"PK\x03\x04 not really")[0].reason
    assert bulk_audit.refusal("fake.pdf", 20, b"<html>not a pdf</html>") == "文件内容不是 PDF"
    assert bulk_audit.refusal("scan.PNG", 20, b"\x89PNG\r\n\x1a\n...") is None
    assert "不支持" in bulk_audit.refusal("程序.exe", 2, b"MZ")


def test_article21_columns_are_checked_only_for_their_level_once_used(world):
    stats = world["stats"]
    today = date(2026, 3, 1)
    never = {s.column for s in stale_columns([stats], today)[stats.pk]}
    assert "贯彻落实农业农村政策" not in never  # a 乡镇 column, not the 县级 bureau's
    stats.level = Level.TOWNSHIP
    stats.save()
    assert "贯彻落实农业农村政策" not in {s.column for s in stale_columns([stats], today)[stats.pk]}  # unused
    reports_world.publish_item(stats, "article21-town-1", "惠农政策", date(2025, 1, 5))
    stale = {s.column: s for s in stale_columns([stats], today)[stats.pk]}
    assert stale["贯彻落实农业农村政策"].allowed_days == 183
