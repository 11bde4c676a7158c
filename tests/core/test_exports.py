"""Exports a person can use: the XLSX's per-report sheets in the national layout and its findings sheet, the CSV's
Chinese headers, severity words shared by every output, and two files of one report counted once.

Oracles are the hand transcriptions (tests/fixtures/expected/) and the official labels written out here.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gongkai.parsers import read_file
from gongkai.renderers.docx import to_docx
from gongkai.renderers.tabular import COLUMNS, chinese_headers, sheet_name, to_csv, to_xlsx
from gongkai.standard import similarity
from gongkai.standard.report import Report, Severity
from gongkai.standard.rules import check
from tests.core.test_cli import SEED, gongkai
from tests.core.test_seed_parsing import EXPECTED
from tests.shared import real_report


def _audited(path) -> Report:
    report = read_file(path)
    report.findings += check(report)
    return report


@pytest.fixture(scope="module")
def batch() -> list[Report]:
    return [
        _audited(real_report("web/001.html")),
        _audited(real_report("web/007.html")),
        _audited(SEED["000"]),
    ]


@pytest.fixture(scope="module")
def workbook(batch):
    return load_workbook(io.BytesIO(to_xlsx(batch)))


def _right_of(ws, label: str, n: int) -> list:
    """The n values right of the first cell holding `label` (merged label cells span several columns)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == label:
                values = [c.value for c in row[cell.column :] if c.value is not None]
                return values[:n]
    raise AssertionError(f"{label} not in {ws.title}")


