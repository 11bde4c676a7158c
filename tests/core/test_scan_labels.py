"""Scanned labels mapped to the format's rows when OCR garbles their enumerators or a glyph of their words
(parsers/scan/labels.py), and never to another row.

The oracle is the format's own labels (gongkai.standard.formats, as FORMATS.md gives them) and a table of the
misreadings Tesseract makes of them, written out here from readings seen on this project's scans (（七）总计
read as (CE)总计, （一）予以公开 as 《一六于以公开) and typical of it: a garbled label maps back to its own row
or to none, and read by the reader in a table of known numbers, every row's numbers are the printed ones or
flagged. A real image ends it: seed 004's Table 三 page as a clean PNG reads （七）总计 by its label.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.parsers.labels import core, enumerator, matches
from gongkai.parsers.reader import read_tokens
from gongkai.parsers.scan import labels, vocabulary
from gongkai.parsers.tokens import Token, make, normalize
from gongkai.standard.formats import FORMATS, Kind

pytestmark = pytest.mark.usefixtures("fresh_cache")

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEED = sorted(SEEDS.glob("004_*.txt"))[0]
SEED_2019 = sorted(SEEDS.glob("003_*.txt"))[0]
EXPECTED = json.loads((SEED.parents[1] / "expected" / f"{SEED.stem}.json").read_text(encoding="utf-8"))

# what Tesseract reads an enumerator's glyphs as ("" = lost)
ENUMERATOR_READINGS = {
    "（": ["(", "", "C", "〈", "[", "《"],
    "）": [")", "", "J", "〉", "]", "》", "六"],
    "一": ["—", "-", "_"],
    "二": ["="],
    "三": ["=", "E"],
    "四": ["口"],
    "六": ["大"],
    "七": ["C", "E", "ヒ", "t", "CE"],
    "十": ["+", "t"],
    "、": [",", "`", ".", "，", ""],
    ".": [",", "、", ""],
    "1": ["l", "I", "|"],
    "2": ["Z"],
    "5": ["S"],
    "6": ["b"],
    "8": ["B"],
}
# what it reads a glyph of the words as: look-alikes, and any glyph of another label (the worst case)
WORD_READINGS = {
    "予": "于矛",
    "公": "么",
    "开": "并",
    "申": "中甲",
    "请": "清",
    "处": "外",
    "理": "埋",
    "政": "攻",
    "信": "倍",
    "法": "去",
    "规": "现",
    "计": "汁什",
    "总": "忌",
    "他": "也",
    "年": "午",
    "数": "效",
    "不": "木",
    "第": "笫",
    "类": "尖",
    "事": "亊",
    "项": "顶",
    "关": "美",
}
OTHER_GLYPHS = sorted({ch for w in vocabulary() for ch in w})


def _rows(fmt_id: str):
    return [(t, r) for t in FORMATS[fmt_id].tables for r in t.rows if t.section in (2, 3)]


ROWS = [(fmt_id, t, r) for fmt_id in FORMATS for t, r in _rows(fmt_id)]


@st.composite
def garbled(draw, label: str) -> str:
    """`label` as OCR may read it: each glyph of its enumerator misread, lost or kept, and at most one glyph of
    its words misread, lost or doubled."""
    printed = enumerator(label) or ""
    head = label[: len(printed)] if printed and normalize(label[: len(printed)]) == printed else ""
    words = label[len(head) :]
    head = "".join(draw(st.sampled_from([ch, *ENUMERATOR_READINGS.get(ch, [])])) for ch in head)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(words) - 1))
        choices = [*WORD_READINGS.get(words[at], ""), "", words[at] * 2, draw(st.sampled_from(OTHER_GLYPHS))]
        words = words[:at] + draw(st.sampled_from(choices)) + words[at + 1 :]
    return head + words


def _taken_for(text: str, fmt_id: str) -> set[str]:
    """The rows of a format the reader takes a label cell reading `text` for (reader._find_label's test)."""
    out = set()
    for table, row in _rows(fmt_id):
        wanted = (core(row.label), *(core(a) for a in row.aliases))
        numbered = wanted[0] in {core(c.label) for c in table.columns}
        if matches(core(text), wanted) and (enumerator(text) or not numbered):
            out.add(table.cell_id(row, table.columns[0]))
    return out


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(ROWS), st.data())
def test_a_garbled_label_maps_to_its_own_row_or_to_none(row, data):
    fmt_id, table, r = row
    reading = data.draw(garbled(r.label))
    taken = _taken_for(labels.mend(reading, vocabulary()), fmt_id)
    assert taken <= {table.cell_id(r, table.columns[0])}, (reading, labels.mend(reading, vocabulary()))


