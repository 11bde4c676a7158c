"""The split search on small runs whose readings are counted by hand."""

from __future__ import annotations

from gongkai.parsers.flat import _value
from gongkai.parsers.splitting import Segment, count, enumerate_segment, solve
from gongkai.parsers.tokens import make

ROW = tuple(f"c{i}" for i in range(7))
TOTAL = (tuple(range(7)),)


def run(*groups: str):
    return tuple(_value(g, None) if g[0].isdigit() else make(g) for g in groups)


def readings(segment: Segment) -> list[str]:
    return ["/".join(t.norm if t else "空" for t in r) for r in segment.readings]


def test_counts_follow_the_no_leading_zero_rule():
    assert count(run("4500"), 3) == 2  # 4/50/0, 45/0/0 (4/5/00 has a leading zero)
    assert count(run("63600"), 3) == 4  # 6/3/600, 6/360/0, 63/60/0, 636/0/0
    assert count(run("00126"), 3) == 1  # 0/0/126
    assert count(run("0", "00000"), 7) == 0  # six digits cannot fill seven cells
    assert count(run("10", "0", "00", "0", "1"), 7) == 1


def test_the_row_total_chooses_among_the_readings():
    segment = Segment("一、本年新收", ROW, run("300153006143119"), TOTAL)
    enumerate_segment(segment)
    assert segment.raw_count > 100
    assert readings(segment) == ["3001/53/0/0/61/4/3119"]


def test_relations_with_other_cells_decide_what_the_digits_cannot():
    """`110` in two cells is 1/10 or 11/0; a relation with a cell read elsewhere (t) chooses, or cannot."""

    def outcome(equation, t):
        return solve([Segment("a", ("a1", "a2"), run("110"))], [equation], {"t": t})[0]

    pinned = outcome({"a1": 1, "t": -1}, 11)  # a1 = t
    assert [pinned.values[c].value for c in ("a1", "a2")] == [11, 0] and not pinned.unresolved
    both = outcome({"a1": 1, "a2": 1, "t": -1}, 11)  # a1 + a2 = t holds for both readings
    assert both.unresolved == ("a1", "a2") and both.candidates == ("1/10", "11/0") and not both.impossible
    none = outcome({"a1": 1, "t": -1}, 5)  # a1 = 5: neither reading
    assert none.unresolved == ("a1", "a2") and none.impossible


def test_sign_goes_with_the_first_cell_and_the_unit_with_the_last():
    segment = Segment("行政许可", ("l", "c", "d"), run("45", "减30"))
    enumerate_segment(segment)
    assert readings(segment) == ["4/5/减30"]
    segment = Segment("政府集中采购", ("p", "a"), run("2832995.5元"))
    enumerate_segment(segment)
    assert readings(segment)[0] == "2/832995.5元" and len(segment.readings) == 6


def test_blank_marks_are_cells_of_their_own():
    segment = Segment("规章", ("a", "b", "c"), run("12", "/"))
    enumerate_segment(segment)
    assert readings(segment) == ["1/2/空"]
