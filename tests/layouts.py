"""Print a Report in the layouts agencies publish, to test that every container reads back the same cells.

Built from the format definition (tables, rows, columns, row groups), so both formats and every row come out
without copying a template by hand. A `Style` varies what published reports vary: label spelling, spacing,
blank marks and how numbers are written. This is a test tool, not the official renderer.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from gongkai.standard.formats import APPLICANT_COLUMNS, SECTIONS, Format, Kind, Table
from gongkai.standard.report import Report


@dataclass(frozen=True)
class Style:
    halfwidth: bool = False  # (一) instead of （一）, : instead of ：
    enumerator: str = "."  # 1. / 1、 / （1）
    alias: bool = False  # print a row's alias (规范性文件 for 行政规范性文件)
    notes: bool = True  # keep parenthetical notes such as （区分处理的…）
    spaced: bool = False  # full-width and ASCII spaces inside and around labels
    numbers: str = "plain"  # plain | commas | units
    blank: str = ""  # how a blank cell is printed


STYLES = {
    "official": Style(),
    "halfwidth": Style(halfwidth=True, enumerator="、"),
    "paren": Style(enumerator="（）", alias=True, notes=False),
    "spaced": Style(spaced=True, numbers="commas"),
    "units": Style(numbers="units", blank="/", enumerator="、", notes=False),
}


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


Block = (
    str | list[list[Cell]]
)  # a paragraph, or a table as rows of cells (a merged cell once, in its first row)


# ---------------------------------------------------------------- content
def blocks(report: Report, style: Style = Style()) -> list[Block]:
    fmt = report.spec
    out: list[Block] = []
    if report.agency:
        out.append(report.agency)
    out.append(f"{report.year}年政府信息公开工作年度报告")
    if report.index_number:
        out.append(f"索引号：{report.index_number}")
    if report.published:
        out.append(f"发布日期：{report.published:%Y-%m-%d}")
    for section in SECTIONS:
        out.append(section.title)
        if section.prose:
            out.extend(p for p in (report.prose.get(section.number) or "").split("\n") if p.strip())
        elif section.number == 2:
            out.append(_s2(fmt, report, style))
        elif section.number == 3:
            out.append(_s3(fmt, report, style))
        else:
            out.append(_s4(fmt, report, style))
    return out


def _s2(fmt: Format, report: Report, style: Style) -> list[list[Cell]]:
    tables = fmt.tables_in(2)
    width = max(len(t.columns) for t in tables)
    rows: list[list[Cell]] = []
    for table in tables:
        rows.append([Cell(_label(table.title, style), colspan=width + 1)])
        header = [Cell(_label("信息内容", style))]
        for i, column in enumerate(table.columns):
            span = width - len(table.columns) + 1 if i == len(table.columns) - 1 else 1
            header.append(Cell(_label(column.label, style), colspan=span))
        rows.append(header)
        for row in table.rows:
            label = row.aliases[0] if style.alias and row.aliases else row.label
            line = [Cell(_label(label, style))]
            for i, column in enumerate(table.columns):
                span = width - len(table.columns) + 1 if i == len(table.columns) - 1 else 1
                line.append(
                    Cell(_value(report, table.cell_id(row, column), column.kind, style), colspan=span)
                )
            rows.append(line)
    return rows


def _s3(fmt: Format, report: Report, style: Style) -> list[list[Cell]]:
    table = fmt.tables_in(3)[0]
    n = len(table.columns)
    applicants = len(APPLICANT_COLUMNS) - 1
    rows = [
        [Cell(_label(table.title, style), rowspan=3, colspan=3), Cell("申请人情况", colspan=n)],
        [
            Cell(table.columns[0].label, rowspan=2),
            Cell("法人或其他组织", colspan=applicants),
            Cell(_label(table.columns[-1].label, style), rowspan=2),
        ],
        [Cell(_label(c.label, style)) for c in table.columns[1:-1]],
    ]
    outer = next(r.group for r in table.rows if r.key == "granted")
    body = list(table.rows)
    for i, row in enumerate(body):
        line: list[Cell] = []
        inner = row.group if row.group != outer else None
        in_results = row.group is not None
        if in_results and (i == 0 or body[i - 1].group is None):
            line.append(Cell(_label(outer, style), rowspan=_run(body, i, lambda r: r.group is not None)))
        if inner and body[i - 1].group != inner:
            line.append(Cell(_label(inner, style), rowspan=_run(body, i, lambda r, g=inner: r.group == g)))
        label = _label(row.label, style)
        line.append(Cell(label, colspan=3 - in_results - bool(inner)))
        line.extend(Cell(_value(report, table.cell_id(row, c), c.kind, style)) for c in table.columns)
        rows.append(line)
    return rows


def _s4(fmt: Format, report: Report, style: Style) -> list[list[Cell]]:
    table = fmt.tables_in(4)[0]
    n = len(table.columns)
    top: list[Cell] = []
    second: list[Cell] = []
    third: list[Cell] = []
    for i, row in enumerate(table.rows):
        if row.group is None:
            top.append(Cell(_label(row.label, style), colspan=n))
            second.extend(Cell(_label(c.label, style), rowspan=2) for c in table.columns)
            continue
        if table.rows[i - 1].group != row.group:
            span = _run(list(table.rows), i, lambda r, g=row.group: r.group == g)
            top.append(Cell(_label(row.group, style), colspan=n * span))
        second.append(Cell(_label(row.label, style), colspan=n))
        third.extend(Cell(_label(c.label, style)) for c in table.columns)
    values = [
        Cell(_value(report, table.cell_id(r, c), c.kind, style)) for r in table.rows for c in table.columns
    ]
    return [top, second, third, values]


def _run(rows, i: int, same) -> int:
    n = 0
    while i + n < len(rows) and same(rows[i + n]):
        n += 1
    return n


_PAREN_NOTE = re.compile(r"(?<=[^\s（(])（[^）]*）$")
_ENUM = re.compile(r"^(\d{1,2})\.")


def _label(label: str, style: Style) -> str:
    if not style.notes:
        label = _PAREN_NOTE.sub("", label)
    if style.enumerator != ".":
        label = _ENUM.sub(lambda m: f"（{m[1]}）" if style.enumerator == "（）" else f"{m[1]}、", label)
    if style.halfwidth:
        label = label.translate(str.maketrans("（）：“”，", '():"",'))
    if style.spaced:
        label = f" {label[0]}\u3000{label[1:]}  " if len(label) <= 6 else f"\u3000{label} "
    return label


def _value(report: Report, cell_id: str, kind: Kind, style: Style) -> str:
    value = report.cells.get(cell_id)
    if value is None:
        return style.blank
    if style.numbers == "units":
        if kind is Kind.MONEY:
            return f"{Decimal(value) * 10000:.2f}元"
        if kind is Kind.SIGNED:
            return f"增{value}" if value > 0 else f"减{-value}" if value < 0 else "0"
        return f"{value}件"
    if style.numbers == "commas":
        return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


# ---------------------------------------------------------------- containers
_CSS = (
    "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:10.5pt}"
    "table{border-collapse:collapse;width:100%}td{border:1px solid #000;padding:2px 3px;text-align:center}"
)


def html_page(report: Report, style: Style = Style(), charset: str = "utf-8", layout: bool = False) -> bytes:
    """An article page with real tables, merged cells as rowspan/colspan, inside typical site chrome;
    `layout` wraps the article in a layout table, as older government sites do."""
    parts = [
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{charset}"><title>年报</title>',
        f"<style>{_CSS}</style><script>var x = '一、总体情况';</script></head><body>",
        "<nav><a href='/'>首页</a> &gt; <a>政府信息公开年报</a></nav><div class='article'>",
        "<table width='960'><tr><td>导航</td></tr><tr><td class='content'>" if layout else "",
    ]
    for block in blocks(report, style):
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
            continue
        parts.append("<table><tbody>")
        for row in block:
            parts.append("<tr>")
            for cell in row:
                span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                    f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
                )
                parts.append(f"<td{span}>{html.escape(cell.text)}</td>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append("</td></tr></table>" if layout else "")
    parts.append("</div><footer>版权所有 网站标识码</footer></body></html>")
    return "".join(parts).encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset)


def flat_page(report: Report, style: Style = Style(), mode: str = "cells") -> bytes:
    """A page whose tables the site's editor flattened: one <p> per cell (`cells`), one line per cell split by
    <br> (`br`), or one line per row with the cells split by &nbsp; (`rows`)."""
    style = replace(style, blank=style.blank or "—")  # an empty flattened cell would vanish
    parts = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>']
    for block in blocks(report, style):
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
            continue
        for row in block:
            texts = [html.escape(c.text) for c in row]
            if mode == "cells":
                parts.extend(f"<p>{t}</p>" for t in texts)
            elif mode == "br":
                parts.append("<div>" + "<br>".join(texts) + "</div>")
            else:
                parts.append("&nbsp;&nbsp;&nbsp;".join(texts) + "<br>")
    parts.append("</body></html>")
    return "".join(parts).encode()


def docx_bytes(report: Report, style: Style = Style(), nested: bool = False) -> bytes:
    """A Word document whose tables merge cells as the official template does (python-docx `merge`);
    `nested` puts the whole report inside a one-cell layout table, tables nested in it."""
    from docx import Document

    doc = Document()
    container = doc.add_table(rows=1, cols=1).cell(0, 0) if nested else doc
    for block in blocks(report, style):
        if isinstance(block, str):
            container.add_paragraph(block)
            continue
        width = sum(c.colspan for c in block[0])
        table = container.add_table(rows=len(block), cols=width)
        grid = [list(row.cells) for row in table.rows]  # table.cell() rebuilds the grid each call
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(block):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                first = grid[r][c]
                last = grid[r + cell.rowspan - 1][c + cell.colspan - 1]
                merged = first.merge(last) if (cell.rowspan, cell.colspan) != (1, 1) else first
                merged.text = cell.text
                taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
                c += cell.colspan
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf_bytes(report: Report, style: Style = Style()) -> bytes:
    """The HTML page printed by WeasyPrint (A4, CJK fonts), as agencies print their web pages to PDF."""
    from weasyprint import HTML

    return HTML(string=html_page(report, style).decode()).write_pdf()


def table_ids(table: Table) -> list[str]:
    return [table.cell_id(r, c) for r in table.rows for c in table.columns]


# ---------------------------------------------------------------- text as crawled and pasted
def crawler_text(report: Report, style: Style = Style(), gaps: str = "space") -> bytes:
    """The page as a crawler saves it (`innerText` / `get_text()` of the body): everything on one line, cells
    concatenated with their labels. `gaps` says what lies between two numbers of a row: `space`, nothing
    (`together`), or, read from a bit string (`"0110…"`, cycled), a space where the bit is 1 — as real pages mix
    them (`0 0 0 0 0 00`). A blank cell prints the style's blank mark (an empty cell vanishes in get_text)."""
    style = replace(style, blank=style.blank or "/")
    bits = gaps if set(gaps) <= {"0", "1"} else None
    n = 0

    def gap() -> str:
        nonlocal n
        n += 1
        if bits is not None:
            return " " if bits[(n - 1) % len(bits)] == "1" else ""
        return " " if gaps == "space" else ""

    parts: list[str] = []
    for block in blocks(report, style):
        if isinstance(block, str):
            parts.append(block.replace("\n", " "))
            continue
        for row in block:
            previous_value = False
            for cell in row:
                value = _is_value(cell.text)
                if value and previous_value:
                    parts.append(gap())
                parts.append(cell.text.strip())
                previous_value = value
    head = f"标题: {report.agency}{report.year}年度政府信息公开工作年度报告\n==================== 正文 ====================\n"
    return (head + "".join(parts) + "\n").encode()