def test_most_garbled_labels_map_to_their_row():
    """A measured floor on what the tolerance gains: of every label with each of its enumerator glyphs misread
    every way the table gives (the words right), all map to their row."""
    missed = []
    for fmt_id, table, r in ROWS:
        for reading in _every_enumerator_reading(r.label):
            if _taken_for(labels.mend(reading, vocabulary()), fmt_id) != {table.cell_id(r, table.columns[0])}:
                missed.append(reading)
    assert not missed, missed


def _every_enumerator_reading(label: str) -> list[str]:
    printed = enumerator(label)
    if not printed or normalize(label[: len(printed)]) != printed:
        return []
    readings = [""]
    for ch in label[: len(printed)]:
        readings = [r + s for r in readings for s in [ch, *ENUMERATOR_READINGS.get(ch, [])]]
    return [r + label[len(printed) :] for r in readings if r]  # an enumerator lost whole is another test


@pytest.mark.parametrize(
    ("reading", "label"),
    [
        ("(CE)总计", "（七）总计"),  # seed 004's Table 三 page as a clean PNG
        ("七》总计", "（七）总计"),  # the opening parenthesis lost: not the column header 总计
        ("(E)总计", "（七）总计"),
        ("《一六于以公开", "（一）予以公开"),  # the closing parenthesis read as 六
        ("《一)耶以公开", "（一）予以公开"),
        ("、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
        ("t、其他", "3.其他"),  # not the column 其他
        ("伍)不予公开", "（三）不予公开"),
        ("l规章", "规章"),  # a bit of the border before a label without an enumerator
        ("（六）其他处理", "（六）其他处理"),
        ("（十二）其他", "（十二）其他"),  # an enumerator read as one is left as printed
        ("总计", "总计"),  # the column header stays a column header
        ("其他", "其他"),
        ("不予处开", "不予处开"),  # one glyph off 不予公开 and 不予处理 alike: left as read
        ("政规范性文件", "规范性文件"),  # one glyph off both formats' wordings of one row
    ],
)
def test_a_reading_is_mapped_to_the_one_label_it_fits(reading, label):
    assert labels.mend(reading, vocabulary()) == label


# ---------------------------------------------------------------- in the reader, among known numbers
@pytest.fixture(scope="module")
def numbered() -> dict:
    """Seeds 003 (the 2019 format) and 004 (2021) with every count cell of Tables 二 and 三 a number of its own
    (so a row's numbers read in another row's place show), printed to PDF, tokenized, each table cell given a
    sure scan's confidence: format -> (report, tokens)."""
    from gongkai.parsers import pdf, read_file
    from gongkai.renderers.pdf import to_pdf

    out = {}
    for seed in (SEED_2019, SEED):
        report = read_file(seed)
        fmt = FORMATS[report.format]
        for n, cell in enumerate(c for c in fmt.cells if c.table.section in (2, 3)):
            if cell.kind is Kind.COUNT:
                report.cells[cell.id] = 100 + n
        tokens = pdf.tokenize(to_pdf(report))
        for t in tokens:
            if t.row is not None:
                t.conf = 0.95
        out[report.format] = report, tokens
    return out


def _read_with(tokens: list[Token], readings: dict[str, str]):
    """The tokens with the label cells printing `readings`' keys read as their values, through the scan's
    mapping as a page's cells are."""
    out = [dataclasses.replace(t) for t in tokens]
    for i, t in enumerate(out):
        if t.row is not None and t.raw in readings:
            out[i] = make(labels.mend(readings[t.raw], vocabulary()), t.row)
            out[i].conf = 0.6
    return read_tokens(out)


_UNREAD = ("parse.row_unread", "parse.cell_unread")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_garbled_labels_never_move_a_rows_numbers(numbered, data):
    """Up to four labels of Tables 二 and 三 garbled at once: every cell is read as printed or flagged unread."""
    report, tokens = numbered[data.draw(st.sampled_from(sorted(numbered)))]
    rows = _rows(report.format)
    chosen = data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=4, unique_by=lambda x: x[1].key))
    readings = {r.label: data.draw(garbled(r.label)) for _, r in chosen}
    read = _read_with(tokens, readings)
    flagged = {c for f in read.findings if f.rule in _UNREAD for c in f.cells}
    for cell in FORMATS[report.format].cells:
        if cell.table.section in (2, 3) and cell.id not in flagged:
            assert read.cells[cell.id] == report.cells[cell.id], (cell.id, readings)


