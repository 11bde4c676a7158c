"""The annual report's life: generate from records → edit prose → lock figures → sign off → publish.

Each step checks the user's role in the agency, runs in one transaction with an audit entry, and raises
PermissionDenied or ReportError (a message for the user) rather than doing anything partial.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from gongkai.parsers import read_bytes
from gongkai.renderers import render
from gongkai.standard.formats import FIRST_YEAR, Kind, format_for_year, year_not_covered_message
from gongkai.standard.rules.prose import is_government

from gongkai_platform.agencies import permissions
from gongkai_platform.agencies.models import Agency, Role
from gongkai_platform.annual_reports import checks, drafting, level, sources
from gongkai_platform.annual_reports.convert import cells_to_json, to_core
from gongkai_platform.annual_reports.models import (
    MANUAL_CELLS,
    AnnualReport,
    ManualFigure,
    Scope,
    Source,
    Status,
)
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.auditlog.services import diff, record, record_many
from gongkai_platform.catalogue import services as catalogue
from gongkai_platform.catalogue.models import (
    Attachment,
    Column,
    DocType,
    Genre,
    InformationItem,
    PrivacyOverride,
    Topic,
)
from gongkai_platform.rowwrite import update_fields

ANNUAL_REPORT_COLUMN = "annual-report"
OUTPUTS = ("html", "docx", "pdf")


class ReportError(Exception):
    """A step that cannot be taken now; the message is shown to the user."""


def _require(user, agency: Agency, *roles: str) -> None:
    if user is None:  # the system itself (management commands, benchmarks)
        return
    if not any(permissions.has_role(user, agency, role) for role in roles):
        raise PermissionDenied(f"您没有在“{agency.name}”办理年度报告此项操作的权限。")


def _format(year: int):
    """The year's format, or a ReportError for a year before 2019 (no national format: refused, not guessed)."""
    if year < FIRST_YEAR:
        raise ReportError(year_not_covered_message(year) + "。")
    return format_for_year(year)


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency__jurisdiction").get(pk=report.pk)


# Generation -------------------------------------------------------------------------------------------------


@dataclass
class Generation:
    """What a generation did: the reports filled from the records, and the existing ones it left alone."""

    generated: list[AnnualReport] = field(default_factory=list)
    skipped: list[AnnualReport] = field(default_factory=list)


def skip_reason(report: AnnualReport) -> str | None:
    """Why the records may not (re)fill this report, or None when they may."""
    if report.source == Source.IMPORTED:
        return "该年度报告是导入的已发布报告，不能按业务数据重新生成。"
    if report.status != Status.DRAFTED:
        return f"报告已{report.get_status_display()}，不能重新生成。"
    if report.locked_on:
        return f"数据已于{report.locked_on:%Y年%m月%d日}锁定，解锁后才能重新生成。"
    return None


def generate(agency: Agency, year: int, user=None) -> AnnualReport:
    """Fill (or refill) one agency's report of the year from the records: `generate_many` with one agency."""
    result = generate_many([agency], year, user)
    if result.skipped:
        raise ReportError(skip_reason(result.skipped[0]))
    return result.generated[0]