def _is_value(text: str) -> bool:
    return bool(re.fullmatch(r"[增减+\-−]?[\d,]+(?:\.\d+)?(?:万元|元|件)?|/|—+|－|-|_|无", text.strip()))


PIPE_VARIANTS = ("leading", "bare", "cell-per-line", "cell-then-pipe", "trailing-empty", "paragraph")


def pipe_text(report: Report, style: Style = Style(), variant: str = "leading") -> bytes:
    """A page's tables pasted as text with `|` between cells, in the layouts copy-paste produces:
    `leading` (`| 规章 | 0 | 0 | 0 |`), `bare` (`规章 | 0 | 0 | 0 |`), `cell-per-line` (`规章 |` … an empty cell a
    line holding only `|`), `cell-then-pipe` (a cell on each line followed by a line holding only `|`),
    `trailing-empty` (rows padded with empty cells to the table's width: `| 0 | ||`) and `paragraph` (one cell per
    paragraph, no `|`). Header cells break over lines (`商业` / `企业`) in the one-cell-per-line variants."""
    if variant == "paragraph":
        style = replace(style, blank=style.blank or "—")  # an empty paragraph would vanish
    lines: list[str] = []
    for block in blocks(report, style):
        if isinstance(block, str):
            lines.extend(["", *block.split("\n"), ""])
            continue
        width = max(sum(c.colspan for c in row) for row in block)
        for row in block:
            texts = [c.text.strip() for c in row]
            if variant == "leading":
                lines.append("| " + " | ".join(texts) + " |")
            elif variant == "bare":
                lines.append(" | ".join(texts) + " |")
            elif variant == "trailing-empty":
                pad = width - sum(c.colspan for c in row)
                lines.append("| " + " | ".join(texts) + " |" + "|" * max(pad, 0))
            elif variant == "cell-per-line":
                lines.append("|")  # a row opened by a line holding only `|`, as 023.txt
                lines.extend(f"{_broken(t)} |" if t else "|" for t in texts)
            elif variant == "cell-then-pipe":
                for t in texts:
                    lines.extend([_broken(t), "|"] if t else ["", "|"])
            else:
                lines.extend(x for t in texts for x in (_broken(t), ""))
    return ("\n".join(lines) + "\n").encode()


_BREAK = {"商业企业": "商业\n企业", "科研机构": "科研\n机构", "社会公益组织": "社会\n公益组织"}


def _broken(text: str) -> str:
    return _BREAK.get(text, text)
