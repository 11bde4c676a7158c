"""Small real attachments for demo items, made on the fly: a PDF (WeasyPrint, as the report renderer sets
type), a DOCX (python-docx) and an XLSX (openpyxl). Their text can be extracted, so the 保密审查 scan reads them,
and they carry no personal data (only the agency's own landline)."""

from __future__ import annotations

import io
import re
from html import escape

PDF_STYLE = """
@page { size: A4; margin: 25mm 22mm; }
html { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 12pt; line-height: 1.8; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 1em; }
p { text-indent: 2em; margin: 0 0 .5em; }
p.sign { text-align: right; text-indent: 0; margin-top: 2em; }
"""


def pdf(title: str, paragraphs: list[str], signature: str) -> bytes:
    from weasyprint import HTML  # half a second to import: only when a PDF is made

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{PDF_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}"
        f'<p class="sign">{escape(signature)}</p></body></html>'
    )
    return HTML(string=html).write_pdf()


def docx(title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx as python_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = python_docx.Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        grid.style = "Table Grid"
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(sheet_title: str, header: list[str], rows: list[list], note: str = "") -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # decimals as text: openpyxl stores 889.94 as 889.9400000000001, whose digits the 保密审查 can read
        # as a bank card number
        sheet.append([f"{v:.2f}" if isinstance(v, float) else v for v in row])
    if note:
        sheet.append([])
        sheet.append([note])
    for column, width in zip("ABCDEFGH", (28, 14, 14, 14, 14, 14, 14, 14), strict=False):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# column slug -> how many of the agency's most recent items there get an attachment
ATTACHED_COLUMNS = {
    "article20-1": 2,
    "article20-4": 3,
    "article20-7": 2,
    "article20-9": 2,
    "article20-12": 2,
    "article20-14": 2,
    "article20-11": 2,
}


# 第二十条（四） statistics: the indicators each kind of release tabulates (title word -> sheet, header, rows)
STATISTICS = {
    "居民消费价格": (
        "分类指数",
        ["类别", "同比指数（上年同月=100）", "环比指数（上月=100）"],
        [
            "居民消费价格总指数",
            "食品烟酒",
            "衣着",
            "居住",
            "生活用品及服务",
            "交通通信",
            "教育文化娱乐",
            "医疗保健",
        ],
        (97.0, 104.0),
    ),
    "规模以上工业": (
        "主要指标",
        ["指标", "累计值（亿元）", "同比增长（%）"],
        ["规模以上工业增加值", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "工业销售产值"],
        (5.0, 300.0),
    ),
    "统计公报": (
        "主要指标",
        ["指标", "数值", "同比增长（%）"],
        [
            "地区生产总值（亿元）",
            "规模以上工业增加值（亿元）",
            "社会消费品零售总额（亿元）",
            "固定资产投资（亿元）",
            "口岸进出口货运量（万吨）",
            "一般公共预算收入（亿元）",
        ],
        (50.0, 900.0),
    ),
}


def for_item(item, rng) -> tuple[str, bytes] | None:
    """The attachment an item of this column would carry on a real site (of the same subject and year as its
    title), or None."""
    agency, title = item.agency, item.title
    year = int(match.group(1)) if (match := re.search(r"(\d{4})年", title)) else item.written_on.year
    paragraphs = [p for p in item.body.splitlines() if p.strip()]
    slug = item.column.slug
    if slug in ("article20-1", "article20-12"):  # the signed document itself, as published
        return f"{title}.pdf", pdf(title, paragraphs, f"{agency.name}\n{item.written_on:%Y年%m月%d日}")
    if slug == "article20-4":
        kind = next((k for k in STATISTICS if k in title), "统计公报")
        sheet, header, names, (low, high) = STATISTICS[kind]
        if kind == "居民消费价格":
            rows = [
                [name, round(rng.uniform(low, high), 1), round(rng.uniform(99, 101), 1)] for name in names
            ]
        else:
            rows = [[name, round(rng.uniform(low, high), 1), round(rng.uniform(-3, 9), 1)] for name in names]
        return f"{title}数据表.xlsx", xlsx(sheet, header, rows, f"数据来源：{agency.name}")
    if slug == "article20-7":
        rows = [
            [name, round(rng.uniform(10, 900), 2), round(rng.uniform(5, 600), 2)]
            for name in (
                "一般公共服务支出",
                "公共安全支出",
                "社会保障和就业支出",
                "卫生健康支出",
                "住房保障支出",
            )
        ]
        if "决算" in title:
            header = ["功能分类科目", f"{year}年度决算数（万元）", "其中：基本支出（万元）"]
            return f"{year}年度部门决算公开表.xlsx", xlsx(
                "支出决算表", header, rows, f"编制单位：{agency.name}"
            )
        header = ["功能分类科目", f"{year}年预算数（万元）", "其中：基本支出（万元）"]
        return f"{year}年部门预算公开表.xlsx", xlsx("支出预算表", header, rows, f"编制单位：{agency.name}")
    if slug == "article20-9":
        supplier = paragraphs[-1].split("，")[0].removeprefix("成交供应商：")
        table = [
            ["项目名称", "成交供应商", "成交金额（万元）"],
            [title.removesuffix("成交结果公告"), supplier, f"{rng.uniform(1, 60):.2f}"],
        ]
        return "成交结果明细.docx", docx(title, paragraphs, table)
    if slug == "article20-14":
        table = [["姓名", "性别", "出生年月"], ["", "", ""], ["学历", "专业", "联系电话"], ["", "", ""]]
        return "附件：报名登记表.docx", docx(
            f"{agency.name}公开招聘工作人员报名登记表", ["（请如实填写，填写不实者取消资格）"], table
        )
    if slug == "article20-11":
        rows = [
            [place, rng.randint(8, 90), round(rng.uniform(3000, 60000), 2)]
            for place in ("道北社区", "道南社区", "光明社区", "向阳社区")
        ]
        return f"{title}汇总表.xlsx", xlsx(
            "汇总", ["社区", "户数", "金额（元）"], rows, "如有异议，请于公示之日起7日内反映。"
        )
    return None
