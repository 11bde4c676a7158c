"""Markdown output: headings, paragraphs and pipe tables shaped like the official tables.

Pipe tables cannot merge cells, so a merged cell is written once and the positions it covers are left empty: a
header at its top-left, a row label at its right end, next to its values (a reader walking a row meets the empty
positions before the label, never between the label and its numbers), and a widened value cell ends its row early
(pipe tables allow short rows). The first grid row is the pipe header.
"""

from __future__ import annotations

import re

from ..standard.formats import SECTIONS
from ..standard.report import Report
from .layout import Grid, grids, meta_line, ocr_note, title, value_text

_ORDERED = re.compile(r"^(\d+)([.)])(?=\s)")


def to_markdown(report: Report) -> bytes:
    spec = report.spec
    lines = [f"# {title(report)}", ""]
    if meta := meta_line(report):
        lines += [meta, ""]
    if note := ocr_note(report):
        lines += [f"> {note}", ""]
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
    rows: list[list[str | None]] = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    for slot in grid.slots:
        if slot.cell_id:
            rows[slot.row][slot.col] = value_text(report.cells.get(slot.cell_id))
            for c in range(slot.col + 1, slot.col + slot.colspan):
                rows[slot.row][c] = None  # a widened value cell is one cell: its row just ends early
        elif slot.row >= grid.head:
            rows[slot.row][slot.col + slot.colspan - 1] = _cell(slot.text)  # next to the values it labels
        else:
            rows[slot.row][slot.col] = _cell(slot.text)
    lines = ["| " + " | ".join(c for c in row if c is not None) + " |" for row in rows]
    return [lines[0], "|" + "|".join(["---"] * grid.n_cols) + "|", *lines[1:]]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _escape(text: str) -> str:
    """Keep a paragraph from being read as Markdown structure (a heading, list or table line)."""
    if text[:1] in "#>-*+|":
        return "\\" + text
    return _ORDERED.sub(r"\1\\\2", text)
