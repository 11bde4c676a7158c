"""Which scanned cells to trust, decided by the tables' own arithmetic.

Every report's tables must satisfy exact identities (FORMATS.md): each row of Table 三 sums to its 总计, each
column's outcomes sum to （七）总计, 一 + 二 = （七）总计 + 四, and each block of Table 四 sums to its 总计. A
misread digit breaks the identities its cell is in. When exactly one scanned cell accounts for every broken
identity it is in, and at least two of them agree on its value, that value is certain: the cell is corrected
(`parse.ocr_corrected`). A cell read with low confidence is kept when an identity that holds confirms it, and
otherwise left blank (`parse.ocr_uncertain`), as is a doubtful cell of a broken identity nothing settles. A
report's own inconsistencies, read with confidence, are left for the rules to report: OCR never rewrites what
the agency printed unless the arithmetic proves the reading wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ...standard.formats import FORMATS, Format, outcome_rows
from ...standard.report import Finding, Report, Severity

LOW = 0.80  # below this a reading needs an identity to confirm it
DOUBTFUL = 0.92  # a cell of a broken identity read with less than this is not trusted either
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
    corrected = _correct(report, by_cell, checks)
    confirmed = {c for i in checks if _residual(report.cells, i) == 0 for c in i.cells()}
    broken = {c for i in checks if _residual(report.cells, i) not in (0, None) for c in i.cells()}
    suspects = {
        cell_id
        for cell_id, conf in report.confidence.items()
        if cell_id in report.cells
        and cell_id not in corrected
        and cell_id not in confirmed
        and (conf < LOW or (cell_id in broken and conf < DOUBTFUL))
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
    corrected |= _infer(report, suspects, by_cell, read)
    uncertain = sorted(suspects - corrected)
    for cell_id in uncertain:
        value = read[cell_id]
        conf = report.confidence.get(cell_id)
        how = f"识别为「{_shown(value)}」，置信度 {conf:.0%}" if conf is not None else "未能识别"
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


def _infer(report: Report, suspects: set[str], by_cell: dict[str, list[Identity]], read: dict) -> set[str]:
    """Fill in doubtful cells the identities determine from cells that are trusted, until none is left."""
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
            if value != read[cell_id]:
                _corrected(report, cell_id, read[cell_id], int(value), by_cell[cell_id])
    return {c for c in filled if report.cells[c] != read[c]}


def _corrected(report: Report, cell_id: str, was, value: int, among: list[Identity]) -> None:
    names = "、".join(i.name for i in among)
    report.findings.append(
        Finding(
            "parse.ocr_corrected",
            Severity.INFO,
            f"{_label(FORMATS[report.format], cell_id)}：识别为「{_shown(was)}」，按{names}应为 {value}，已校正",
            (cell_id,),
            expected=value,
            found=was,
        )
    )


def _shown(value) -> str:
    return "空白" if value is None else str(value)


def _correct(report: Report, by_cell: dict[str, list[Identity]], checks) -> set[str]:
    """Mend, one at a time, each scanned cell that alone explains the broken identities it is in."""
    corrected: set[str] = set()
    for _ in range(len(report.confidence)):
        broken = [i for i in checks if _residual(report.cells, i) not in (0, None)]
        if not broken:
            break
        explained = {}
        for identity in broken:
            for cell_id in identity.cells():
                if cell_id in report.confidence and cell_id not in corrected and cell_id not in explained:
                    value = _explains(report.cells, cell_id, by_cell[cell_id])
                    if value is not None:
                        explained[cell_id] = value
        # a cell is settled when it is the only one explaining each broken identity it is in
        settled = {
            c: v
            for c, v in explained.items()
            if all(sum(x in explained for x in i.cells()) == 1 for i in by_cell[c] if i in broken)
        }
        if not settled:
            break
        for cell_id, value in settled.items():
            _corrected(report, cell_id, report.cells[cell_id], value, by_cell[cell_id])
            report.cells[cell_id] = value
            corrected.add(cell_id)
    return corrected


def _explains(cells: dict, cell_id: str, among: list[Identity]) -> int | None:
    """The value that makes every identity `cell_id` is in hold, when at least two of them can be worked out,
    all are broken, and they agree on a non-negative whole number; else None."""
    values = set()
    for identity in among:
        others = [(c, k) for c, k in identity.terms if c != cell_id]
        if any(cells.get(c) is None for c, _ in others):
            continue
        if _residual(cells, identity) == 0:
            return None  # an identity it is in holds: the reading fits
        coefficient = dict(identity.terms)[cell_id]
        values.add(-sum(k * cells[c] for c, k in others) * coefficient)
    if len(values) != 1:
        return None
    (value,) = values
    evaluated = sum(all(cells.get(c) is not None for c, _ in i.terms if c != cell_id) for i in among)
    return int(value) if evaluated >= 2 and value >= 0 else None


def _residual(cells: dict, identity: Identity) -> int | None:
    values = [cells.get(c) for c, _ in identity.terms]
    if any(v is None for v in values):
        return None
    return sum(k * v for (_, k), v in zip(identity.terms, values, strict=True))


def _label(spec: Format, cell_id: str) -> str:
    cell = spec.by_id[cell_id]
    return f"{_TABLE[cell.table.section]}「{cell.label}」"
