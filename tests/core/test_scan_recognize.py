"""Pieces of cell recognition (parsers/scan/recognize.py, page.py) with the answer written out by hand: which
cells the grid makes values, and labels whose enumerator parenthesis was misread. (The speck of dust that turns a
0 into a 6 is covered by the generated scans of tests/core/test_scans.py.)"""

from __future__ import annotations

import pytest

from gongkai.parsers.scan import grid, page, recognize, vocabulary


@pytest.mark.parametrize(
    ("read", "label"),
    [
        ("七》总计", "（七）总计"),  # the opening parenthesis lost: not the column header 总计
        ("《一六于以公开", "（一）予以公开"),  # the closing parenthesis read as 六
        ("《一)耶以公开", "（一）予以公开"),
        ("（六）其他处理", "（六）其他处理"),
        ("（十二）其他", "（十二）其他"),  # a two-numeral enumerator is left as printed
    ],
)
def test_a_label_with_a_misread_enumerator_is_mended(read, label):
    assert page._label(read, vocabulary()) == label


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
