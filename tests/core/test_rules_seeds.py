"""The rules on the seeds' known facts, with the Reports built by hand from the numbers the seeds print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai.parsers.structured import read_json
from gongkai.standard.report import Report, Severity
from gongkai.standard.rules import check

TODAY = dt.date(2026, 11, 23)
EXPECTED = Path(__file__).parents[1] / "fixtures" / "expected"
ZERO_PROSE = {1: "本年度共收到政府信息公开申请3件。", 5: "存在不足。", 6: "2021年未收取信息处理费。"}


def report_2021(agency: str, s3: dict[str, int], prose: dict[int, str], **meta) -> Report:
    """A 2021-format report with every cell 0 except the Table 三 cells given."""
    report = Report.blank(
        "2021", agency=agency, year=2021, prose=prose, sections_found=(1, 2, 3, 4, 5, 6), **meta
    )
    report.cells = dict.fromkeys(report.cells, 0) | {f"s3.{k}": v for k, v in s3.items()}
    return report


def errors(report: Report) -> list[tuple[str, str, object, object]]:
    return [
        (f.rule, f.cells[0], f.expected, f.found)
        for f in check(report, today=TODAY)
        if f.severity is Severity.ERROR
    ]


def test_seed_000_total_row_all_zero_breaks_total_and_balance():
    """满洲里市人民政府办公室 2021: 3 applications received (1 自然人, 2 商业企业) and answered (1 部分公开, 2 国家秘密),
    but the （七）总计 row prints all 0."""
    report = report_2021(
        "满洲里市人民政府办公室",
        {
            "new.natural": 1,
            "new.business": 2,
            "new.total": 3,
            "partial.natural": 1,
            "partial.total": 1,
            "withheld.state_secret.business": 2,
            "withheld.state_secret.total": 2,
        },
        {
            1: "2021年度，市政府办公室接到依申请公开事件3件，已经全部答复完成。",
            5: "存在差距。",
            6: "2021年市政府办公室未收取信息处理费。",
        },
    )
    assert errors(report) == [
        ("s3.balance", "s3.new.natural", 1, 0),
        ("s3.balance", "s3.new.business", 2, 0),
        ("s3.balance", "s3.new.total", 3, 0),
        ("s3.total_is_sum", "s3.total.natural", 1, 0),
        ("s3.total_is_sum", "s3.total.business", 2, 0),
        ("s3.total_is_sum", "s3.total.total", 3, 0),
    ]
    balance = next(f for f in check(report, today=TODAY) if f.cells[0] == "s3.new.total")
    assert balance.message == "表三「总计」列：第一项加第二项之和（3）不等于第三项加第四项之和（0）"
    assert balance.cells == ("s3.new.total", "s3.carried_in.total", "s3.total.total", "s3.carried_out.total")
    warnings = [f.rule for f in check(report, today=TODAY) if f.severity is Severity.WARNING]
    assert warnings == ["section.overview_parts"]  # the one-sentence excerpt of section 一 above has no parts


def test_seed_004_outcomes_3_1_1_against_total_4_breaks_only_the_total():
    """宽城满族自治县人民政府办公室 2021: 4 received and 4 in （七）总计, but 3 予以公开 + 1 部分公开 + 1 不掌握 = 5."""
    report = report_2021(
        "宽城满族自治县人民政府办公室",
        {
            "new.natural": 4,
            "new.total": 4,
            "granted.natural": 3,
            "granted.total": 3,
            "partial.natural": 1,
            "partial.total": 1,
            "unavailable.not_held.natural": 1,
            "unavailable.not_held.total": 1,
            "total.natural": 4,
            "total.total": 4,
        },
        {1: "全年共受理依申请公开4件,均为自然人申请件。", 5: "存在不足。", 6: ""},
        published=dt.date(2022, 1, 31),
    )
    assert errors(report) == [
        ("s3.total_is_sum", "s3.total.natural", 5, 4),
        ("s3.total_is_sum", "s3.total.total", 5, 4),
    ]
    found = {f.rule: f for f in reversed(check(report, today=TODAY))}  # the first finding of each rule
    assert found["s3.total_is_sum"].message == "表三「自然人」列：（七）总计（4）不等于各项办理结果之和（5）"
    assert "publication.late" not in found  # 31 January is still on time
    assert found["section.missing"].message == "第六部分「其他需要报告的事项」没有内容"
    assert found["fee.statement_missing"].severity is Severity.INFO


def test_seed_003_blank_other_services_row_is_one_warning():
    """满洲里市应急管理局 2020 (2019 format) leaves the 其他对外管理服务事项 row of Table 二 empty."""
    report = Report.blank("2019", agency="满洲里市应急管理局", year=2020, prose=ZERO_PROSE)
    report.cells = dict.fromkeys(report.cells, 0) | dict.fromkeys(
        ("s2.other_services.last_year", "s2.other_services.change", "s2.other_services.decisions")
    )
    report.prose = {
        1: "本年度我局未收到依申请公开申请。",
        5: "存在不足。",
        6: "我局目前暂无其他需要报告的事项。",
    }
    found = check(report, today=TODAY)
    assert [(f.rule, f.severity, f.cells) for f in found] == [
        (
            "cell.blank",
            Severity.WARNING,
            ("s2.other_services.last_year", "s2.other_services.change", "s2.other_services.decisions"),
        )
    ]
    assert found[0].message == "表二「其他对外管理服务事项」未填写：上一年项目数量、本年增/减、处理决定数量"


def test_street_office_reporting_rules_gets_information():
    """兴华街道办事处 is township level: a non-zero 规章 row is implausible."""
    report = Report.blank("2019", agency="满洲里市人民政府兴华街道办事处", year=2020, prose=ZERO_PROSE)
    report.cells = dict.fromkeys(report.cells, 0) | {
        "s2.rules.made": 2,
        "s2.rules.published": 2,
        "s2.rules.total": 2,
    }
    found = [f for f in check(report, today=TODAY) if f.rule == "s2.rules_without_power"]
    assert [(f.severity, f.cells, f.found) for f in found] == [
        (Severity.INFO, ("s2.rules.made", "s2.rules.published", "s2.rules.total"), 6)
    ]
    report.agency = "满洲里市住房和城乡建设局"
    assert "s2.rules_without_power" not in {f.rule for f in check(report, today=TODAY)}


@pytest.mark.parametrize(
    ("name", "errors_expected"),
    [
        ("000_4adde12ab8e15d65", {"s3.balance", "s3.total_is_sum"}),
        ("001_eb4955ec489c8a4e", set()),
        ("002_2471a1f11e128d68", set()),
        ("003_e824e7fa6ddd1e25", set()),
        ("004_138be65b98b13b66", {"s3.total_is_sum"}),
        ("real-001", set()),
        ("real-002", {"s4.total_is_sum"}),  # 行政复议 and 复议后起诉 print 总计 0 over non-zero results
        ("real-003", set()),
    ],
)
def test_hand_transcribed_fixtures(name, errors_expected):
    """The cells transcribed by hand into tests/fixtures/expected/ (no parser involved)."""
    report = read_json((EXPECTED / f"{name}.json").read_bytes())
    assert {f.rule for f in check(report, today=TODAY) if f.severity is Severity.ERROR} == errors_expected
