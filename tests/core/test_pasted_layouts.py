"""Any report, printed as crawled and pasted text, reads back: every cell, or for digits run together exactly the
cells the table's arithmetic pins down, the others named by `parse.split_ambiguous` / `parse.split_impossible`.
No wrong value, ever.

The layouts are those of ../shared/real-reports/text (tests/layouts.py `crawler_text`, `pipe_text`): the page's
body flattened onto one line with the cells space-separated, run together, or mixed as real pages mix them;
`|` tables with and without a leading `|`, one cell per line, a cell followed by a line holding only `|`,
empty trailing cells, one cell per paragraph, header cells broken over lines, blank placeholders; and the same
pages in traditional characters (OpenCC s2t), as mirror sites serve them.
"""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from gongkai.parsers import read_bytes
from gongkai.standard.report import Report
from tests import layouts
from tests.core.rules_reports import consistent_reports
from tests.strategies import reports

# A fixed set of examples in the suite, so a run is repeatable; GONGKAI_EXAMPLES=N draws N fresh ones for a deep
# run (the defects these tests found showed after hundreds).
EXAMPLES = settings(
    max_examples=int(os.environ.get("GONGKAI_EXAMPLES", 40)),
    derandomize="GONGKAI_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
UNRESOLVED = ("parse.split_ambiguous", "parse.split_impossible")
BLANKS = st.sampled_from(["", "_", "/", "—", "无"])
S2T = OpenCC("s2t")


def plain(report: Report) -> Report:
    return Report(**{**report.__dict__, "findings": []})


def wrong_cells(read: Report, report: Report) -> dict:
    """Cells read differently from the report. An amount printed without a unit anywhere (the header's
    （单位：万元） dropped with the notes) that the reader judged implausible in 万元 and said it read as 元
    must be exactly the printed number / 10,000."""
    as_yuan = {
        c for f in read.findings if f.rule == "money.unit_assumed" and f.expected == "元" for c in f.cells
    }
    expected = {k: (v / 10000 if k in as_yuan and v is not None else v) for k, v in report.cells.items()}
    return {k: (v, read.cells.get(k)) for k, v in expected.items() if read.cells.get(k) != v}


def named(read: Report, *rules: str) -> set[str]:
    return {c for f in read.findings if f.rule in rules for c in f.cells}


@EXAMPLES
@given(reports(with_findings=False), st.sampled_from(["/", "—"]))
def test_crawler_text_with_spaces_reads_every_cell(report, blank):
    data = layouts.crawler_text(report, layouts.Style(blank=blank), gaps="space")
    read = read_bytes(data, "page.txt")
    assert read.format == report.format
    assert not wrong_cells(read, report)
    assert not named(read, *UNRESOLVED)


@EXAMPLES
@given(consistent_reports(), st.one_of(st.just("together"), st.text("01", min_size=1, max_size=12)))
def test_run_together_digits_give_exactly_what_the_arithmetic_pins(report, gaps):
    report = plain(report)
    read = read_bytes(layouts.crawler_text(report, gaps=gaps), "page.txt")
    unresolved = named(read, *UNRESOLVED)
    wrong = {k: v for k, v in wrong_cells(read, report).items() if not (v[1] is None and k in unresolved)}
    assert not wrong, f"wrong values (expected, read): {dict(list(wrong.items())[:6])}"
    assert all(read.cells[c] is None for c in unresolved)  # named cells are left blank, never guessed
    if gaps == "1" * len(gaps):
        assert not unresolved  # every number space-separated: nothing to infer


@EXAMPLES
@given(reports(with_findings=False), st.sampled_from(["together", "0010", "01"]))
def test_run_together_digits_of_an_inconsistent_report_give_no_wrong_value(report, gaps):
    """A random report breaks the table's arithmetic, so the arithmetic may choose nothing: cells come back as
    the digits alone pin them, or blank and named. The one exception is no guess: the same digits may also be a
    report that adds up (`…1 2128` run together is `…12 128` too), and that reading, named `parse.split_inferred`,
    must print the very characters of the page read (spaces aside: the gaps are drawn by position)."""
    data = layouts.crawler_text(report, gaps=gaps)
    read = read_bytes(data, "page.txt")
    unresolved = named(read, *UNRESOLVED)
    wrong = {k: v for k, v in wrong_cells(read, report).items() if not (v[1] is None and k in unresolved)}
    if not wrong:
        return
    guessed = {k for k, (_, got) in wrong.items() if got is not None}
    assert guessed <= named(read, "parse.split_inferred"), f"wrong values (expected, read): {wrong}"
    twin = Report(**{**plain(report).__dict__, "cells": twin_cells(read, report)})
    assert unspaced(layouts.crawler_text(twin, gaps=gaps)) == unspaced(data), (
        f"not the page's digits: {wrong}"
    )


def unspaced(page: bytes) -> str:
    return "".join(page.decode().split())


def twin_cells(read: Report, report: Report) -> dict:
    """The report the reading describes: its cells, each unresolved row completed by the first reading its
    finding lists (a row listed with no reading keeps the printed values)."""
    cells = {**report.cells, **{k: v for k, v in read.cells.items() if k not in named(read, *UNRESOLVED)}}
    for f in read.findings:
        if f.rule not in UNRESOLVED or not f.expected or f.expected == ["…"]:
            continue
        reading = f.expected[0].split("/")
        row = [c for c in report.spec.cell_ids if c.rsplit(".", 1)[0] == f.cells[0].rsplit(".", 1)[0]]
        if f.cells[0].startswith("s4."):
            row = [c for c in report.spec.cell_ids if c.startswith("s4.")][-len(reading) :]
        cells.update({c: None if v == "空" else int(v) for c, v in zip(row, reading, strict=True)})
    return cells


def test_a_row_that_breaks_the_arithmetic_stops_it_choosing_elsewhere():
    """予以公开 printed 1 2 0 0 0 0 12 (its total is wrong) run together: 12000012 also reads 12/0/0/0/0/1/2, and
    since the table's own sums fail, none of its readings is chosen by them."""
    report = plain(consistent_reports(format_id="2021").example())
    columns = ("natural", "business", "research", "social", "legal", "other_org", "total")
    report.cells.update({f"s3.granted.{c}": v for c, v in zip(columns, (1, 2, 0, 0, 0, 0, 12), strict=True)})
    read = read_bytes(layouts.crawler_text(report, gaps="together"), "page.txt")
    (finding,) = [f for f in read.findings if "s3.granted.natural" in f.cells]
    assert finding.rule == "parse.split_ambiguous" and "不能据以选择" in finding.message
    assert finding.expected == ["1/2/0/0/0/0/12", "1/20/0/0/0/1/2", "12/0/0/0/0/1/2"]
    assert [read.cells[f"s3.granted.{c}"] for c in columns] == [None, None, 0, 0, 0, None, None]


@EXAMPLES
@given(reports(with_findings=False), st.sampled_from(layouts.PIPE_VARIANTS), BLANKS, st.booleans())
def test_pasted_pipe_tables_read_every_cell(report, variant, blank, paren):
    style = layouts.Style(blank=blank, enumerator="（）" if paren else ".", notes=not paren)
    read = read_bytes(layouts.pipe_text(report, style, variant), "page.txt")
    assert read.format == report.format
    assert not wrong_cells(read, report)


@EXAMPLES
@given(reports(with_findings=False), st.sampled_from(["bare", "cell-per-line", "crawler"]))
def test_traditional_characters_read_every_cell(report, layout):
    data = (
        layouts.crawler_text(report, gaps="space")
        if layout == "crawler"
        else layouts.pipe_text(report, layouts.Style(), layout)
    )
    traditional = S2T.convert(data.decode()).encode()
    read = read_bytes(traditional, "page.txt")
    assert read.format == report.format
    assert not wrong_cells(read, report)
    assert "parse.traditional" in [f.rule for f in read.findings]


def test_residue_of_a_mirror_site_is_stripped_before_matching():
    from gongkai.parsers.traditional import to_simplified

    assert to_simplified("規(guī)章 根據(jù)《條例》 鳳凰鎮（zhèn） (tufwp.cn) (以下簡稱)")[0] == (
        "规章 根据《条例》 凤凰镇 (tufwp.cn) (以下简称)"
    )


def test_a_pathological_run_of_digits_is_bounded_and_named():
    """2,000 digits where a row of seven cells should be: a finding in milliseconds, not a hang."""
    page = (
        "==================== 正文 ====================\n二、主动公开政府信息情况第二十条第（一）项信息内容"
        "本年制发件数本年废止件数现行有效件数规章000行政规范性文件000三、收到和处理政府信息公开申请情况"
        "申请人情况自然人总计一、本年新收政府信息公开申请数量"
        + "17"
        * 1000
        + "二、上年结转政府信息公开申请数量0000000"
        "四、政府信息公开行政复议、行政诉讼情况结果维持结果纠正其他结果尚未审结总计"
        + "0" * 15
        + "五、存在的主要问题及改进情况无"
    )
    start = time.perf_counter()
    read = read_bytes(page.encode(), "page.txt")
    assert time.perf_counter() - start < 1.0
    assert {f"s3.new.{c}" for c in ("natural", "total")} <= named(read, *UNRESOLVED)
    assert read.cells["s3.new.natural"] is None and read.cells["s3.carried_in.total"] == 0