@pytest.mark.parametrize(
    ("printed", "reading"),
    [
        ("3.其他", "3.其它"),  # 其他 / 其它
        ("（六）其他处理", "（六）其它处理"),
        ("（一）予以公开", "(一)予以公开"),  # half-width brackets
        ("（七）总计", "(七)总计"),
        ("（七）总计", "7.总计"),  # an arabic enumerator for a Chinese one
        ("1.属于国家秘密", "1、属于国家秘密"),  # 1、 / （1） / none for 1.
        ("1.属于国家秘密", "（1）属于国家秘密"),
        ("1.属于国家秘密", "属于国家秘密"),
        ("2.重复申请", "（2）重复申请"),
        ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("四、结转下年度继续办理", "（四）结转下年度继续办理"),
        ("行政规范性文件", "规范性文件"),  # the 2019 format's wording in a 2021 report
        ("5.要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认或重新出具已获取信息的"),
    ],
)
def test_label_wording_as_reports_print_it_maps_right(numbered, printed, reading):
    """Labels as real reports word them, read from a scan: the row's numbers read under its own label."""
    fmt_id, table, row = next(x for x in ROWS if x[2].label == printed)
    report, tokens = numbered[fmt_id]
    read = _read_with(tokens, {printed: reading})
    cells = [table.cell_id(row, c) for c in table.columns]
    assert {c: read.cells[c] for c in cells} == {c: report.cells[c] for c in cells}
    placed = {c for f in read.findings if f.rule in (*_UNREAD, "parse.row_by_position") for c in f.cells}
    assert not placed & set(cells), [f.message for f in read.findings]


def test_seed_004s_table_three_page_as_a_clean_png_reads_its_total_row_by_its_label():
    """Read alone, the page's （七）总计 came back as (CE)总计 and the row was read by its place only."""
    from gongkai.parsers import read_bytes, read_file
    from gongkai.renderers.pdf import to_pdf
    from tests.core.test_scan_image_formats import TABLE_3_PAGE
    from tests.scans.generate import pages

    page = pages(to_pdf(read_file(SEED)), 200)[TABLE_3_PAGE]
    out = io.BytesIO()
    page.save(out, "PNG")
    read = read_bytes(out.getvalue(), "table3.png")
    table_3 = {k: v for k, v in EXPECTED["cells"].items() if k.startswith("s3.")}
    assert {k: read.cells[k] for k in table_3} == table_3
    assert not [f for f in read.findings if set(f.cells) & set(table_3) and f.rule.startswith("parse.")]
