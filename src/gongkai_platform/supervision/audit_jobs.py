"""Bulk audits as background jobs: the upload is stored and queued, the worker unpacks, reads and checks it a
chunk at a time, then runs the batch-wide checks and writes the downloads.

Each run of the task does one step and queues the next (unpack; a chunk of files; the finish), so a worker
restart costs at most one chunk, other tasks are not held up behind a batch of thousands, and the progress the
page shows is what is stored. Within a chunk the results are saved every half second.

A job remembers the task of its last queued step and when it last progressed; a worker killed mid-step leaves
it 已中断 (BulkAudit.interrupted), and its owner's 继续检查 (`resume`) queues the step again: files read but not yet
saved are still stored and still pending, so nothing is lost and nothing is counted twice.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from gongkai.parsers import Missing, pages
from gongkai.parsers.structured import read_json
from gongkai.renderers.layout import read_by_ocr
from gongkai.standard.report import Report, Severity

from gongkai_platform.auditlog.services import record
from gongkai_platform.supervision import bulk_audit, export
from gongkai_platform.supervision.models import BulkAudit, BulkAuditFile

CHUNK_FILES = 200  # files per run of the task
CHUNK_BYTES = 100 * 1024 * 1024  # and at most this much content held at once
LAYOUT_SHEETS_UP_TO = (
    200  # reports: a larger batch's XLSX has the data and findings sheets only (40 ms a sheet)
)
SAVE_EVERY = 0.5  # seconds between progress writes within a chunk
PROCESSES = int(os.environ.get("GONGKAI_AUDIT_PROCESSES", "0")) or os.cpu_count() or 1
State = BulkAuditFile.State
Status = BulkAudit.Status


# ---------------------------------------------------------------- the upload
def start(user, uploads, refused: list[tuple[str, str]]) -> BulkAudit:
    """Store the uploaded files (zips as they are, unpacked by the worker) and queue the audit.

    `refused` are files the upload handler already skipped, with the reason."""
    with transaction.atomic():
        job = BulkAudit.objects.create(owner=user)
        rows = [_refused(job, name, reason) for name, reason in refused]
        uploaded = accepted = 0
        for upload in uploads:
            uploaded += upload.size
            row = _accept(job, upload, uploaded, accepted)
            rows += [row] if row else []
            accepted += bool(row and row.state == State.PENDING)
        rows = _grouped(rows)
        for position, row in enumerate(rows):
            row.position = position
        BulkAuditFile.objects.bulk_create(rows)
        job.total = sum(r.state == State.PENDING for r in rows)
        job.save(update_fields=["archives", "total"])
        record(
            user,
            "bulk_audit.start",
            job,
            {
                "files": accepted,
                "archives": len(job.archives),
                "refused": len(rows) - job.total,
                "bytes": uploaded,
            },
        )
        queue_step(job.pk)  # the task row commits with the job, or neither
    return job


def queue_step(job_id: int) -> None:
    """Queue the job's next step and remember its task, whose own status then says whether a worker has it."""
    from gongkai_platform.supervision.tasks import run_bulk_audit

    result = run_bulk_audit.enqueue(job_id)
    BulkAudit.objects.filter(pk=job_id).update(task_id=str(result.id), progressed=timezone.now())


def _accept(job: BulkAudit, upload, uploaded: int, accepted: int) -> BulkAuditFile | None:
    """The file's row, or None for a zip, which is kept aside for the worker to unpack."""
    name = upload.name
    if uploaded > settings.BULK_AUDIT_MAX_BATCH_BYTES:
        return _refused(
            job, name, f"超过本批 {bulk_audit.size_text(settings.BULK_AUDIT_MAX_BATCH_BYTES)} 上限"
        )
    with upload.open() as content:
        head = content.read(2048)
        content.seek(0)
        if bulk_audit.is_archive(name):
            if not head.startswith(b"PK\x03\x04"):
                return _refused(job, name, "压缩包已损坏或不是 ZIP 文件")
            job.archives.append([name, _store(job, len(job.archives), ".zip", content, "archive")])
            return None
        reason = bulk_audit.refusal(name, upload.size, head)
        if reason is None and accepted >= settings.BULK_AUDIT_MAX_FILES:
            reason = f"超过本批 {settings.BULK_AUDIT_MAX_FILES} 个文件上限"
        if reason:
            return _refused(job, name, reason)
        stored = _store(job, accepted, PurePosixPath(name).suffix.lower(), content)
    return BulkAuditFile(job=job, name=name, stored=stored, size=upload.size)


