"""Agency, year, date and 索引号 from wherever a report states them, each with where it was read.

The expected values are what each page states, read by hand from ../shared/real-reports/text/ (an excerpt that
names its agency only as 我局 or 我办 states no agency: None, never a guess).
"""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.parsers import read_bytes, read_file
from gongkai.parsers.metadata import agency_name
from gongkai.standard.rules import check
from tests.shared import real_report

# file: (agency, agency_source, year, year_source, format)
TEXTS = {
    "001": ("平潭综合实验区财政金融局", "title", 2019, "title", "2019"),
    "004": ("平潭综合实验区财政金融局", "title", 2021, "title", "2021"),
    "005": ("平潭综合实验区财政金融局", "title", 2022, "title", "2021"),
    "006": ("平潭综合实验区财政金融局", "title", 2023, "title", "2021"),
    "007": ("平潭综合实验区公安局", "title", 2019, "title", "2019"),
    "010": ("平潭综合实验区行政审批局", "title", 2019, "title", "2019"),
    "011": ("平潭综合实验区经济发展局", "title", 2022, "title", "2021"),
    "023": (None, None, 2022, "prose", "2021"),  # 现将我办2022年度政府信息公开情况报告如下
    "024": (None, None, 2022, "prose", "2021"),  # 现公布我局2022年政府信息公开工作年度报告
    "025": ("高新区社会发展局", "title", 2022, "title", "2021"),
    "027": ("唐村镇人民政府", "prose", 2020, "prose", "2019"),  # 唐村镇政府编制…；请与唐村镇人民政府联系
    "029": ("绍兴市越城区东湖街道", "prose", 2023, "prose", "2021"),  # …东湖街道特编制2023年…
    "030": (None, None, 2023, "prose", "2021"),  # 截至2023年12月31日
}
# the crawler's header line 发布时间: (page metadata)
PUBLISHED = {
    "001": dt.date(2020, 1, 6),
    "004": dt.date(2022, 1, 13),
    "005": dt.date(2023, 1, 5),
    "006": dt.date(2024, 1, 31),
    "007": dt.date(2020, 1, 17),
    "010": dt.date(2020, 1, 19),
    "011": dt.date(2023, 1, 5),
}


@pytest.mark.parametrize("number", sorted(TEXTS))
def test_shared_texts_metadata_as_the_page_states_it(number):
    report = read_file(real_report(f"text/{number}.txt"))
    found = (report.agency, report.agency_source, report.year, report.year_source, report.format)
    assert found == TEXTS[number]
    if number in PUBLISHED:
        assert (report.published, report.published_source) == (PUBLISHED[number], "page_metadata")
    assert "format.version" not in {f.rule for f in check(report)}


def test_traditional_text_year_from_its_statistical_period():
    """049 (traditional characters): 本報告中所列數據的統計時限為2021年1月1日至2021年12月31日."""
    report = read_file(real_report("text/049.txt"))
    assert (report.year, report.year_source) == (2021, "prose")


def _report(text: str, name: str = ""):
    return read_bytes(text.encode(), name)


BODY = "\n一、总体情况\n本年度我局认真贯彻落实条例。\n二、主动公开政府信息情况\n"


