"""JSON, CSV and XLSX give back every cell exactly, and the exports have the documented shape."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gongkai.parsers.structured import StructuredError, read_csv, read_json, read_xlsx
from gongkai.renderers import render
from gongkai.renderers.tabular import CELL_COLUMNS, COLUMNS, META_COLUMNS, to_csv, to_xlsx
from gongkai.standard.formats import FORMAT_2019, FORMAT_2021, FORMATS
from gongkai.standard.report import Report, Severity
from tests.strategies import reports


def _same_row(back: Report, report: Report) -> None:
    assert back.cells == report.cells
    assert [type(v) for v in back.cells.values()] == [type(v) for v in report.cells.values()]
    assert (back.format, back.agency, back.year, back.published, back.index_number, back.source) == (
        report.format,
        report.agency,
        report.year,
        report.published,
        report.index_number,
        report.source,
    )


@settings(max_examples=40, deadline=None)
@given(reports())
def test_json_round_trip_gives_an_equal_report(report):
    assert read_json(render(report, "json")) == report


def test_json_is_readable_utf8_with_the_as_dict_shape():
    report = Report.blank("2021", agency="淮安市人民政府办公室", year=2024)
    report.cells["s2.fees.amount"] = Decimal("433.90")
    data = render(report, "json")
    assert "淮安市人民政府办公室".encode() in data
    assert b'"s2.fees.amount": 433.9' in data
    assert b'"s3.new.natural": null' in data


@settings(max_examples=15, deadline=None)
@given(st.lists(reports(), min_size=1, max_size=4))
def test_csv_round_trip_gives_back_every_cell(batch):
    back = read_csv(to_csv(batch))
    assert len(back) == len(batch)
    for b, r in zip(back, batch, strict=True):
        _same_row(b, r)


@settings(max_examples=10, deadline=None)
@given(st.lists(reports(), min_size=1, max_size=4))
def test_xlsx_round_trip_gives_back_every_cell(batch):
    back = read_xlsx(to_xlsx(batch))
    assert len(back) == len(batch)
    for b, r in zip(back, batch, strict=True):
        _same_row(b, r)


def test_export_columns_are_meta_then_2021_ids_then_2019_only_ids():
    assert COLUMNS[: len(META_COLUMNS)] == (
        "file",
        "agency",
        "year",
        "format",
        "published",
        "index_number",
        "error_count",
        "warning_count",
        "ocr",
    )
    assert CELL_COLUMNS[: len(FORMAT_2021.cell_ids)] == FORMAT_2021.cell_ids
    only_2019 = [i for i in FORMAT_2019.cell_ids if i not in FORMAT_2021.cell_ids]
    assert list(CELL_COLUMNS[len(FORMAT_2021.cell_ids) :]) == only_2019
    assert len(set(CELL_COLUMNS)) == len(CELL_COLUMNS)


@given(reports("2019"))
@settings(max_examples=5, deadline=None)
def test_csv_blank_is_empty_and_money_is_the_exact_decimal(report):
    report.cells["s2.procurement.amount"] = Decimal("1234.50")
    report.cells["s3.new.natural"] = None
    report.cells["s2.fees.change"] = -3
    (row,) = csv.DictReader(io.StringIO(to_csv([report]).decode("utf-8-sig")))
    assert row["s2.procurement.amount"] == "1234.50"
    assert row["s3.new.natural"] == ""
    assert row["s2.fees.change"] == "-3"
    assert row["s2.fees.amount"] == ""  # a 2021-only column of a 2019 report


def test_finding_counts_by_severity():
    from gongkai.standard.report import Finding

    report = Report.blank("2021", agency="某局", year=2022)
    report.findings = [
        Finding("s3.balance", Severity.ERROR, "不平衡"),
        Finding("s3.row_total", Severity.ERROR, "合计不符"),
        Finding("cell.blank", Severity.WARNING, "空白"),
        Finding("x", Severity.INFO, "提示"),
    ]
    (row,) = csv.DictReader(io.StringIO(to_csv([report]).decode("utf-8-sig")))
    assert (row["error_count"], row["warning_count"]) == ("2", "1")


def test_xlsx_money_is_a_number_and_the_notes_sheet_explains_every_column():
    report = Report.blank("2021", agency="某局", year=2022)
    report.cells["s2.fees.amount"] = Decimal("12.34")
    report.cells["s3.new.natural"] = 5
    wb = load_workbook(io.BytesIO(to_xlsx([report])))
    data, notes = wb["报告"], wb["说明"]
    header = [c.value for c in data[1]]
    assert header == list(COLUMNS)
    values = dict(zip(header, (c.value for c in data[2]), strict=True))
    assert values["s2.fees.amount"] == 12.34
    assert data.cell(2, header.index("s2.fees.amount") + 1).data_type == "n"
    assert values["s3.new.natural"] == 5
    assert values["s3.new.business"] is None
    described = {row[0].value: row for row in notes.iter_rows(min_row=2)}
    assert set(described) == set(COLUMNS)
    assert described["s3.withheld.state_secret.natural"][3].value == "（三）不予公开 1.属于国家秘密·自然人"
    assert described["s2.fees.amount"][1].value == "2021"
    assert described["s2.fees.change"][1].value == "2019"
    assert described["s3.new.natural"][1].value == "、".join(sorted(FORMATS))


def test_bad_input_gives_a_clear_error_not_a_traceback():
    for read, data in (
        (read_json, b"{not json"),
        (read_json, b"[1, 2]"),
        (read_json, b'{"format": "2021", "cells": {"s3.new.natural": "x"}}'),
        (read_csv, b"a,b\n1,2\n"),
        (read_csv, b"\xff\xfe\x00garbage"),
        (read_xlsx, b"PK\x03\x04 not a zip"),
        (read_xlsx, to_csv([Report.blank("2021")])),
    ):
        with pytest.raises(StructuredError) as info:
            read(data)
        assert "gongkai" in str(info.value) or "不是" in str(info.value)