def _refused(job: BulkAudit, name: str, reason: str) -> BulkAuditFile:
    return BulkAuditFile(job=job, name=name[:1000], state=State.REFUSED, reason=reason[:200])


def _store(job: BulkAudit, number: int, suffix: str, content, kind: str = "file") -> str:
    """Stored under a name of ours: the user's file name never reaches the storage path."""
    return default_storage.save(f"bulk-audits/{job.pk}/{kind}-{number}{suffix}", content)


# ---------------------------------------------------------------- the worker's steps
def advance(job_id: int, task_id: str = "") -> bool:
    """One step of the job (run by the task `task_id`); True when there is another step to run."""
    job = BulkAudit.objects.filter(pk=job_id).first()
    if job is None or job.finished_work:  # deleted by its owner, or ended
        return False
    if task_id and job.task_id and task_id != job.task_id:  # given up for lost and resumed by another task
        return False
    if job.status == Status.QUEUED:
        BulkAudit.objects.filter(pk=job.pk).update(status=Status.RUNNING, progressed=timezone.now())
    try:
        if job.archives:
            _unpack(job)
            return True
        if job.files.filter(state=State.PENDING).exists():
            _audit_chunk(job)
            return True
        _finish(job)
        return False
    except Exception as exc:
        _fail(job, exc)
        raise


def _unpack(job: BulkAudit) -> None:
    """Every zip's members checked and stored as files of the batch, within the batch's limits."""
    rows = []
    pending = job.files.filter(state=State.PENDING)
    accepted = sum(  # files, not reports, nor a report's refused pages
        sum(bool(stored) for _, stored in pages) if pages else 1
        for pages in pending.values_list("pages", flat=True)
    )
    size = sum(pending.values_list("size", flat=True))
    for name, stored in job.archives:
        with default_storage.open(stored) as stream:
            for member in bulk_audit.members(name, stream):
                row = _member_row(job, member, accepted, size)
                if row.state == State.PENDING:
                    row.stored = _store(
                        job, accepted, PurePosixPath(member.name).suffix.lower(), ContentFile(member.content)
                    )
                    accepted, size = accepted + 1, size + row.size
                rows.append(row)
    rows = _grouped(rows)
    for position, row in enumerate(rows, job.files.count()):
        row.position = position
    total = pending.count() + sum(r.state == State.PENDING for r in rows)
    with transaction.atomic():
        BulkAuditFile.objects.bulk_create(rows, batch_size=500)
        BulkAudit.objects.filter(pk=job.pk).update(archives=[], total=total, progressed=timezone.now())
    for _, stored in job.archives:
        default_storage.delete(stored)


def _grouped(rows: list[BulkAuditFile]) -> list[BulkAuditFile]:
    """The page images of a report scanned one file a page (`gongkai.parsers.pages`: same folder, names equal
    but for a run of page numbers) made one row, where its first page stood; every other row as it was. A page
    refused (too large, not an image) is still one of its pages: the report's row names it with no stored file,
    to be read as missing, and its own refused row stays to say why. A name uploaded twice is no page of
    anything (which of the two would be the page?)."""
    counts = Counter(r.name for r in rows)
    by_name = {r.name: r for r in rows if counts[r.name] == 1}
    report_of = {name: report for report in pages.group(by_name) if len(report) > 1 for name in report}
    grouped, placed = [], set()
    for row in rows:
        report = report_of.get(row.name)
        if report is None or all(by_name[n].state == State.REFUSED for n in report):
            grouped.append(row)
            continue
        if row.state == State.REFUSED:
            grouped.append(row)
        if report not in placed:
            placed.add(report)
            grouped.append(_report_row(row.job, [by_name[n] for n in report]))
    return grouped


