"""Section headings and the fee statement as real reports write them: found, so no false finding is raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.parsers.sections import number
from gongkai.parsers.tokens import normalize
from gongkai.standard.rules import check
from gongkai.standard.rules.prose import says_no_fee, states_fee
from tests.shared import real_report


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("一、总体情况", 1),
        ("一总体情况", 1),
        ("一 总体情况", 1),
        ("二、主动公开政府信息情况（有关情况附表）", 2),
        ("三、收到和处理政府信息公开申请情况", 3),
        ("四、政府信息公开行政复议、行政诉讼情况", 4),
        ("四、政府信息公开行政法复议、行政诉讼情况", 4),
        ("四、因政府信息公开申请提起行政复议、行政诉讼情况", 4),
        ("五、存在的主要问题及改进情况", 5),
        ("五、存在问题及改进措施", 5),
        ("六、其他需要报告的事项", 6),
        ("六、需要说明的其他事项与附表", 6),
        ("六．其他需要报告的事项", 6),
    ],
)
def test_heading_variants_are_found(line, section):
    assert number(normalize(line)) == section


@pytest.mark.parametrize(
    "line",
    [
        # list items of real reports' prose (平潭综合实验区国有资产管理局 2023)
        "三是梳理了政府信息公开内容,做到了信息公开重点突出、内容明确、更新及时。",
        "一是丰富信息公开内容，按照“应公开、尽公开”原则，依托实验区政府门户网站，发布内容",
        "二是完善我局行政规范性文件库建设，统一版式和格式，将文件进行主题分类",
        # Table 三's own row labels begin like headings
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
        # a sentence that begins with a numeral and mentions a keyword far into it
        "一年来，我局不断健全工作机制，在依申请公开、主动公开等方面取得成效，总体情况良好",
    ],
)
def test_prose_and_table_labels_are_not_headings(line):
    assert number(normalize(line)) is None


@pytest.mark.parametrize(
    "text",
    [
        "2023年度我局无收取信息公开处理费。",  # 平潭综合实验区国有资产管理局 2023
        "按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定的按件、"
        "按量收费标准，本年度没有产生信息公开处理费。",  # 平潭综合实验区金井片区管理局 2019
        "本年度未产生信息公开处理费。",
        "2021年市政府办公室未收取信息处理费。",
        "依申请公开政府信息不收取任何费用。",  # 邹城市唐村镇人民政府 2020
    ],
)
def test_fee_statements_are_recognised(text):
    assert states_fee(text)
    assert says_no_fee(text)


def test_a_section_six_about_something_else_states_no_fee():
    assert not states_fee("按照政务公开工作要点，加强了网站建设。本年度无其他需要报告的事项。")


# ---------------------------------------------------------------- over every real report we have
ROOT = Path(__file__).resolve().parents[2]
TEXTS = ("001", "004", "005", "006", "007", "010", "011", "023", "024", "025", "027", "029", "030", "049")
# true findings, checked by hand: text 004 stops after section 五 (its 落款 follows), seed 004 prints 六 empty;
# 平潭综合实验区财政金融局 repeats its sections 一 and 五 from year to year (2021-2023)
TRUE = {
    ("text/004.txt", "prose.copied"),
    ("text/005.txt", "prose.copied"),
    ("text/006.txt", "prose.copied"),
    ("text/004.txt", "section.missing"),
    ("text/004.txt", "fee.statement_missing"),
    ("seed-004", "section.missing"),
    ("seed-004", "fee.statement_missing"),
}
PROSE_RULES = ("section.missing", "fee.statement_missing", "prose.copied")


def _corpus() -> list[tuple[str, Path]]:
    seeds = [(f"seed-{p.name[:3]}", p) for p in sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))]
    shared = [
        *(f"text/{n}.txt" for n in TEXTS),
        "web/001.html",
        "web/007.html",
        "001.pdf",
        "002.pdf",
        "003.pdf",
    ]
    return seeds + [(name, real_report(name)) for name in shared]


def test_no_false_section_fee_or_copy_finding_on_any_real_report():
    """The one-sentence fee statement the three 淮安 PDFs share is the notice's wording, not copied prose."""
    from gongkai.cli import add_copied_prose, audit_files

    corpus = _corpus()
    reports = audit_files([path for _, path in corpus])
    add_copied_prose(reports)
    found = {(name, f.rule) for (name, _), r in zip(corpus, reports, strict=True) for f in r.findings}
    assert {x for x in found if x[1] in PROSE_RULES} == TRUE


def test_section_six_saying_only_none_has_content():
    """Seed 002 (满洲里市人民政府兴华街道办事处) writes 六、其他需要报告的事项 / 无."""
    from gongkai.parsers import read_file

    report = read_file(ROOT / "tests/fixtures/seeds/002_2471a1f11e128d68.txt")
    assert report.prose[6] == "无"
    assert "section.missing" not in {f.rule for f in check(report)}


def test_an_excerpt_is_not_missing_what_comes_after_it():
    """Text 024 stops in Table 三: sections 四–六 are cut off, not left out."""
    from gongkai.parsers import read_file

    report = read_file(real_report("text/024.txt"))
    assert "parse.truncated" in {f.rule for f in report.findings}
    assert not {"section.missing", "fee.statement_missing"} & {f.rule for f in check(report)}
    report.sections_found = (1, 3)  # a gap before the last section shown is still missing
    assert [f.message for f in check(report) if f.rule == "section.missing"] == [
        "报告缺少第二部分「主动公开政府信息情况」"
    ]


def test_paraphrased_headings_in_a_crawled_one_line_page():
    """Text 005 (one line) with its headings written as other agencies write them reads the same, with no finding."""
    from gongkai.parsers import read_bytes, read_file

    path = real_report("text/005.txt")
    text = path.read_text(encoding="utf-8")
    variant = (
        text.replace("一、总体情况", "一总体情况")
        .replace("四、政府信息公开行政复议", "四、政府信息公开行政法复议")
        .replace("六、其他需要报告的事项", "六、需要说明的其他事项与附表")
    )
    assert variant.count("一总体情况") == variant.count("行政法复议") == variant.count("与附表") == 1
    original, paraphrased = read_file(path), read_bytes(variant.encode(), "005.txt")
    assert paraphrased.sections_found == (1, 2, 3, 4, 5, 6)
    assert paraphrased.cells == original.cells
    assert paraphrased.prose[1] == original.prose[1]
    assert not {"section.missing", "fee.statement_missing"} & {f.rule for f in check(paraphrased)}
