"""Section 一 in the five parts of 国办公开办函〔2021〕30号, and a government's 第五十条（四） results, judged on the
prose of the seeds and of real published reports. Which parts each text covers was read by hand from its
section 一 (the headings quoted in the comments)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai.parsers import read_file
from gongkai.standard.report import Severity
from gongkai.standard.rules import RULES, check
from gongkai.standard.rules.prose import OVERVIEW_PARTS, is_government, overview_parts

from ..shared import real_report

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
TODAY = dt.date(2040, 1, 1)
ALL = [name for name, _ in OVERVIEW_PARTS]
MANAGEMENT, PLATFORM, SUPERVISION = "政府信息管理", "政府信息公开平台建设", "监督保障"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def findings(path: Path, rule_id: str, **meta):
    report = read_file(str(path))
    for key, value in meta.items():
        setattr(report, key, value)
    return [f for f in check(report, today=TODAY) if f.rule == rule_id]


@pytest.mark.parametrize(
    ("source", "missing"),
    [
        # （一）主动公开方面 … （五）监督保障方面
        (lambda: seed("000"), []),
        # (四)政府信息公开平台建设方面 in a county report
        (lambda: seed("004"), []),
        # (一)主动公开政府信息情况 … (五)监督保障情况
        (lambda: real_report("text/024.txt"), []),
        # (一)加大公开力度⏎…主动公开政府信息47条 … (四)加强公开平台建设 (五)加强监督保障工作
        (lambda: real_report("text/029.txt"), []),
        # （一）主动公开情况 … （五）政府信息公开监督保障情况, lines broken by the PDF
        (lambda: real_report("001.pdf"), []),
        (lambda: real_report("003.pdf"), []),
        # （一）突出抓好财政预决算公开 1.主动公开财政预算… （二）重点工作 （三）政府采购 （四）热点难点问题
        (lambda: real_report("text/004.txt"), ["依申请公开", MANAGEMENT, PLATFORM, SUPERVISION]),
        # （一）主动公开政府信息的情况 （二）政府信息依申请公开办理情况 （三）政府信息公开平台建设情况
        (lambda: real_report("text/005.txt"), [MANAGEMENT, SUPERVISION]),
        (lambda: real_report("text/006.txt"), [MANAGEMENT, SUPERVISION]),
        # （一）政府信息管理方面 （二）政府信息公开平台建设方面 （三）监督保障信息方面
        (lambda: real_report("text/011.txt"), ["主动公开", "依申请公开"]),
        # one paragraph, no headings: 法定主动公开政府信息共222条。收到政府信息公开申请4件…
        (lambda: real_report("text/030.txt"), [MANAGEMENT, PLATFORM, SUPERVISION]),
    ],
)
def test_the_five_parts_on_real_prose(source, missing):
    path = source()
    found = findings(path, "section.overview_parts")
    if not missing:
        assert found == []
        return
    (finding,) = found
    assert finding.found == [p for p in ALL if p not in missing]
    assert f"未分述{'、'.join(missing)}" in finding.message


def test_the_five_parts_are_a_warning_for_the_2021_format_only():
    assert RULES["section.overview_parts"].severity is Severity.WARNING
    # seed 003 (2020, the 60号 format) has （一）主动公开 （二）依申请公开 （三）政府信息管理 （四）监督保障: no 平台建设
    assert PLATFORM not in overview_parts(read_file(str(seed("003"))).prose[1])
    assert findings(seed("003"), "section.overview_parts") == []


def test_is_government():
    assert is_government("淮安市人民政府") and is_government("柞水县凤凰镇人民政府")
    assert not is_government("满洲里市人民政府办公室") and not is_government("淮安市统计局")


def test_a_governments_report_states_assessment_review_and_accountability():
    """Real reports of 人民政府 (淮安市 2024, 洪泽区 2023 and 2024) state none, or only 考核 (003: 纳入全区高质量发展
    考核内容); seed 000, filed as the 市人民政府's own, states all three (积极配合政务公开考核，社会评议较好，…被责任追究)."""
    assert RULES["section.government_results"].severity is Severity.WARNING
    for name, found in (("001.pdf", []), ("002.pdf", []), ("003.pdf", ["考核"])):
        (finding,) = findings(real_report(name), "section.government_results")
        assert finding.found == found and "第五十条第（四）项" in finding.message
    assert findings(seed("000"), "section.government_results", agency="满洲里市人民政府") == []
    # the same prose under the 办公室's own name: a department's report is not asked for them
    assert findings(real_report("001.pdf"), "section.government_results", agency="淮安市人民政府办公室") == []
