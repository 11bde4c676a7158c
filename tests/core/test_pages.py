"""Image files that are one report's pages, told from their names (`parsers.pages.group`).

The oracle is the folder a strategy drew: which reports it holds, each page's number, and the files that are no
page of anything; the names are then written out with padding, separators and suffixes drawn per page (or, where
something follows the number, `page_01_of_06`, one way for all of a report's pages), shuffled.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.parsers.pages import group, report_name

STEMS = ("报告", "2023年度报告", "扫描件", "page", "scan", "统计局年报", "附件", "img", "IMG_20250115")
IMAGE_SUFFIXES = (".jpg", ".JPG", ".jpeg", ".png", ".PNG", ".tif")
NUMBERED = (  # how a page number is written into a name
    "{stem}-{n}",
    "{stem}_{n}",
    "{stem}{n}",
    "{stem}({n})",
    "{stem} ({n})",
    "{stem}（{n}）",
    "{stem}第{n}页",
    "{stem}【{n}】",
)


WHOLE = (  # how a page number is written where something follows it: one way for all of a report's pages
    "{stem}_{n}_of_{total}",
    "{stem} {n} of {total}",
    "{stem}第{n}页共{total}页",
    "{stem}-{n}-1",
)


@st.composite
def numbered(draw, stem: str, number: int, style: str | None = None, total: int = 0, width: int = 0) -> str:
    """A page's name; without `style` and `width`, drawn for this page (`报告-1.jpg`, `报告(02).png` … are one
    report)."""
    width = width or draw(st.integers(1, 3))
    glued = stem[-1].isdigit()  # `IMG_20250115` + `3` would be one number
    style = style or draw(st.sampled_from([s for s in NUMBERED if not (glued and s == "{stem}{n}")]))
    name = style.format(stem=stem, n=f"{number:0{width}d}", total=f"{total:0{width}d}")
    return name + draw(st.sampled_from(IMAGE_SUFFIXES))


@st.composite
def folders(draw):
    """(names shuffled, the reports expected: tuples of pages in order, lone files as 1-tuples)."""
    folder = draw(st.sampled_from(("扫描", "downloads/2023", "a.zip/年报")))
    stems = draw(st.lists(st.sampled_from(STEMS), min_size=1, max_size=4, unique=True))
    expected = []
    lone_stems = [s for s in STEMS if s not in stems]
    for stem in stems:
        first = draw(st.sampled_from((0, 1)))
        count = draw(st.integers(2, 12))
        unnumbered = first == 1 and draw(st.booleans())  # 扫描件.jpg, then 扫描件 (1).jpg or 扫描件 (2).jpg …
        style = None if unnumbered or first == 0 else draw(st.none() | st.sampled_from(WHOLE))
        numbers = range(first, first + count)
        if unnumbered:  # the image without a number is the first page, the numbers from 1 or 2 the others
            start = draw(st.sampled_from((1, 2)))
            numbers = range(start, start + count - 1)
        width = draw(st.integers(1, 3)) if style else 0  # one way for the whole report, padding too
        pages = [f"{folder}/{draw(numbered(stem, n, style, count, width))}" for n in numbers]
        if unnumbered:
            pages.insert(0, f"{folder}/{stem}{draw(st.sampled_from(IMAGE_SUFFIXES))}")
        expected.append(tuple(pages))
    for stem in draw(st.lists(st.sampled_from(lone_stems), max_size=2, unique=True)):
        expected.append((f"{folder}/{draw(numbered(stem, draw(st.integers(0, 30))))}",))  # a lone number
    for stem in draw(st.lists(st.sampled_from(stems), max_size=2, unique=True)):  # not an image: never a page
        expected.append((f"{folder}/{stem}-1.{draw(st.sampled_from(('pdf', 'docx', 'html', 'txt')))}",))
    names = [name for report in expected for name in report]
    return draw(st.permutations(names)), expected


@given(folders())
def test_pages_of_interleaved_reports_group_back_in_page_order(folder):
    names, expected = folder
    found = group(names)
    assert sorted(found) == sorted(expected)
    assert sorted(n for report in found for n in report) == sorted(names)  # each name once


@given(folders())
def test_each_report_stands_where_its_first_file_stood(folder):
    names, _ = folder
    found = group(names)
    firsts = [min(names.index(n) for n in report) for report in found]
    assert firsts == sorted(firsts)


@given(st.integers(2, 25), st.sampled_from((0, 1)), st.data())
def test_a_folder_of_bare_numbers_is_one_report_only_when_that_is_all_it_holds(count, first, data):
    pages = [f"报告/{first + i:0{data.draw(st.integers(1, 2))}d}{data.draw(st.sampled_from(IMAGE_SUFFIXES))}"
             for i in range(count)]  # fmt: skip
    names = data.draw(st.permutations(pages))
    assert group(names) == [tuple(pages)]
    assert report_name(pages) == "报告"
    other = data.draw(st.sampled_from(("报告/说明.txt", "报告/封面.jpg", "报告/2023年报告.pdf")))
    assert sorted(group([*names, other])) == sorted((n,) for n in [*pages, other])


def test_pages_are_ordered_by_number_not_by_name():
    names = [f"扫描/报告-{n}.jpg" for n in (10, 1, 11, 2, 3, 4, 5, 6, 7, 8, 9)]
    assert group(names) == [tuple(f"扫描/报告-{n}.jpg" for n in range(1, 12))]


def test_what_is_no_run_stays_apart():
    cases = {
        "a gap": ["p-1.jpg", "p-2.jpg", "p-4.jpg"],
        "a number twice": ["p-1.jpg", "p-01.png", "p-2.jpg"],
        "years": ["2019年报.jpg", "2020年报.jpg", "2021年报.jpg"],
        "not from 0 or 1": ["p-3.jpg", "p-4.jpg"],
        "one numbered image": ["报告-1.jpg"],
        "different folders": ["a/报告-1.jpg", "b/报告-2.jpg"],
        "different names": ["报告-1.jpg", "报表-2.jpg"],
    }
    for case, names in cases.items():
        assert group(names) == [(n,) for n in names], case


def test_an_image_of_the_name_without_a_number_is_the_first_page_of_a_run_from_1():
    assert group(["扫描件 (2).jpg", "扫描件.jpg", "扫描件 (1).jpg"]) == [
        ("扫描件.jpg", "扫描件 (1).jpg", "扫描件 (2).jpg")
    ]
    assert group(["2023年报.jpg", "2023年报(1).jpg"]) == [("2023年报.jpg", "2023年报(1).jpg")]
    assert report_name(["扫描/扫描件.jpg", "扫描/扫描件 (1).jpg"]) == "扫描/扫描件"
    two = ["x.jpg", "x.png", "x (1).jpg", "x (2).jpg"]  # which of the two is the first page?
    assert group(two) == [("x.jpg",), ("x.png",), ("x (1).jpg", "x (2).jpg")]
    from_0 = ["x.jpg", "x-0.jpg", "x-1.jpg"]  # the run has its first page
    assert group(from_0) == [("x.jpg",), ("x-0.jpg", "x-1.jpg")]
    assert group(["报告2.jpg", "报告1.jpg", "报告2-1.jpg", "报告2-2.jpg"]) == [
        ("报告1.jpg", "报告2.jpg"),  # 报告2.jpg is page 2 of its own run, not the first of 报告2-…
        ("报告2-1.jpg", "报告2-2.jpg"),
    ]


def test_names_of_reports():
    assert report_name(["扫描/报告(1).jpg", "扫描/报告(2).jpg"]) == "扫描/报告"
    assert report_name(["2023年统计局报告-1.png", "2023年统计局报告-2.png"]) == "2023年统计局报告"
    assert report_name(["a.zip/年报/1.jpg", "a.zip/年报/2.jpg"]) == "a.zip/年报"
    assert report_name(["1.jpg", "2.jpg", "3.jpg"]) == "1.jpg—3.jpg"
    assert report_name(["扫描/报告-1.pdf"]) == "扫描/报告-1.pdf"
    assert report_name(["C:\\扫描\\报告_01.jpg", "C:\\扫描\\报告_02.jpg"]) == "C:\\扫描\\报告"


def test_names_scanners_phones_and_converters_give():
    """The names as they come (the page count after the number, a camera's counter after its date, a copy number
    from 2, a converter's page and side), each a folder of its own and beside other reports."""
    reports = {
        "page": [f"page_{n:02d}_of_06.png" for n in range(1, 7)],
        "扫描件": ["扫描件.jpg", "扫描件(2).jpg", "扫描件(3).jpg"],
        "IMG_20250115": [f"IMG_20250115_{n:04d}.jpg" for n in range(1, 7)],
        "报告": [f"报告_第{n}页.png" for n in range(1, 4)],
        "年报": [f"年报第{n}页共3页.png" for n in range(1, 4)],
        "Scan": ["Scan.jpg", "Scan 2.jpg", "Scan 3.jpg"],  # macOS' copies
    }
    for name, pages in reports.items():
        assert group(pages) == [tuple(pages)], name
        assert report_name(pages) == name
        assert report_name([f"收件/{p}" for p in pages]) == f"收件/{name}"
    side_one = [
        f"年报/{n:03d}-1.png" for n in range(1, 5)
    ]  # pdftoppm's page 1 of files 001 …, or pages 001 …
    assert group(side_one) == [tuple(side_one)]
    assert report_name(side_one) == "年报"  # numbers alone are no name
    everything = [name for pages in reports.values() for name in pages]
    assert sorted(group(everything)) == sorted(map(tuple, reports.values()))


def test_the_last_number_is_the_page_number_where_it_runs():
    assert group(["a-1-1.jpg", "a-1-2.jpg", "a-2-1.jpg", "a-2-2.jpg"]) == [
        ("a-1-1.jpg", "a-1-2.jpg"),
        ("a-2-1.jpg", "a-2-2.jpg"),
    ]
    assert group(["p_01_of_06.png", "p_02_of_06.png", "p_04_of_06.png"]) == [  # a gap is still a gap
        ("p_01_of_06.png",),
        ("p_02_of_06.png",),
        ("p_04_of_06.png",),
    ]
    assert group(["p_1_of_2.png", "p_2_of_3.png"]) == [("p_1_of_2.png",), ("p_2_of_3.png",)]  # two counts
    assert group(["扫描件(2).jpg", "扫描件(3).jpg"]) == [("扫描件(2).jpg",), ("扫描件(3).jpg",)]  # no page 1