def _texts(ws) -> set:
    return {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def test_sheets_data_first_then_findings_notes_and_one_per_report(workbook):
    assert workbook.sheetnames == [
        "报告",
        "问题",
        "说明",
        "1 平潭综合实验区金井片区管理局 2019",
        "2 平潭综合实验区国有资产管理局 2023",
        "3 满洲里市人民政府办公室 2021",
    ]
    assert [c.value for c in workbook["报告"][1]] == list(COLUMNS)  # researchers script against the ids


def test_report_sheet_in_the_national_layout_2019(workbook):
    ws = workbook["1 平潭综合实验区金井片区管理局 2019"]
    assert ws["A1"].value == "平潭综合实验区金井片区管理局2019年政府信息公开工作年度报告"
    official = {
        "二、主动公开政府信息情况",
        "第二十条第（九）项",
        "信息内容",
        "采购项目数量",
        "采购总金额",
        "其他对外管理服务事项",
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
        "法人或其他组织",
        "三、本年度办理结果",
        "（六）其他处理",
        "四、政府信息公开行政复议、行政诉讼情况",
        "未经复议直接起诉",
        "复议后起诉",
    }
    assert official <= _texts(ws)
    assert _right_of(ws, "政府集中采购", 2) == [3, 14.723]  # 147230元 as 万元, typed from the page
    assert _right_of(ws, "规章", 3) == [0, 0, 0]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert any(r.startswith("A") and ":A" in r for r in merged)  # 三、本年度办理结果 spans its rows


def test_report_sheet_values_are_the_transcribed_cells_2021(workbook):
    expected = json.loads((EXPECTED / "000_4adde12ab8e15d65.json").read_text(encoding="utf-8"))["cells"]
    ws = workbook["3 满洲里市人民政府办公室 2021"]
    columns = ("natural", "business", "research", "social", "legal", "other_org", "total")
    assert _right_of(ws, "一、本年新收政府信息公开申请数量", 7) == [expected[f"s3.new.{c}"] for c in columns]
    assert _right_of(ws, "1.属于国家秘密", 7) == [expected[f"s3.withheld.state_secret.{c}"] for c in columns]
    assert _right_of(ws, "行政规范性文件", 3) == [
        expected[f"s2.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")
    ]
    assert {"本年制发件数", "本年收费金额（单位：万元）", "3.其他"} <= _texts(ws)
    ws7 = workbook["2 平潭综合实验区国有资产管理局 2023"]
    assert _right_of(ws7, "行政规范性文件", 3) == [6, 1, 26]


def test_findings_sheet_in_the_cli_words(workbook, batch):
    ws = workbook["问题"]
    header = [c.value for c in ws[1]]
    assert header == ["文件", "机关", "年度", "级别", "规则", "说明", "单元格", "应为", "实为"]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    seed = [r for r in rows if r["机关"] == "满洲里市人民政府办公室"]
    assert len(seed) == len(batch[2].findings) > 0
    assert {r["级别"] for r in seed} <= {"错误", "警告", "提示"}
    balance = [r for r in seed if r["规则"] == "s3.balance"]
    assert balance and all(r["级别"] == "错误" for r in balance)
    assert seed[0]["级别"] == "错误"  # errors first
    assert not [r for r in rows if r["机关"] != "满洲里市人民政府办公室"]  # the two correct pages have none


def test_severity_words_are_one_mapping():
    assert {s: s.label for s in Severity} == {
        Severity.ERROR: "错误",
        Severity.WARNING: "警告",
        Severity.INFO: "提示",
    }
    out = gongkai("audit", str(SEED["000"]))
    assert "  错误  s3.balance" in out.stdout


def test_sheet_names_are_unique_and_valid():
    taken: set[str] = set()
    long = Report(agency="某某省某某市某某县某某乡镇人民政府办公室党政综合办公室", year=2021)
    names = [sheet_name(n, r, taken) for n, r in enumerate([long, long, Report(source="a/b:c?.pdf")], 1)]
    assert len(set(names)) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert names[0].endswith(" 2021")


def test_csv_with_chinese_headers(batch):
    ids = list(csv.reader(io.StringIO(to_csv(batch).decode("utf-8-sig"))))
    zh = list(csv.reader(io.StringIO(to_csv(batch, headers="zh").decode("utf-8-sig"))))
    assert ids[0] == list(COLUMNS)
    assert zh[0] == list(chinese_headers()) and len(set(zh[0])) == len(zh[0]) == len(COLUMNS)
    assert zh[1:] == ids[1:]
    header = dict(zip(ids[0], zh[0], strict=True))
    assert header["agency"] == "机关名称"
    assert header["s3.new.natural"] == "表三·一、本年新收政府信息公开申请数量·自然人"
    assert header["s2.procurement.amount"] == "表二第二十条第（九）项·政府集中采购·采购总金额"
    row = dict(zip(zh[0], zh[1], strict=True))
    assert row["机关名称"] == "平潭综合实验区金井片区管理局"
    assert Decimal(row["表二第二十条第（九）项·政府集中采购·采购总金额"]) == Decimal("14.723")


def test_cli_csv_headers_option_and_help(tmp_path):
    out = gongkai("audit", str(SEED["001"]), "--csv", str(tmp_path / "a.csv"), "--csv-headers", "zh")
    assert out.returncode == 0, out.stderr
    header = next(csv.reader(io.StringIO((tmp_path / "a.csv").read_text(encoding="utf-8-sig"))))
    assert header[:3] == ["来源文件", "机关名称", "报告年度"]
    helptext = gongkai("audit", "--help").stdout
    assert "退出状态" in helptext
    for code in ("0  审查完成", "1  审查完成", "2  命令行有误"):
        assert code in helptext


def test_pdf_and_docx_of_one_report_are_one_report_not_a_copy(tmp_path):
    """The real PDF of 淮安市人民政府 2024 and a DOCX of the same report: same agency, year and cells."""
    pdf = tmp_path / "淮安市2024年报.pdf"
    shutil.copy(real_report("001.pdf"), pdf)
    report = read_file(pdf)
    (tmp_path / "淮安市2024年报.docx").write_bytes(to_docx(report))
    out = gongkai("audit", "--json", str(tmp_path))
    reports = json.loads(out.stdout)
    rules = [[f["rule"] for f in r["findings"]] for r in reports]
    assert not [r for rs in rules for r in rs if r == "prose.copied"]
    assert [rs.count(similarity.DUPLICATE_RULE) for rs in rules] == [0, 1]  # the later file names the earlier
    assert "2 份文件（1 份报告）" in out.stderr


def test_equal_cells_of_different_agencies_are_not_one_report():
    """Small agencies print all-zero tables: equal cells without the same agency prove nothing."""
    a = Report.blank("2021", agency="甲镇人民政府", year=2022)
    b = Report.blank("2021", agency="乙镇人民政府", year=2022)
    for r in (a, b):
        r.cells = dict.fromkeys(r.cells, 0)
    assert similarity.duplicates([a, b]) == {}
    b.agency = "甲镇 人民政府"
    assert similarity.duplicates([a, b]) == {1: 0}
    b.cells["s3.new.natural"] = 1
    assert similarity.duplicates([a, b]) == {}
