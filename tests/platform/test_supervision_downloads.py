"""The supervisor's downloads over HTTP: the roll-up as the core's export (one row per report under cell ids, a
findings sheet, a sheet per report in the national layout). The bulk audit's are in test_bulk_audit_jobs.py."""

import io
from pathlib import Path

import openpyxl
import pytest
import reports_world
from test_annual_reports_views import act, client_for

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
YEAR = 2025


@pytest.fixture
def world(db):
    return reports_world.build()


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
