"""A hypothesis generator of consistent reports: every relation the rules check holds, by construction.

Built from random outcome counts per applicant column, so the 总计 column and row, the Table 三 balance and the
Table 四 totals are sums; Table 二 satisfies its plausibility relations and the prose agrees with the tables.
Given last year's report, the cross-year relations hold too.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from gongkai.standard.formats import APPLICANT_COLUMNS, FORMATS, S4_COLUMNS, S4_ROWS, Kind, outcome_rows
from gongkai.standard.report import Report

AGENCIES = ("满洲里市统计局", "淮安市教育局", "北京市海淀区人民政府办公室", "上海市浦东新区财政局")
YEARS = {"2019": (2019, 2020), "2021": (2021, 2030)}
counts = st.integers(0, 50)


def _s3(draw, spec, previous: Report | None) -> dict:
    cells: dict = {}
    rows = [r.key for r in outcome_rows(spec)]
    for col in APPLICANT_COLUMNS:
        for row in rows:
            cells[f"s3.{row}.{col}"] = draw(counts)
        total = sum(cells[f"s3.{row}.{col}"] for row in rows)
        carried_out = draw(counts)
        if previous is None:
            carried_in = draw(st.integers(0, total + carried_out))
        else:
            carried_in = previous.cells[f"s3.carried_out.{col}"]
            carried_out = max(carried_out, carried_in - total)
        cells |= {
            f"s3.total.{col}": total,
            f"s3.carried_out.{col}": carried_out,
            f"s3.carried_in.{col}": carried_in,
            f"s3.new.{col}": total + carried_out - carried_in,
        }
    for row in ("new", "carried_in", *rows, "total", "carried_out"):
        cells[f"s3.{row}.total"] = sum(cells[f"s3.{row}.{col}"] for col in APPLICANT_COLUMNS)
    return cells


def _s4(draw) -> dict:
    cells = {}
    for row in S4_ROWS:
        parts = {c.key: draw(counts) for c in S4_COLUMNS if c.key != "total"}
        cells |= {f"s4.{row.key}.{k}": v for k, v in parts.items()}
        cells[f"s4.{row.key}.total"] = sum(parts.values())
    return cells


def _s2(draw, spec, previous: Report | None) -> dict:
    same = previous is not None and previous.format == spec.id
    cells = {}
    for cell in spec.cells:
        if cell.table.section != 2:
            continue
        if cell.kind is Kind.MONEY:
            cells[cell.id] = draw(st.decimals(0, 10**4, places=2, allow_nan=False, allow_infinity=False))
        elif cell.kind is Kind.SIGNED:
            cells[cell.id] = draw(st.integers(-cells[cell.id.replace("change", "last_year")], 50))
        elif cell.column.key == "last_year" and same:
            cells[cell.id] = previous.cells[cell.id] + previous.cells[cell.id.replace("last_year", "change")]
        else:
            cells[cell.id] = draw(counts)
    for row in ("rules", "normative_docs"):
        if spec.id == "2021":
            issued = cells[f"s2.{row}.issued"]
            if same:
                before = previous.cells[f"s2.{row}.in_force"]
                repealed = cells[f"s2.{row}.repealed"] = draw(st.integers(0, before + issued))
                cells[f"s2.{row}.in_force"] = before + issued - repealed
            else:
                repealed = cells[f"s2.{row}.repealed"]
                cells[f"s2.{row}.in_force"] = max(0, issued - repealed) + draw(counts)
        else:
            cells[f"s2.{row}.total"] = cells[f"s2.{row}.published"] + draw(counts)
    return cells


def _prose(draw, cells: dict, spec) -> dict[int, str]:
    received = cells["s3.new.total"] + draw(st.sampled_from((0, cells["s3.carried_in.total"])))
    said = (
        f"本年度共收到政府信息公开申请{received}件，均已按期答复。"
        if received
        else "本年度未收到政府信息公开申请。"
    )
    unpaid = cells.get("s3.other.no_fee_paid.total")
    fee = f"本年度发出信息处理费收费通知{unpaid}件。" if unpaid else "本年度未收取信息处理费。"
    parts = (  # the five parts of 〔2021〕30号 (section.overview_parts)
        "（一）主动公开。全年主动公开政府信息。"
        f"（二）依申请公开。{said}"
        "（三）政府信息管理。落实保密审查。（四）平台建设。维护政府信息公开专栏。（五）监督保障。开展培训。"
    )
    return {
        1: f"本机关认真贯彻落实《中华人民共和国政府信息公开条例》。{parts}",
        5: "政务公开工作仍存在不足，下一步将加强培训。",
        6: fee,
    }


@st.composite
def consistent_reports(draw, format_id: str | None = None, previous: Report | None = None) -> Report:
    """A report of `format_id` (any when None); the next year's report of `previous`'s agency when given."""
    if previous is not None:
        year = previous.year + 1
        fid = format_id or FORMATS["2021" if year >= 2021 else "2019"].id
    else:
        fid = format_id or draw(st.sampled_from(tuple(FORMATS)))
        year = draw(st.integers(*YEARS[fid]))
    spec = FORMATS[fid]
    cells = _s2(draw, spec, previous) | _s3(draw, spec, previous) | _s4(draw)
    assert set(cells) == set(spec.cell_ids)
    published = draw(st.one_of(st.none(), st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 1, 31))))
    return Report(
        format=fid,
        agency=previous.agency if previous else draw(st.sampled_from(AGENCIES)),
        year=year,
        published=published,
        prose=_prose(draw, cells, spec),
        cells=cells,
        sections_found=(1, 2, 3, 4, 5, 6),
    )


@st.composite
def consecutive_reports(draw) -> tuple[Report, Report]:
    """Two consistent reports of one agency for consecutive years (possibly across the 2020/2021 format change)."""
    first = draw(consistent_reports(previous=None))
    if first.year == 2030:
        first.year = 2029
    return first, draw(consistent_reports(previous=first))
