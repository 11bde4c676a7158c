"""Rules on the prose sections 一、五、六: present, and not contradicting the tables."""

from __future__ import annotations

import re

from ..formats import SECTIONS
from ..report import PROSE_SECTIONS, Report, Severity
from .numerals import PATTERN, parse_number
from .registry import Context, Violation, number, rule

_GAP = r"[^。；;，,！!？?\n]"  # within one clause
_RECEIVED = re.compile(
    rf"(?:收到|接到|受理|接收|新收|收悉){_GAP}{{0,20}}?申请{_GAP}{{0,10}}?(?P<n>{PATTERN})\s*(?:件|个|份|条)"
)
_NONE_RECEIVED = re.compile(rf"(?:未|没有|无)(?:收到|接到|受理|接收){_GAP}{{0,20}}?申请")
_OTHER_MATTERS = ("复议", "诉讼", "投诉", "举报", "信访")  # applications that are not 政府信息公开申请
# 信息处理费 as reports name it (信息公开处理费, 处理费), or a statement about charging applicants at all
_FEE_STATEMENT = re.compile(rf"处理费|(?:收取|收缴|收费|缴纳){_GAP}{{0,12}}?费用|(?:未|没有|无|不)收费")
_NO_FEE = re.compile(
    rf"(?:未|没有|无|不)(?:收取|收缴|产生|发生|涉及|存在){_GAP}{{0,8}}?(?:信息处理费|处理费|费用)"
    r"|(?:信息处理费|处理费)[^。；;，,\d]{0,6}?(?:0|零)\s*(?:元|万元)"
    r"|无(?:信息)?处理费"
)


# a line break a PDF's text layer puts inside a sentence: after anything but a clause's or heading's end
_WRAPPED_LINE = re.compile(
    r"(?<=[^。；;：:！!？?\n])[ \t\u3000]*\n[ \t\u3000]*(?=[^\s（(一二三四五六七八九十])"
)


def join_wrapped_lines(text: str) -> str:
    """Rejoin the sentences a PDF's text layer breaks at each line's end (受理政府\\n信息公开申请17件), so a
    clause is matched whole; a break after 。；： or before a heading (（二）…, 二、…) stays."""
    return _WRAPPED_LINE.sub("", text)


def received_in_prose(text: str) -> int | None:
    """The number of applications section 一 says were received (收到申请N件, 未收到申请 = 0), if it says."""
    text = join_wrapped_lines(text)
    hits = [(m.start(), parse_number(m["n"]), m[0]) for m in _RECEIVED.finditer(text)]
    hits += [(m.start(), 0, m[0]) for m in _NONE_RECEIVED.finditer(text)]
    hits = [h for h in hits if h[1] is not None and not any(w in h[2] for w in _OTHER_MATTERS)]
    return min(hits)[1] if hits else None


def says_no_fee(text: str) -> bool:
    return bool(_NO_FEE.search(text))


@rule("prose.contradicts_table", Severity.WARNING)
def contradicts_table(ctx: Context):
    """Section 一 says how many applications were received; Table 三 一 (or 一 + 二) must say the same."""
    said = received_in_prose(ctx.report.prose.get(1) or "")
    values = ctx.values(("s3.new.total", "s3.carried_in.total"))
    if said is None or values is None:
        return
    new, carried_in = values
    if said not in (new, new + carried_in):
        table = f"{number(new)}" + (f"（含上年结转为{number(new + carried_in)}）" if carried_in else "")
        yield Violation(
            f"第一部分「总体情况」称收到政府信息公开申请{said}件，表三「本年新收」总计为{table}",
            ("s3.new.total", "s3.carried_in.total"),
            new,
            said,
        )


def _missing(report: Report, section: int) -> bool:
    return bool(report.sections_found) and section not in report.sections_found


def _has_text(report: Report) -> bool:
    """False for a report read from data that carries no text at all (a CSV/XLSX export, a table-only JSON)."""
    return bool(report.sections_found) or any((t or "").strip() for t in report.prose.values())


def _truncated(report: Report) -> bool:
    """The text stops before the report ends (an excerpt): what comes after its last heading is not missing."""
    return any(f.rule == "parse.truncated" for f in report.findings)


@rule("section.missing", Severity.WARNING)
def section_missing(ctx: Context):
    """Each of the six sections is present, and the prose sections 一、五、六 say something. In an excerpt
    (`parse.truncated`) only a section missing before the last one shown counts."""
    report = ctx.report
    if not _has_text(report):
        return
    shown = max(report.sections_found, default=0) if _truncated(report) else len(SECTIONS)
    for section in SECTIONS[:shown]:
        if _missing(report, section.number):
            yield Violation(f"报告缺少第{section.title[0]}部分「{section.title[2:]}」")
        elif section.number in PROSE_SECTIONS and not (report.prose.get(section.number) or "").strip():
            yield Violation(f"第{section.title[0]}部分「{section.title[2:]}」没有内容")


