"""Scanned reports read back to their hand-transcribed cells, and every cell OCR got wrong is flagged.

The scans are made at test time from reports whose cells are known (tests/scans/generate.py): the seeds printed by
gongkai's PDF renderer and the three real published PDFs, rasterized and degraded six ways. The oracle is the
hand transcription in tests/fixtures/expected/, never the parser's own reading of the text layer.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.scans.generate import BY_NAME, CASES, scan
from tests.shared import real_report
from tests.strategies import reports

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPECTED = FIXTURES / "expected"
SEEDS = sorted(FIXTURES.glob("seeds/*.txt"))
FLAGS = ("parse.ocr_corrected", "parse.ocr_uncertain")
RIGHT = 0.995


pytestmark = pytest.mark.usefixtures("fresh_cache")


def _number(value):
    return None if value is None else Decimal(value)


def outcome(report, expected: dict) -> tuple[int, list[str], list[str]]:
    """(cells right, cells wrong but flagged, cells wrong and not flagged) against the expected cells."""
    flagged = {c for f in report.findings if f.rule in FLAGS for c in f.cells}
    right, noticed, silent = 0, [], []
    for cell_id, value in expected.items():
        found = report.cells.get(cell_id)
        if _number(found) == _number(value):
            right += 1
        elif cell_id in flagged:
            noticed.append(f"{cell_id}: expected {value}, found {found} (flagged)")
        else:
            silent.append(f"{cell_id}: expected {value}, found {found}")
    return right, noticed, silent


def read_cases(pdf: bytes, fixture: Path, cases) -> tuple[int, int, list[str]]:
    """(cells right, cells expected, problems) over the scans of `pdf` made the `cases` ways; fails on any
    silent wrong value."""
    from gongkai.parsers import read_bytes

    expected = json.loads(fixture.read_text(encoding="utf-8"), parse_float=Decimal)
    total = right = 0
    problems = []
    for case in cases:
        data, suffix = scan(pdf, case)
        report = read_bytes(data, f"scan{suffix}")
        assert report.format == expected["format"] and report.year == expected["year"], case.name
        assert any(f.rule == "parse.ocr_used" for f in report.findings), case.name
        good, noticed, silent = outcome(report, expected["cells"])
        total += len(expected["cells"])
        right += good
        problems += [f"{case.name}: SILENT {s}" for s in silent]
        problems += [f"{case.name}: {n}" for n in noticed]
    assert not [p for p in problems if "SILENT" in p], "\n".join(problems)
    return right, total, problems


def check_all_cases(pdf: bytes, fixture: Path, cases=CASES) -> None:
    right, total, problems = read_cases(pdf, fixture, cases)
    assert right / total >= RIGHT, f"{right}/{total} cells right\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem[:3] for s in SEEDS])
def test_scanned_seed_reads_right_or_flagged(seed: Path):
    """Seed 000 prints totals that break its own identities: there the arithmetic cannot settle a doubtful
    reading, which must then be flagged, never "corrected" silently."""
    from gongkai.parsers import read_file
    from gongkai.renderers.pdf import to_pdf

    check_all_cases(to_pdf(read_file(seed)), EXPECTED / f"{seed.stem}.json")


@pytest.mark.slow
@pytest.mark.parametrize("number", ["001", "002", "003"])
def test_scanned_real_report_reads_right_or_flagged(number: str):
    pdf = real_report(f"{number}.pdf").read_bytes()
    check_all_cases(pdf, EXPECTED / f"real-{number}.json")


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(reports(with_findings=False), st.sampled_from(CASES))
def test_a_random_report_scanned_reads_right_or_flagged(report, case):
    """Random reports (both formats, blanks, signed changes, money with decimals) printed, scanned and read: every
    cell is right or named by an OCR finding. The oracle is the report the strategy drew."""
    from gongkai.parsers import read_bytes
    from gongkai.renderers.pdf import to_pdf

    data, suffix = scan(to_pdf(report), case)
    read = read_bytes(data, f"random{suffix}")
    _, _, silent = outcome(read, report.cells)
    assert not silent, f"{case.name}:\n" + "\n".join(silent)


EXAMPLES = int(os.environ.get("GONGKAI_SCAN_EXAMPLES", "20"))  # about 3.5 CPU-s each


@pytest.mark.slow
def test_random_reports_scanned_read_right_in_the_share_the_issue_asks():
    """Over `GONGKAI_SCAN_EXAMPLES` random reports (20: about 70 CPU-s), scanned and read: every cell right or
    named by an OCR finding, and at least 99.5 % of all cells right. A failing example is reported as drawn, not
    shrunk: each costs a scan, and shrinking would take hundreds."""
    from gongkai.parsers import read_bytes
    from gongkai.renderers.pdf import to_pdf

    tally: list[tuple[int, int, str]] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),
    )
    @given(reports(with_findings=False), st.sampled_from(CASES))
    def scanned(report, case):
        data, suffix = scan(to_pdf(report), case)
        read = read_bytes(data, f"random{suffix}")
        right, noticed, silent = outcome(read, report.cells)
        assert not silent, f"{case.name}:\n" + "\n".join(silent)
        tally.append((right, len(report.cells), "\n".join(f"{case.name}: {n}" for n in noticed)))

    scanned()
    right, total = sum(t[0] for t in tally), sum(t[1] for t in tally)
    assert right / total >= RIGHT, f"{right}/{total} cells right\n" + "\n".join(t[2] for t in tally if t[2])


@pytest.mark.slow
@pytest.mark.parametrize("case", [BY_NAME["skew"], BY_NAME["photo"]], ids=lambda c: c.name)
def test_a_total_printed_wrong_reads_back_as_printed_and_the_rules_say_so(case):
    """Seed 004 with two totals printed wrong by a known amount (the agency's error, not OCR's): Table 三's
    （七）总计 of the 总计 column 4 printed as 34, and Table 四's 行政复议 总计 0 printed as 6 over parts of 0.
    OCR must read them back as printed, never make them (or their parts) fit, and the arithmetic rules fire."""
    from gongkai.parsers import read_bytes, read_file
    from gongkai.renderers.pdf import to_pdf
    from gongkai.standard.rules import check

    report = read_file(SEEDS[4])
    assert report.cells["s3.total.total"] == 4 and report.cells["s4.review.total"] == 0  # hand-read
    wrong = {"s3.total.total": 34, "s4.review.total": 6}
    report.cells.update(wrong)
    data, suffix = scan(to_pdf(report), case)
    read = read_bytes(data, f"wrong-total{suffix}")
    assert (read.cells["s3.total.total"], read.cells["s4.review.total"]) == (34, 6)
    assert [f for f in read.findings if f.rule == "parse.ocr_corrected"] == []
    expected = json.loads((EXPECTED / f"{SEEDS[4].stem}.json").read_text(encoding="utf-8"))["cells"]
    _, _, silent = outcome(read, expected | wrong)
    assert not silent, "\n".join(silent)
    rules = {f.rule for f in check(read)}
    assert {"s3.total_is_sum", "s3.row_total", "s4.total_is_sum"} <= rules, rules
