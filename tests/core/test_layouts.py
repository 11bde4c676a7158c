"""Every container and layout of the same report reads back the same cells.

The seeds' text exports are the reference (their parse is checked against hand-made fixtures elsewhere); each is
printed again as an HTML page with merged cells, as flattened pages, as a DOCX with merged cells and as a PDF, in
the official spelling and in the variants published reports use, and must read back cell for cell.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from docx import Document

from gongkai.parsers import read_bytes, read_file
from gongkai.parsers.labels import core, matches
from gongkai.standard.formats import FORMATS
from gongkai.standard.report import Report
from tests import layouts
from tests.shared import real_report

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
SEED_IDS = [p.stem[:3] for p in SEEDS]


@cache
def seed(i: int) -> Report:
    return read_file(SEEDS[i])


@cache
def with_blanks(i: int) -> Report:
    """The seed with every fifth cell left blank (and one whole s3 row), as careless reports print them."""
    report = seed(i)
    cells = dict(report.cells)
    for n, cell_id in enumerate(cells):
        if n % 5 == 2 or cell_id.startswith("s3.carried_in."):
            cells[cell_id] = None
    return Report(**{**report.__dict__, "cells": cells, "findings": []})


@cache
def pdf_of(i: int, style: str, blanks: bool = False, flat: bool = False) -> bytes:
    """WeasyPrint takes about half a second a report: print each one once a session. `flat` prints the page
    whose tables were flattened to `label   0   0   0` lines: a PDF table without rules."""
    report = with_blanks(i) if blanks else seed(i)
    if flat:
        from weasyprint import HTML

        return HTML(string=layouts.flat_page(report, layouts.STYLES[style], mode="rows").decode()).write_pdf()
    return layouts.pdf_bytes(report, layouts.STYLES[style])


def render(kind: str, report: Report, style: layouts.Style) -> tuple[bytes, str]:
    if kind == "html":
        return layouts.html_page(report, style), "report.html"
    if kind == "html-gbk":
        return layouts.html_page(report, style, charset="gb2312"), "report.htm"
    if kind == "html-layout-table":
        return layouts.html_page(report, style, layout=True), "report.html"
    if kind == "docx-nested":
        return layouts.docx_bytes(report, style, nested=True), "report.docx"
    if kind == "flat-cells":
        return layouts.flat_page(report, style, mode="cells"), "report.html"
    if kind == "flat-br":
        return layouts.flat_page(report, style, mode="br"), "report.html"
    if kind == "flat-rows":
        return layouts.flat_page(report, style, mode="rows"), "report.html"
    if kind == "docx":
        return layouts.docx_bytes(report, style), "report.docx"
    raise AssertionError(kind)


def assert_same(read: Report, expected: Report) -> None:
    assert (read.format, read.year, read.agency) == (expected.format, expected.year, expected.agency)
    wrong = {k: (v, read.cells.get(k)) for k, v in expected.cells.items() if read.cells.get(k) != v}
    assert not wrong, f"{len(wrong)} cells differ (expected, read): {dict(list(wrong.items())[:8])}"


def test_seeds_read_completely():
    for i in range(len(SEEDS)):
        assert sum(v is not None for v in seed(i).cells.values()) >= len(seed(i).cells) - 3


@pytest.mark.parametrize("style", list(layouts.STYLES))
@pytest.mark.parametrize("kind", ["html", "html-gbk", "flat-cells", "flat-br", "flat-rows", "docx"])
@pytest.mark.parametrize("i", range(len(SEEDS)), ids=SEED_IDS)
def test_layout_reads_every_cell(i, kind, style):
    data, name = render(kind, seed(i), layouts.STYLES[style])
    assert_same(read_bytes(data, name), seed(i))


@pytest.mark.parametrize("kind", ["html-layout-table", "docx-nested"])
@pytest.mark.parametrize("i", range(len(SEEDS)), ids=SEED_IDS)
def test_report_inside_a_layout_table(i, kind):
    data, name = render(kind, seed(i), layouts.STYLES["official"])
    assert_same(read_bytes(data, name), seed(i))


@pytest.mark.parametrize("kind", ["html", "flat-cells", "flat-rows", "docx"])
@pytest.mark.parametrize("i", range(len(SEEDS)), ids=SEED_IDS)
def test_blank_cells_stay_blank(i, kind):
    style = layouts.STYLES["official"] if kind in ("html", "docx") else layouts.STYLES["units"]
    data, name = render(kind, with_blanks(i), style)
    assert_same(read_bytes(data, name), with_blanks(i))


PDF_CASES = [(i, "official", False) for i in range(len(SEEDS))] + [
    (0, "halfwidth", False),
    (1, "paren", False),
    (2, "spaced", False),
    (3, "units", False),
    (4, "official", True),
]


@pytest.mark.parametrize(("i", "style", "blanks"), PDF_CASES)
def test_pdf_reads_every_cell(i, style, blanks):
    expected = with_blanks(i) if blanks else seed(i)
    assert_same(read_bytes(pdf_of(i, style, blanks), "report.pdf"), expected)


@pytest.mark.parametrize(("i", "style"), [(0, "official"), (1, "units"), (2, "spaced")])
def test_pdf_table_without_rules(i, style):
    assert_same(read_bytes(pdf_of(i, style, flat=True), "report.pdf"), seed(i))


def test_seeds_match_fixtures_where_present():
    for path in SEEDS:
        fixture = FIXTURES / "expected" / f"{path.stem}.json"
        if not fixture.exists():
            continue
        expected = json.loads(fixture.read_text())
        report = read_file(path)
        assert {k: _num(v) for k, v in expected["cells"].items()} == report.cells
        assert (report.published.isoformat() if report.published else None) == expected["published"]
        assert report.index_number == expected["index_number"]


# ---------------------------------------------------------------- real published PDFs
def _num(v):
    return None if v is None else Decimal(str(v)) if isinstance(v, float) else v


def expected_from_meta(meta: dict) -> dict[str, object]:
    """Cell ids from a hand transcription (meta.json), keyed by printed labels."""
    fmt = FORMATS[meta["format_guess"]]
    cells: dict[str, object] = {}
    for table in fmt.tables_in(2):
        printed = meta["section2"].get(table.title, {})
        for row in table.rows:
            wanted = (core(row.label), *(core(a) for a in row.aliases))
            values = next((v for k, v in printed.items() if matches(core(k), wanted)), {})
            for column in table.columns:
                cells[table.cell_id(row, column)] = _num(values.get(column.label))
    table = fmt.tables_in(3)[0]
    for row in table.rows:
        label = core(row.label)
        values = [
            v for k, v in meta["section3"].items() if core(k.split(" ")[-1]) == label or core(k) == label
        ]
        if not values and row.key == "other.other":  # the old single （六）其他处理 row
            values = [v for k, v in meta["section3"].items() if k.endswith("其他处理")]
        for n, column in enumerate(table.columns):
            cells[table.cell_id(row, column)] = values[0][n] if values else None
    table = fmt.tables_in(4)[0]
    ids = [table.cell_id(r, c) for r in table.rows for c in table.columns]
    cells.update(zip(ids, meta["section4"], strict=True))
    return cells


@pytest.mark.parametrize("n", ["001", "002", "003"])
def test_real_pdf_matches_hand_transcription(n):
    meta = json.loads(real_report(f"{n}.meta.json").read_text())
    report = read_file(real_report(f"{n}.pdf"))
    assert report.format == meta["format_guess"] and report.year == meta["report_year"]
    assert report.cells == expected_from_meta(meta)
    fixture = FIXTURES / "expected" / f"real-{n}.json"
    misspelt = [f.found for f in report.findings if f.rule == "parse.label_misspelt"]
    assert misspelt == (["2.其他法律行政止公开"] if n != "001" else [])
    assert report.published is None  # the statistical period (自…1月1日起) is no publication date
    if fixture.exists():
        expected = json.loads(fixture.read_text())
        assert report.cells == {k: _num(v) for k, v in expected["cells"].items()}
        assert (report.agency, report.year, report.format) == (
            expected["agency"],
            expected["year"],
            expected["format"],
        )


# ---------------------------------------------------------------- the circulated Word template
def fill_template(report: Report) -> bytes:
    """Type the report's numbers into the blank 2021 template, as an agency does."""
    doc = Document(real_report("template-2021-blank.docx"))
    fmt = FORMATS["2021"]
    rows = [(t, r) for t in fmt.tables if t.section in (2, 3) for r in t.rows]
    for table in doc.tables:
        for tr in table.rows:
            cells = _distinct(tr.cells)
            labels = [c for c in cells if c.text.strip()]
            blanks = [c for c in cells if not c.text.strip()]
            if not labels or not blanks:
                continue
            match = next(((t, r) for t, r in rows if matches(core(labels[-1].text), (core(r.label),))), None)
            if match:
                t, r = match
                for cell, column in zip(blanks, t.columns, strict=True):
                    cell.text = _print(report.cells[t.cell_id(r, column)])
        last = _distinct(table.rows[-1].cells)
        if len(last) == 15:
            s4 = fmt.tables_in(4)[0]
            ids = [s4.cell_id(r, c) for r in s4.rows for c in s4.columns]
            for cell, cell_id in zip(last, ids, strict=True):
                cell.text = _print(report.cells[cell_id])
    for paragraph in doc.paragraphs:
        if paragraph.text == "政府信息公开工作年度报告格式模板":
            paragraph.text = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    import io

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _distinct(cells):
    seen, out = set(), []
    for c in cells:
        if id(c._tc) not in seen:
            seen.add(id(c._tc))
            out.append(c)
    return out


