"""Attachment checks (type by extension and leading bytes, size) and text extraction for the privacy scan.

Extraction reads everything a reader of the published file could see or recover: in DOCX every part (body,
headers, footers, footnotes, comments, text boxes, content controls and their bound data, tracked insertions
and deletions, field codes, alt text, document properties); in XLSX cell values, formulas (also without a
cached value), comments, headers and footers, sheet and defined names; in PDF the page text, annotations and
document information; text files in UTF-8 or UTF-16.

It is bounded, because an upload is untrusted: OOXML parts are streamed with limits on each part's and the
whole package's uncompressed size, on the number of parts and on time, so a zip bomb is refused in
milliseconds and never inflated in memory.
"""

import codecs
import io
import json
import logging
import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from lxml import etree

log = logging.getLogger(__name__)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
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
# Why a type that is accepted cannot be read: shown to the reviewer, who must look at the file and record why it
# may be published.
UNSCANNABLE = {
    ".doc": "旧版 Word（.doc）文件无法自动检查文字",
    ".xls": "旧版 Excel（.xls）文件无法自动检查文字",
    ".wps": "WPS 文字（.wps）文件无法自动检查文字",
    ".et": "WPS 表格（.et）文件无法自动检查文字",
    ".ofd": "OFD 版式文件无法自动检查文字",
    ".zip": "压缩包内的文件无法自动检查",
    ".png": "图片中的文字无法自动检查",
    ".jpg": "图片中的文字无法自动检查",
    ".jpeg": "图片中的文字无法自动检查",
}


@dataclass(frozen=True)
class Limits:
    part_bytes: int = 20 * 1024 * 1024  # uncompressed, one part of a DOCX/XLSX
    total_bytes: int = 80 * 1024 * 1024  # uncompressed, all parts
    parts: int = 2000
    ratio: int = 200  # uncompressed / compressed, for parts over 1 MB
    text_chars: int = 5_000_000
    pdf_pages: int = 2000
    pdf_memory_bytes: int = 512 * 1024 * 1024  # address space of the PDF reader process
    seconds: float = 15.0

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(**getattr(settings, "ATTACHMENT_EXTRACTION_LIMITS", {}))


class Unreadable(Exception):
    """The file is accepted but its text cannot be checked; the message says why, in Chinese."""


class TooLarge(ValidationError):
    """The file would take more than the limits to read (a zip bomb or a huge document): refused."""


def check_upload(name: str, head: bytes, size: int) -> str:
    """The content type to store for an upload, or ValidationError saying in Chinese what is wrong."""
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED:
        allowed = "、".join(sorted(e.lstrip(".") for e in ALLOWED))
        raise ValidationError(f"不支持的附件类型“{ext or '无扩展名'}”，允许：{allowed}。")
    if size == 0:
        raise ValidationError("附件为空文件。")
    check_size(size)
    content_type, signatures = ALLOWED[ext]
    if signatures and not any(head.startswith(s) for s in signatures):
        raise ValidationError(f"附件内容与扩展名“{ext}”不符，请检查文件。")
    if ext == ".txt" and not head.startswith(TEXT_BOMS):
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:
                raise ValidationError("文本附件须为 UTF-8 或带 BOM 的 UTF-16 编码。") from exc
    return content_type


def check_size(size: int) -> None:
    """Called with the declared size before an upload is read into memory."""
    if size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"附件大小超过 {limit} MB 的限制。")


def extract_text(name: str, data: bytes, limits: Limits | None = None) -> str:
    """Plain text of an attachment for scanning and search.

    Raises Unreadable when the type has no text we can read or the file is damaged, and TooLarge when reading
    it would exceed the limits."""
    ext = PurePath(name).suffix.lower()
    limits = limits or Limits.from_settings()
    if ext in UNSCANNABLE:
        raise Unreadable(UNSCANNABLE[ext])
    try:
        if ext == ".txt":
            return _text_file(data)
        if ext in (".docx", ".xlsx"):
            return _ooxml(data, limits)
        if ext == ".pdf":
            return _pdf(data, limits)
    except (Unreadable, TooLarge):
        raise
    except Exception as exc:  # an untrusted file can make any parser fail in any way: treat as unreadable
        log.warning("could not extract text from %s: %s", name, exc)
        raise Unreadable("文件已损坏或格式不正确，无法读取其中的文字") from exc
    raise Unreadable("该类型文件无法自动检查文字")


