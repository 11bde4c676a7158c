"""PDF output: the HTML rendering set by WeasyPrint (its stylesheet carries the fonts, the page footer 第 N 页 共 M
页 and keeps each table block on one page). The PDF is tagged (WeasyPrint's pdf_tags: a structure tree of
headings, paragraphs and tables, /MarkInfo Marked) so screen readers and text extraction follow the reading
order; it does not claim PDF/UA conformance, which would need more than WeasyPrint checks."""

from __future__ import annotations

from ..standard.report import Report
from .html import to_html
from .layout import document_date, title


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: it takes half a second and only PDF output needs it

    document = HTML(string=to_html(report).decode(), base_url=None).render()
    _properties(document.metadata, report)
    return document.write_pdf(pdf_tags=True)


def _properties(metadata, report: Report) -> None:
    """The PDF's document information: the report's title, the agency as author, its dates."""
    when = document_date(report).isoformat()
    metadata.title = title(report)
    metadata.authors = [report.agency] if report.agency else []
    metadata.description = "政府信息公开工作年度报告"
    metadata.created = metadata.modified = when
    metadata.lang = "zh-CN"
