"""The `gongkai` command: audit annual reports in bulk, convert one report between formats.

`gongkai audit PATH...` reads every report file under the paths, runs the consistency rules and prints a table of
findings per report (or `--json`, `--csv FILE`, `--xlsx FILE`); the exit status is 1 when any report has an error.
`gongkai convert IN --to FMT` writes one report as JSON, HTML, Markdown, DOCX, PDF, XLSX or CSV.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

from .parsers import IMAGE_SUFFIXES, Missing, pages, read_bytes, read_file, read_page_files, read_pages
from .standard import similarity
from .standard.formats import FORMATS
from .standard.report import Finding, Report, Severity
from .standard.rules import RULES, check, cross_year

SUFFIXES = (
    ".txt",
    ".htm",
    ".html",
    ".docx",
    ".pdf",
    ".md",
    ".json",
    *IMAGE_SUFFIXES,
)  # images: scans, by OCR
# renderers.OUTPUT_NAMES, spelled here so that `audit` does not import every renderer (a test keeps them equal)
OUTPUT_FORMATS = ("json", "html", "md", "docx", "pdf", "xlsx", "csv")
SEQUENTIAL_UP_TO = 8  # files: below this, starting worker processes costs more than it saves
PROGRESS_FROM = 4  # files: a progress bar for fewer would only flicker
RECOMPUTED = {
    *RULES,
    "prose.copied",
    similarity.DUPLICATE_RULE,
}  # findings an audit works out afresh (a JSON input may carry old ones)


AUDIT_EPILOG = """\
退出状态：
  0  审查完成，没有报告有“错误”级别的问题（可能有警告或提示）
  1  审查完成，至少一份报告有“错误”级别的问题（含无法读取的文件）
  2  命令行有误：路径不存在、没有可审查的文件、参数不正确或无法写入输出文件
  130  被用户中断（Ctrl+C）

问题级别：错误 — 数字之间的勾稽关系不成立，不可能都对；警告 — 很可能有误或不完整；提示 — 值得一看。"""


class UsageError(Exception):
    """A mistake in the command line (exit status 2), with a Chinese message."""


# ---------------------------------------------------------------- audit: the work
def collect(paths: Iterable[str]) -> list[Path]:
    """The report files named or found (recursively) under `paths`, in a stable order, each once."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not _part_of_saved_page(p)
            )
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"路径不存在：{name}")
    unique = list(dict.fromkeys(files))
    if not unique:
        raise UsageError(f"未找到报告文件（支持的类型：{' '.join(SUFFIXES)}）")
    return unique


def reports_in(files: Sequence[Path], group_pages: bool = True) -> list[tuple[Path, ...]]:
    """The files as reports: one file each, or, with `group_pages`, the page images of a report scanned one file
    a page (`报告-1.jpg … 报告-6.jpg`, by the rule of `parsers.pages`) together, in page order."""
    if not group_pages:
        return [(f,) for f in files]
    by_name = {str(f): f for f in files}
    return [tuple(by_name[n] for n in report) for report in pages.group(by_name)]


def _part_of_saved_page(path: Path) -> bool:
    """A picture a browser saved with a page (`报告_files/image1.png` beside `报告.html`): it is read as part of
    the page, not audited as a report of its own."""
    for folder in path.parents:
        for tail in ("_files", ".files"):
            if folder.name.endswith(tail) and any(
                (folder.parent / (folder.name[: -len(tail)] + s)).is_file() for s in (".html", ".htm")
            ):
                return True
    return False


def audit_file(path: str) -> Report:
    """Parse one file and run the single-year rules. Never raises: a failure becomes an error finding."""
    return _audited(lambda: read_file(path), path)


def audit_report(files: Sequence[str | Path]) -> Report:
    """`audit_file` for one report: a file, or the page images of a report scanned one file a page."""
    if len(files) == 1:
        return audit_file(str(files[0]))
    name = pages.report_name([str(f) for f in files])
    return _audited(lambda: read_page_files(files, name), name)


def audit_bytes(data: bytes, name: str) -> Report:
    """`audit_file` for a file's bytes (the platform's bulk audit keeps uploads in its file storage)."""
    return _audited(lambda: read_bytes(data, name), name)


def audit_page_bytes(files: Sequence[tuple[str, bytes | Missing]]) -> Report:
    """`audit_report` for page images' (name, bytes) in page order, as the bulk audit holds them (a refused page
    `Missing`)."""
    name = pages.report_name([n for n, _ in files])
    return _audited(lambda: read_pages(files, name), name)


