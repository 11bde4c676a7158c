"""Audit of published reports uploaded in bulk: files or a zip of TXT/HTML/DOCX/PDF, read by the core parser,
checked by the core rules, with cross-year continuity where an agency has two consecutive years in the batch
and copied prose across the batch.

Uploads are untrusted: only the four kinds are accepted (by extension and leading bytes), each file and the
whole batch have size limits, and a zip is read member by member with the real decompressed size counted, so
a zip bomb stops at the limit instead of filling memory. Nothing is extracted to disk.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePosixPath

from gongkai.parsers import read_bytes
from gongkai.standard import similarity
from gongkai.standard.report import Finding, Report, Severity

from gongkai_platform.annual_reports.checks import rules

SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_FILES = 300
MAX_RATIO = 100  # decompressed / compressed; real reports stay far below


@dataclass
class Batch:
    files: list[tuple[str, bytes]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name, reason in Chinese)
    total: int = 0

    def add(self, name: str, data: bytes) -> None:
        reason = _refusal(name, data)
        if reason is None and self.total + len(data) > MAX_TOTAL_BYTES:
            reason = f"上传总量超过{MAX_TOTAL_BYTES // 1024 // 1024} MB"
        if reason is None and len(self.files) >= MAX_FILES:
            reason = f"文件数超过{MAX_FILES}个"
        if reason:
            self.rejected.append((name, reason))
        else:
            self.files.append((name, data))
            self.total += len(data)


def _refusal(name: str, data: bytes) -> str | None:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUFFIXES:
        return "不支持的文件类型（仅限 TXT、HTML、DOCX、PDF 或 ZIP 压缩包）"
    if len(data) > MAX_FILE_BYTES:
        return f"单个文件超过{MAX_FILE_BYTES // 1024 // 1024} MB"
    if suffix == ".pdf" and not data.startswith(b"%PDF"):
        return "文件内容不是 PDF"
    if suffix == ".docx" and not data.startswith(b"PK\x03\x04"):
        return "文件内容不是 DOCX"
    return None


def add_upload(batch: Batch, name: str, data: bytes) -> None:
    """Add one uploaded file; a zip is opened and its members added one by one."""
    if PurePosixPath(name).suffix.lower() != ".zip":
        batch.add(name, data)
        return
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        batch.rejected.append((name, "压缩包已损坏或不是 ZIP 文件"))
        return
    for info in members:
        if info.is_dir() or PurePosixPath(info.filename).name.startswith("."):
            continue
        member = f"{name}/{_member_name(info)}"
        if PurePosixPath(info.filename).suffix.lower() not in SUFFIXES:
            batch.rejected.append((member, "不支持的文件类型"))
            continue
        if info.file_size > MAX_FILE_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 4096:
            batch.rejected.append((member, "解压后过大或压缩比异常，疑似压缩炸弹"))
            continue
        try:
            with archive.open(info) as stream:
                content = stream.read(MAX_FILE_BYTES + 1)  # the header's size may lie: count what comes out
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
            batch.rejected.append((member, "无法解压（文件损坏或已加密）"))
            continue
        if len(content) > MAX_FILE_BYTES:
            batch.rejected.append((member, "解压后过大，疑似压缩炸弹"))
            continue
        batch.add(member, content)


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store names in GBK without the UTF-8 flag; Python reads those as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


@dataclass
class AuditedReport:
    name: str
    report: Report

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def audit(batch: Batch) -> list[AuditedReport]:
    """Parse and check every file of the batch; findings are added to each report's own list."""
    audited = [AuditedReport(name, _read(name, data)) for name, data in batch.files]
    by_key = {(_key(a.report), a.report.year): a.report for a in audited if _key(a.report) and a.report.year}
    for item in audited:
        r = item.report
        if r.spec is None or any(f.rule == "parse.unreadable" for f in r.findings):
            continue
        previous = by_key.get((_key(r), r.year - 1)) if _key(r) and r.year else None
        try:
            r.findings.extend(rules(r, previous))
        except Exception as exc:  # one odd file must not stop the batch or show a traceback
            r.findings.append(
                Finding("audit.failed", Severity.ERROR, f"无法检查该文件：{type(exc).__name__}")
            )
    reports = [a.report for a in audited]
    for index, extra in similarity.findings_for(reports).items():
        reports[index].findings.extend(extra)
    return audited


def _read(name: str, data: bytes) -> Report:
    try:
        return read_bytes(data, name)
    except Exception as exc:  # the parser promises not to raise; the batch must survive if it ever does
        return Report(
            source=name,
            findings=[Finding("parse.unreadable", Severity.ERROR, f"无法读取：{type(exc).__name__}")],
        )


def _key(report: Report) -> str | None:
    """Agency names compared without white space, as 满洲里市 统计局 and 满洲里市统计局 are one agency."""
    return "".join(report.agency.split()) if report.agency else None


def by_agency(audited: list[AuditedReport]) -> dict[str, list[AuditedReport]]:
    grouped: dict[str, list[AuditedReport]] = {}
    for item in sorted(audited, key=lambda a: (a.report.agency or "", a.report.year or 0)):
        grouped.setdefault(item.report.agency or "（未识别机构）", []).append(item)
    return grouped
