"""Importing a report published outside the platform: the 签批领导 does it, the file must be that agency's
report for that year (or the leader confirms why it differs), and supervisors see it as 导入."""

import io

import pytest
import reports_world
from django.core.exceptions import PermissionDenied
from django.test import Client

from gongkai_platform.annual_reports import services
from gongkai_platform.annual_reports.models import AnnualReport, Source
from gongkai_platform.auditlog.models import AuditEntry
from tests.platform.test_annual_reports import report_text


@pytest.fixture
def world(db):
    return reports_world.build()


def test_an_editor_cannot_import_a_published_report(world):
    data = report_text("满洲里市统计局", 2024)
    with pytest.raises(PermissionDenied):
        services.import_published(world["users"]["editor"], world["stats"], data, "2024.md")
    assert not AnnualReport.objects.exists()


def test_the_signer_imports_a_matching_report(world):
    data = report_text("满洲里市统计局", 2024)
    report = services.import_published(world["users"]["signer"], world["stats"], data, "2024.md", 2024)
    assert report.source == Source.IMPORTED and report.year == 2024
    entry = AuditEntry.objects.get(action="annual_report.import")
    assert entry.user == world["users"]["signer"] and entry.changes["mismatches"] == []


@pytest.mark.parametrize(
    ("agency_in_file", "year_in_file", "chosen_year", "message"),
    [
        ("满洲里市人民政府办公室", 2024, None, "文件中的机关为“满洲里市人民政府办公室”"),
        ("满洲里市统计局", 2023, 2024, "文件中的年度为2023年，与所选的2024年不符"),
    ],
)
def test_another_agencys_or_years_report_needs_a_confirmed_reason(
    world, agency_in_file, year_in_file, chosen_year, message
):
    signer, stats = world["users"]["signer"], world["stats"]
    data = report_text(agency_in_file, year_in_file)
    with pytest.raises(services.ReportError, match=message):
        services.import_published(signer, stats, data, "r.md", chosen_year)
    with pytest.raises(services.ReportError, match="确认理由"):
        services.import_published(signer, stats, data, "r.md", chosen_year, confirm_reason="   ")
    assert not AnnualReport.objects.exists()

    reason = "本局2024年由原统计所更名，报告沿用旧称"
    services.import_published(signer, stats, data, "r.md", chosen_year, confirm_reason=reason)
    entry = AuditEntry.objects.get(action="annual_report.import")
    assert entry.changes["confirm_reason"] == reason and message in entry.changes["mismatches"][0]


def test_full_width_and_spaced_agency_names_match(world):
    stats = world["stats"]
    assert services._same_agency("满洲里市\u3000统计局", stats)
    assert services._same_agency(" 满洲里市统计局\n", stats)
    assert not services._same_agency("满洲里市统计局办公室", stats)
    assert not services._same_agency("统计局", stats)


def test_import_form_keeps_the_leader_rule_and_refuses_bad_years(world):
    client = Client()
    client.force_login(world["users"]["editor"])
    upload = {"file": io.BytesIO(report_text("满洲里市统计局", 2024)), "year": "2024"}
    page = client.post("/staff/reports/mzl-stats/import/", upload, follow=True).content.decode()
    assert "权限" in page and not AnnualReport.objects.exists()

    client.force_login(world["users"]["signer"])
    for year in ("99999999999", "1999", "20ab", "-2024"):
        upload = {"file": io.BytesIO(report_text("满洲里市统计局", 2024)), "year": year}
        response = client.post("/staff/reports/mzl-stats/import/", upload, follow=True)
        assert response.status_code == 200 and "四位数字" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_an_imported_report_shows_as_import_on_the_dashboard(world):
    services.import_published(
        world["users"]["signer"], world["stats"], report_text("满洲里市统计局", 2024), "2024.md"
    )
    client = Client()
    client.force_login(world["users"]["supervisor"])
    page = client.get("/supervision/manzhouli/2024/").content.decode()
    row = page[page.index('data-agency="mzl-stats"') :]
    row = row[: row.index("</tr>")]
    assert "导入" in row and "已发布" not in row


def test_a_report_before_2019_is_refused_with_a_clear_message(world):
    """No national format existed before 2019: import and generation say so instead of using a wrong format."""
    signer, editor, stats = world["users"]["signer"], world["users"]["editor"], world["stats"]
    data = report_text("满洲里市统计局", 2018)
    with pytest.raises(services.ReportError, match="2018年度报告早于2019年"):
        services.import_published(signer, stats, data, "2018.md")
    with pytest.raises(services.ReportError, match="2017年度报告早于2019年"):
        services.generate(stats, 2017, editor)
    with pytest.raises(services.ReportError, match="2018年度报告早于2019年"):
        services.set_manual_figure(editor, stats, 2018, "s2.licensing.decisions", "1")
    assert not AnnualReport.objects.exists()
