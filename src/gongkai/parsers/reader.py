"""Turn a token stream into a Report by walking the format definition over it.

The walk is sequential: sections are found by their headings, then each table row by its label, searching forward
from the previous row, and the values are the cells that follow the label. Reading in the printed order is what
lets short labels that recur (其他 as a column and as a row, 总计 likewise) resolve to the right place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..standard.formats import FORMATS, Format, Kind, Table, outcome_rows
from ..standard.report import Finding, Report, Severity, Value
from ..standard.rules.prose import received_in_prose
from . import metadata, splitting, units
from .labels import core, ends_with, enumerator, matches, similar
from .metadata import Page
from .sections import headings
from .splitting import Segment
from .tokens import Kind as T
from .tokens import Token, make, normalize

_S4_CELLS = 15
_S4_HEADER = re.compile(r"结果维持|尚未审结|行政诉讼|复议后起诉")
_SUB_ROW = re.compile(r"^\(?\d{1,2}[.、,)]?$")


def read_tokens(tokens: Sequence[Token], source: str | None = None, page: Page | None = None) -> Report:
    """The report the tokens hold; `page` is what the container says about it besides (a web page's metadata)."""
    if not tokens:
        message = "文件中没有可读取的文字：扫描件或图片须先做文字识别，或请提供 Word、网页或带文字层的 PDF"
        return Report(source=source, findings=[Finding("parse.no_text", Severity.ERROR, message)])
    heads = headings(tokens)
    meta = metadata.extract(tokens, heads, page, source)
    fmt, format_finding = metadata.detect_format(tokens, meta.year)
    report = Report.blank(fmt.id, source=source, **vars(meta))
    report.sections_found = tuple(heads)
    if format_finding:
        report.findings.append(format_finding)
    if not heads:
        report.findings.append(
            Finding(
                "parse.no_sections",
                Severity.WARNING,
                "未找到报告的章节标题（一、总体情况 … 六、其他需要报告的事项）",
            )
        )
    cursor = 0
    for number in (2, 3, 4):
        start, end = _region(heads, number, cursor, len(tokens))
        if number == 4:
            _read_s4(tokens, start, end, fmt, report)
        else:
            said = _received(tokens, heads) if number == 3 else None
            cursor = max(cursor, _read_tables(tokens, start, end, fmt.tables_in(number), report, said))
    if 5 not in heads and 6 not in heads:
        _mark_truncated(report)
    for number in (1, 5, 6):
        if number in heads:
            start, end = _region(heads, number, heads[number], len(tokens))
            # a section that says only 无 ("nothing to report") has said something: 无 reads as a blank mark
            lines = (t.raw for t in tokens[start:end] if t.kind is T.TEXT or (t.kind is T.BLANK and t.raw))
            report.prose[number] = "\n".join(lines)
    units.resolve(report, tokens)
    return report


def _received(tokens, heads: dict[int, int]) -> int | None:
    """How many applications section 一 says were received (收到申请N件), for choosing among split readings."""
    if 1 not in heads:
        return None
    start, end = _region(heads, 1, heads[1], len(tokens))
    return received_in_prose("".join(t.raw for t in tokens[start:end] if t.kind is T.TEXT))


# ---------------------------------------------------------------- structure
def _region(heads: dict[int, int], number: int, cursor: int, size: int) -> tuple[int, int]:
    """Token range of section `number`: after its heading (or the cursor) up to the next heading."""
    start = heads[number] + 1 if number in heads else cursor
    later = [i for n, i in heads.items() if n > number and i >= start]
    return start, min(later, default=size)


# ---------------------------------------------------------------- tables
@lru_cache(maxsize=8)
def _all_label_cores(fmt_id: str) -> tuple[str, ...]:
    fmt = FORMATS[fmt_id]
    return tuple({core(r.label) for t in fmt.tables for r in t.rows})


def _read_tables(
    tokens, start: int, end: int, tables: tuple[Table, ...], report: Report, said: int | None = None
) -> int:
    cursor = start
    others = _all_label_cores(report.format)
    for table in tables:
        found_in_group: dict[str, int] = {}
        segments: list[Segment] = []
        pending: list[
            list[str]
        ] = []  # the cells of the rows since the last one read whose labels were not found
        anchor = None  # where the last row read ended (None: no row of this table read yet)
        for n, row in enumerate(table.rows):
            wanted = (core(row.label), *(core(a) for a in row.aliases))
            # （七）总计 and 3.其他 share their core with a column header: only the numbered label is the row
            numbered = wanted[0] in {core(c.label) for c in table.columns}
            at = _find_label(tokens, cursor, end, wanted, numbered)
            if at is None:
                at = _find_misspelt(tokens, cursor, end, wanted, others)
                if at is not None:
                    report.findings.append(
                        Finding(
                            "parse.label_misspelt",
                            Severity.INFO,
                            f"行标题「{tokens[at - 1].raw}」与规定的「{row.label}」不一致，按后者读取",
                            tuple(table.cell_id(row, c) for c in table.columns),
                            expected=row.label,
                            found=tokens[at - 1].raw,
                        )
                    )
            if at is not None and row.group:
                found_in_group[row.group] = found_in_group.get(row.group, 0) + 1
            last_of_group = row.group and (n + 1 == len(table.rows) or table.rows[n + 1].group != row.group)
            if at is None and last_of_group and not found_in_group.get(row.group):
                at = _find_label(tokens, cursor, end, (core(row.group),))  # the group printed as one row
                if at is not None and (at >= end or tokens[at].kind is T.TEXT):
                    at = None  # a group label with no numbers after it (an excerpt cut off there)
                if at is not None:
                    group_cells = {
                        table.cell_id(r, c) for r in table.rows if r.group == row.group for c in table.columns
                    }
                    report.findings[:] = [
                        f
                        for f in report.findings
                        if not (f.rule == "parse.row_unread" and set(f.cells) <= group_cells)
                    ]
                    report.findings.append(
                        Finding(
                            "parse.group_as_row",
                            Severity.INFO,
                            f"「{row.group}」只有一行（旧格式），其数字按「{row.label}」读取",
                            tuple(table.cell_id(row, c) for c in table.columns),
                        )
                    )
            cells = [table.cell_id(row, c) for c in table.columns]
            if at is None:
                report.findings.append(
                    Finding(
                        "parse.row_unread",
                        Severity.WARNING,
                        f"未能读取{_table_name(table)}「{row.label}」一行",
                        tuple(cells),
                    )
                )
                pending.append(cells)
                continue
            if pending:
                _place(report, table, tokens, cursor, _row_start(tokens, at - 1), pending, anchor is None)
                pending = []
            summed = _sub_rows(tokens, at, end, len(cells), others)
            if summed is not None:
                values, cursor = summed
                report.findings.append(
                    Finding(
                        "parse.rows_summed",
                        Severity.INFO,
                        f"「{row.label}」分项列出（新格式），按各项之和读取",
                        tuple(cells),
                    )
                )
            else:
                glued = _glued_values(tokens, at, end)
                if glued:
                    cursor = anchor = at + len(glued)
                    segments.append(Segment(row.label, tuple(cells), glued, _row_sums(table)))
                    continue
                values, cursor = _take_values(tokens, at, end, len(cells), others)
            anchor = cursor
            _assign(report, table, cells, values)
        if pending:
            cursor = _place(report, table, tokens, cursor, end, pending, anchor is None, closed=False)
        if segments:
            _resolve(report, table, segments, _equations(table), said)
    return cursor


_UNREAD = ("parse.row_unread", "parse.cell_unread", "parse.group_as_row")


# ---------------------------------------------------------------- rows placed by position
@dataclass
class _GridRow:
    texts: list[Token]  # the text cells that open the row (its labels)
    values: list[Token]  # the cells after them
    end: int  # the index after its last token


def _place(
    report: Report,
    table: Table,
    tokens,
    start: int,
    stop: int,
    pending: list[list[str]],
    first: bool,
    closed: bool = True,
) -> int:
    """Rows of a scanned table whose labels OCR lost (a seal over them), read by position, or left unread.

    The formats print their rows in a fixed order. So when the rows around the unread ones were read (the row
    before, or when `first` the table's own header; the row after, or when not `closed` a row of no values or
    the end of the grid) and exactly as many grid rows of exactly the table's number of values lie between, each
    is the row the format puts there. A text layer's unmatched label is what the agency printed, not a lost one:
    only scanned cells are placed. Where reading goes on: after the rows placed, else `start`."""
    rows = _grid_rows(tokens, start, stop)
    if closed and (rows[-1].end if rows else start) != stop:
        return start  # something other than grid rows between the rows read
    k = len(table.columns)
    lead = next((n for n, r in enumerate(rows) if r.values and not _header_like(r, k)), len(rows))
    body = rows[lead:]
    if not closed:
        body = body[: len(pending)]
        rest = rows[lead + len(body) :]
        if rest and rest[0].values:
            return start  # more values follow: the count does not fit
    fits = len(body) == len(pending) and all(
        len(r.values) == k and all(t.conf is not None for t in r.values) for r in body
    )
    if not fits or (lead and not (first and _own_header(report.format, table, rows[:lead]))):
        return start  # text rows before the values may only be the table's own header, before its first row
    placed = {c for cells in pending for c in cells}
    report.findings[:] = [
        f for f in report.findings if not (f.rule == "parse.row_unread" and set(f.cells) <= placed)
    ]
    for cells, row in zip(pending, body, strict=True):
        _assign(report, table, cells, row.values)
        label = report.spec.by_id[cells[0]].row.label
        report.findings.append(
            Finding(
                "parse.row_by_position",
                Severity.INFO,
                f"{_table_name(table)}「{label}」一行的标题未能识别，按格式固定的行序读取其数字",
                tuple(cells),
            )
        )
    return body[-1].end


def _header_like(row: _GridRow, k: int) -> bool:
    """A row of column labels whose only "values" are the empty cells a merged header leaves (the corner under
    申请人情况, the cell beside 法人或其他组织): fewer than a row of values, and all of them blank."""
    return (
        bool(row.texts) and len(row.values) < k and all(v.kind is T.BLANK and not v.raw for v in row.values)
    )


def _grid_rows(tokens, start: int, stop: int) -> list[_GridRow]:
    """The grid rows from `start` up to `stop`, or to the first token outside a grid (prose, a heading) or a row
    that is no table row a label starts (text after a value, a row met twice)."""
    rows: list[_GridRow] = []
    seen: set[int] = set()
    j = start
    while j < stop and tokens[j].row is not None and tokens[j].row not in seen:
        row = tokens[j].row
        seen.add(row)
        grid = _GridRow([], [], j)
        while j < stop and tokens[j].row == row:
            t = tokens[j]
            if t.kind is not T.TEXT:
                grid.values.append(t)
            elif not grid.values:
                grid.texts.append(t)
            elif t.conf is not None:
                grid.values.append(_unread(t))  # a value read as glyphs (see _scanned_cells)
            else:
                return rows
            j += 1
        grid.end = j
        rows.append(grid)
    return rows


def _own_header(fmt_id: str, table: Table, rows: list[_GridRow]) -> bool:
    """Whether header rows print this table's title or a column label no other table has."""
    shared = {core(c.label) for t in FORMATS[fmt_id].tables if t is not table for c in t.columns}
    own = {core(c.label) for c in table.columns} - shared
    title = normalize(table.title)
    return any(normalize(t.raw) == title or core(t.raw) in own for r in rows for t in r.texts)


def _row_start(tokens, i: int) -> int:
    """The index of the first token of the grid row token `i` is in."""
    row = tokens[i].row
    while row is not None and i > 0 and tokens[i - 1].row == row:
        i -= 1
    return i


def _mark_truncated(report: Report) -> None:
    """A text that stops before section 五 (an excerpt, a page cut off mid-table): the cells after the last one
    it shows are not there to read, which is not the same as a row the report left out."""
    order = report.spec.cell_ids
    unread = {c for f in report.findings if f.rule in _UNREAD[:2] for c in f.cells}
    last = max((n for n, c in enumerate(order) if c not in unread), default=-1)
    cut = set(order[last + 1 :])
    if not cut:
        return
    report.findings[:] = [f for f in report.findings if not (f.rule in _UNREAD and set(f.cells) <= cut)]
    report.findings.append(
        Finding(
            "parse.truncated",
            Severity.WARNING,
            f"文本在报告结束前中断（没有第五、六部分），其后 {len(cut)} 个单元格无从读取",
            tuple(c for c in order if c in cut),
        )
    )


# ---------------------------------------------------------------- cells run together
def _glued_values(tokens, j: int, end: int) -> tuple[Token, ...]:
    """The value tokens right after a label of a flattened line (empty when the label has none, or the line
    was not flattened)."""
    k = j
    while k < end and tokens[k].kind is not T.TEXT:
        k += 1
    run = tuple(tokens[j:k])
    return run if any(t.glued for t in run) else ()


def _row_sums(table: Table) -> tuple[tuple[int, ...], ...]:
    """Table 三's 总计 column is the sum of the six applicant columns."""
    return (tuple(range(len(table.columns))),) if table.section == 3 else ()


@lru_cache(maxsize=4)
def _equations_for(fmt_id: str) -> tuple[dict[str, int], ...]:
    """Table 三's relations across rows: （七）总计 = the outcome rows, and 一 + 二 = （七）总计 + 四, per column."""
    fmt = FORMATS[fmt_id]
    table = fmt.tables_in(3)[0]
    by_key = {r.key: r for r in table.rows}
    outcomes = outcome_rows(fmt)
    out = []
    for c in table.columns:
        total = table.cell_id(by_key["total"], c)
        out.append({total: -1, **{table.cell_id(r, c): 1 for r in outcomes}})
        out.append(
            {
                table.cell_id(by_key["new"], c): 1,
                table.cell_id(by_key["carried_in"], c): 1,
                total: -1,
                table.cell_id(by_key["carried_out"], c): -1,
            }
        )
    return tuple(out)


def _equations(table: Table) -> list[dict[str, int]]:
    if table.section != 3:
        return []
    fmt_id = "2021" if any(r.key == "other.other" for r in table.rows) else "2019"
    return list(_equations_for(fmt_id))


def _resolve(
    report: Report, table: Table, segments: list[Segment], equations, said: int | None = None
) -> None:
    """Split the run-together cells of one table and say which cells the arithmetic pinned and which not.
    The number of applications section 一 says were received is 一、本年新收 总计, or 一 + 二."""
    kinds = {table.cell_id(r, c): c.kind for r in table.rows for c in table.columns}
    fixed = {c: v for c, v in report.cells.items() if v is not None and c in kinds}
    either: tuple[dict[str, int], ...] = ()
    if said is not None and table.section == 3:
        fixed["prose"] = said
        either = (
            {"s3.new.total": 1, "prose": -1},
            {"s3.new.total": 1, "s3.carried_in.total": 1, "prose": -1},
        )
    inferred: list[str] = []
    by_prose = False
    outcomes = splitting.solve(segments, equations, fixed, either)
    for segment, outcome in zip(segments, outcomes, strict=True):
        for cell_id, token in outcome.values.items():
            if token is not None:
                report.cells[cell_id] = _value(report, cell_id, kinds[cell_id], token)
                if segment.needs_split:
                    inferred.append(cell_id)
                    by_prose = by_prose or outcome.by_prose
        if outcome.unresolved:
            report.findings.append(_split_finding(table, segment, outcome))
    if inferred:
        report.findings.append(
            Finding(
                "parse.split_inferred",
                Severity.INFO,
                f"{_table_name(table)}有 {len(inferred)} 个单元格的数字连写在一起，已唯一拆分"
                "（每格除 0 本身外不以 0 开头"
                + ("" if any(o.distrusted for o in outcomes) else "，且满足表内勾稽关系")
                + (f"及第一部分所述收到申请 {said} 件" if by_prose else "")
                + "）",
                tuple(inferred),
            )
        )


def _table_name(table: Table) -> str:
    return f"表二{table.title}" if table.section == 2 else "表三" if table.section == 3 else "表四"


def _split_finding(table: Table, segment: Segment, outcome: splitting.Outcome) -> Finding:
    where = f"{_table_name(table)}「{segment.label}」的数字「{segment.digits}」"
    if outcome.impossible:
        return Finding(
            "parse.split_impossible",
            Severity.WARNING,
            f"{where}无法拆分为 {len(segment.cells)} 个单元格并满足表内勾稽关系，报告本身的数字可能有误，"
            f"{len(outcome.unresolved)} 个单元格留空",
            outcome.unresolved,
            found=segment.digits,
        )
    shown = outcome.candidates[:6]
    more = f"等 {len(outcome.candidates)} 种" if len(outcome.candidates) > len(shown) else ""
    readings = "；".join(shown) + more if shown != ("…",) else "读法过多，无法列举"
    basis = (
        "有多种拆分（本表其他数字不满足表内勾稽关系，不能据以选择）"
        if outcome.distrusted
        else "有多种拆分都满足表内勾稽关系"
    )
    return Finding(
        "parse.split_ambiguous",
        Severity.WARNING,
        f"{where}{basis}（{readings}），{len(outcome.unresolved)} 个单元格无法确定，留空",
        outcome.unresolved,
        expected=list(outcome.candidates),
        found=segment.digits,
    )


def _sub_rows(tokens, at: int, end: int, k: int, others) -> tuple[list[Token], int] | None:
    """A row the report splits into numbered sub-rows the format does not have (（六）其他处理 1./2./3. in a
    60号 report): the column sums of the sub-rows, or None when the label is followed by its own numbers."""
    j, sums, count = at, [None] * k, 0
    while (
        j < end
        and tokens[j].kind is T.TEXT
        and enumerator(tokens[j].raw)
        and core(tokens[j].raw) not in others
    ):
        if not _SUB_ROW.match(enumerator(tokens[j].raw) or ""):
            break
        values, after = _take_values(tokens, j + 1, end, k, others)
        if len(values) != k:
            return None
        for n, t in enumerate(values):
            if t.value is not None:
                sums[n] = (sums[n] or 0) + t.value
        count, j = count + 1, after
    if count < 2:
        return None
    row = tokens[at].row
    return [make("" if v is None else str(v), row) for v in sums], j


def _find_label(tokens, start: int, end: int, wanted: tuple[str, ...], numbered: bool = False) -> int | None:
    """Index just past the label's token(s), or None. A `numbered` label must carry its enumerator (（七）总计),
    so that the column header of the same name (总计) is never taken for it."""
    for i in range(start, end):
        t = tokens[i]
        if t.kind is not T.TEXT or (numbered and not enumerator(t.raw) and not t.glued):
            continue
        printed = core(t.raw)
        if matches(printed, wanted) or (t.glued and ends_with(printed, wanted)):
            return i + 1
        nxt = tokens[i + 1] if i + 1 < end else None
        if nxt is not None and nxt.kind is T.TEXT and matches(printed + core(nxt.raw), wanted):
            return i + 2
    return None


def _find_misspelt(tokens, start: int, end: int, wanted: tuple[str, ...], others) -> int | None:
    """A label with a typo (其他法律行政止公开) among the next few labels, if it is no other row's label."""
    seen = 0
    for i in range(start, min(end, start + 12)):
        t = tokens[i]
        if t.kind is not T.TEXT:
            continue
        printed = core(t.raw)
        seen += 1
        if seen > 3 or printed in others:
            if seen > 3:
                return None
            continue
        if len(printed) >= 4 and any(similar(printed, w) for w in wanted):
            return i + 1
    return None


def _take_values(tokens, j: int, end: int, k: int, others: tuple[str, ...]) -> tuple[list[Token], int]:
    scanned = _scanned_cells(tokens, j, end, k)
    if scanned is not None:
        return scanned, j + k
    values: list[Token] = []
    skipped = 0
    row = None
    spare = _spare_blanks(tokens, j, end, k)
    while j < end and len(values) < k:
        t = tokens[j]
        if t.kind is T.TEXT:
            if values or skipped >= 2 or t.glued or core(t.raw) in others:
                break
            skipped += 1  # a remark printed after the label, e.g. a broken-off parenthesis
        else:
            if values and row is not None and t.row is not None and t.row != row:
                break  # the table row ended: the missing cells are blank
            row = t.row
            if spare and t.kind is T.BLANK and not values:
                spare -= 1  # an empty cell between the label and the numbers
            else:
                values.append(t)
        j += 1
    return values, j


def _scanned_cells(tokens, j: int, end: int, k: int) -> list[Token] | None:
    """The `k` cells after a label in its row of a scanned grid, by position, when the row holds exactly that
    many: a cell read as text where a value stands (glyphs the recogniser could not make out) is an unread
    value, so the values after it keep their columns. None for any other row."""
    row = tokens[j - 1].row if j > 0 else None
    if row is None or tokens[j - 1].conf is None or j + k > end:
        return None
    cells = tokens[j : j + k]
    if any(t.row != row or t.conf is None for t in cells) or (j + k < end and tokens[j + k].row == row):
        return None
    return [_unread(t) if t.kind is T.TEXT else t for t in cells]


def _unread(token: Token) -> Token:
    """A scanned value cell whose glyphs were read as no number: blank, and as doubtful as a reading can be."""
    return Token(T.BLANK, token.raw, token.norm, row=token.row, conf=0.0)


def _spare_blanks(tokens, j: int, end: int, k: int) -> int:
    """How many more cells than `k` the table row starting at `j` holds (when the container knows its rows)."""
    while j < end and tokens[j].kind is T.TEXT:
        j += 1
    if j >= end or tokens[j].row is None:
        return 0
    row, n = tokens[j].row, 0
    while j < end and tokens[j].kind is not T.TEXT and tokens[j].row == row:
        n += 1
        j += 1
    if tokens[j - 1].kind is T.BLANK:
        return 0  # the extra cell may as well be a blank remark column at the end: leave the row as printed
    return max(0, n - k)


def _assign(report: Report, table: Table, cells: list[str], values: list[Token]) -> None:
    for cell_id, column, token in zip(cells, table.columns, values, strict=False):
        report.cells[cell_id] = _value(report, cell_id, column.kind, token)
    missing = cells[len(values) :]
    if missing:
        report.findings.append(
            Finding(
                "parse.cell_unread",
                Severity.WARNING,
                f"{_table_name(table)}中有 {len(missing)} 个单元格未能读取",
                tuple(missing),
            )
        )


def _value(report: Report, cell_id: str, kind: Kind, token: Token) -> Value:
    if token.conf is not None:  # a scanned cell: scan.trust checks it against the tables' arithmetic
        report.confidence[cell_id] = token.conf
    if token.kind is T.BLANK:
        return None
    number = token.value
    if kind is Kind.MONEY:
        if token.unit == "元":
            return number / Decimal(10000)
        if token.unit == "万元":
            return number
        return units.unstated(report, cell_id, number)  # header, prose or plausibility decide (units.resolve)
    if number != number.to_integral_value():
        report.findings.append(
            Finding(
                "parse.not_integer",
                Severity.ERROR,
                f"单元格应为整数，实为「{token.raw}」",
                (cell_id,),
                found=token.raw,
            )
        )
        return None
    return int(number)


def _value_rows(tokens) -> set[int]:
    """The rows of a scanned grid that are mostly values (Table 四's row of numbers, never its header)."""
    count: dict[int, int] = {}
    for t in tokens:
        if t.row is not None and t.conf is not None:
            count[t.row] = count.get(t.row, 0) + (1 if t.kind is not T.TEXT else -1)
    return {row for row, n in count.items() if n > 0}


def _read_s4(tokens, start: int, end: int, fmt: Format, report: Report) -> None:
    """Table 四 prints one row of 15 numbers under a two-level header: take the runs of values that hold a number,
    after the header. Without its header nothing is taken: numbers after the last table are not Table 四's."""
    table = fmt.tables_in(4)[0]
    cells = [table.cell_id(r, c) for r in table.rows for c in table.columns]
    header = next((i for i in range(start, end) if _S4_HEADER.search(tokens[i].norm)), None)
    if header is None:
        report.findings.append(
            Finding(
                "parse.cell_unread",
                Severity.WARNING,
                "未找到表四（行政复议、行政诉讼）的表头，其 15 个数未读取",
                tuple(cells),
            )
        )
        return
    values: list[Token] = []
    run: list[Token] = []
    lost = _value_rows(tokens[header:end])
    for t in [*tokens[header:end], None]:
        if t is not None and (t.kind is not T.TEXT or t.row in lost):
            run.append(
                t if t.kind is not T.TEXT else _unread(t)
            )  # its row prints no label: a value read as glyphs
            continue
        if any(v.glued for v in run):
            width = len(table.columns)
            sums = tuple(tuple(range(n, n + width)) for n in range(0, _S4_CELLS, width))
            segment = Segment("表四", tuple(cells[len(values) :]), tuple(run), sums if not values else ())
            _resolve(report, table, [segment], [])
            return
        if any(v.kind is T.VALUE for v in run):
            while len(values) + len(run) > _S4_CELLS and run[0].kind is T.BLANK:
                run.pop(0)  # empty cells padding the header row (`| |||`) or opening the row (`|`)
            values.extend(run)
        run = []
        if len(values) >= _S4_CELLS:
            break
    for cell_id, token in zip(cells, values, strict=False):
        report.cells[cell_id] = _value(report, cell_id, Kind.COUNT, token)
    if len(values) < _S4_CELLS:
        report.findings.append(
            Finding(
                "parse.cell_unread",
                Severity.WARNING,
                f"表四（行政复议、行政诉讼）应有 15 个数，只读到 {len(values)} 个",
                tuple(cells[len(values) :]),
            )
        )
