"""File downloads named in Chinese, as users save and file them (`满洲里市统计局依申请公开登记台账20261201.xlsx`).

Every download goes through `attachment_response` (bytes or text made by the app) or `file_attachment` (a stored
file), so the header is written one way: RFC 6266 with the RFC 5987 `filename*` (UTF-8, percent-encoded) that
every current browser reads, plus a plain ASCII `filename` for old clients that do not.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

# characters Windows, macOS or Linux refuse in a file name, and control characters
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME_CHARS = 120  # many file systems allow 255 bytes; a Chinese character is 3 bytes in UTF-8


def safe_filename(name: str) -> str:
    """The name with characters no file system accepts replaced by `_`, whitespace collapsed, and the stem
    shortened (keeping the suffix) so the name fits any file system."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name.strip("_"):
        name = "下载"
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        if dot and len(suffix) <= 8:
            name = stem[: MAX_NAME_CHARS - len(suffix) - 1] + "." + suffix
        else:
            name = name[:MAX_NAME_CHARS]
    return name


def ascii_fallback(name: str) -> str:
    """An ASCII stand-in for clients that ignore `filename*`: the name's ASCII runs joined by `-`
    (`2026-YSQ-0012.pdf` from `满洲里市统计局2026-YSQ-0012答复书.pdf`), or `download` plus the suffix."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = _NOT_ASCII_NAME.sub("-", stem).strip("-._") or "download"
    suffix = _NOT_ASCII_NAME.sub("", suffix)
    return f"{stem}.{suffix}" if suffix else stem


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="…"; filename*=UTF-8''…` for the (sanitised) file name."""
    name = safe_filename(filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_response(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """Content the app made (an XLSX, a letter, an export) as a download named `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def file_attachment(handle, filename: str, content_type: str | None = None) -> FileResponse:
    """A stored file (an attachment, an uploaded document) streamed as a download named `filename`."""
    response = FileResponse(handle, content_type=content_type) if content_type else FileResponse(handle)
    response["Content-Disposition"] = content_disposition(filename)
    return response