def _print(value) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("i", [0, 4], ids=["000", "004"])
def test_filled_template_reads_back(i):
    report = seed(i)
    read = read_bytes(fill_template(report), "template.docx")
    assert_same(read, report)
    assert not [f for f in read.findings if f.rule.startswith("parse.")]


def test_blank_template_reads_as_blank():
    read = read_file(real_report("template-2021-blank.docx"))
    assert read.format == "2021"
    assert all(v is None for v in read.cells.values())
    assert read.sections_found == (1, 2, 3, 4, 5, 6)


# ---------------------------------------------------------------- any numbers, any style
def _cell_values(fmt_id: str):
    from hypothesis import strategies as st

    from gongkai.standard.formats import Kind
    from tests.strategies import plausible_procurement

    def value(kind):
        if kind is Kind.MONEY:
            number = st.decimals(min_value=0, max_value=10**7, places=2).map(lambda d: d.normalize())
        elif kind is Kind.SIGNED:
            number = st.integers(-(10**5), 10**5)
        else:
            number = st.integers(0, 10**7)
        return st.one_of(st.none(), number)

    cells = FORMATS[fmt_id].cells
    return st.tuples(*(value(c.kind) for c in cells)).map(
        lambda vs: plausible_procurement(dict(zip((c.id for c in cells), vs, strict=True)))
    )


def _styles():
    from hypothesis import strategies as st

    return st.builds(
        layouts.Style,
        halfwidth=st.booleans(),
        enumerator=st.sampled_from([".", "、", "（）"]),
        alias=st.booleans(),
        notes=st.booleans(),
        spaced=st.booleans(),
        numbers=st.sampled_from(["plain", "commas", "units"]),
        blank=st.sampled_from(["", "/", "—", "无"]),
    )


def _round_trip(data):
    from hypothesis import strategies as st

    i = data.draw(st.sampled_from([0, 1]))  # a 2021 and a 2019 report
    template = seed(i)
    cells = data.draw(_cell_values(template.format))
    report = Report(**{**template.__dict__, "cells": cells, "findings": []})
    style = data.draw(_styles())
    kind = data.draw(st.sampled_from(["html", "flat-cells", "flat-rows", "docx"]))
    data_bytes, name = render(kind, report, style)
    return read_bytes(data_bytes, name), report


def test_any_numbers_in_any_style_read_back():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        read, report = _round_trip(data)
        assert_same(read, report)

    check()
