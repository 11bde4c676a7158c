"""Which scanned cells to trust, decided by the tables' own arithmetic.

Every report's tables must satisfy exact identities (FORMATS.md): each row of Table 三 sums to its 总计, each
column's outcomes sum to （七）总计, 一 + 二 = （七）总计 + 四, and each block of Table 四 sums to its 总计. A
misread digit breaks the identities its cell is in, but so does an agency's own mistake, and the arithmetic cannot
tell the two apart: only the reading's doubt can. So OCR never rewrites a sure reading. A doubtful reading (low
confidence, its two digit passes disagreeing, or one glyph of it unsure) that an identity which holds confirms is
kept; any other doubtful reading is taken out and worked out again from the sure cells, and it is corrected
(`parse.ocr_corrected`) only to the one value that makes every identity it is in hold; where the identities
cannot settle it, or disagree, it is left blank (`parse.ocr_uncertain`). A sure reading that breaks an identity
is what the page says: it stays, and the arithmetic rules report the report's inconsistency.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ...standard.formats import FORMATS, Format, outcome_rows
from ...standard.report import Finding, Report, Severity

LOW = 0.80  # below this a reading is doubtful: an identity must confirm it, or settle it, or it is left blank
_TABLE = {2: "表二", 3: "表三", 4: "表四"}


@dataclass(frozen=True)
class Identity:
    """Σ coefficient × cell = 0, and how the report's tables print it (for messages)."""

    terms: tuple[tuple[str, int], ...]
    name: str

    def cells(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.terms)


@cache
def identities(format_id: str) -> tuple[Identity, ...]:
    fmt: Format = FORMATS[format_id]
    s3 = fmt.tables_in(3)[0]
    out: list[Identity] = []
    applicants = [c.key for c in s3.columns if c.key != "total"]
    for row in s3.rows:
        terms = ((f"s3.{row.key}.total", 1), *((f"s3.{row.key}.{c}", -1) for c in applicants))
        out.append(Identity(terms, f"表三「{row.label}」行各类申请人之和等于总计"))
    outcomes = [r.key for r in outcome_rows(fmt)]
    for column in s3.columns:
        c = column.key
        terms = ((f"s3.total.{c}", 1), *((f"s3.{r}.{c}", -1) for r in outcomes))
        out.append(Identity(terms, f"表三「{column.label}」列各项办理结果之和等于（七）总计"))
        terms = (
            (f"s3.new.{c}", 1),
            (f"s3.carried_in.{c}", 1),
            (f"s3.total.{c}", -1),
            (f"s3.carried_out.{c}", -1),
        )
        out.append(Identity(terms, f"表三「{column.label}」列第一项加第二项等于第三项加第四项"))
    s4 = fmt.tables_in(4)[0]
    parts = [c.key for c in s4.columns if c.key != "total"]
    for row in s4.rows:
        terms = ((f"s4.{row.key}.total", 1), *((f"s4.{row.key}.{c}", -1) for c in parts))
        out.append(Identity(terms, f"表四「{row.group or ''}{row.label}」各项之和等于总计"))
    return tuple(out)


def verify(report: Report) -> None:
    """Correct, keep or blank each scanned cell of `report`, adding a finding for each change and one saying that
    the report was read by OCR."""
    if not report.confidence or report.format not in FORMATS:
        return
    checks = identities(report.format)
    by_cell: dict[str, list[Identity]] = {}
    for identity in checks:
        for cell_id in identity.cells():
            by_cell.setdefault(cell_id, []).append(identity)
    read = dict(report.cells)
    confirmed = {c for i in checks if _residual(report.cells, i) == 0 for c in i.cells()}
    suspects = {
        cell_id
        for cell_id, conf in report.confidence.items()
        if cell_id in report.cells and cell_id not in confirmed and conf < LOW
    }
    # cells of a scanned table the reader found no place for (a row label misread) are as doubtful as a blank
    scanned = {c.split(".")[0] for c in report.confidence}
    suspects |= {
        c
        for f in report.findings
        if f.rule in ("parse.row_unread", "parse.cell_unread")
        for c in f.cells
        if report.cells.get(c) is None and c.split(".")[0] in scanned
    }
    for cell_id in suspects:
        report.cells[cell_id] = None
    settled = _infer(report, suspects, by_cell)
    corrected = {c for c in settled if report.cells[c] != read[c]}
    for cell_id in sorted(corrected):
        _corrected(report, cell_id, read[cell_id], report.cells[cell_id], by_cell[cell_id])
    uncertain = sorted(suspects - settled)
    for cell_id in uncertain:
        value = read[cell_id]
        conf = report.confidence.get(cell_id)
        # blank at 0 %: a cell whose glyphs gave no number, not one read as empty
        read_as = conf is not None and (value is not None or conf > 0)
        how = f"识别为「{_shown(value)}」，置信度 {conf:.0%}" if read_as else "未能识别"
        report.findings.append(
            Finding(
                "parse.ocr_uncertain",
                Severity.WARNING,
                f"{_label(FORMATS[report.format], cell_id)}：{how}，表格勾稽关系无法确认，已留空，请核对原件",
                (cell_id,),
                found=value,
            )
        )
    report.findings.append(
        Finding(
            "parse.ocr_used",
            Severity.INFO,
            f"本报告（或其中部分页面）为扫描图像，经文字识别（OCR）读取：识别单元格 {len(report.confidence)} 个，"
            f"按勾稽关系校正 {len(corrected)} 个，存疑留空 {len(uncertain)} 个；数字请以原件为准",
            tuple(sorted(corrected) + uncertain),
        )
    )


def _infer(report: Report, suspects: set[str], by_cell: dict[str, list[Identity]]) -> set[str]:
    """Fill in, from the trusted cells, each doubtful cell whose identities agree on one non-negative value, until
    none is left; the cells filled in."""
    filled: set[str] = set()
    progress = True
    while progress:
        progress = False
        for cell_id in sorted(suspects - filled):
            among = by_cell.get(cell_id, ())
            implied = []
            for identity in among:
                others = [(c, k) for c, k in identity.terms if c != cell_id]
                if all(report.cells.get(c) is not None for c, _ in others):
                    coefficient = dict(identity.terms)[cell_id]
                    implied.append(-sum(k * report.cells[c] for c, k in others) * coefficient)
            values = set(implied)  # every identity that can be worked out must agree
            if len(values) != 1 or min(values) < 0:
                continue
            (value,) = values
            report.cells[cell_id] = int(value)
            filled.add(cell_id)
            progress = True
    return filled


def _corrected(report: Report, cell_id: str, was, value: int, among: list[Identity]) -> None:
    names = "、".join(i.name for i in among)
    label = _label(FORMATS[report.format], cell_id)
    if was is None:
        message = f"{label}：未能识别，按{names}推算为 {value}，已填入，请核对原件"
    else:
        message = f"{label}：识别为「{was}」，按{names}应为 {value}，已校正"
    report.findings.append(
        Finding(
            "parse.ocr_corrected",
            Severity.INFO,
            message,
            (cell_id,),
            expected=value,
            found=was,
        )
    )


def _shown(value) -> str:
    return "空白" if value is None else str(value)


def _residual(cells: dict, identity: Identity) -> int | None:
    values = [cells.get(c) for c, _ in identity.terms]
    if any(v is None for v in values):
        return None
    return sum(k * v for (_, k), v in zip(identity.terms, values, strict=True))


def _label(spec: Format, cell_id: str) -> str:
    cell = spec.by_id[cell_id]
    return f"{_TABLE[cell.table.section]}「{cell.label}」"