@pytest.mark.parametrize(
    ("opening", "agency", "year"),
    [
        ("根据《中华人民共和国政府信息公开条例》规定,现公布我局2022年政府信息公开工作年度报告。", None, 2022),
        ("本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。", None, 2019),
        (
            "根据《中华人民共和国政府信息公开条例》和国务院办公厅公开办《关于政府信息公开工作年度报告有关事项的通知》"
            "（国办公开办函〔2019〕60号）要求，现将平潭综合实验区国有资产管理局2023年度政府信息公开工作的有关情况向"
            "社会公众发布。",
            "平潭综合实验区国有资产管理局",
            2023,
        ),
        # the notice cited names another year (2021) than the report (2022)
        (
            "根据《平潭综合实验区管委会办公室关于编制公布2021年政府信息公开工作年度报告有关事项的通知》要求，"
            "结合我局工作实际，现编制完成2022年度政府信息公开工作年度报告。",
            None,
            2022,
        ),
        (
            "本报告由满洲里市统计局编制，现向社会公布。统计时限为2020年1月1日至2020年12月31日。",
            "满洲里市统计局",
            2020,
        ),
        (
            "如对本报告有任何疑问，请与柞水县凤凰镇人民政府党政办公室联系。数据统计时限为2021年1月1日至2021年12月31日。",
            "柞水县凤凰镇人民政府",
            2021,
        ),
    ],
)
def test_year_and_agency_from_the_opening_prose(opening, agency, year):
    report = _report(opening + BODY)
    assert (report.agency, report.year, report.year_source) == (agency, year, "prose")
    assert report.agency_source == ("prose" if agency else None)


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("平潭综合实验区金井片区管理局2019年政府信息公开工作年度报告", "平潭综合实验区金井片区管理局"),
        ("平潭综合实验区财政金融局2022年度 政府信息公开工作年度报告", "平潭综合实验区财政金融局"),
        ("关于报送满洲里市统计局2019年政府信息公开工作年度报告的函", "满洲里市统计局"),
        ("满洲里市统计局关于2019年度政府信息公开工作年度报告", "满洲里市统计局"),
        ("由满洲里市统计局编制的2019年政府信息公开工作年度报告", "满洲里市统计局"),
        (
            "当前位置： 首页政务公开政府信息公开平潭综合实验区行政审批局政府信息公开年报 平潭综合实验区行政审批局 2019年政府信息公开工作年度报告 来源：",
            "平潭综合实验区行政审批局",
        ),
    ],
)
def test_agency_from_the_title_without_clutter(title, agency):
    report = _report(title + BODY)
    assert (report.agency, report.agency_source, report.year, report.year_source) == (
        agency,
        "title",
        2019 if "2019" in title else 2022,
        "title",
    )


def test_file_name_is_the_last_resort():
    report = _report(
        "一、总体情况\n本年度认真贯彻落实条例。\n", "满洲里市统计局2020年政府信息公开工作年度报告.txt"
    )
    assert (report.agency, report.agency_source, report.year, report.year_source) == (
        "满洲里市统计局",
        "file_name",
        2020,
        "file_name",
    )
    report = _report("满洲里市统计局2020年政府信息公开工作年度报告" + BODY, "2019年报.txt")
    assert (report.year, report.year_source) == (
        2020,
        "title",
    )  # the document's own title beats its file name


def test_metadata_block_gives_date_and_index_number():
    text = "索引号: 13566001/2022-00330 主题分类: 综合政务 发布机构: 宽城县政府办\n成文日期: 2022-01-31 文件编号:\n"
    report = _report(text + "宽城满族自治县人民政府办公室2021年度政府信息公开工作年度报告" + BODY)
    assert (report.index_number, report.index_number_source) == ("13566001/2022-00330", "page_metadata")
    assert (report.published, report.published_source) == (dt.date(2022, 1, 31), "page_metadata")
    assert (report.agency, report.agency_source) == ("宽城满族自治县人民政府办公室", "title")  # not 发布机构


def test_publisher_field_when_nothing_else_names_the_agency():
    report = _report("发布机构：平潭综合实验区财政金融局\n" + BODY)
    assert (report.agency, report.agency_source) == ("平潭综合实验区财政金融局", "page_metadata")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我局", None),
        ("本机关", None),
        ("1", None),
        ("平潭综合实验区国有资产管理局办公室", "平潭综合实验区国有资产管理局"),
        ("武汉市汉阳区人民政府办公室", "武汉市汉阳区人民政府办公室"),  # an agency in its own right
        ("首页政务公开政府信息公开平潭综合实验区国有资产管理局", "平潭综合实验区国有资产管理局"),
        ("《条例》规定", None),
    ],
)
def test_agency_name(text, name):
    assert agency_name(text) == name