def generate_many(agencies, year: int, user=None) -> Generation:
    """Fill (or refill) the year's reports of `agencies` from the records in one transaction, with a number of
    queries that does not grow with the agencies: every figure source is one grouped query for all of them,
    the rows are written with bulk_create/bulk_update, and each report gets its own audit entry (written in
    bulk), as one generated alone does. The prose draft is written only where a report has none. Imported,
    signed, published and locked reports are left as they are and returned as skipped. Stored findings are
    refreshed once for the batch, after the write has committed."""
    agencies = list(agencies)
    for agency in agencies:
        _require(user, agency, Role.EDITOR)
    fmt = _format(year)
    result = Generation()
    if not agencies:
        return result
    ids = [a.pk for a in agencies]
    with transaction.atomic():
        existing = set(
            AnnualReport.objects.filter(agency_id__in=ids, year=year).values_list("agency_id", flat=True)
        )
        AnnualReport.objects.bulk_create(  # a row another request creates meanwhile is kept and refilled below
            [
                AnnualReport(agency=a, year=year, format=fmt.id, source=Source.GENERATED)
                for a in agencies
                if a.pk not in existing
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        reports = {
            r.agency_id: r
            for r in AnnualReport.objects.select_for_update()
            .filter(agency_id__in=ids, year=year)
            .select_related("agency__jurisdiction")
        }
        for agency in agencies:
            report = reports[agency.pk]
            (result.skipped if skip_reason(report) else result.generated).append(report)
        _fill(result.generated, year, fmt, user, existing)
    if result.generated:
        _refresh_checks(result.generated, year)
    return result


def _fill(reports: list[AnnualReport], year: int, fmt, user, existing: set[int]) -> None:
    if not reports:
        return
    ids = [r.agency_id for r in reports]
    figures = sources.cells_by_agency(ids, year)
    figures.update(level.level_cells([r.agency for r in reports if r.scope == Scope.LEVEL], year))
    unwritten = [r.agency_id for r in reports if not any(r.prose.values())]
    facts = drafting.facts_by_agency(unwritten, year) if unwritten else {}
    now = timezone.now()
    audited = []
    for report in reports:
        cells, before = figures[report.agency_id], report.cells
        report.format, report.cells = fmt.id, cells_to_json(cells)
        report.generated_at = report.updated_at = now
        if report.agency_id in facts:
            prose = drafting.draft(report.agency, year, cells, facts[report.agency_id])
            report.prose1, report.prose5, report.prose6 = prose[1], prose[5], prose[6]
        changed = {k: [before.get(k), v] for k, v in report.cells.items() if before.get(k) != v}
        audited.append((report, {"created": report.agency_id not in existing, "cells": changed}))
    fields = ["format", "cells", "generated_at", "updated_at", "prose1", "prose5", "prose6"]
    update_fields(reports, fields)
    record_many(user, "annual_report.generate", audited)


def _refresh_checks(reports: list[AnnualReport], year: int) -> None:
    """The stored findings of the generated reports and of next year's (continuity reads these), then the
    generated reports' copied prose once per jurisdiction tree they lie in (they are drafts, nobody's source:
    the other reports' matches stay as they are)."""
    following = list(
        AnnualReport.objects.filter(
            agency_id__in=[r.agency_id for r in reports], year=year + 1
        ).select_related("agency")
    )
    checks.refresh_rules([*reports, *following])
    for root, _ in checks.roots_of(reports):
        checks.refresh_copies(root, year, only={r.pk for r in reports})
        if following:  # compared with the refilled reports as their agency's report of the year before
            checks.refresh_copies(root, year + 1, only={r.pk for r in following})


def set_manual_figure(user, agency: Agency, year: int, cell: str, value, note: str = "") -> ManualFigure:
    """Enter a Table 二 figure the agency keeps elsewhere; the old and new value go to the audit log."""
    _require(user, agency, Role.EDITOR)
    fmt = _format(year)
    if cell not in MANUAL_CELLS[fmt.id]:
        raise ReportError(f"{year}年度报告没有可手工填报的指标“{cell}”。")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ReportError("请填写数字。") from None
    kind = fmt.by_id[cell].kind
    if not number.is_finite() or (kind is not Kind.SIGNED and number < 0):
        raise ReportError("数值不能为负数。")
    if kind is not Kind.MONEY and number != number.to_integral_value():
        raise ReportError("件数须为整数。")
    if abs(number) >= Decimal(10) ** 10:
        raise ReportError("数值过大。")
    with transaction.atomic():
        report = AnnualReport.objects.filter(agency=agency, year=year).first()
        if report and (report.locked_on or report.status != Status.DRAFTED):
            raise ReportError("该年度数据已锁定，不能再修改。")
        figure = ManualFigure.objects.select_for_update().filter(agency=agency, year=year, cell=cell).first()
        old = figure.value if figure else None
        if figure is None:
            figure = ManualFigure(agency=agency, year=year, cell=cell)
        figure.value, figure.note, figure.entered_by = number, note.strip()[:200], user
        figure.save()
        record(user, "annual_report.manual_figure", figure, {"value": [old, number], "note": figure.note})
        if report and recomputable(report):  # the page after saving shows the new cells and findings
            generate(agency, year, user)
    return figure


def recomputable(report: AnnualReport) -> bool:
    """Whether the records may refill the report's tables now: a generated draft whose data is not locked."""
    return skip_reason(report) is None


def cell_name(cell) -> str:
    """`表三·一、本年新收政府信息公开申请数量·总计`: a cell named as the clerk sees it in the tables."""
    return f"表{'二三四'[cell.table.section - 2]}·{cell.label}"


def stale_cells(report: AnnualReport) -> dict[str, tuple]:
    """{cell id: (value in the report, value from the records now)} where the two differ. Only a generated
    draft can be stale: an imported, signed or published report's tables are the record itself."""
    if report.source != Source.GENERATED or report.status != Status.DRAFTED:
        return {}
    current = cells_to_json(sources.cells_by_agency([report.agency_id], report.year)[report.agency_id])
    stored = report.cells
    return {k: (stored.get(k), v) for k, v in current.items() if stored.get(k) != v}


# Prose ------------------------------------------------------------------------------------------------------


def update_prose(user, report: AnnualReport, prose: dict[int, str]) -> AnnualReport:
    _require(user, report.agency, Role.EDITOR)
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFTED:
            raise ReportError(f"报告{report.get_status_display()}，不能修改。")
        if recomputable(report) and stale_cells(report):  # tables and findings current on the saved page
            generate(report.agency, report.year, user)
            report = _locked(report)
        before = {f"prose{n}": t for n, t in report.prose.items()}
        for number, text in prose.items():
            setattr(report, f"prose{number}", text.strip())
        report.save()
        record(
            user,
            "annual_report.prose",
            report,
            diff(before, {f"prose{n}": t for n, t in report.prose.items()}),
        )
        checks.refresh(report)
    return report


def set_government_results(user, report: AnnualReport, values: dict) -> tuple[AnnualReport, bool]:
    """The 第五十条（四） results a 人民政府's report states (工作考核、社会评议、责任追究). The drafted section 一 gets
    them in place of its placeholder; returns whether it did (False: the clerk rewrote that part, edit by hand)."""
    _require(user, report.agency, Role.EDITOR)
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFTED:
            raise ReportError(f"报告已{report.get_status_display()}，不能修改。")
        before = {name: getattr(report, name) for name in drafting.RESULT_FIELDS}
        for name in drafting.RESULT_FIELDS:
            setattr(report, name, values.get(name))
        results = drafting.Results(**{n: getattr(report, n) for n in drafting.RESULT_FIELDS})
        written = drafting.RESULTS_PLACEHOLDER in report.prose1 and results.complete
        if written:
            report.prose1 = report.prose1.replace(
                drafting.RESULTS_PLACEHOLDER, drafting.government_results(results)
            )
        report.full_clean(validate_unique=False, validate_constraints=False)
        report.save()
        after = {name: getattr(report, name) for name in drafting.RESULT_FIELDS}
        record(user, "annual_report.government_results", report, {**diff(before, after), "drafted": written})
    checks.refresh(report)  # stored findings, outside the write transaction
    return report, written


def set_scope(user, report: AnnualReport, scope: str) -> AnnualReport:
    """A 人民政府's report counts its own work only, or its departments' with it (本级政府年度报告); the tables
    follow at the next generation."""
    _require(user, report.agency, Role.EDITOR)
    if scope not in Scope.values:
        raise ReportError("统计范围无效。")
    if scope == Scope.LEVEL and not is_government(report.agency.name):
        raise ReportError("只有人民政府的年度报告可以汇总所属部门的数据。")
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFTED or report.locked_on:
            raise ReportError("报告数据已锁定，不能更改统计范围。")
        record(user, "annual_report.scope", report, {"scope": [report.scope, scope]})
        report.scope = scope
        report.save(update_fields=["scope", "updated_at"])
    return report


# Lock, sign-off, publication ----------------------------------------------------------------------------------


def lock(user, report: AnnualReport, on: date | None = None) -> AnnualReport:
    """Freeze the year's figures: generation and manual figures are refused from now on. Tables that no longer
    match the records are refused: what is locked (and then signed) must be what the records say."""
    _require(user, report.agency, Role.EDITOR, Role.SIGNER)
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFTED or report.locked_on:
            raise ReportError("报告数据已锁定。")
        if stale := stale_cells(report):
            example = cell_name(format_for_year(report.year).by_id[next(iter(stale))])
            raise ReportError(
                f"表格中有{len(stale)}处数据与当前业务数据不一致（如“{example}”），"
                "须先按最新业务数据重新计算表格，才能锁定。"
            )
        report.locked_on = on or timezone.localdate()
        report.save()
        record(user, "annual_report.lock", report, {"locked_on": report.locked_on})
    return report


def unlock(user, report: AnnualReport, reason: str) -> AnnualReport:
    _require(user, report.agency, Role.SIGNER)
    if not reason.strip():
        raise ReportError("解锁须说明理由。")
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFTED or not report.locked_on:
            raise ReportError("只有已锁定、尚未签批的报告可以解锁。")
        record(
            user, "annual_report.unlock", report, {"locked_on": [report.locked_on, None], "reason": reason}
        )
        report.locked_on = None
        report.save()
    return report


def sign_off(user, report: AnnualReport) -> AnnualReport:
    """The leader's 签批: only a locked report with no error finding."""
    _require(user, report.agency, Role.SIGNER)
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFTED:
            raise ReportError(f"报告{report.get_status_display()}。")
        if not report.locked_on:
            raise ReportError("请先锁定数据，再提交签批。")
        if report.agency.jurisdiction.separate_duties and user is not None and user.pk in _authors(report):
            raise ReportError(
                "您参与了本报告的编写，按职责分离的要求不能签批本人编写的报告，请由其他领导签批。"
            )
        blocking = checks.errors(checks.findings(report))
        if blocking:
            listed = "；".join(f.message for f in blocking[:3])
            raise ReportError(f"报告有{len(blocking)}处错误，须改正后才能签批：{listed}")
        _privacy_review(report)
        report.status, report.signed_by, report.signed_at = Status.SIGNED, user, timezone.now()
        report.signed_digest = _digest(report)
        report.save()
        record(user, "annual_report.sign_off", report, {"status": [Status.DRAFTED, Status.SIGNED]})
    checks.refresh(report)  # stored findings, outside the write transaction
    return report


def _digest(report: AnnualReport) -> str:
    """SHA-256 of the whole report as the core renders it: what the leader signs is what is published."""
    return hashlib.sha256(render(to_core(report), "md")).hexdigest()


def _authors(report: AnnualReport) -> set[int]:
    """Ids of whoever generated the report or wrote its prose."""
    return set(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(AnnualReport),
            object_id=str(report.pk),
            action__in=("annual_report.generate", "annual_report.prose"),
            user__isnull=False,
        ).values_list("user_id", flat=True)
    )


def privacy_hits(report: AnnualReport) -> list:
    """The 保密审查 of the report's own text: the title and the prose (the tables hold counts only)."""
    texts = [("title", "标题", str(report))]
    texts += [
        (f"prose{n}", str(AnnualReport._meta.get_field(f"prose{n}").verbose_name), text)
        for n, text in report.prose.items()
    ]
    return catalogue.scan_texts(texts)


def unresolved_privacy_hits(report: AnnualReport) -> list:
    covered = {fp for override in report.privacy_overrides for fp in override["fingerprints"]}
    return [h for h in privacy_hits(report) if h.hit.fingerprint not in covered]


def _privacy_review(report: AnnualReport) -> None:
    if hits := unresolved_privacy_hits(report):
        raise ReportError(
            f"保密审查发现{len(hits)}处疑似敏感内容，须修改报告文字或由审核人填写理由放行后才能签批："
            f"{catalogue.describe(hits)}。"
        )


def override_privacy(user, report: AnnualReport, reason: str) -> AnnualReport:
    """A reviewer's (or the signing leader's) recorded decision that the current findings may be published, as
    for any catalogue item: who, why, which findings, audited."""
    _require(user, report.agency, Role.REVIEWER, Role.SIGNER)
    reason = reason.strip()
    if len(reason) < 4:
        raise ReportError("放行须填写理由（至少4个字）。")
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFTED:
            raise ReportError(f"报告{report.get_status_display()}，不能再放行。")
        fingerprints = sorted({h.hit.fingerprint for h in unresolved_privacy_hits(report)})
        if not fingerprints:
            raise ReportError("保密审查未发现未处理的问题，无需放行。")
        report.privacy_overrides = [
            *report.privacy_overrides,
            {
                "user_id": user.pk,
                "user": user.get_username(),
                "at": timezone.now().isoformat(timespec="seconds"),
                "reason": reason,
                "fingerprints": fingerprints,
            },
        ]
        report.save()
        record(user, "annual_report.privacy_override", report, {"reason": reason, "hits": fingerprints})
    return report


def publish(user, report: AnnualReport, on: date | None = None) -> AnnualReport:
    """Put the signed report in the agency's 年报 column with its 索引号, and store the core's outputs."""
    _require(user, report.agency, Role.SIGNER)
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.SIGNED:
            raise ReportError("报告须先签批才能发布。")
        if report.signed_digest and report.signed_digest != _digest(report):  # empty: signed before digests
            raise ReportError("报告内容与签批时不一致，不能发布。请联系系统管理员核查审计日志。")
        published_on = report.published_on = on or timezone.localdate()
        item = InformationItem.objects.create(
            agency=report.agency,
            column=Column.objects.get(agency=None, slug=ANNUAL_REPORT_COLUMN),
            title=str(report),
            body=render(to_core(report), "md").decode(),  # before publishing, so the search index gets it
            genre=Genre.objects.filter(parent=None, name="报告").first(),
            topic=Topic.objects.filter(parent__name="综合政务", name="政务公开").first(),
            summary=f"{report.agency.name}{report.year}年政府信息公开工作情况和统计数据。"[:100],
            doc_type=DocType.OTHER,
            written_on=published_on,
            created_by=user,
        )
        for override in report.privacy_overrides:  # the review's decisions travel with the published item
            PrivacyOverride.objects.create(
                item=item,
                user_id=override["user_id"],
                reason=override["reason"],
                fingerprints=override["fingerprints"],
            )
        if hits := catalogue.unresolved_hits(item):  # the same 保密审查 as any item, on what will be public
            raise ReportError(f"保密审查发现疑似敏感内容，不能发布：{catalogue.describe(hits)}。")
        catalogue.publish(user, item, "年度报告发布", on=published_on)
        report.item, report.index_number = item, item.index_number
        report.status = Status.PUBLISHED
        report.save()
        record(user, "annual_report.publish", report, {"index_number": item.index_number, "on": published_on})
    _store_outputs(user, report, item)
    checks.refresh(report)  # stored findings, outside the write transaction
    return report


def _store_outputs(user, report: AnnualReport, item: InformationItem) -> None:
    """Render the DOCX/PDF/HTML after the publication has committed: rendering takes about a second per PDF, and
    inside the transaction it would hold the report's and the 索引号 sequence's row locks that long. The files
    then follow in one short transaction; until they do, downloads are rendered on request from the same text."""
    core = to_core(report)
    outputs = {name: render(core, name) for name in OUTPUTS}
    with transaction.atomic():
        for name, data in outputs.items():
            filename = f"{report.agency.slug}-{report.year}.{name}"
            getattr(report, f"{name}_file").save(filename, ContentFile(data), save=False)
            if name != "html":
                attachment = Attachment(  # rendered from the text scanned at publication
                    item=item,
                    original_name=f"{report}.{name}",
                    content_type=_MEDIA[name],
                    size=len(data),
                    text_extracted=True,
                    uploaded_by=user,
                )
                attachment.file.save(filename, ContentFile(data), save=False)
                attachment.save()
        report.save(update_fields=[f"{name}_file" for name in OUTPUTS])


_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


# Import -----------------------------------------------------------------------------------------------------


def _same_agency(name_in_file: str, agency: Agency) -> bool:
    def norm(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())

    return norm(name_in_file) in {norm(agency.name), norm(agency.display_name)}


def import_mismatches(parsed, agency: Agency, year: int | None) -> list[str]:
    """Where the file says it is another agency's or another year's report than the one it is filed under."""
    found = []
    if parsed.agency and not _same_agency(parsed.agency, agency):
        found.append(f"文件中的机关为“{parsed.agency}”，与“{agency.name}”不符")
    if year is not None and parsed.year is not None and parsed.year != year:
        found.append(f"文件中的年度为{parsed.year}年，与所选的{year}年不符")
    return found


def import_published(
    user,
    agency: Agency,
    data: bytes,
    name: str,
    year: int | None = None,
    item: InformationItem | None = None,
    confirm_reason: str = "",
) -> AnnualReport:
    """Store a report the agency already published elsewhere, read through the core parser, so that its
    结转下年度 becomes next year's 上年结转. `item` links it to the 年报 column item that carries it, if any.

    It enters the platform as published, so only the agency's 签批领导 may import it; a file that names another
    agency or year is refused unless the leader confirms it with a reason, which the audit entry keeps."""
    _require(user, agency, Role.SIGNER)
    parsed = read_bytes(data, name)
    unreadable = [f for f in parsed.findings if f.rule == "parse.unreadable"]
    if unreadable:
        raise ReportError(unreadable[0].message)
    mismatches = import_mismatches(parsed, agency, year)
    if mismatches and not confirm_reason.strip():
        raise ReportError("；".join(mismatches) + "。如确属本机关该年度的报告，请填写确认理由后重新导入。")
    year = year or parsed.year
    if year is None:
        raise ReportError("无法从文件中识别报告年度，请指定年度。")
    if parsed.format != _format(year).id:
        raise ReportError(f"文件使用{parsed.format}格式，与{year}年度应使用的格式不符。")
    with transaction.atomic():
        if AnnualReport.objects.filter(agency=agency, year=year).exists():
            raise ReportError(f"{agency.name}已有{year}年度报告。")
        report = AnnualReport.objects.create(
            agency=agency,
            year=year,
            format=parsed.format,
            status=Status.PUBLISHED,
            source=Source.IMPORTED,
            locked_on=parsed.published,
            published_on=parsed.published or (item.published_on if item else None),
            index_number=parsed.index_number or (item.index_number if item else "") or "",
            prose1=parsed.prose.get(1, ""),
            prose5=parsed.prose.get(5, ""),
            prose6=parsed.prose.get(6, ""),
            cells=cells_to_json(parsed.cells),
            imported_name=name[:255],
            item=item,
        )
        record(
            user,
            "annual_report.import",
            report,
            {
                "file": name,
                "parse_findings": [f.rule for f in parsed.findings],
                "agency_in_file": parsed.agency,
                "year_in_file": parsed.year,
                "mismatches": mismatches,
                "confirm_reason": confirm_reason.strip(),
            },
        )
    checks.refresh(report)  # stored findings, outside the write transaction
    return report