def _report_row(job: BulkAudit, page_rows: list[BulkAuditFile]) -> BulkAuditFile:
    return BulkAuditFile(
        job=job,
        name=pages.report_name([p.name for p in page_rows])[:1000],
        size=sum(p.size for p in page_rows),
        pages=[[p.name, p.stored] for p in page_rows],  # a refused page has no stored file
    )


def _member_row(job: BulkAudit, member: bulk_audit.Member, accepted: int, size: int) -> BulkAuditFile:
    if member.reason:
        return _refused(job, member.name, member.reason)
    if accepted >= settings.BULK_AUDIT_MAX_FILES:
        return _refused(job, member.name, f"超过本批 {settings.BULK_AUDIT_MAX_FILES} 个文件上限")
    if size + len(member.content) > settings.BULK_AUDIT_MAX_BATCH_BYTES:
        return _refused(
            job,
            member.name,
            f"解压后超过本批 {bulk_audit.size_text(settings.BULK_AUDIT_MAX_BATCH_BYTES)} 上限",
        )
    return BulkAuditFile(job=job, name=member.name[:1000], size=len(member.content))


def _audit_chunk(job: BulkAudit) -> None:
    rows, held = [], 0
    for row in job.files.filter(state=State.PENDING).order_by("position")[:CHUNK_FILES]:
        if rows and held + row.size > CHUNK_BYTES:
            break
        rows.append(row)
        held += row.size
    unsaved, last = [], time.monotonic()
    for row, report in zip(rows, _reports(rows), strict=True):
        _set_result(row, report)
        row.state = State.AUDITED
        unsaved.append(row)
        if time.monotonic() - last >= SAVE_EVERY:
            _save_progress(job, unsaved)
            unsaved, last = [], time.monotonic()
    _save_progress(job, unsaved)


def _reports(rows: list[BulkAuditFile]):
    """Each row's file read and checked, in order; in worker processes when the chunk holds scans or PDFs (OCR
    takes seconds a page) and there is more than one core to use."""
    names = [r.name for r in rows]
    contents = (_content(r) for r in rows)
    slow = sum(bool(r.pages) or bulk_audit.is_scan(r.name) or r.name.lower().endswith(".pdf") for r in rows)
    if PROCESSES <= 1 or slow < 2:
        yield from map(bulk_audit.read, names, contents)
        return
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=get_context("spawn")) as pool:
        yield from pool.map(bulk_audit.read, names, list(contents))


def _content(row: BulkAuditFile) -> bytes | list[tuple[str, bytes | Missing]]:
    """The file's bytes, or each page image's (name, bytes) in page order, a refused page `Missing` for the
    reason it was refused."""
    if not row.pages:
        return _read_stored(row.stored)
    refused = dict(row.job.files.filter(state=State.REFUSED).values_list("name", "reason"))
    return [(name, _read_stored(stored) if stored else Missing(refused[name])) for name, stored in row.pages]


def _read_stored(name: str) -> bytes:
    with default_storage.open(name) as stream:
        return stream.read()


def _save_progress(job: BulkAudit, rows: list[BulkAuditFile]) -> None:
    if not rows:
        return
    stored = [name for r in rows for name in r.stored_names]
    for row in rows:
        row.stored = ""
        row.pages = [[name, ""] for name, _ in row.pages]
    with transaction.atomic():
        BulkAuditFile.objects.bulk_update(rows, [*RESULT_FIELDS, "state", "stored", "pages"])
        BulkAudit.objects.filter(pk=job.pk).update(done=F("done") + len(rows), progressed=timezone.now())
    for name in stored:  # read and saved: the upload is not kept
        default_storage.delete(name)


RESULT_FIELDS = ["report", "agency", "year", "errors", "warnings", "infos", "ocr"]


