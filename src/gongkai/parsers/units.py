"""The unit of a money cell the report wrote without one: from the column header, the prose, or plausibility.

Money is kept in 万元. A cell that writes its unit (`147230元`) is converted where it is read. For one that does
not, the unit is taken, in this order, from

1. the column header: `采购总金额（元）`, `本年收费金额（单位：万元）` — as printed, or else as the format prints it
   (the 30号 format's 本年收费金额 is in 万元 even where a pasted header lost its note);
2. the prose, when it states the same amount with a unit (`涉及金额881.0055万元` for a cell `8810055`);
3. plausibility: more than two decimals cannot be 元 (fen are the smallest unit); an average of 1亿元 or more
   per procurement project read as 万元 is not believable, so the number is 元; otherwise it is taken as written
   (万元). The `money.unit_assumed` finding says which unit was chosen and why, with both readings.

A cell's own unit beats its header: the 30号 template prints （单位：万元） on every report, and a clerk who types
`4339000.00元` under it means 元. A zero needs no unit and gets no finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ..standard.formats import Kind
from ..standard.report import Finding, Report, Severity
from .tokens import Kind as T
from .tokens import Token, normalize

TEN_THOUSAND = Decimal(10000)
ASSUMED = "money.unit_assumed"
_PER_PROJECT_MAX = Decimal(10000)  # 万元: an average of 1亿元 a project is not believable
_HEADERS = {  # cell id -> the words of its column header
    "s2.procurement.amount": ("采购总金额", "采购金额"),
    "s2.fees.amount": ("本年收费金额", "收费金额"),
}
_PROSE_WORDS = {"s2.procurement.amount": "采购", "s2.fees.amount": "收费"}
_HEADER_UNIT = r"\s*[（(]\s*(?:单位\s*[:：]\s*)?(?P<unit>万元|元)\s*[)）]"
_AMOUNT = re.compile(r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)")
_CLAUSE = re.compile(r"[^。；;\n]+")


def unstated(report: Report, cell_id: str, number: Decimal) -> Decimal:
    """A money cell read without a unit: taken as written for now, `resolve` decides once the prose is read."""
    if number:
        report.findings.append(
            Finding(
                "money.unit_assumed", Severity.INFO, "金额未注明单位，按原数值读取", (cell_id,), found=number
            )
        )
    return number


def resolve(report: Report, tokens: Sequence[Token]) -> None:
    """Decide the unit of each money cell `unstated` left open: header, prose, then plausibility."""
    spec = report.spec
    if spec is None:
        return
    header_text = "".join(t.norm for t in tokens if t.kind is T.TEXT and len(t.norm) <= 4000)
    prose = "\n".join(report.prose.values())
    for finding in [f for f in report.findings if f.rule == ASSUMED]:
        (cell_id,) = finding.cells
        cell = spec.by_id.get(cell_id)
        written = finding.found
        if cell is None or cell.kind is not Kind.MONEY or not isinstance(written, Decimal):
            continue
        report.findings.remove(finding)
        unit = _header_unit(header_text, cell_id) or _format_unit(cell.column.label)
        if unit:
            report.cells[cell_id] = _in_wan(written, unit)
            continue
        unit, reason = _prose_unit(prose, cell_id, written) or _plausible_unit(report, cell_id, written)
        report.cells[cell_id] = _in_wan(written, unit)
        report.findings.append(
            Finding(
                "money.unit_assumed",
                Severity.INFO,
                f"「{cell.label}」未注明单位：{reason}，按{unit}读取",
                (cell_id,),
                expected=unit,
                found=written,
            )
        )


def _in_wan(number: Decimal, unit: str) -> Decimal:
    return number / TEN_THOUSAND if unit == "元" else number


def _format_unit(label: str) -> str | None:
    """The unit the format's own column header prints (本年收费金额（单位：万元）): a header pasted without it
    still means it."""
    m = re.search(_HEADER_UNIT, normalize(label))
    return m["unit"] if m else None


def _header_unit(text: str, cell_id: str) -> str | None:
    for words in _HEADERS.get(cell_id, ()):
        m = re.search(re.escape(words) + _HEADER_UNIT, text)
        if m:
            return m["unit"]
    return None


def _prose_unit(prose: str, cell_id: str, written: Decimal) -> tuple[str, str] | None:
    """The unit that makes an amount the prose states, in a clause about the same thing, equal to the cell."""
    word = _PROSE_WORDS.get(cell_id)
    if not word:
        return None
    for clause in _CLAUSE.findall(prose):
        if word not in clause:
            continue
        for m in _AMOUNT.finditer(clause):
            said = Decimal(m["n"].replace(",", ""))
            in_wan = said if m["unit"] == "万元" else said / TEN_THOUSAND
            for unit in ("元", "万元"):
                if _in_wan(written, unit) == in_wan:
                    return unit, f"正文写明「{m[0]}」，与按{unit}计的表中数值相同"
    return None


def _plausible_unit(report: Report, cell_id: str, written: Decimal) -> tuple[str, str]:
    """Which reading of a unit-less amount is believable, and why."""
    decimals = -written.normalize().as_tuple().exponent
    if decimals > 2:
        return "万元", f"数值有{decimals}位小数，以元计至多两位（分）"
    if cell_id == "s2.procurement.amount":
        projects = report.cells.get("s2.procurement.projects") or 1
        per = written / projects
        both = f"按万元计平均每个项目{_plain(per)}万元，按元计{_plain(per)}元"
        if per >= _PER_PROJECT_MAX:
            return "元", f"{both}；每个项目1亿元以上不合常理"
        return "万元", f"{both}；按原数值读取"
    return "万元", "按原数值读取"


def _plain(number: Decimal) -> str:
    return format(number.quantize(Decimal("0.01")).normalize(), "f")
