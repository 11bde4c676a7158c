"""The error rules of FORMATS.md and the prose check the platform needs, until gongkai.standard.rules lands.

Delete this module when `gongkai.standard.rules.check` exists: checks.rules() already prefers it.
"""

from __future__ import annotations

import re

from gongkai.standard.formats import APPLICANT_COLUMNS, S3_COLUMNS, S4_ROWS, outcome_rows
from gongkai.standard.report import Finding, Report, Severity

_LABEL = {c.key: c.label for c in S3_COLUMNS}
_NEW_IN_PROSE = re.compile(r"新收[^，。；,;]{0,12}?申请\s*(\d+)\s*件")


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    spec = report.spec
    if spec is None:
        return [Finding("format.version", Severity.ERROR, "无法确定报告格式")]
    v = report.get
    found: list[Finding] = []
    columns = [c.key for c in S3_COLUMNS]
    for cell_id in spec.cell_ids:
        if v(cell_id) is None:
            found.append(
                Finding("cell.blank", Severity.WARNING, f"“{spec.by_id[cell_id].label}”未填写", (cell_id,))
            )
    n = lambda cid: v(cid) or 0  # noqa: E731
    for col in columns:
        left = n(f"s3.new.{col}") + n(f"s3.carried_in.{col}")
        right = n(f"s3.total.{col}") + n(f"s3.carried_out.{col}")
        if left != right:
            found.append(
                Finding(
                    "s3.balance",
                    Severity.ERROR,
                    f"表三“{_LABEL[col]}”列：新收 + 上年结转（{left}）不等于办理结果总计 + 结转下年度（{right}）",
                    (f"s3.new.{col}", f"s3.carried_in.{col}", f"s3.total.{col}", f"s3.carried_out.{col}"),
                    left,
                    right,
                )
            )
        outcomes = sum(n(f"s3.{row.key}.{col}") for row in outcome_rows(spec))
        if outcomes != n(f"s3.total.{col}"):
            found.append(
                Finding(
                    "s3.total_is_sum",
                    Severity.ERROR,
                    f"表三“{_LABEL[col]}”列：总计（{n(f's3.total.{col}')}）不等于各项办理结果之和（{outcomes}）",
                    (f"s3.total.{col}",),
                    outcomes,
                    n(f"s3.total.{col}"),
                )
            )
    for row in spec.tables_in(3)[0].rows:
        parts = sum(n(f"s3.{row.key}.{c}") for c in APPLICANT_COLUMNS)
        if parts != n(f"s3.{row.key}.total"):
            found.append(
                Finding(
                    "s3.row_total",
                    Severity.ERROR,
                    f"表三“{row.label}”行：总计不等于各类申请人之和（{parts}）",
                    (f"s3.{row.key}.total",),
                    parts,
                    n(f"s3.{row.key}.total"),
                )
            )
    for row in S4_ROWS:
        parts = sum(n(f"s4.{row.key}.{c}") for c in ("upheld", "corrected", "other", "pending"))
        if parts != n(f"s4.{row.key}.total"):
            found.append(
                Finding(
                    "s4.total_is_sum",
                    Severity.ERROR,
                    f"表四“{row.label}”：总计不等于各项结果之和（{parts}）",
                    (f"s4.{row.key}.total",),
                    parts,
                    n(f"s4.{row.key}.total"),
                )
            )
    for match in _NEW_IN_PROSE.finditer(report.prose.get(1, "")):
        stated, table = int(match.group(1)), v("s3.new.total")
        if table is not None and stated != table:
            found.append(
                Finding(
                    "prose.contradicts_tables",
                    Severity.WARNING,
                    f"“一、总体情况”称新收申请{stated}件，表三为{table}件",
                    ("s3.new.total",),
                    table,
                    stated,
                )
            )
    if previous is not None and previous.year == (report.year or 0) - 1:
        for col in columns:
            before, now = previous.get(f"s3.carried_out.{col}"), v(f"s3.carried_in.{col}")
            if before is not None and now is not None and before != now:
                found.append(
                    Finding(
                        "continuity.carried",
                        Severity.ERROR,
                        f"表三“{_LABEL[col]}”列：上年结转（{now}）不等于上一年度报告的结转下年度（{before}）",
                        (f"s3.carried_in.{col}",),
                        before,
                        now,
                    )
                )
    return found
