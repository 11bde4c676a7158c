"""An AnnualReport as the core's Report and back: cells in JSON keep money as a decimal string."""

from __future__ import annotations

from decimal import Decimal

from gongkai.standard.formats import FORMATS
from gongkai.standard.report import Report, coerce

from gongkai_platform.annual_reports.models import AnnualReport


def cells_to_json(cells: dict) -> dict:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in cells.items()}


def cells_from_json(format_id: str, cells: dict) -> dict:
    spec = FORMATS[format_id]
    out = dict.fromkeys(spec.cell_ids)
    for cell in spec.cells:
        value = cells.get(cell.id)
        out[cell.id] = coerce(cell.kind, value) if value is not None else None
    return out


def to_core(report: AnnualReport) -> Report:
    return Report(
        format=report.format,
        agency=report.agency.name,
        year=report.year,
        published=report.published_on,
        index_number=report.index_number or None,
        prose={n: text for n, text in report.prose.items() if text},
        cells=cells_from_json(report.format, report.cells),
        source=report.imported_name or None,
    )
