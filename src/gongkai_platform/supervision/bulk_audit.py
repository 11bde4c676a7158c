"""What a bulk audit accepts, and the engine that checks it: the CLI's (`gongkai audit`), so a supervisor's batch
and a researcher's give the same findings.

Uploads are untrusted. Only the kinds the CLI reads are accepted (by extension and, where the kind has one, by
leading bytes); scanned images are read by OCR. A file, the whole batch and the number of files have limits,
stated on the upload page (docs/operations.md says why these). A zip is read member by member with the real
decompressed size counted, so a zip bomb stops at the limit instead of filling memory or disk; a zip inside a zip
is refused rather than followed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from gongkai import cli
from gongkai.parsers import IMAGE_SUFFIXES, Missing, detect
from gongkai.standard.report import Report

SUFFIXES = cli.SUFFIXES
ARCHIVE = ".zip"
MAX_RATIO = 100  # decompressed / compressed for one zip member; real reports stay far below
MB = 1024 * 1024


def size_text(n: int) -> str:
    """A limit as people read it: 50 MB, 500 MB (KB below a megabyte)."""
    return f"{n // MB} MB" if n >= MB else f"{n // 1024} KB"


def limits() -> dict[str, int | str]:
    """The limits as the upload page states them."""
    return {
        "files": settings.BULK_AUDIT_MAX_FILES,
        "batch": size_text(settings.BULK_AUDIT_MAX_BATCH_BYTES),
        "file": size_text(settings.BULK_AUDIT_MAX_FILE_BYTES),
        "ratio": MAX_RATIO,
    }


KINDS = "TXT、HTML、DOCX、PDF、Markdown、JSON，扫描件 JPG、PNG、TIFF、BMP、WEBP，或 ZIP 压缩包"


def refusal(name: str, size: int, head: bytes) -> str | None:
    """Why a report file is not accepted (in Chinese), from its name, size and first bytes; None if it is."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUFFIXES:
        return f"不支持的文件类型（仅限 {KINDS}）"
    if size > settings.BULK_AUDIT_MAX_FILE_BYTES:
        return f"单个文件超过 {size_text(settings.BULK_AUDIT_MAX_FILE_BYTES)}"
    if suffix == ".pdf" and not head.startswith(b"%PDF"):
        return "文件内容不是 PDF"
    if suffix == ".docx" and not head.startswith(b"PK\x03\x04"):
        return "文件内容不是 DOCX"
    if suffix in IMAGE_SUFFIXES and detect(head) != "image":
        return "文件内容不是图像"
    return None


def is_archive(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() == ARCHIVE


@dataclass
class Member:
    """One file of a zip: its content, or why it was not taken out."""

    name: str
    content: bytes | None = None
    reason: str | None = None


def members(archive_name: str, stream) -> Iterator[Member]:
    """The files of a zip (`stream`: a seekable binary file), each checked; directories and hidden files skipped."""
    try:
        archive = zipfile.ZipFile(stream)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        yield Member(archive_name, reason="压缩包已损坏或不是 ZIP 文件")
        return
    for info in infos:
        if info.is_dir() or PurePosixPath(info.filename).name.startswith("."):
            continue
        name = f"{archive_name}/{_member_name(info)}"
        suffix = PurePosixPath(info.filename).suffix.lower()
        if suffix == ARCHIVE:
            yield Member(name, reason="压缩包内不能再套压缩包，请解开后分别上传")
        elif suffix not in SUFFIXES:
            yield Member(name, reason=f"不支持的文件类型（仅限 {KINDS}）")
        elif (
            info.file_size > settings.BULK_AUDIT_MAX_FILE_BYTES
            or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 4096
        ):
            yield Member(name, reason="解压后过大或压缩比异常，疑似压缩炸弹")
        else:
            yield _extract(archive, info, name)


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Member:
    try:
        with archive.open(info) as stream:
            content = stream.read(settings.BULK_AUDIT_MAX_FILE_BYTES + 1)  # the header's size may lie
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return Member(name, reason="无法解压（文件损坏或已加密）")
    if len(content) > settings.BULK_AUDIT_MAX_FILE_BYTES:
        return Member(name, reason="解压后过大，疑似压缩炸弹")
    reason = refusal(name, len(content), content[:2048])
    return Member(name, reason=reason) if reason else Member(name, content)


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store names in GBK without the UTF-8 flag; Python reads those as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def read(name: str, data: bytes | list[tuple[str, bytes | Missing]]) -> Report:
    """One file parsed (by OCR for a scan) and checked by the single-year rules, as `gongkai audit` does; or a
    report scanned one image file per page, from its pages' (name, bytes) in page order (a refused page
    `Missing`)."""
    return cli.audit_bytes(data, name) if isinstance(data, bytes) else cli.audit_page_bytes(data)


def across(reports: Sequence[Report]) -> None:
    """The checks that need the whole batch: last year's report of the same agency, and copied prose."""
    cli.add_cross_year(reports)
    cli.add_copied_prose(reports)


def is_scan(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in IMAGE_SUFFIXES
