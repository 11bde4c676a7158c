"""The annual report goes through the same 保密审查 as any item: its prose is scanned before the leader signs,
and what will be public is scanned again when it is published (issue 10 §1)."""

from datetime import date

import pytest
import reports_world
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai_platform.agencies.models import Role
from gongkai_platform.annual_reports import services
from gongkai_platform.annual_reports.models import AnnualReport, Status
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue.models import InformationItem

YEAR = 2025
MANUAL = ("s2.licensing.decisions", "s2.penalty.decisions", "s2.enforcement.decisions", "s2.fees.amount")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(db):
    return reports_world.build()


def locked_report(world, prose=None):
    stats, editor = world["stats"], world["users"]["editor"]
    for cell in MANUAL:
        services.set_manual_figure(editor, stats, YEAR, cell, 0)
    report = services.generate(stats, YEAR, editor)
    if prose:
        report = services.update_prose(editor, report, prose)
    return services.lock(editor, report, on=date(2026, 1, 10))


@pytest.mark.parametrize(
    ("prose", "found"),
    [
        ({1: "本机构信息公开工作由张三（手机 138 1234 5678）负责。"}, "手机号码"),
        ({5: "申请人李四（身份证号１１０１０５１９４９１２３１００２Ｘ）的申请已办结。"}, "居民身份证号码"),
        ({6: "机 密★1年\n本年度无其他事项。"}, "密级标志"),
    ],
)
def test_prose_with_personal_data_cannot_be_signed(world, prose, found):
    report = locked_report(world, prose)
    with pytest.raises(services.ReportError, match=rf"保密审查.*{found}"):
        services.sign_off(world["users"]["signer"], report)
    assert AnnualReport.objects.get(pk=report.pk).status == Status.DRAFTED


def test_publication_scans_the_text_that_becomes_public(world):
    """A report signed before the scan existed (or whose text changed underneath) is still stopped."""
    report = services.sign_off(world["users"]["signer"], locked_report(world))
    AnnualReport.objects.filter(pk=report.pk).update(prose6="联系人手机13812345678。", signed_digest="")
    report.refresh_from_db()
    with pytest.raises(services.ReportError, match=r"保密审查.*13812345678"):
        services.publish(world["users"]["signer"], report, on=date(2026, 1, 20))
    report.refresh_from_db()
    assert report.status == Status.SIGNED and not InformationItem.objects.exists()


def test_a_clean_report_is_published_with_no_unscanned_attachment(world):
    report = services.sign_off(world["users"]["signer"], locked_report(world))
    report = services.publish(world["users"]["signer"], report, on=date(2026, 1, 20))
    assert report.status == Status.PUBLISHED
    assert all(a.text_extracted for a in report.item.attachments.all())


def test_text_changed_after_signing_is_not_published(world):
    report = services.sign_off(world["users"]["signer"], locked_report(world))
    AnnualReport.objects.filter(pk=report.pk).update(prose6="签批后改写的文字。")
    report.refresh_from_db()
    with pytest.raises(services.ReportError, match="签批时不一致"):
        services.publish(world["users"]["signer"], report, on=date(2026, 1, 20))


def test_the_portal_shows_the_signed_text_even_if_the_record_changes(world, client):
    report = services.sign_off(
        world["users"]["signer"], locked_report(world, {6: "本年度无其他需要报告的事项。"})
    )
    report = services.publish(world["users"]["signer"], report, on=date(2026, 1, 20))
    AnnualReport.objects.filter(pk=report.pk).update(prose6="未经签批的文字。")
    page = client.get(reverse("portal:report", args=[report.item_id])).content.decode()
    assert "本年度无其他需要报告的事项。" in page and "未经签批的文字。" not in page


def test_a_reviewer_can_release_a_finding_with_a_reason_and_it_travels_with_the_item(world, client):
    stats = world["stats"]
    reviewer = reports_world.make_user("report_reviewer", stats, Role.REVIEWER)
    report = locked_report(world, {6: "政府信息公开咨询专线：13812345678（工作日值守）。"})
    with pytest.raises(services.ReportError, match="放行"):
        services.override_privacy(reviewer, report, "")
    with pytest.raises(PermissionDenied):
        services.override_privacy(world["users"]["editor"], report, "本机构对外公布的咨询专线。")
    client.force_login(reviewer)
    client.post(
        reverse("annual_reports:action", args=[stats.slug, YEAR, "privacy_override"]),
        {"reason": "本机构对外公布的咨询专线。"},
    )
    report.refresh_from_db()
    assert [o["fingerprints"] for o in report.privacy_overrides] == [["mobile:13812345678"]]
    entry = AuditEntry.objects.get(action="annual_report.privacy_override")
    assert entry.user == reviewer and entry.changes["reason"] == "本机构对外公布的咨询专线。"
    report = services.publish(world["users"]["signer"], services.sign_off(world["users"]["signer"], report))
    assert report.item.privacy_overrides.get().user == reviewer


def test_the_report_page_lists_findings_and_offers_the_release_to_reviewers(world, client):
    locked_report(world, {1: "联系人手机13812345678。"})
    client.force_login(world["users"]["signer"])
    page = client.get(reverse("annual_reports:detail", args=[world["stats"].slug, YEAR])).content.decode()
    assert "保密审查" in page and "13812345678" in page and "privacy_override" in page
