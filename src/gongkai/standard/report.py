"""The report model every parser produces and every renderer and rule consumes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .formats import FORMATS, Format, Kind

Value = int | Decimal | None  # None: the report leaves the cell blank (never read as 0)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word for the severity, the same in the CLI, the web pages and every export."""
        return SEVERITY_LABELS[self]


SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True)
class Finding:
    """One thing wrong with (or worth knowing about) a report. `rule` is a stable id, `message` Chinese."""

    rule: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = ()
    expected: object = None
    found: object = None

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "cells": list(self.cells),
            "message": self.message,
            "expected": _jsonable(self.expected),
            "found": _jsonable(self.found),
        }


PROSE_SECTIONS = (1, 5, 6)
SOURCED = ("agency", "year", "published", "index_number")  # metadata fields that record where they were read


@dataclass
class Report:
    """An annual report: metadata, the prose of sections 一/五/六 and every cell of its format.

    `cells` maps every cell id of the format to its value; a cell the document leaves blank or that could not be
    read is None (parse findings say which). `findings` holds what the parser found; rules add their own.
    """

    format: str | None = None
    agency: str | None = None
    year: int | None = None
    published: dt.date | None = None
    index_number: str | None = None  # 索引号
    # where each of the four was read: "page_metadata", "title", "prose" or "file_name" (parsers.metadata.Source)
    agency_source: str | None = None
    year_source: str | None = None
    published_source: str | None = None
    index_number_source: str | None = None
    prose: dict[int, str] = field(default_factory=dict)  # section number (1, 5, 6) -> text
    cells: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    source: str | None = None  # the file it was read from
    sections_found: tuple[int, ...] = ()  # headings the parser saw, in order
    confidence: dict[str, float] = field(default_factory=dict)  # cell id -> OCR confidence (0-1), scans only

    @property
    def spec(self) -> Format | None:
        return FORMATS.get(self.format) if self.format else None

    @classmethod
    def blank(cls, format_id: str, **meta) -> Report:
        """A report of `format_id` with every cell blank."""
        return cls(format=format_id, cells=dict.fromkeys(FORMATS[format_id].cell_ids), **meta)

    def as_dict(self) -> dict:
        """The JSON shape of `gongkai audit --json` (money as a number in 万元); a scanned report adds
        `ocr_confidence`, each OCR'd cell's confidence."""
        shape = {
            "file": self.source,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "published": self.published.isoformat() if self.published else None,
            "index_number": self.index_number,
            **{f"{key}_source": getattr(self, f"{key}_source") for key in SOURCED},
            "cells": {k: _jsonable(v) for k, v in self.cells.items()},
            "prose": {str(k): v for k, v in sorted(self.prose.items())},
            "findings": [f.as_dict() for f in self.findings],
        }
        if self.confidence:
            shape["ocr_confidence"] = {k: round(v, 3) for k, v in self.confidence.items()}
        return shape


def coerce(kind: Kind, value: object) -> Value:
    """A JSON/CSV value as the cell kind's Python type."""
    if value is None or value == "":
        return None
    if kind is Kind.MONEY:
        return Decimal(str(value))
    return int(value)


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple):
        return list(value)
    return value
