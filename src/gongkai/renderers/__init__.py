"""Renderers: a Report as JSON, CSV, XLSX, HTML, Markdown, DOCX or PDF bytes.

`render(report, fmt)` picks one by name; `OUTPUTS` lists the names with their file suffix and media type. CSV and
XLSX are the researcher's export of many reports (`tabular.to_csv` / `to_xlsx`); for one report they hold one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..standard.report import Report
from .docx import to_docx
from .html import to_html
from .json_out import to_json
from .markdown import to_markdown
from .pdf import to_pdf
from .tabular import to_csv, to_xlsx


@dataclass(frozen=True)
class Output:
    name: str
    suffix: str
    media_type: str
    render: Callable[[Report], bytes]


OUTPUTS: dict[str, Output] = {
    o.name: o
    for o in (
        Output("json", ".json", "application/json", to_json),
        Output("csv", ".csv", "text/csv; charset=utf-8", lambda r: to_csv([r])),
        Output(
            "xlsx",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda r: to_xlsx([r]),
        ),
        Output("html", ".html", "text/html; charset=utf-8", to_html),
        Output("md", ".md", "text/markdown; charset=utf-8", to_markdown),
        Output(
            "docx",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            to_docx,
        ),
        Output("pdf", ".pdf", "application/pdf", to_pdf),
    )
}
OUTPUT_NAMES = tuple(OUTPUTS)


def render(report: Report, fmt: str) -> bytes:
    """The report in output `fmt` (one of OUTPUT_NAMES); an unknown name is a ValueError naming the known ones."""
    try:
        output = OUTPUTS[fmt]
    except KeyError:
        raise ValueError(f"不支持的输出格式：{fmt}（可用：{'、'.join(OUTPUT_NAMES)}）") from None
    return output.render(report)
