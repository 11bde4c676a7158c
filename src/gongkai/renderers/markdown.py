"""Markdown output: headings, paragraphs and pipe tables shaped like the official tables.

Pipe tables cannot merge cells, so a merged cell is written once at its top-left position and the positions it
covers are left empty, which is how the printed table reads row by row. The first grid row is the pipe header.
"""

from __future__ import annotations

import re

from ..standard.formats import SECTIONS
from ..standard.report import Report
from .layout import Grid, grids, title, value_text

_ORDERED = re.compile(r"^(\d+)([.)])(?=\s)")


def to_markdown(report: Report) -> bytes:
    spec = report.spec
    lines = [f"# {title(report)}", ""]
    for section in SECTIONS:
        lines += [f"## {section.title}", ""]
        if section.prose:
            for para in (report.prose.get(section.number) or "").splitlines():
                if para.strip():
                    lines += [_escape(para.strip()), ""]
        elif spec:
            for grid in grids(spec, section.number):
                lines += [*grid_markdown(grid, report), ""]
    return "\n".join(lines).encode()


def grid_markdown(grid: Grid, report: Report) -> list[str]:
    rows = []
    for row in grid.matrix():
        texts = []
        for slot in row:
            if slot is None:
                texts.append("")
            elif slot.cell_id:
                texts.append(value_text(report.cells.get(slot.cell_id)))
            else:
                texts.append(_cell(slot.text))
        rows.append("| " + " | ".join(texts) + " |")
    return [rows[0], "|" + "|".join(["---"] * grid.n_cols) + "|", *rows[1:]]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _escape(text: str) -> str:
    """Keep a paragraph from being read as Markdown structure (a heading, list or table line)."""
    if text[:1] in "#>-*+|":
        return "\\" + text
    return _ORDERED.sub(r"\1\\\2", text)
