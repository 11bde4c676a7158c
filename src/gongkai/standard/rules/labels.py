"""How rule messages name tables, rows and columns (Chinese, as printed in the report)."""

from __future__ import annotations

from ..formats import Format, Row, Table

_RESULTS = "三、本年度办理结果"


def row_label(row: Row) -> str:
    """「（三）不予公开 1.属于国家秘密」; the results group is implied by the row's own （n） label."""
    label = row.label.split("（区分处理")[0]
    return f"{row.group} {label}" if row.group and row.group != _RESULTS else label


def s3_table(spec: Format) -> Table:
    return spec.tables_in(3)[0]


def s4_table(spec: Format) -> Table:
    return spec.tables_in(4)[0]