# Text files -------------------------------------------------------------------------------------------------


def _text_file(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:4096]
    if sample.count(0) * 4 >= len(sample):  # UTF-16 without a BOM: every other byte of ASCII is NUL
        even_nuls = sample[0::2].count(0)
        return data.decode(
            "utf-16-be" if even_nuls > sample[1::2].count(0) else "utf-16-le", errors="replace"
        )
    return data.decode("utf-8", errors="replace")


# DOCX and XLSX ----------------------------------------------------------------------------------------------

# Elements whose text is joined without a break (runs of one paragraph, pieces of one cell).
INLINE = {"t", "delText", "instrText", "v"}
# Elements that end a line of text.
BREAKS = {"p", "si", "row", "comment", "text", "tr", "definedName"}
# Attributes that carry text someone can read, by element: alt text, sheet names, content-control labels and
# list entries, legacy form-field values, field instructions, WordArt.
TEXT_ATTRIBUTES = {
    "docPr": {"descr", "title"},
    "cNvPr": {"descr", "title"},
    "sheet": {"name"},
    "listItem": {"displayText", "value"},
    "fldSimple": {"instr"},
    "textpath": {"string"},
    "alias": {"val"},
    "tag": {"val"},
    "default": {"val"},
    "listEntry": {"val"},
    "statusText": {"val"},
    "helpText": {"val"},
}
SKIP_PARTS = re.compile(
    r"(^|/)(styles|stylesWithEffects|fontTable|settings|webSettings|theme\d*|numbering|calcChain|"
    r"\[Content_Types\])\.xml$"
)
# Property values such as 0, 1, true, 14.0000: never personal data, only clutter on the review page.
NOISE = re.compile(r"\s*(?:[\d.]{1,8}|true|false)\s*")
FORMULA_LITERAL = re.compile(r'"((?:[^"]|"")*)"')


def _ooxml(data: bytes, limits: Limits) -> str:
    deadline = time.monotonic() + limits.seconds
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Unreadable("文件已损坏，无法读取其中的文字") from exc
    members = [m for m in package.infolist() if not m.is_dir()]
    if len(members) > limits.parts:
        raise TooLarge(f"附件包含的部件过多（{len(members)}个），疑似恶意文件，已拒绝。")
    xml_parts = [
        m for m in members if m.filename.endswith((".xml", ".rels")) and not SKIP_PARTS.search(m.filename)
    ]
    declared = 0
    for member in xml_parts:
        declared += member.file_size
        too_dense = member.file_size > 1024 * 1024 and member.file_size > limits.ratio * max(
            member.compress_size, 1
        )
        if member.file_size > limits.part_bytes or declared > limits.total_bytes or too_dense:
            raise _bomb()
    budget = _Budget(limits, deadline)
    lines: list[str] = []
    for member in sorted(xml_parts, key=lambda m: _part_order(m.filename)):
        with package.open(member) as stream:
            lines += _xml_text(_Capped(stream, budget), budget)
    return "\n".join(line for line in lines if line.strip() and not NOISE.fullmatch(line))


def _bomb() -> TooLarge:
    return TooLarge("附件解压后内容过大，疑似压缩炸弹或超大文件，已拒绝。请检查文件后重新上传。")


def _part_order(name: str) -> tuple[int, str]:
    """The main text first, so the review page reads like the document."""
    first = ("word/document.xml", "xl/workbook.xml", "xl/sharedStrings.xml")
    return (first.index(name) if name in first else len(first), name)