def states_fee(text: str) -> bool:
    """Does the text say whether 信息处理费 was charged (无收取信息公开处理费, 未产生信息处理费, 收取费用0元 …)?"""
    return bool(_FEE_STATEMENT.search(text))


@rule("fee.statement_missing", Severity.INFO)
def fee_statement_missing(ctx: Context):
    """2021 format: section 六 should state the 信息处理费 charged (国办公开办函〔2021〕30号). A report that states
    it in another section has stated it: that is not flagged."""
    text = "\n".join(ctx.report.prose.get(n) or "" for n in (6, *PROSE_SECTIONS))
    if (
        ctx.spec.id == "2021"
        and _has_text(ctx.report)
        and not _truncated(ctx.report)
        and not states_fee(text)
    ):
        yield Violation("第六部分「其他需要报告的事项」未说明信息处理费的收取情况")


@rule("fee.contradicts_table", Severity.WARNING)
def fee_contradicts_table(ctx: Context):
    """Table 三（六）2 counts applications closed for an unpaid fee, so fee notices went out: section 六 must not say
    no fees were charged."""
    unpaid = ctx.value("s3.other.no_fee_paid.total")
    text = ctx.report.prose.get(6) or ""
    if unpaid and unpaid > 0 and says_no_fee(text):
        yield Violation(
            f"表三「（六）其他处理 2.逾期未缴纳费用」为{number(unpaid)}件，说明曾发出收费通知，"
            "但第六部分称未收取信息处理费",
            ("s3.other.no_fee_paid.total",),
            found=unpaid,
        )


# 国办公开办函〔2021〕30号 一（一）: 总体情况 summarises these five parts. A part is present when a numbered heading
# in section 一 ((一), 一、, 1、, 1.) is followed within HEADING_REACH characters by one of its words; a section 一
# without numbered headings is judged by the words anywhere in it.
OVERVIEW_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("主动公开", ("主动公开",)),
    ("依申请公开", ("依申请", "公开申请")),
    ("政府信息管理", ("信息管理",)),
    ("政府信息公开平台建设", ("平台建设", "公开平台", "网站建设")),
    ("监督保障", ("监督保障", "监督和保障", "保障监督")),
)
HEADING_REACH = 40
_PART_HEADING = re.compile(
    r"[（(][一二三四五六七八九十]{1,2}[）)]|(?<![\d一二三四五六七八九十])(?:[一二三四五六七八九十]{1,2}|\d{1,2})[、.．](?!\d)"
)


def overview_parts(text: str) -> list[str]:
    """The parts of 〔2021〕30号 that section 一 covers, in their order."""
    text = join_wrapped_lines(text)
    headings = [m.end() for m in _PART_HEADING.finditer(text)]
    scopes = [text[start : start + HEADING_REACH] for start in headings] if headings else [text]
    return [name for name, words in OVERVIEW_PARTS if any(w in scope for scope in scopes for w in words)]


@rule("section.overview_parts", Severity.WARNING)
def overview_parts_missing(ctx: Context):
    """2021 format: section 一 covers 主动公开、依申请公开、政府信息管理、平台建设、监督保障 (〔2021〕30号)."""
    text = ctx.report.prose.get(1) or ""
    if ctx.spec.id != "2021" or not text.strip():
        return  # an empty section 一 is section.missing's finding
    found = overview_parts(text)
    missing = [name for name, _ in OVERVIEW_PARTS if name not in found]
    if missing:
        yield Violation(
            f"第一部分「总体情况」未分述{'、'.join(missing)}（国办公开办函〔2021〕30号要求按主动公开、依申请公开、"
            "政府信息管理、政府信息公开平台建设、监督保障五个方面概述）",
            expected=[name for name, _ in OVERVIEW_PARTS],
            found=found,
        )


# 条例 第五十条第（四）项: a government's (各级人民政府) report states its 工作考核、社会评议和责任追究结果.
GOVERNMENT_RESULTS = ("考核", "评议", "追究")


def is_government(agency: str | None) -> bool:
    """A 人民政府 of any level (乡镇 too), not one of its departments or its 办公室."""
    return (agency or "").strip().endswith("人民政府")


@rule("section.government_results", Severity.WARNING)
def government_results_missing(ctx: Context):
    """A 人民政府's own report states its 工作考核、社会评议和责任追究结果 (条例 第五十条第（四）项)."""
    report = ctx.report
    if not is_government(report.agency) or not _has_text(report) or _truncated(report):
        return
    text = join_wrapped_lines("\n".join(report.prose.get(n) or "" for n in PROSE_SECTIONS))
    missing = [w for w in GOVERNMENT_RESULTS if w not in text]
    if missing:
        said = {"考核": "工作考核", "评议": "社会评议", "追究": "责任追究"}
        yield Violation(
            f"「{report.agency.strip()}」为人民政府，报告应说明工作考核、社会评议和责任追究结果（条例第五十条第（四）项），"
            f"未见{'、'.join(said[w] for w in missing)}的情况",
            expected=list(GOVERNMENT_RESULTS),
            found=[w for w in GOVERNMENT_RESULTS if w not in missing],
        )
