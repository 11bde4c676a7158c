"""PDF output: the HTML rendering set by WeasyPrint (its stylesheet carries the fonts and the page footer)."""

from __future__ import annotations

from ..standard.report import Report
from .html import to_html


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: it takes half a second and only PDF output needs it

    return HTML(string=to_html(report).decode(), base_url=None).write_pdf()