def _audited(read, source: str) -> Report:
    try:
        report = read()
        report.source = source  # the file audited (a JSON input names the file it was first read from)
        report.findings = [f for f in report.findings if f.rule not in RECOMPUTED]
        report.findings += check(report)
    except Exception as exc:  # a file must never stop a batch or show a traceback
        message = f"无法审查该文件：{type(exc).__name__}：{exc}"
        return Report(source=source, findings=[Finding("parse.unreadable", Severity.ERROR, message)])
    return report


def audit_files(
    reports: Sequence[Path | Sequence[Path]], jobs: int = 1, progress: bool = False
) -> list[Report]:
    """Every report audited, in order (a file, or a tuple of page images from `reports_in`); in `jobs` worker
    processes when there are enough reports to gain from it. The progress bar counts reports."""
    units = [tuple(map(str, r)) if isinstance(r, tuple | list) else (str(r),) for r in reports]
    bar = {"total": len(units), "file": sys.stderr, "disable": not progress, "unit": "份", "desc": "审查"}
    scans = sum(_maybe_scanned(Path(u[0])) for u in units)
    if jobs <= 1 or (len(units) <= SEQUENTIAL_UP_TO and scans < 2):
        return list(tqdm(map(audit_report, units), **bar))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = 1 if scans else max(1, len(units) // (jobs * 8))
        return list(tqdm(pool.map(audit_report, units, chunksize=chunk), **bar))


def _maybe_scanned(path: Path) -> bool:
    """Whether a file may be read by OCR, seconds a page rather than milliseconds: an image, or a PDF (a scan
    often is one, pages of pictures without a text layer), as the platform's bulk audit counts them."""
    return path.suffix.lower() in (*IMAGE_SUFFIXES, ".pdf")


def _agency_key(report: Report) -> str | None:
    return "".join(report.agency.split()) if report.agency else None


def add_cross_year(reports: Sequence[Report]) -> None:
    """Where the batch holds an agency's report for the year before, run the cross-year rules against it."""
    by_year: dict[tuple[str, int], Report] = {}
    for report in reports:
        key = _agency_key(report)
        if key and report.year is not None:
            by_year.setdefault((key, report.year), report)
    for report in reports:
        key = _agency_key(report)
        previous = by_year.get((key, report.year - 1)) if key and report.year is not None else None
        if previous is not None:
            report.findings += cross_year(report, previous)


def add_copied_prose(reports: Sequence[Report]) -> None:
    for index, found in similarity.findings_for(reports).items():
        reports[index].findings += found


# ---------------------------------------------------------------- audit: the output
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cells(finding: Finding) -> str:
    if not finding.cells:
        return "—"
    more = len(finding.cells) - 1
    return finding.cells[0] + (f" 等{len(finding.cells)}项" if more else "")


def heading(report: Report) -> str:
    spec = FORMATS.get(report.format or "")
    parts = [
        report.agency or "（未识别机关）",
        f"{report.year}年度" if report.year else "年度未知",
        f"{spec.notice}格式" if spec else "格式未知",
    ]
    return " · ".join(parts)


def findings_table(report: Report) -> str:
    """One report's heading, file and findings, one finding a row: severity, rule, cells, message."""
    lines = [heading(report), f"  文件：{report.source}"]
    if not report.findings:
        return "\n".join([*lines, "  未发现问题"])
    ordered = sorted(report.findings, key=lambda f: list(Severity).index(f.severity))  # errors first
    rows = [(f.severity.label, f.rule, _cells(f), f.message) for f in ordered]
    header = ("级别", "规则", "单元格", "说明")
    widths = [max(_width(r[i]) for r in (*rows, header)) for i in range(3)]
    for row in (header, *rows):
        lines.append(
            "  " + "".join(_pad(cell, w) + "  " for cell, w in zip(row, widths, strict=False)) + row[3]
        )
    return "\n".join(lines)


def summary(reports: Sequence[Report]) -> str:
    counts = {s: sum(f.severity is s for r in reports for f in r.findings) for s in Severity}
    with_errors = sum(any(f.severity is Severity.ERROR for f in r.findings) for r in reports)
    found = "，".join(f"{s.label} {n} 项" for s, n in counts.items())
    copies = sum(f.rule == similarity.DUPLICATE_RULE for r in reports for f in r.findings)
    count = sum(_files_read(r) for r in reports)
    files = (
        f"共审查 {count} 份文件（{len(reports) - copies} 份报告）"
        if copies or count > len(reports)
        else f"共审查 {len(reports)} 份报告"
    )
    return f"{files}：{found}；{with_errors} 份报告有错误。"


def _files_read(report: Report) -> int:
    """1, or the page images a report scanned one file a page was read from (`parse.pages`)."""
    return next((len(f.found) for f in report.findings if f.rule == "parse.pages"), 1)


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{exc.strerror or exc}") from None


def run_audit(args: argparse.Namespace) -> int:
    files = collect(args.paths)
    if args.jobs < 1:
        raise UsageError("--jobs 至少为 1")
    units = reports_in(files, args.group_pages)
    scans = any(map(_maybe_scanned, files))
    progress = (len(units) >= PROGRESS_FROM or scans) and sys.stderr.isatty()
    reports = audit_files(units, args.jobs, progress)
    if args.previous_year:
        add_cross_year(reports)
    add_copied_prose(reports)
    if args.csv or args.xlsx:
        from .renderers.tabular import to_csv, to_xlsx

        if args.csv:
            _write(args.csv, to_csv(reports, args.csv_headers))
        if args.xlsx:
            _write(args.xlsx, to_xlsx(reports))
    if args.json:
        json.dump([r.as_dict() for r in reports], sys.stdout, ensure_ascii=False, indent=2)
        print()
        print(summary(reports), file=sys.stderr)
    else:
        for report in reports:
            print(findings_table(report), end="\n\n")
        print(summary(reports))
    return 1 if any(f.severity is Severity.ERROR for r in reports for f in r.findings) else 0


# ---------------------------------------------------------------- convert
def run_convert(args: argparse.Namespace) -> int:
    from .renderers import OUTPUTS, render

    source = Path(args.input)
    if not source.is_file():
        raise UsageError(f"文件不存在：{args.input}")
    target = args.output or str(source.with_suffix(OUTPUTS[args.to].suffix))
    if target != "-" and Path(target).resolve() == source.resolve():
        raise UsageError("输出文件与输入文件相同，请用 -o 指定输出文件")
    report = audit_file(str(source))
    unreadable = [f for f in report.findings if f.rule == "parse.unreadable"]
    if unreadable:
        print(f"{source}：{unreadable[0].message}", file=sys.stderr)
        return 1
    try:
        data = render(report, args.to)
    except Exception as exc:  # a report the renderer cannot lay out is a message, not a traceback
        print(f"{source}：无法输出为 {args.to}：{type(exc).__name__}：{exc}", file=sys.stderr)
        return 1
    if target == "-":
        sys.stdout.buffer.write(data)
    else:
        _write(target, data)
        print(f"已写入 {target}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- the command line
def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="gongkai", description="政府信息公开工作年度报告：审查与格式转换")
    commands = top.add_subparsers(dest="command", required=True, metavar="命令")

    audit = commands.add_parser(
        "audit",
        help="审查年度报告",
        description="审查年度报告的勾稽关系与内容",
        epilog=AUDIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    audit.add_argument(
        "paths", nargs="+", metavar="PATH", help=f"报告文件或文件夹（递归查找 {' '.join(SUFFIXES)}）"
    )
    audit.add_argument("--json", action="store_true", help="以 JSON 数组输出，每份报告一个对象")
    audit.add_argument("--csv", metavar="FILE", help="另存为 CSV（每份报告一行，每个单元格一列）")
    audit.add_argument(
        "--csv-headers",
        choices=("id", "zh"),
        default="id",
        help="CSV 表头：id 为单元格编号（供程序读取，默认），zh 为中文表名、行名和列名",
    )
    audit.add_argument(
        "--xlsx",
        metavar="FILE",
        help="另存为 XLSX：“报告”表同 CSV（单元格编号表头），另附“问题”表、字段说明，每份报告一张按国家格式排版的表",
    )
    audit.add_argument(
        "--previous-year",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="同一机关相邻两年的报告都在输入中时，与上一年度报告做跨年度核对（默认开启）",
    )
    audit.add_argument(
        "--group-pages",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="同一文件夹中按页编号的图像（如 报告-1.jpg、报告-2.jpg …，或只有 1.jpg、2.jpg … 的文件夹）"
        "按页序合为一份报告审查（默认开启；--no-group-pages 则每个图像文件各算一份）",
    )
    audit.add_argument(
        "--jobs", "-j", type=int, default=os.cpu_count() or 1, help="并行进程数（默认：CPU 核数）"
    )
    audit.set_defaults(run=run_audit)

    convert = commands.add_parser("convert", help="转换报告格式", description="将一份报告转换为其他格式")
    convert.add_argument("input", metavar="IN", help="报告文件")
    convert.add_argument("--to", required=True, choices=OUTPUT_FORMATS, help="输出格式")
    convert.add_argument(
        "-o", "--output", metavar="OUT", help="输出文件（默认：与输入同名、换扩展名；- 为标准输出）"
    )
    convert.set_defaults(run=run_convert)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"gongkai {args.command}：错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