def _set_result(row: BulkAuditFile, report: Report) -> None:
    report.source = row.name
    row.report = report.as_dict()
    row.agency = (report.agency or "")[:200]
    row.year = report.year if report.year and 0 < report.year < 10_000 else None
    severities = [f.severity for f in report.findings]
    row.errors = severities.count(Severity.ERROR)
    row.warnings = severities.count(Severity.WARNING)
    row.infos = severities.count(Severity.INFO)
    row.ocr = read_by_ocr(report)


def _finish(job: BulkAudit) -> None:
    """The batch-wide checks over every stored report, then the downloads."""
    rows = list(job.files.filter(state=State.AUDITED).order_by("position"))
    reports = [read_json(json.dumps(r.report).encode()) for r in rows]
    bulk_audit.across(reports)
    for row, report in zip(rows, reports, strict=True):
        _set_result(row, report)
    stamp = timezone.localtime(job.created).strftime("%Y%m%d-%H%M")
    files = {
        "result_xlsx": (f"{stamp}.xlsx", export.reports_file(reports, "xlsx") if reports else b""),
        "result_csv": (f"{stamp}-cells.csv", export.reports_file(reports, "csv")),
        "result_csv_zh": (f"{stamp}-zh.csv", export.reports_file(reports, "csv-zh")),
    }
    for field, (name, content) in files.items():
        if content:
            getattr(job, field).save(f"{job.pk}-{name}", ContentFile(content), save=False)
    job.summary = summary(rows)
    job.status, job.finished = Status.DONE, timezone.now()
    with transaction.atomic():
        BulkAuditFile.objects.bulk_update(rows, RESULT_FIELDS, batch_size=500)
        job.save(update_fields=[*files, "summary", "status", "finished"])
        record(None, "bulk_audit.done", job, job.summary)


def summary(rows: list[BulkAuditFile]) -> dict[str, int]:
    return {
        "reports": len(rows),
        "with_errors": sum(r.errors > 0 for r in rows),
        "with_warnings": sum(r.warnings > 0 for r in rows),
        "ocr": sum(r.ocr for r in rows),
        "copied": sum(any(f["rule"] == "prose.copied" for f in r.report["findings"]) for r in rows),
    }


def _fail(job: BulkAudit, exc: Exception) -> None:
    message = (
        f"检查中断（{type(exc).__name__}）。请删除本次检查后重新提交这批文件；如再次失败，请联系系统管理员。"
    )
    BulkAudit.objects.filter(pk=job.pk).update(status=Status.FAILED, error=message, finished=timezone.now())
    record(None, "bulk_audit.failed", job, {"error": f"{type(exc).__name__}: {exc}"[:500]})


def _stored_under(folder: str) -> list[str]:
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:  # nothing was stored (the folder is made with the first file)
        return []
    return [f"{folder}/{name}" for name in files]


# ---------------------------------------------------------------- the owner's actions
def resume(user, job: BulkAudit) -> None:
    """继续检查: queue an interrupted job's step again, from where its saved progress stands."""
    with transaction.atomic():
        job = BulkAudit.objects.select_for_update().get(pk=job.pk)
        if not job.interrupted:
            raise ResumeError("这次检查没有中断，无需继续。")
        stalled = timezone.localtime(job.progressed).strftime("%Y-%m-%d %H:%M") if job.progressed else ""
        record(
            user, "bulk_audit.resume", job, {"done": job.done, "total": job.total, "stalled_since": stalled}
        )
        queue_step(job.pk)


class ResumeError(Exception):
    """The job cannot be resumed; the message says why, in Chinese."""


def delete(user, job: BulkAudit) -> None:
    """The job, its results and whatever of the upload is still stored, including files an interrupted unpack
    stored without recording them (everything under the job's own folder)."""
    names = [n for row in job.files.only("stored", "pages") for n in row.stored_names]
    names += [stored for _, stored in job.archives]
    names += [f.name for f in (job.result_xlsx, job.result_csv, job.result_csv_zh) if f]
    names += _stored_under(f"bulk-audits/{job.pk}")
    with transaction.atomic():
        record(user, "bulk_audit.delete", job, {"files": job.total})
        job.delete()
    for name in names:
        default_storage.delete(name)
