"""The 政府信息公开目录 (条例第十二条: 索引、名称、内容概述、生成日期) as a document an agency hands over, files and
publishes: XLSX and CSV (UTF-8 with BOM, so Excel reads Chinese), one row per published item, oldest first."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gongkai_platform.agencies.models import Agency
from gongkai_platform.catalogue.models import Disclosure, InformationItem, State

# (header, width in characters): the four columns of 第十二条 first, then what agencies' 目录 add.
COLUMNS = [
    ("索引号", 30),
    ("名称", 50),
    ("内容概述", 50),
    ("生成日期", 12),
    ("发布机构", 24),
    ("主题分类", 28),
    ("体裁分类", 12),
    ("文号", 20),
    ("发布日期", 12),
    ("公开属性", 10),
    ("公开方式", 18),
    ("有效性", 8),
    ("栏目", 24),
]
FORMATS = {
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (".csv", "text/csv; charset=utf-8"),
}


def items_of(agency: Agency) -> QuerySet[InformationItem]:
    """What the 目录 lists: the agency's published items, 主动公开 and 依申请公开 (by name and description);
    withdrawn and 不予公开 items are not in it."""
    return (
        InformationItem.objects.filter(agency=agency, state=State.PUBLISHED)
        .exclude(disclosure=Disclosure.WITHHELD)
        .select_related("agency", "column__parent", "topic__parent", "genre__parent")
        .order_by("published_on", "index_serial", "pk")
    )


def rows(items) -> list[tuple[str, ...]]:
    """生成日期 is the 成文日期 (the 实施指引's 产生日期 of a document), else the 发布日期."""
    return [
        (
            item.index_number or "",
            item.title,
            item.summary,
            (item.written_on or item.published_on).isoformat(),
            item.publisher_name,
            item.topic_path,
            item.genre_path,
            item.doc_number,
            item.published_on.isoformat(),
            item.get_disclosure_display(),
            item.channel_labels(),
            item.get_validity_display(),
            str(item.column),
        )
        for item in items
    ]


def filename(agency: Agency, fmt: str) -> str:
    return f"{agency.name}政府信息公开目录{FORMATS[fmt][0]}"


def to_csv(agency: Agency) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([header for header, _ in COLUMNS])
    writer.writerows(rows(items_of(agency)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(agency: Agency) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "政府信息公开目录"
    sheet.append([f"{agency.name}政府信息公开目录"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([header for header, _ in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows(items_of(agency)):
        sheet.append(row)
    for i, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    book.properties.title = f"{agency.name}政府信息公开目录"
    book.properties.creator = agency.name
    data = BytesIO()
    book.save(data)
    return data.getvalue()


def export(agency: Agency, fmt: str) -> tuple[bytes, str, str]:
    """(content, file name, media type) of the 目录 in `fmt` ("xlsx" or "csv")."""
    content = to_xlsx(agency) if fmt == "xlsx" else to_csv(agency)
    return content, filename(agency, fmt), FORMATS[fmt][1]
