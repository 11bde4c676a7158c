"""Mangled input of every kind never raises and returns quickly: a bad upload yields findings, not a traceback."""

from __future__ import annotations

import time
from datetime import timedelta
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.parsers import read_bytes, read_file
from gongkai.standard.report import Report
from tests import layouts
from tests.shared import real_report

SEEDS = sorted((Path(__file__).parent.parent / "fixtures" / "seeds").glob("*.txt"))
LIMIT = 10.0  # seconds: a hang guard, not a speed test (a real report takes well under 0.1 s; see bench/)
FUZZ = settings(
    max_examples=40,
    deadline=timedelta(seconds=LIMIT),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def sample(kind: str) -> bytes:
    """One real document of each kind to mangle."""
    if kind == "report.pdf":
        return real_report("003.pdf").read_bytes()
    if kind == "report.txt":
        return SEEDS[0].read_bytes()
    report = read_file(SEEDS[0])
    return layouts.html_page(report) if kind == "report.html" else layouts.docx_bytes(report)


def read_safely(data: bytes, name: str) -> Report:
    start = time.perf_counter()
    report = read_bytes(data, name)
    assert isinstance(report, Report)
    assert time.perf_counter() - start < LIMIT
    return report


NAMES = st.sampled_from(["report.txt", "report.html", "report.docx", "report.pdf", "report", ""])


@FUZZ
@given(data=st.binary(max_size=4096), name=NAMES)
def test_random_bytes(data, name):
    read_safely(data, name)


@FUZZ
@given(kind=st.sampled_from(["report.txt", "report.html", "report.docx", "report.pdf"]), cut=st.floats(0, 1))
def test_truncated_documents(kind, cut):
    data = sample(kind)
    read_safely(data[: int(len(data) * cut)], kind)


@FUZZ
@given(
    kind=st.sampled_from(["report.txt", "report.html", "report.docx", "report.pdf"]),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=20),
)
def test_corrupted_documents(kind, flips):
    data = bytearray(sample(kind))
    for where, byte in flips:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    read_safely(bytes(data), kind)


@FUZZ
@given(text=st.text(max_size=3000), name=st.sampled_from(["report.txt", "report.html"]))
def test_random_unicode(text, name):
    read_safely(text.encode("utf-8", errors="surrogatepass"), name)


@FUZZ
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(st.sampled_from(["delete", "duplicate", "swap"]), st.floats(0, 1), st.floats(0, 1))
    ),
)
def test_seeds_with_lines_deleted_duplicated_and_shuffled(seed, edits):
    lines = seed.read_text().split("\n")
    for op, a, b in edits:
        if not lines:
            break
        i, j = int(a * (len(lines) - 1)), int(b * (len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
    report = read_safely("\n".join(lines).encode(), seed.name)
    if report.format:  # an empty file has no format: it gets parse.no_text
        assert set(report.cells) == set(report.spec.cell_ids)
    else:
        assert [f.rule for f in report.findings] == ["parse.no_text"]


@FUZZ
@given(depth=st.integers(1, 5000), tag=st.sampled_from(["div", "table", "td", "p", "span"]))
def test_deeply_nested_html(depth, tag):
    read_safely((f"<{tag}>" * depth + "一、总体情况" + f"</{tag}>" * depth).encode(), "deep.html")


def test_unreadable_container_gives_a_finding():
    report = read_bytes(b"%PDF-1.7 not really", "x.pdf")
    assert [f.rule for f in report.findings] == ["parse.unreadable"]
    assert "PDF" in report.findings[0].message


@FUZZ
@given(digits=st.text("0123456789 ", min_size=1, max_size=2000), row=st.integers(0, 3))
def test_any_run_of_digits_in_a_flattened_page_is_bounded(digits, row):
    """Digits of any length run together where a row's cells should be: findings, quickly, never a hang."""
    rows = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（七）总计",
        "四、结转下年度继续办理",
    ]
    body = "".join(label + (digits if n == row else "0 0 0 0 0 0 0") for n, label in enumerate(rows))
    page = (
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
        "行政规范性文件000三、收到和处理政府信息公开申请情况申请人情况自然人总计"
        + body
        + "五、存在的主要问题无"
    )
    read_safely(page.encode(), "page.txt")
