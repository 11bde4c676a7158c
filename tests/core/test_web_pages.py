"""The two real government web pages (../shared/real-reports/web/) read to their hand transcriptions.

The pages are Word-exported tables inside a city site's chrome: header, breadcrumb, metadata block and a footer
of link lists. Every cell and the metadata must come out exactly, the report's text must be the article (the
footer is not section 六), and the pages, correct reports, must raise no finding — alone or audited together.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gongkai.parsers import read_file
from gongkai.standard import similarity
from gongkai.standard.rules import check
from tests.core.test_seed_parsing import EXPECTED, cell_diff
from tests.shared import real_report

PAGES = ("001", "007")
META = (
    "agency",
    "year",
    "format",
    "published",
    "index_number",
    *(f"{k}_source" for k in ("agency", "year", "published", "index_number")),
)
FOOTER = ("附件下载", "扫一扫", "主办单位", "友情链接", "网站标识码", "版权所有", "闽ICP备")
SIGN_OFF = {
    "001": ("平潭综合实验区金井片区管理局", "2020年1月6日"),
    "007": ("平潭综合实验区国有资产管理局", "2024年1月26日"),
}


def _read(number: str):
    return read_file(real_report(f"web/{number}.html"))


@pytest.mark.parametrize("number", PAGES)
def test_every_cell_and_the_metadata(number):
    expected = json.loads((EXPECTED / f"web-{number}.json").read_text(encoding="utf-8"), parse_float=Decimal)
    report = _read(number)
    found = report.as_dict()
    diff = [f"{k}: expected {expected[k]!r}, found {found[k]!r}" for k in META if found[k] != expected[k]]
    diff += cell_diff(report.cells, expected["cells"])
    assert not diff, "\n".join(diff)


@pytest.mark.parametrize("number", PAGES)
def test_the_text_is_the_article_not_the_page(number):
    report = _read(number)
    assert report.sections_found == (1, 2, 3, 4, 5, 6)
    text = "\n".join(report.prose.values())
    assert not [w for w in FOOTER if w in text]
    assert report.prose[6].split("\n")[-2:] == list(SIGN_OFF[number])
    assert "国务院" not in report.prose[1].split("\n")[0]  # the site header's link list is not section 一


@pytest.mark.parametrize("number", PAGES)
def test_a_correct_page_raises_no_finding(number):
    report = _read(number)
    assert [(f.rule, f.message) for f in [*report.findings, *check(report)]] == []


def test_two_pages_of_one_site_share_chrome_not_text():
    """The footer both pages carry once raised ten prose.copied warnings per page."""
    reports = [_read(n) for n in PAGES]
    assert similarity.findings_for(reports) == {}
