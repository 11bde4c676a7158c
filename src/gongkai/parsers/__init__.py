"""Parsers: every input kind (text, HTML, DOCX, PDF, scanned images) becomes a token stream that one reader turns
into a Report.

`read_file(path)` and `read_bytes(data, name)` auto-detect the kind and never raise on bad input: a file that
cannot be fully read yields a Report with the cells it could read and a finding for each it could not. Pictures
inside HTML, DOCX and PDF files (tables pasted as screenshots) are read by OCR where they stand; an HTML page read
from a path also reads the pictures saved beside it (a crawler's `_files` folder).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..standard.report import Finding, Report, Severity
from . import text, traditional
from .reader import read_tokens

MAX_BYTES = 50 * 1024 * 1024
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif")
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM", b"GIF87a", b"GIF89a")
_KIND_NAMES = {"image": "图像"}
_ENCODINGS = ("utf-8-sig", "gb18030")
NO_TEXT_IN_IMAGE = (
    "图像中没有识别出文字：空白页、照片或不含文字的图片不是年度报告，请提供报告的扫描件或其他格式"
)


def read_file(path: str | Path) -> Report:
    """Read one report file of any supported kind. Never raises for the file's content."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _unreadable(
                str(path), f"文件过大（{size // 1024 // 1024} MB），超过 {MAX_BYTES // 1024 // 1024} MB 上限"
            )
        data = path.read_bytes()
    except OSError as exc:
        return _unreadable(str(path), f"无法打开文件：{exc.strerror or exc}")
    return read_bytes(data, str(path), folder=path.parent)


def read_bytes(data: bytes, name: str = "", folder: Path | None = None) -> Report:
    """Read a report from its bytes; `name` (a file name) helps detect the kind. `folder` is where the file lies,
    for the pictures an HTML page names by relative path; without it only pictures inside the file are read."""
    kind = detect(data, name)
    if kind == "json":
        return _json(data, name)
    from .scan import Pictures, Unavailable

    pictures = Pictures()
    try:
        if kind == "text":  # converted before it is tokenized: a flattened line is recognised by its labels
            body, converted = traditional.simplify_text(decode(data))
            tokens, page = text.tokenize(body), None
        else:
            tokens, page = _TOKENIZERS[kind](data, pictures, folder)
            tokens, converted = traditional.simplify(tokens)
    except Unavailable as exc:
        return _unreadable(name, f"无法对扫描件做文字识别：{exc}")
    except Exception as exc:  # a broken container must give findings, never a traceback
        return _unreadable(name, f"无法解析该{_KIND_NAMES.get(kind, kind.upper())}文件：{type(exc).__name__}")
    report = _report(tokens, name, page, converted, scanned=kind == "image")
    if unread := pictures.finding():
        report.findings.append(unread)
    return report


@dataclass(frozen=True)
class Missing:
    """A page of a report scanned one file a page that is not there to read (too large, refused by an upload,
    unopenable), in place of its bytes: the report still holds its place, and says why it is missing."""

    why: str


def read_page_files(paths: Sequence[str | Path], name: str) -> Report:
    """`read_pages` for files on disk: a page file that cannot be opened or is too large is named in a finding."""
    pages: list[tuple[str, bytes | Missing]] = []
    for path in map(Path, paths):
        try:
            size = path.stat().st_size
            data = (
                path.read_bytes() if size <= MAX_BYTES else Missing(f"文件过大（{size // 1024 // 1024} MB）")
            )
        except OSError as exc:
            data = Missing(f"无法打开文件：{exc.strerror or exc}")
        pages.append((str(path), data))
    return read_pages(pages, name)


def read_pages(pages: Sequence[tuple[str, bytes | Missing]], name: str) -> Report:
    """One report scanned as one image file per page (`pages.group` found them: (file name, bytes) in page
    order), read as the pages of one multi-page scan. A page that is `Missing` or cannot be decoded is named in a
    finding, the others are read, each in its place; `parse.pages` lists the files the report was read from."""
    from . import scan
    from .pages import base_name

    unread = {i: data.why for i, (_, data) in enumerate(pages) if isinstance(data, Missing)}
    try:
        tokens = scan.tokenize_pages(
            [b"" if isinstance(data, Missing) else data for _, data in pages],  # b"": a broken page, in place
            lambda i, exc: unread.setdefault(i, f"图像无法解码（{type(exc).__name__}）"),
        )
    except scan.Unavailable as exc:
        return _unreadable(name, f"无法对扫描件做文字识别：{exc}")
    tokens, converted = traditional.simplify(tokens)
    report = _report(tokens, name, None, converted, scanned=True)
    files = [base_name(page_name) for page_name, _ in pages]
    report.findings.append(
        Finding(
            "parse.pages",
            Severity.INFO,
            f"按文件名中的页码，将 {len(files)} 个图像文件按页序合为一份报告：{'、'.join(files)}",
            found=files,
        )
    )
    report.findings += [_page_unread(files[i], why) for i, why in sorted(unread.items())]
    return report


def _page_unread(file: str, why: str) -> Finding:
    return Finding(
        "parse.page_unreadable", Severity.ERROR, f"页面图像 {file} 无法读取：{why}，该页内容缺失", found=file
    )


def _report(tokens: list, name: str, page, converted: int, scanned: bool) -> Report:
    """The report the tokens hold, with the findings of how they were read; scanned cells checked by `trust`."""
    report = read_tokens(tokens, name or None, page)
    if scanned and not tokens:  # read by OCR, and nothing on it is text
        report.findings = [Finding("parse.no_text", Severity.ERROR, NO_TEXT_IN_IMAGE)]
    if converted:
        report.findings.append(
            Finding(
                "parse.traditional",
                Severity.INFO,
                f"文本为繁体字（{converted} 个字），已转换为简体后读取",
                found=converted,
            )
        )
    if report.confidence:  # some cells were read from page images
        from .scan import trust

        trust.verify(report)
    return report


def detect(data: bytes, name: str = "") -> str:
    suffix = Path(name).suffix.lower()
    head = data[:2048].lower()
    if suffix == ".json":
        return "json"
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if _is_image(data) or suffix in IMAGE_SUFFIXES:
        return "image"
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    if suffix in (".html", ".htm") or any(
        m in head for m in (b"<html", b"<!doctype html", b"<table", b"<body")
    ):
        return "html"
    return "text"


def _is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC) or (data.startswith(b"RIFF") and data[8:12] == b"WEBP")


def decode(data: bytes) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _html(data: bytes, pictures, folder: Path | None):
    from . import html

    return html.parse(data, pictures, folder)  # the article's tokens and the page's metadata


def _docx(data: bytes, pictures, folder: Path | None):
    from . import docx

    return docx.tokenize(data, pictures), None


def _pdf(data: bytes, pictures, folder: Path | None):
    from . import pdf

    return pdf.tokenize(data, pictures), None


def _image(data: bytes, pictures, folder: Path | None):
    from . import scan

    return scan.tokenize(data), None


def _json(data: bytes, name: str) -> Report:
    """A report gongkai itself exported (`Report.as_dict()`), with the findings it recorded."""
    from .structured import StructuredError, read_json

    try:
        report = read_json(data)
    except (StructuredError, ValueError) as exc:
        return _unreadable(name, f"无法读取 JSON 报告：{exc}")
    report.source = name or report.source
    return report


_TOKENIZERS = {"html": _html, "docx": _docx, "pdf": _pdf, "image": _image}


def _unreadable(name: str, message: str) -> Report:
    return Report(source=name or None, findings=[Finding("parse.unreadable", Severity.ERROR, message)])
