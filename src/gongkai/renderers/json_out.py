"""JSON output: `Report.as_dict()`, the shape of `gongkai audit --json`, as UTF-8 text."""

from __future__ import annotations

import json

from ..standard.report import Report


def to_json(report: Report) -> bytes:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode()
