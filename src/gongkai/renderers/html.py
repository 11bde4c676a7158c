"""HTML output: the report laid out like the official tables, self-contained and printable.

The stylesheet is embedded (no CDN) and names the SC forms of Noto CJK so that WeasyPrint's PDF (pdf.py renders
this same HTML) uses Simplified Chinese glyphs; its @page rule prints 第 N 页 共 M 页 at the foot of each page.
"""

from __future__ import annotations

from html import escape

from ..standard.formats import SECTIONS
from ..standard.report import Report
from .layout import TITLE_SUFFIX, Grid, grids, meta_line, ocr_note, title, value_text

STYLE = """
@page { size: A4; margin: 22mm 18mm 24mm;
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; } }
html { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", serif;
  font-size: 11pt; line-height: 1.7; color: #000; }
body { max-width: 190mm; margin: 0 auto; padding: 0 4mm; }
h1 { font-size: 18pt; text-align: center; font-weight: bold; line-height: 1.5; margin: 0 0 1.2em; }
h1 span { display: block; }
h2 { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 13pt; margin: 1.2em 0 .5em;
  break-after: avoid; }
p { text-indent: 2em; margin: 0 0 .4em; text-align: justify; }
p.meta { text-indent: 0; text-align: center; font-size: 9.5pt; margin-top: -.8em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; font-size: 9.5pt; line-height: 1.35;
  page-break-inside: auto; }
th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle; }
th { font-weight: normal; text-align: center; }
th[scope="row"] { text-align: left; }
thead th { font-weight: bold; }
td { text-align: center; min-width: 2.2em; }
tr { page-break-inside: avoid; }
table.s2, table.s3, table.s4 { break-inside: avoid; }  /* each table block kept on one page */
@media print { body { max-width: none; padding: 0; } }
"""


def to_html(report: Report) -> bytes:
    spec = report.spec
    name = escape(title(report))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{name}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<article>",
        "<h1>"
        f"<span>{escape(report.agency or '')}</span><span>{escape(str(report.year or ''))}{TITLE_SUFFIX}</span>"
        "</h1>",
    ]
    if meta := meta_line(report):
        parts.append(f'<p class="meta">{escape(meta)}</p>')
    if note := ocr_note(report):
        parts.append(f'<p class="meta ocr">{escape(note)}</p>')
    for section in SECTIONS:
        parts.append(f'<section id="s{section.number}">')
        parts.append(f"<h2>{escape(section.title)}</h2>")
        if section.prose:
            parts += [f"<p>{escape(line)}</p>" for line in _paragraphs(report.prose.get(section.number))]
        elif spec:
            parts += [grid_html(g, report) for g in grids(spec, section.number)]
        parts.append("</section>")
    parts += ["</article>", "</body>", "</html>", ""]
    return "\n".join(parts).encode()


def _paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def grid_html(grid: Grid, report: Report) -> str:
    """A table with thead for the column headers; each value cell names its cell id in data-cell."""
    section, _, table = grid.key.partition(".")
    out = [f'<table class="{section}"' + (f' data-table="{table}">' if table else ">")]
    widths = sum(grid.widths)
    out.append("<colgroup>" + "".join(f'<col style="width:{w * 100 / widths:.1f}%">' for w in grid.widths))
    out.append("</colgroup>")
    for i, row in enumerate(grid.rows()):
        if i == 0 and grid.head:
            out.append("<thead>")
        if i == grid.head:
            out.append("<tbody>")
        out.append("<tr>")
        for slot in row:
            span = (f' colspan="{slot.colspan}"' if slot.colspan > 1 else "") + (
                f' rowspan="{slot.rowspan}"' if slot.rowspan > 1 else ""
            )
            if slot.cell_id:
                text = escape(value_text(report.cells.get(slot.cell_id)))
                out.append(f'<td data-cell="{slot.cell_id}"{span}>{text}</td>')
            else:
                scope = _scope(i < grid.head, slot.colspan > 1, slot.rowspan > 1)
                out.append(f"<th{scope}{span}>{escape(slot.text)}</th>")
        out.append("</tr>")
        if i == grid.head - 1:
            out.append("</thead>")
    out.append("</tbody></table>")
    return "".join(out)


def _scope(in_head: bool, wide: bool, tall: bool) -> str:
    if in_head:
        return ' scope="colgroup"' if wide else ' scope="col"'
    return ' scope="rowgroup"' if tall else ' scope="row"'
