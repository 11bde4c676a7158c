"""The supervisor's downloads over HTTP: the bulk audit and the roll-up as the core's export (one row per report
under cell ids, a findings sheet, a sheet per report in the national layout), severity words as everywhere."""

import csv
import io
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
import reports_world
from test_annual_reports_views import act, client_for

from gongkai.renderers.tabular import COLUMNS

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
YEAR = 2025


@pytest.fixture
def world(db):
    return reports_world.build()


def _upload(names=("000", "001")):
    files = []
    for path in sorted(SEEDS.glob("*.txt")):
        if path.name[:3] in names:
            f = io.BytesIO(path.read_bytes())
            f.name = path.name
            files.append(f)
    return files


def test_bulk_audit_downloads_the_xlsx_people_can_read(world, client):
    c = client_for(client, world["users"]["supervisor"])
    response = c.post("/supervision/audit/", {"files": _upload(), "download": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "年度报告批量检查-" in unquote(response["Content-Disposition"])
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["报告", "问题", "说明"]
    assert book.sheetnames[3:] == ["1 满洲里市人民政府办公室 2021", "2 满洲里市统计局 2020"]
    assert [c.value for c in book["报告"][1]] == list(COLUMNS)
    findings = [[c.value for c in row] for row in book["问题"].iter_rows(min_row=2)]
    balance = [r for r in findings if r[4] == "s3.balance"]
    assert (
        balance
        and {r[3] for r in balance} == {"错误"}
        and {r[1] for r in balance} == {"满洲里市人民政府办公室"}
    )
    layout = book["2 满洲里市统计局 2020"]
    texts = {c.value for row in layout.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"第二十条第（九）项", "政府集中采购", "申请人情况", "（六）其他处理"} <= texts


def test_bulk_audit_csv_with_chinese_headers(world, client):
    c = client_for(client, world["users"]["supervisor"])
    response = c.post("/supervision/audit/", {"files": _upload(("001",)), "download": "csv-zh"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["来源文件", "机关名称", "报告年度"] and rows[1][1] == "满洲里市统计局"


def test_bulk_audit_page_uses_the_same_severity_words(world, client):
    c = client_for(client, world["users"]["supervisor"])
    page = c.post("/supervision/audit/", {"files": _upload(("000",))}).content.decode()
    assert "错误：" in page and "检查并下载 XLSX" in page
    assert "提示：表三" not in page  # an error is not called 提示 any more


def test_rollup_xlsx_holds_the_rollup_and_every_agency_report(world, client):
    act(client_for(client, world["users"]["editor"]), "generate")
    c = client_for(client, world["users"]["supervisor"])
    response = c.get(f"/supervision/manzhouli/{YEAR}/rollup/?format=xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data = book["报告"]
    header = [c.value for c in data[1]]
    agencies = [row[header.index("agency")].value for row in data.iter_rows(min_row=2)]
    assert agencies[0] == "满洲里市（汇总）" and "满洲里市统计局" in agencies
    assert book.sheetnames[3].startswith("1 满洲里市（汇总）")
    zh = c.get(f"/supervision/manzhouli/{YEAR}/rollup/?format=csv-zh").content.decode("utf-8-sig")
    assert zh.splitlines()[0].startswith("来源文件,机关名称")
