"""Documents whose prose is text and whose tables are pictures, made from reports whose cells are known.

The commonest real layout of a report read by OCR is not a scan: it is a Word document (or a web page, or the PDF
Word exports) whose tables were pasted in as screenshots. Each table of gongkai's own HTML rendering of a report is
rendered alone by WeasyPrint, rasterized by pdfium and cut close round its print, as a screenshot is; the report's
headings and paragraphs stay text. `blocks()` gives that document as a list of blocks, and `as_html`, `as_pdf`
and `as_docx` write it the three ways a supervisor receives it.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_ALONE = "@page { size: 210mm 400mm; margin: 8mm; @bottom-center { content: none; } }"


@dataclass(frozen=True)
class Picture:
    png: bytes
    width_pt: float  # the width it is placed at: its own size at the resolution it was made at


def blocks(report, dpi: int = 150) -> list[str | Picture]:
    """The report's HTML article in order: headings and paragraphs as text, each table as a Picture."""
    from selectolax.lexbor import LexborHTMLParser

    from gongkai.renderers.html import to_html

    html = to_html(report).decode()
    article = LexborHTMLParser(html).css_first("article")
    out: list[str | Picture] = []
    for node in article.css("h1 span, p, h2, table"):
        if node.tag == "table":
            out.append(_picture(node.html, dpi))
        elif text := (node.text() or "").strip():
            out.append(text)
    return out


def _picture(table: str, dpi: int) -> Picture:
    from weasyprint import HTML

    from gongkai.renderers.html import STYLE

    head = f'<head><meta charset="utf-8"><style>{STYLE}{_ALONE}</style></head>'
    page = f"<html>{head}<body>{table}</body></html>"
    pdf = pdfium.PdfDocument(HTML(string=page).write_pdf())
    try:
        image = pdf[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    grey = np.asarray(image.convert("L"))
    ys, xs = np.nonzero(grey < 200)
    pad = int(0.05 * dpi)  # a twentieth of an inch of white round the rules, as a screenshot keeps
    crop = image.crop((xs.min() - pad, ys.min() - pad, xs.max() + pad + 1, ys.max() + pad + 1))
    out = io.BytesIO()
    crop.save(out, "PNG")
    return Picture(out.getvalue(), crop.width / dpi * 72)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def as_html(parts: list[str | Picture], src=None) -> bytes:
    """A page with each picture as <img>: `src(n, picture)` gives its src (a data: URI when not given)."""
    body = []
    for n, part in enumerate(parts):
        if isinstance(part, Picture):
            where = src(n, part) if src else data_uri(part.png)
            body.append(f'<p><img src="{where}" style="width: {part.width_pt:.1f}pt" alt="表格"></p>')
        else:
            body.append(f"<p>{part}</p>")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>年度报告</title></head>'
        f"<body><article>{''.join(body)}</article></body></html>"
    ).encode()


def as_pdf(parts: list[str | Picture]) -> bytes:
    """The page printed by WeasyPrint: the text a real text layer, each picture an image object."""
    from weasyprint import HTML

    style = (
        "<style>@page { size: A4; margin: 20mm 18mm; } body { font-family: 'Noto Serif CJK SC'; font-size: 11pt; }"
        "img { display: block; }</style>"
    )
    html = as_html(parts).decode().replace("</head>", style + "</head>")
    return HTML(string=html).write_pdf()


def as_docx(parts: list[str | Picture]) -> bytes:
    """A Word document: paragraphs of text, each picture inline in its own paragraph (python-docx add_picture)."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    for part in parts:
        if isinstance(part, Picture):
            document.add_paragraph().add_run().add_picture(io.BytesIO(part.png), width=Pt(part.width_pt))
        else:
            document.add_paragraph(part)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png_image(picture: Picture) -> Image.Image:
    return Image.open(io.BytesIO(picture.png))
