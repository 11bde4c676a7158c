"""Pieces of cell recognition (parsers/scan/recognize.py, page.py) with the answer written out by hand: which
cells the grid makes values and which of two readings of a number that disagree is taken (labels whose
enumerator was misread: tests/core/test_scan_labels.py). (The speck of dust that turns a
0 into a 6 is covered by the generated scans of tests/core/test_scans.py.)"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.parsers.scan import grid, page, recognize


def test_a_cell_where_the_grid_wants_a_number_is_never_read_as_a_label():
    """Whatever the glyphs in a value slot look like, the cell gives a number or nothing, so the row's other
    values keep their columns."""
    table = [
        ["名称", "甲", "乙", "丙"],
        ["其一", "1", "2", "3"],
        ["其二", "站", "4", "5"],  # a blurred 25 read by the Chinese pass
        ["其三", "6", "7", "8"],
        ["其四", "9", "10", "11"],
    ]
    readings = [recognize.Reading(text, 0.9) for row in table for text in row]
    cells = [
        grid.Cell(0, 0, 1, 1, top=10 * r, left=100 * c)
        for r, row in enumerate(table)
        for c in range(len(row))
    ]
    assert recognize._value_slots(cells, readings) == [9]  # not the header 甲, nor the labels


@pytest.mark.parametrize(
    ("first", "second", "glyphs", "taken"),
    [
        (("351", 0.97), ("51", 0.0), 3, ("351", 0.97)),  # a digit lost: three glyphs
        (("575", 0.96), ("/", 0.0), 3, ("575", 0.96)),  # a number read as a blank mark
        (("2", 0.45), ("12", 0.97), 2, ("12", 0.97)),
        (("-442", 0.83), ("-6442", 0.6), 4, ("-6442", 0.6)),  # a minus is no glyph of the count
        (("11", 0.9), ("111", 0.7), 2, ("11", 0.5)),  # two of three 1s touch: the ink cannot say, in doubt
        (("2995", 0.97), ("29935", 0.56), 4, ("2995", 0.5)),  # a digit added, not lost: in doubt
        (("6", 0.68), ("9", 0.67), 1, ("6", 0.5)),  # one glyph read two ways: in doubt
        (("8", 0.93), ("3", 0.97), 1, ("3", 0.5)),
        (("13", 0.97), ("31", 0.9), 2, ("13", 0.5)),  # same digits, another order: not a lost digit
    ],
)
def test_two_readings_of_a_number_that_disagree(first, second, glyphs, taken):
    got = recognize._settled(recognize.Reading(*first), recognize.Reading(*second), glyphs)
    assert (got.text, got.conf) == taken


@pytest.mark.parametrize(
    "read",
    ["杨凌示范区审计局2021]年政府信息公开工作年度报告", "杨凌示范区审计局2021 [年政府信息公开工作年度报告"],
)
def test_a_stray_mark_ocr_puts_before_the_year_does_not_lose_the_title(read):
    """Seen on a scan of a report printed in 宋体 with its table header repeated: `2021]年`. Read as printed, the
    title gives neither agency nor year; mended, both."""
    from gongkai.parsers import read_bytes

    assert read_bytes(read.encode(), "title.txt").year is None
    mended = read_bytes(page._mended_date(read).encode(), "title.txt")
    assert (mended.agency, mended.year) == ("杨凌示范区审计局", 2021)


def _table_page(values: list[list[tuple[str, int]]]):
    """A ruled table at 200 dpi whose cells hold (text, grey) in Noto Serif CJK at 10 pt."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 28)
    left, top, width, height = 200, 300, 300, 80
    for r, row in enumerate(values):
        for c, (text, grey) in enumerate(row):
            x, y = left + c * width, top + r * height
            draw.rectangle((x, y, x + width, y + height), outline=0, width=3)
            draw.text((x + 40, y + 20), text, font=font, fill=grey)
    return image


def test_a_glyph_lighter_than_print_is_a_doubtful_blank_not_a_number():
    """What a red seal leaves where its red is taken out: strokes at grey 206-224 (measured on a generated seal
    scan, where such a fragment in an empty Table 二 cell read as a sure 4). Drawn at 215 in one cell, beside
    the same digits in black: the black ones are read, the light one is a blank the arithmetic must settle."""
    from gongkai.parsers.scan import trust
    from gongkai.parsers.scan.prepare import prepare

    table = [[("项目", 0), ("数量", 0), ("金额", 0)], [("行政许可", 0), ("4", 215), ("47", 0)]]
    table += [[("行政处罚", 0), ("4", 0), ("12", 0)]]
    scanned = prepare(_table_page(table))
    found = grid.find(scanned)
    tops, lefts = sorted({c.top for c in found.cells}), sorted({c.left for c in found.cells})
    readings = recognize.read_cells(scanned, found.cells, found.rules)
    read = {(tops.index(c.top), lefts.index(c.left)): r for c, r in zip(found.cells, readings, strict=True)}
    assert len(read) == 9
    assert [read[2, 1].text, read[1, 2].text, read[2, 2].text] == ["4", "47", "12"]
    assert read[1, 1].text == "" and read[1, 1].conf < trust.LOW


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 60),
    st.integers(1, 60),
    st.lists(st.integers(0, 255), min_size=1, max_size=4),
    st.integers(0, 2**32 - 1),
)
def test_a_cells_brightest_tenth_is_numpys_percentile(height, width, greys, seed):
    """The shading test's histogram shortcut gives np.percentile's value exactly, on a cell cut out of a page
    (a view, not a copy) of a few greys (paper and print, where the shortcut is taken) or of any."""
    rng = np.random.default_rng(seed)
    page = rng.choice(np.array(greys, np.uint8), size=(height + 4, width + 6))
    if seed % 3 == 0:
        page = rng.integers(0, 256, page.shape).astype(np.uint8)
    cell = page[2 : 2 + height, 3 : 3 + width]
    assert recognize._brightest_tenth(cell) == float(np.percentile(cell, 90))
