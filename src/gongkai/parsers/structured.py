"""Readers for gongkai's own structured outputs (JSON, CSV, XLSX): they give back exactly what was written.

A file that is not such an output raises StructuredError (a ValueError) with a Chinese message for the user.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import wraps

from openpyxl import load_workbook

from ..standard.formats import FORMATS
from ..standard.report import SOURCED, Finding, Report, Severity, coerce


class StructuredError(ValueError):
    """The bytes are not a gongkai JSON/CSV/XLSX output; the message says so in Chinese."""


def _guarded(kind: str) -> Callable:
    def wrap(read: Callable) -> Callable:
        @wraps(read)
        def guarded(data: bytes):
            try:
                return read(data)
            except (
                ValueError,
                KeyError,
                TypeError,
                AttributeError,
                InvalidOperation,
                zipfile.BadZipFile,
            ) as exc:
                if isinstance(exc, StructuredError):
                    raise
                raise StructuredError(f"不是有效的 gongkai {kind} 导出文件：{type(exc).__name__}") from exc

        return guarded

    return wrap


@_guarded("JSON")
def read_json(data: bytes) -> Report:
    """A report from `Report.as_dict()` JSON; decimals are parsed as Decimal so money stays exact."""
    d = json.loads(data, parse_float=Decimal)
    if not isinstance(d, dict):
        raise StructuredError("JSON 顶层不是报告对象")
    spec = FORMATS.get(d.get("format") or "")
    cells = {}
    for cell_id, value in (d.get("cells") or {}).items():
        cell = spec.by_id.get(cell_id) if spec else None
        cells[cell_id] = coerce(cell.kind, value) if cell else value
    return Report(
        format=d.get("format"),
        agency=d.get("agency"),
        year=d.get("year"),
        published=_date(d.get("published")),
        index_number=d.get("index_number"),
        **{f"{key}_source": d.get(f"{key}_source") for key in SOURCED},
        prose={int(k): v for k, v in (d.get("prose") or {}).items()},
        cells=cells,
        findings=[_finding(f) for f in d.get("findings") or []],
        source=d.get("file"),
        confidence={k: float(v) for k, v in (d.get("ocr_confidence") or {}).items()},
    )


def _finding(d: dict) -> Finding:
    return Finding(
        rule=d["rule"],
        severity=Severity(d["severity"]),
        message=d["message"],
        cells=tuple(d.get("cells") or ()),
        expected=_plain(d.get("expected")),
        found=_plain(d.get("found")),
    )


def _plain(value: object) -> object:
    """JSON numbers came back as Decimal (parse_float); a whole one is the int `as_dict` wrote."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


@_guarded("CSV")
def read_csv(data: bytes) -> list[Report]:
    """The reports of a researcher's export; findings are not in it, only their counts."""
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    if "format" not in (rows.fieldnames or ()):
        raise StructuredError("CSV 缺少 format 列，不是 gongkai 导出文件")
    return [_from_row(row) for row in rows]


@_guarded("XLSX")
def read_xlsx(data: bytes) -> list[Report]:
    ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h) for h in next(rows, ())]
    if "format" not in header:
        raise StructuredError("XLSX 第一个工作表缺少 format 列，不是 gongkai 导出文件")
    return [
        _from_row(dict(zip(header, row, strict=False))) for row in rows if any(v is not None for v in row)
    ]


def _from_row(row: dict[str, object]) -> Report:
    format_id = _text(row.get("format"))
    spec = FORMATS.get(format_id or "")
    cells = {}
    if spec:
        for cell in spec.cells:
            value = row.get(cell.id)
            if isinstance(value, float):
                value = repr(value)
            cells[cell.id] = coerce(cell.kind, value)
    year = row.get("year")
    return Report(
        format=format_id,
        agency=_text(row.get("agency")),
        year=int(year) if year not in (None, "") else None,
        published=_date(row.get("published")),
        index_number=_text(row.get("index_number")),
        cells=cells,
        source=_text(row.get("file")),
    )


def _text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
