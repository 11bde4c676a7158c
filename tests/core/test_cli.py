"""`gongkai audit` and `gongkai convert`, run for real as `python -m gongkai` on the seed reports."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).parents[2]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SEED = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}


def gongkai(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def by_rule(report: dict, severity: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for f in report["findings"]:
        if f["severity"] == severity:
            found.setdefault(f["rule"], []).append(f)
    return found


@pytest.fixture(scope="module")
def seeds_json() -> dict[str, dict]:
    out = gongkai("audit", "--json", str(SEEDS))
    assert out.returncode == 1, out.stderr  # seeds 000 and 004 have errors
    return {Path(r["file"]).name[:3]: r for r in json.loads(out.stdout)}


def test_seed_errors_in_json(seeds_json):
    assert sorted(seeds_json) == ["000", "001", "002", "003", "004"]
    errors = {name: by_rule(r, "error") for name, r in seeds_json.items()}
    assert set(errors["000"]) == {"s3.total_is_sum", "s3.balance"}
    assert {f["cells"][0] for f in errors["000"]["s3.balance"]} == {
        "s3.new.natural",
        "s3.new.business",
        "s3.new.total",
    }
    assert set(errors["004"]) == {"s3.total_is_sum"}
    assert [(f["expected"], f["found"]) for f in errors["004"]["s3.total_is_sum"]] == [(5, 4), (5, 4)]
    assert errors["001"] == errors["002"] == errors["003"] == {}


def test_seed_003_blank_cells_are_null_with_a_warning(seeds_json):
    report = seeds_json["003"]
    blank = ["s2.other_services.last_year", "s2.other_services.change", "s2.other_services.decisions"]
    assert [report["cells"][c] for c in blank] == [None, None, None]
    assert [f["cells"] for f in by_rule(report, "warning")["cell.blank"]] == [blank]


def test_json_objects_have_the_report_shape(seeds_json):
    for report in seeds_json.values():
        assert list(report)[:4] == ["file", "agency", "year", "format"]
        assert {"cells", "findings", "published", "prose"} <= set(report)
        assert all(
            set(f) == {"rule", "severity", "cells", "message", "expected", "found"}
            for f in report["findings"]
        )


def test_table_output_and_summary():
    out = gongkai("audit", str(SEED["000"]), str(SEED["001"]))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert lines[0] == "满洲里市人民政府办公室 · 2021年度 · 国办公开办函〔2021〕30号格式"
    assert any(line.split()[:2] == ["错误", "s3.balance"] for line in lines)
    assert "表三「总计」列：第一项加第二项之和（3）不等于第三项加第四项之和（0）" in out.stdout
    assert lines[-1].startswith("共审查 2 份报告：错误 6 项") and lines[-1].endswith("1 份报告有错误。")


def test_no_error_exits_zero():
    out = gongkai("audit", str(SEED["001"]), str(SEED["003"]))
    assert out.returncode == 0, out.stdout
    assert "满洲里市应急管理局 · 2020年度 · 国办公开办函〔2019〕60号格式" in out.stdout


@pytest.mark.parametrize(
    "args", [("audit", "no/such/file.txt"), ("audit",), ("convert", "no/such.txt", "--to", "md")]
)
def test_usage_errors_exit_two(args):
    out = gongkai(*args)
    assert out.returncode == 2 and out.stdout == ""
    assert "Traceback" not in out.stderr


def test_folder_without_reports_exits_two(tmp_path):
    (tmp_path / "notes.xyz").write_text("x")
    out = gongkai("audit", str(tmp_path))
    assert out.returncode == 2 and "未找到报告文件" in out.stderr


def test_unreadable_file_is_an_error_finding_not_a_traceback(tmp_path):
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out = gongkai("audit", "--json", str(tmp_path))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    [report] = json.loads(out.stdout)
    assert [f["rule"] for f in report["findings"]] == ["parse.unreadable"]


def test_parallel_run_gives_the_sequential_result(tmp_path):
    for n in range(3):  # 15 files in nested folders: enough to use worker processes
        shutil.copytree(SEEDS, tmp_path / f"batch{n}" / "nested")
    parallel = gongkai("audit", "--json", "--jobs", "2", str(tmp_path))
    sequential = gongkai("audit", "--json", "--jobs", "1", str(tmp_path))
    assert parallel.returncode == sequential.returncode == 1
    assert parallel.stdout == sequential.stdout
    assert len(json.loads(parallel.stdout)) == 15


def test_csv_and_xlsx_exports(tmp_path):
    out = gongkai("audit", "--csv", str(tmp_path / "a.csv"), "--xlsx", str(tmp_path / "a.xlsx"), str(SEEDS))
    assert out.returncode == 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_bytes().decode("utf-8-sig"))))
    assert [(Path(r["file"]).name[:3], r["error_count"]) for r in rows] == [
        ("000", "6"),
        ("001", "0"),
        ("002", "0"),
        ("003", "0"),
        ("004", "2"),
    ]
    assert rows[0]["s3.new.total"] == "3" and rows[3]["s2.other_services.change"] == ""
    sheet = load_workbook(tmp_path / "a.xlsx").worksheets[0]
    assert sheet.max_row == 1 + 5


def _next_year_of_seed_004(folder: Path, carried_in_natural: int) -> Path:
    """Seed 004 (宽城 2021, nothing carried out) made into its 2022 report, with `carried_in_natural` carried in."""
    text = SEED["004"].read_text(encoding="utf-8").replace("办公室2021年度政府", "办公室2022年度政府")
    head, tail = text.split("二、上年结转政府信息公开申请数量", 1)
    lines = tail.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    lines[first] = str(carried_in_natural)
    path = folder / "004_2022.txt"
    path.write_text(head + "二、上年结转政府信息公开申请数量" + "\n".join(lines), encoding="utf-8")
    return path


def test_previous_year_in_the_input_is_compared(tmp_path):
    shutil.copy(SEED["004"], tmp_path)
    _next_year_of_seed_004(tmp_path, 2)
    reports = {r["year"]: r for r in json.loads(gongkai("audit", "--json", str(tmp_path)).stdout)}
    assert reports[2022]["agency"] == reports[2021]["agency"] == "宽城满族自治县人民政府办公室"
    continuity = by_rule(reports[2022], "warning")["s3.continuity"]
    assert [(f["cells"], f["expected"], f["found"]) for f in continuity] == [
        (["s3.carried_in.natural"], 0, 2)
    ]
    assert "s3.continuity" not in by_rule(reports[2021], "warning")
    alone = json.loads(gongkai("audit", "--json", "--no-previous-year", str(tmp_path)).stdout)
    assert all("s3.continuity" not in by_rule(r, "warning") for r in alone)


def test_convert_to_each_format(tmp_path):
    for fmt, magic in (
        ("md", b"#"),
        ("html", b"<!DOCTYPE html"),
        ("docx", b"PK"),
        ("xlsx", b"PK"),
        ("csv", b"\xef\xbb\xbf"),
    ):
        target = tmp_path / f"000.{fmt}"
        out = gongkai("convert", str(SEED["000"]), "--to", fmt, "-o", str(target))
        assert out.returncode == 0, out.stderr
        assert target.read_bytes().startswith(magic), fmt


def test_convert_json_to_stdout_carries_the_rule_findings():
    out = gongkai("convert", str(SEED["004"]), "--to", "json", "-o", "-")
    assert out.returncode == 0
    report = json.loads(out.stdout)
    assert report["cells"]["s3.total.total"] == 4
    assert "s3.total_is_sum" in {f["rule"] for f in report["findings"]}


def test_convert_default_output_next_to_input(tmp_path):
    source = shutil.copy(SEED["001"], tmp_path / "001.txt")
    assert gongkai("convert", str(source), "--to", "md").returncode == 0
    assert "满洲里市统计局" in (tmp_path / "001.md").read_text(encoding="utf-8")
    same = gongkai("convert", str(tmp_path / "001.md"), "--to", "md")
    assert same.returncode == 2 and "输出文件与输入文件相同" in same.stderr


def test_audit_of_its_own_json_gives_the_same_result(tmp_path, seeds_json):
    """A report saved as JSON audits to the same cells and findings."""
    for name, report in seeds_json.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    again = {
        Path(r["file"]).name[:3]: r for r in json.loads(gongkai("audit", "--json", str(tmp_path)).stdout)
    }
    for name, report in seeds_json.items():
        assert again[name]["cells"] == report["cells"]
        assert [f for f in again[name]["findings"] if f["rule"] != "section.missing"] == [
            f for f in report["findings"] if f["rule"] != "section.missing"
        ]


def test_progress_bar_only_on_a_terminal(tmp_path):
    for n in range(2):
        shutil.copytree(SEEDS, tmp_path / f"batch{n}")
    assert gongkai("audit", str(tmp_path)).stderr == ""  # not a terminal: no bar
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    returncode, shown = on_a_terminal([sys.executable, "-m", "gongkai", "audit", str(tmp_path)], env, 300)
    assert returncode == 1
    assert "10/10" in shown


def on_a_terminal(command: list[str], env: dict, timeout: int) -> tuple[int, str]:
    """Run `command` with its stderr on a pseudo-terminal 100 columns wide: its exit code and what it showed."""
    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=terminal, env=env, timeout=timeout)
    os.close(terminal)
    shown = b""
    with contextlib.suppress(OSError):  # EIO once everything written to the terminal has been read
        while chunk := os.read(master, 65536):
            shown += chunk
    os.close(master)
    return done.returncode, shown.decode("utf-8", "replace")


def test_convert_offers_every_renderer_output():
    from gongkai.cli import OUTPUT_FORMATS
    from gongkai.renderers import OUTPUT_NAMES

    assert set(OUTPUT_FORMATS) == set(OUTPUT_NAMES)


def test_help_in_chinese_exits_zero():
    out = gongkai("audit", "--help")
    assert out.returncode == 0 and "--previous-year" in out.stdout and "并行进程数" in out.stdout


@pytest.fixture(scope="module")
def scanned_pdfs(tmp_path_factory) -> list[Path]:
    """Two seeds printed and scanned into PDFs of page images, no text layer: what an office publishes."""
    from gongkai.parsers import read_file
    from gongkai.renderers.pdf import to_pdf
    from tests.scans.generate import BY_NAME, scan

    folder = tmp_path_factory.mktemp("scans")
    files = []
    for name in ("001", "004"):
        data, suffix = scan(to_pdf(read_file(SEED[name])), BY_NAME["jpeg50"])
        files.append(folder / f"{name}{suffix}")
        files[-1].write_bytes(data)
    return files


@pytest.mark.slow
def test_scanned_pdfs_are_read_in_worker_processes(scanned_pdfs, tmp_path, monkeypatch):
    """Two scanned PDFs are few files but seconds of OCR each: they go to worker processes, so the CPU time of
    their reading is the children's, not this process's."""
    import resource

    from gongkai.cli import audit_files

    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path / "ocr"))  # empty: every page is read
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    reports = audit_files(scanned_pdfs, jobs=2)
    after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    here, children = (
        a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before, strict=True)
    )
    assert children > 3 * here
    for report, name in zip(reports, ("001", "004"), strict=True):
        expected = json.loads(
            (ROOT / "tests" / "fixtures" / "expected" / f"{SEED[name].stem}.json").read_text()
        )
        assert (report.year, report.format) == (expected["year"], expected["format"])
        assert any(f.rule == "parse.ocr_used" for f in report.findings)


@pytest.mark.slow
def test_scanned_pdfs_show_a_progress_bar_and_a_rerun_comes_from_the_cache(scanned_pdfs, tmp_path):
    """On a terminal, two scanned PDFs get the bar (they take seconds); a second run of `gongkai audit` over
    them reads every page from the OCR cache (one entry a page) and writes none of it again."""
    import pypdfium2 as pdfium

    cache = tmp_path / "ocr"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "GONGKAI_OCR_CACHE": str(cache)}
    command = [sys.executable, "-m", "gongkai", "audit", "--jobs", "2", str(scanned_pdfs[0].parent)]
    written = []
    for _ in range(2):
        returncode, shown = on_a_terminal(command, env, 600)
        assert returncode in (0, 1) and "2/2" in shown
        written.append({e: e.stat().st_mtime_ns for e in cache.rglob("*.json")})
    assert len(written[0]) == sum(len(pdfium.PdfDocument(p)) for p in scanned_pdfs)
    assert written[1] == written[0]
