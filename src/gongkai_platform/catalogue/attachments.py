"""Attachment checks (type by extension and leading bytes, size) and text extraction for the privacy scan."""

import io
import logging
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

log = logging.getLogger(__name__)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
ALLOWED = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [ZIP]),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [ZIP]),
    ".doc": ("application/msword", [OLE]),
    ".xls": ("application/vnd.ms-excel", [OLE]),
    ".wps": ("application/vnd.ms-works", [OLE]),
    ".et": ("application/vnd.ms-excel", [OLE]),
    ".ofd": ("application/ofd", [ZIP]),
    ".zip": ("application/zip", [ZIP]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".txt": ("text/plain", []),
}


def check_upload(name: str, head: bytes, size: int) -> str:
    """The content type to store for an upload, or ValidationError saying in Chinese what is wrong."""
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED:
        allowed = "、".join(sorted(e.lstrip(".") for e in ALLOWED))
        raise ValidationError(f"不支持的附件类型“{ext or '无扩展名'}”，允许：{allowed}。")
    if size == 0:
        raise ValidationError("附件为空文件。")
    if size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"附件大小超过 {limit} MB 的限制。")
    content_type, signatures = ALLOWED[ext]
    if signatures and not any(head.startswith(s) for s in signatures):
        raise ValidationError(f"附件内容与扩展名“{ext}”不符，请检查文件。")
    if ext == ".txt":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:
                raise ValidationError("文本附件须为 UTF-8 编码。") from exc
    return content_type


def extract_text(name: str, data: bytes) -> str | None:
    """Plain text of an attachment for scanning and search; None when the type has no text we can read."""
    ext = PurePath(name).suffix.lower()
    try:
        if ext == ".txt":
            return data.decode("utf-8", errors="replace")
        if ext == ".docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            lines = [p.text for p in document.paragraphs]
            for table in document.tables:
                lines += ["\t".join(c.text for c in row.cells) for row in table.rows]
            return "\n".join(lines)
        if ext == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            return "\n".join(
                "\t".join("" if v is None else str(v) for v in row)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
            )
        if ext == ".pdf":
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages)
    except Exception as exc:  # an untrusted file can make any parser fail in any way: treat as unreadable
        log.warning("could not extract text from %s: %s", name, exc)
        return None
    return None
