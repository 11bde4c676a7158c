"""Plain text as reports are exported from their documents, and Markdown tables.

Exports put one table cell per line behind a tab, break labels over lines (`商业\n企业`, `总\n\n计`), put a cell's
number on the line after its tab, and pad cells with (full-width) spaces. Text without tabs (a web page copied
out) has one cell per line; a line of a label followed by numbers (`行政许可 0 0 0`) is split.
"""

from __future__ import annotations

import re

from . import flat
from .labels import enumerator
from .tokens import Kind, Token, is_value_like, make, normalize

_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.，,]")
_MD_RULE = re.compile(r"^:?-{2,}:?$")
_MAX_ROW_LABELS = 60  # the labels of one flattened row (三、本年度办理结果 （三）不予公开 1.属于国家秘密)
_MAX_LABEL = 30  # a continuation longer than this is prose, not a label broken over lines
_MAX_CELL = 80  # a line without `|` longer than this is prose, not a table cell
_MAX_FRAGMENT = 8  # a header cell broken over lines: its first piece is short (`商业` / `企业`)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    cell: list[str] | None = None  # the open tab cell's lines
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pipes = _Pipes(tokens, _leading_pipes(lines))
    for line in lines:
        if line.startswith("\t"):
            parts = line[1:].split("\t")
            _close(tokens, cell)
            tokens.extend(make(p) for p in parts[:-1])
            cell = [parts[-1]]
            continue
        stripped = line.strip()
        if not stripped:
            pipes.paragraph()
            continue
        if cell is not None and _continues(cell, stripped):
            cell.append(stripped)
            continue
        _close(tokens, cell)
        cell = None
        if "|" in stripped:
            pipes.line(stripped)
        elif len(stripped) >= flat.MIN_LENGTH and flat.is_flat(stripped):
            pipes.paragraph()
            tokens.extend(flat.tokenize(stripped))
        else:
            pipes.plain(stripped.lstrip("#").strip())
    _close(tokens, cell)
    pipes.paragraph()
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


class _Pipes:
    """Tables pasted with `|` between cells, in the layouts copy-paste produces.

    A row on one line (`规章 | 0 | 0 | 0 |`, with or without the leading `|`); one cell per line ending in `|`
    (`规章 |`), where a line holding only `|` is an empty cell; a cell on each line followed by a line holding
    only `|` (which then ends that cell); header cells broken over lines (`商业` / `企业 |`); empty trailing cells
    (`0 | ||`). Every `|`-separated piece is one cell, so a placeholder or an empty cell never shifts the cells
    after it. Lines without `|` wait until the next line shows whether a `|` closes them.
    """

    def __init__(self, tokens: list[Token], leading: bool) -> None:
        self.tokens = tokens
        self.leading = leading  # rows start with `|` (Markdown): a leading `|` opens the row, it is no cell
        self.waiting: list[str] = []  # lines without `|` that a following `|` may close as one cell
        self.after_plain = False  # the previous line had no `|`
        self.row = 0

    def plain(self, line: str) -> None:
        if "。" in line or len(line) > _MAX_CELL or (_HEADING.match(line) and len(line) > 6):
            self.paragraph()  # prose or a heading: never part of a cell
            self.tokens.extend(_line(line))
        else:
            if self.waiting and not _fragments(self.waiting[-1], line):
                self.paragraph()
            self.waiting.append(line)
        self.after_plain = True

    def paragraph(self) -> None:
        """Lines no `|` closed are cells or lines of their own."""
        for line in self.waiting:
            self.tokens.extend(_line(line))
        self.waiting = []

    def line(self, line: str) -> None:
        pieces = [p.strip() for p in line.split("|")]
        filled = [p for p in pieces if p]
        if filled and all(_MD_RULE.match(p) for p in filled):
            self.paragraph()
            return  # a Markdown rule row |---|---|
        row = None
        if len(filled) >= 2:
            self.row += 1
            row = self.row
        first, middle, last = pieces[0], pieces[1:-1], pieces[-1]
        if self.waiting and (not first or (len(self.waiting) == 1 and _fragments(self.waiting[0], first))):
            self._cell("".join([*self.waiting, first]), row)  # the `|` closes the waiting line(s)
            self.waiting = []
        else:
            self.paragraph()
            if first:
                self._cell(first, row)
            elif line == "|" and not self.after_plain:
                self._cell("", row)  # a line holding only `|`: an empty cell
            elif line != "|" and not self.leading:
                self._cell("", row)  # rows without a leading `|`: this row's first cell is empty
        for piece in middle:
            self._cell(piece, row)
        if last:
            self._cell(last, row)
        self.after_plain = False

    def _cell(self, text: str, row: int | None) -> None:
        self.tokens.append(make(text.replace("**", ""), row))


def _leading_pipes(lines: list[str]) -> bool:
    """Do the document's `|` rows start with `|` (`| 规章 | 0 |`) rather than with their first cell (`规章 | 0 |`)?"""
    rows = [s for s in (line.strip() for line in lines) if s.count("|") >= 2 and s.strip("| ")]
    return sum(s.startswith("|") for s in rows) * 2 > len(rows)


def _fragments(held: str, line: str) -> bool:
    """Are two short pieces of text one cell broken over lines (`商业` / `企业`), not two cells?"""
    a, b = normalize(held), normalize(line)
    return (
        0 < len(a) <= _MAX_FRAGMENT
        and not (is_value_like(a) or is_value_like(b) or ":" in a)
        and not _HEADING.match(b)
        and not enumerator(b)
    )


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
