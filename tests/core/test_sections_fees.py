"""Section headings and the fee statement as real reports write them: found, so no false finding is raised."""

from __future__ import annotations

import pytest

from gongkai.parsers.sections import number
from gongkai.parsers.tokens import normalize
from gongkai.standard.rules.prose import says_no_fee, states_fee


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