class _Budget:
    def __init__(self, limits: Limits, deadline: float):
        self.limits, self.deadline = limits, deadline
        self.bytes = self.chars = 0

    def spend(self, nbytes: int = 0, nchars: int = 0) -> None:
        self.bytes += nbytes
        self.chars += nchars
        if self.bytes > self.limits.total_bytes or self.chars > self.limits.text_chars:
            raise _bomb()
        if time.monotonic() > self.deadline:
            raise TooLarge("附件内容过于复杂，无法在规定时间内完成检查，已拒绝。")


class _Capped(io.RawIOBase):
    """A zip member stream that stops at the part limit, whatever the zip header declared."""

    def __init__(self, stream, budget: _Budget):
        self.stream, self.budget, self.read_bytes = stream, budget, 0

    def readable(self):
        return True

    def read(self, size=-1):
        chunk = self.stream.read(64 * 1024 if size is None or size < 0 else min(size, 64 * 1024))
        self.read_bytes += len(chunk)
        if self.read_bytes > self.budget.limits.part_bytes:
            raise _bomb()
        self.budget.spend(nbytes=len(chunk))
        return chunk


def _local(name) -> str:
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""


def _xml_text(stream, budget: _Budget) -> list[str]:
    """Lines of text of one XML part, streamed; elements are dropped as soon as they are read."""
    lines: list[str] = []
    line: list[str] = []
    parser = etree.iterparse(
        stream, events=("end",), resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    for _, element in parser:
        tag = _local(element.tag)
        text = element.text or ""
        if tag in INLINE:
            if not (tag == "v" and element.getparent() is not None and element.getparent().get("t") == "s"):
                line.append(text)  # a shared-string index is not text
        elif tag == "f":
            literals = "".join(s.replace('""', '"') for s in FORMULA_LITERAL.findall(text))
            line += [text, "\t", literals] if literals else [text]
        elif tag in ("tab", "c", "tc"):
            line.append("\t")
        elif tag == "br":
            line.append("\n")
        elif text.strip() and len(element) == 0:
            lines.append(text)
        for attribute, value in element.attrib.items():
            if _local(attribute) in TEXT_ATTRIBUTES.get(tag, ()):
                lines.append(value)
        if tag == "Relationship" and element.get("TargetMode") == "External":
            lines.append(element.get("Target", ""))  # a link target such as tel:… or mailto:…
        if tag in BREAKS:
            lines.append("".join(line))
            line = []
        budget.spend(nchars=len(text))
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del element.getparent()[0]
    if line:
        lines.append("".join(line))
    return lines


# PDF --------------------------------------------------------------------------------------------------------


def _pdf(data: bytes, limits: Limits) -> str:
    """Read in a child process under a memory limit and a timeout (see pdf_text)."""
    try:
        child = subprocess.run(
            [sys.executable, "-m", "gongkai_platform.catalogue.pdf_text", str(limits.pdf_pages)],
            input=data,
            capture_output=True,
            timeout=limits.seconds,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
            preexec_fn=_memory_limit(limits.pdf_memory_bytes),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TooLarge("PDF 内容过于复杂，无法在规定时间内完成检查，已拒绝。") from exc
    try:
        result = json.loads(child.stdout)
    except ValueError:  # killed for memory, or crashed
        log.warning("PDF reader exited with %s: %s", child.returncode, child.stderr[-500:])
        result = {"error": "memory"}
    if result.get("error") == "memory":
        raise TooLarge("PDF 解析所需内存超出限制，疑似恶意文件，已拒绝。")
    if result.get("error") == "pages":
        raise TooLarge(f"PDF 页数过多（{result['pages']}页），无法完成检查，已拒绝。")
    if result.get("error"):
        raise Unreadable("PDF 文件已损坏，无法读取其中的文字")
    if blank := result["blank_pages"]:
        listed = "、".join(str(n) for n in blank[:10])
        raise Unreadable(f"PDF 第{listed}页只有图像、没有可提取的文字（可能是扫描件），无法自动检查")
    return "\n".join(result["lines"])


def _memory_limit(nbytes: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (nbytes, nbytes))

    return apply
