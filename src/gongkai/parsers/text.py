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
_MAX_ROW_LABELS = 60  # the labels of one flattened row (三、本年度办理结果 （三）不予公开 1.属于国家秘密)
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
    """A line; one that ends in numbers is a table row flattened to text: its labels, then its cells."""
    parts = line.split()
    n = len(parts)
    while n > 0 and is_value_like(normalize(parts[n - 1])):
        n -= 1
    if n == len(parts) or (n == 0 and len(parts) == 1):
        return [make(line)]
    labels = parts[:n]
    if len("".join(labels)) > _MAX_ROW_LABELS or "。" in line:  # prose that happens to end in a number
        return [make(line)]
    if any(len(p) < 2 for p in labels):  # a label spaced out (规 章, 总  计)
        labels = [" ".join(labels)] if labels else []
    return [make(p) for p in labels] + [make(p) for p in parts[n:]]


def _markdown_row(line: str, row: int) -> list[Token]:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(_MD_RULE.match(c) for c in cells if c):
        return []
    return [make(c.replace("**", ""), row) for c in cells]


class Stream:
    """Tokens in document order for containers that mix tables and text (HTML, DOCX).

    Lines of text collect until the next table and then go through `tokenize`, so a table flattened into lines
    reads like a text export; table cells become one token each, numbered by their table row.
    """

    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self.lines: list[str] = []
        self.line: list[str] = []
        self.row = 0

    def add(self, s: str) -> None:
        self.line.append(s)

    def newline(self) -> None:
        if self.line:
            self.lines.append("".join(self.line).replace("\t", " "))
            self.line = []

    def flush(self) -> None:
        self.newline()
        if self.lines:
            self.tokens.extend(tokenize("\n".join(self.lines)))
            self.lines = []

    def cell(self, raw: str) -> None:
        self.tokens.append(make(raw, self.row))


__all__ = ["Kind", "Stream", "tokenize"]
