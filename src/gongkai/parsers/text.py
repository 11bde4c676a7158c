"""Plain text as reports are exported from their documents, and Markdown tables.

Exports put one table cell per line behind a tab, break labels over lines (`商业\n企业`, `总\n\n计`), put a cell's
number on the line after its tab, and pad cells with (full-width) spaces. Text without tabs (a web page copied
out) has one cell per line; a line of a label followed by numbers (`行政许可 0 0 0`) is split.
"""

from __future__ import annotations

import re

from .tokens import Kind, Token, is_value_like, make, normalize

_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.，,]")
_MD_RULE = re.compile(r"^:?-{2,}:?$")
_MAX_LABEL = 30  # a continuation longer than this is prose, not a label broken over lines


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    cell: list[str] | None = None  # the open tab cell's lines
    md_row = 0
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("\t"):
            parts = line[1:].split("\t")
            _close(tokens, cell)
            tokens.extend(make(p) for p in parts[:-1])
            cell = [parts[-1]]
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if cell is not None and _continues(cell, stripped):
            cell.append(stripped)
            continue
        _close(tokens, cell)
        cell = None
        if stripped.startswith("|"):
            md_row += 1
            tokens.extend(_markdown_row(stripped, md_row))
        else:
            tokens.extend(_line(stripped.lstrip("#").strip()))
    _close(tokens, cell)
    return tokens


def _close(tokens: list[Token], cell: list[str] | None) -> None:
    if cell is not None:
        tokens.append(make("".join(part.strip() for part in cell)))


def _continues(cell: list[str], line: str) -> bool:
    """Is `line` the rest of the open tab cell (a broken label, or the number of an empty cell)?"""
    so_far = normalize("".join(cell))
    if _HEADING.match(line) and len(line) > 6 and not so_far:
        return False
    if not so_far:
        return True
    return not (is_value_like(so_far) or is_value_like(normalize(line)) or len(line) > _MAX_LABEL)


def _line(line: str) -> list[Token]:
    parts = line.split()
    if len(parts) > 1 and all(is_value_like(normalize(p)) for p in parts[1:]):
        return [make(p) for p in parts]
    return [make(line)]


def _markdown_row(line: str, row: int) -> list[Token]:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(_MD_RULE.match(c) for c in cells if c):
        return []
    return [make(c.replace("**", ""), row) for c in cells]


__all__ = ["Kind", "tokenize"]