def test_sources_survive_the_json_round_trip():
    from gongkai.parsers.structured import read_json
    from gongkai.renderers.json_out import to_json

    report = read_file(real_report("web/007.html"))
    again = read_json(to_json(report))
    for key in ("agency", "year", "published", "index_number"):
        assert getattr(again, f"{key}_source") == getattr(report, f"{key}_source"), key
    assert again.as_dict() == report.as_dict()


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="PubDate" content="2022-01-20 10:00"><title>政府信息公开工作年度报告_政府信息公开年报_某某市人民政府</title></head>
<body><div class="header"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt;
<a href="/zwgk/tjj/">满洲里市统计局</a> &gt; <a href="/zwgk/tjj/nb/">政府信息公开年报</a></div>
<table class="xxgk"><tr><td>索引号：</td><td>11150781MB1234567X/2022-00012</td><td>{publisher}</td></tr>
<tr><td>发布日期：</td><td>2022-01-18</td><td>主题分类：综合政务</td></tr></table>
<div class="article"><p>一、总体情况</p><p>本年度认真贯彻落实条例，统计期限自2021年1月1日起至2021年12月31日止。</p>
<p>二、主动公开政府信息情况</p><table><tr><td>第二十条第（一）项</td></tr><tr><td>信息内容</td><td>本年制发件数</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>无。</p><p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></div>
<div class="footer"><p>附件下载</p><p>主办单位：某某市人民政府办公室</p><ul><li>友情链接</li><li>人民网</li></ul></div>
</body></html>"""


@pytest.mark.parametrize(
    ("publisher", "agency"),
    [
        ("发布机构：满洲里市统计局", "满洲里市统计局"),
        ("发布机构：", "满洲里市统计局"),  # the block names none: the breadcrumb does
    ],
)
def test_a_page_without_the_agency_in_its_title(publisher, agency):
    report = read_bytes(PAGE.format(publisher=publisher).encode(), "page.html")
    assert (report.agency, report.agency_source) == (agency, "page_metadata")
    assert (report.year, report.year_source) == (2021, "prose")
    assert (report.index_number, report.index_number_source) == (
        "11150781MB1234567X/2022-00012",
        "page_metadata",
    )
    assert (report.published, report.published_source) == (
        dt.date(2022, 1, 18),
        "page_metadata",
    )  # 发布日期 first
    assert report.sections_found == (1, 2, 3, 4, 5, 6)
    assert "附件下载" not in report.prose[6] and "主办单位" not in report.prose[6]


def test_the_format_follows_the_tables_not_the_year():
    """A 2021 report printed in the 2019 tables is read as 2019 and flagged by format.version."""
    text = (
        "某某局2021年政府信息公开工作年度报告\n一、总体情况\n本年度认真贯彻落实条例。\n二、主动公开政府信息情况\n"
        "第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 0\n"
        "第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n政府集中采购 0 0\n"
    )
    report = _report(text)
    assert (report.year, report.format) == (2021, "2019")
    assert "format.version" in {f.rule for f in check(report)}


@pytest.mark.parametrize("number", [*sorted(TEXTS), "049"])
def test_metadata_equals_the_readers_independent_transcription(number):
    """Helper `reader` typed each text's metadata into its fixture separately: both readings must agree."""
    import json

    from tests.core.test_seed_parsing import EXPECTED

    expected = json.loads((EXPECTED / f"text-{number}.json").read_text(encoding="utf-8"))
    report = read_file(real_report(f"text/{number}.txt"))
    found = {
        "agency": report.agency,
        "year": report.year,
        "format": report.format,
        "published": report.published.isoformat() if report.published else None,
        "index_number": report.index_number,
    }
    assert found == {key: expected[key] for key in found}
