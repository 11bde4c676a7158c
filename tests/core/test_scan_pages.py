"""A report scanned as one image file per page, audited as ONE report (`gongkai audit FOLDER`).

The pages are a known report printed by gongkai's PDF renderer (seed 004) and a real published PDF (real 003, whose
Tables 二 and 三 run over a page break), each page rasterised at 200 dpi and saved as its own numbered image. The
oracle is the hand transcription in tests/fixtures/expected/: every cell right or flagged, none silently wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from gongkai import cli
from gongkai.parsers import read_file
from gongkai.parsers.scan import store
from gongkai.standard.report import Severity
from tests.core.test_scans import EXPECTED, FIXTURES, RIGHT, outcome
from tests.scans.generate import pages
from tests.shared import real_report

SEED = next((FIXTURES / "seeds").glob("004_*.txt"))


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "ocr"
    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(folder))
    return folder


def page_files(pdf: bytes, folder: Path, names) -> list[Path]:
    """The PDF's pages at 200 dpi, one image file each, named by `names(page number)`."""
    folder.mkdir()
    files = []
    for number, image in enumerate(pages(pdf, 200), 1):
        path = folder / names(number)
        image.convert("L").save(
            path, "JPEG" if path.suffix.lower() in (".jpg", ".jpeg") else "PNG", quality=95
        )
        files.append(path)
    return files


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    from gongkai.renderers.pdf import to_pdf

    return to_pdf(read_file(SEED))


def audit_json(capsys, *args: str) -> list[dict]:
    status = cli.main(["audit", "--json", *args])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    return json.loads(out.out)


def check_cells(report, fixture: Path) -> None:
    expected = json.loads(fixture.read_text(encoding="utf-8"))
    assert (report.format, report.year) == (expected["format"], expected["year"])
    right, noticed, silent = outcome(report, expected["cells"])
    assert not silent, "\n".join(silent)
    assert right / len(expected["cells"]) >= RIGHT, "\n".join(noticed)


def test_a_folder_of_page_images_is_audited_as_one_report(seed_pdf, tmp_path, cache, capsys):
    suffixes = {1: ".png", 2: ".JPG", 3: ".jpeg", 4: ".png"}  # as a crawler saves them: mixed
    files = page_files(seed_pdf, tmp_path / "扫描件", lambda n: f"宽城年报_{n:02d}{suffixes[n]}")
    (tmp_path / "扫描件" / "说明.txt").write_text("下载自政府网站", encoding="utf-8")
    Image.new("L", (1654, 2339), 255).save(tmp_path / "扫描件" / "封面.png")  # a blank page: no OCR
    found = audit_json(capsys, "-j", "2", str(tmp_path / "扫描件"))  # two scans: worker processes
    assert [Path(r["file"]).name for r in found] == ["宽城年报", "封面.png", "说明.txt"]
    assert "parse.no_text" in {f["rule"] for f in found[1]["findings"]}
    report = found[0]
    pages_finding = next(f for f in report["findings"] if f["rule"] == "parse.pages")
    assert pages_finding["found"] == [f.name for f in files]  # in page order, named in the finding
    assert any(f["rule"] == "parse.ocr_used" for f in report["findings"])
    store.stats.update(hits=0, misses=0)
    check_cells(cli.audit_report(files), EXPECTED / f"{SEED.stem}.json")
    assert store.stats == {"hits": 4, "misses": 0}  # the workers read the pages and cached them


def test_without_grouping_each_page_image_is_a_report(tmp_path):
    names = [
        tmp_path / n
        for n in (
            "报告-2.jpg",
            "报告-1.jpg",
            "报告-10.jpg",
            "a.pdf",
            *[f"报告-{i}.jpg" for i in range(3, 10)],
        )
    ]
    for path in names:
        path.write_bytes(b"")
    files = cli.collect([str(tmp_path)])
    assert cli.reports_in(files, group_pages=False) == [(f,) for f in files]
    grouped = cli.reports_in(files)
    assert grouped == [(tmp_path / "a.pdf",), tuple(tmp_path / f"报告-{i}.jpg" for i in range(1, 11))]
    assert cli.parser().parse_args(["audit", "--no-group-pages", "x"]).group_pages is False


def test_the_audit_groups_pages_by_the_number_that_counts_them(tmp_path):
    """`gongkai audit FOLDER` as a user names page images: the page count after the number, Windows' copy
    numbers from 2 beside the first page's name, a camera's counter after its date, a converter's page-side."""
    folder = tmp_path / "收件"
    folder.mkdir()
    reports = [
        [f"page_{n:02d}_of_03.png" for n in range(1, 4)],
        ["扫描件.jpg", "扫描件 (2).jpg", "扫描件 (3).jpg"],
        [f"IMG_20250115_{n:04d}.jpg" for n in range(1, 5)],
        [f"{n:03d}-1.png" for n in range(1, 3)],
        ["说明.txt"],
    ]
    for name in (n for report in reports for n in report):
        (folder / name).write_bytes(b"")
    found = cli.reports_in(cli.collect([str(tmp_path)]))
    assert sorted(found) == sorted(tuple(folder / n for n in report) for report in reports)
    names = {cli.pages.report_name([str(f) for f in report]) for report in found}
    expected = {"page", "扫描件", "IMG_20250115", "说明.txt"}  # and the folder alone for 001-1.png …: no name
    assert names == {str(folder / n) for n in expected} | {str(folder)}


def test_a_page_read_alone_and_in_its_report_are_cached_apart(seed_pdf, tmp_path, cache):
    """The cache keys a page by its file's bytes, its frame and its place in the report: the second page read
    alone is read afresh (its rows are its own), the first page is the same reading either way."""
    files = page_files(seed_pdf, tmp_path / "p", lambda n: f"p-{n}.png")
    store.stats.update(hits=0, misses=0)
    grouped = cli.audit_report(files)
    assert store.stats == {"hits": 0, "misses": 4}
    cli.audit_report(files[:1])
    assert store.stats == {"hits": 1, "misses": 4}
    cli.audit_report(files[1:2])
    assert store.stats == {"hits": 1, "misses": 5}
    again = cli.audit_report(files)
    assert store.stats == {"hits": 5, "misses": 5}
    assert again.cells == grouped.cells and again.findings == grouped.findings


def test_a_broken_page_file_is_named_and_the_other_pages_are_read(seed_pdf, tmp_path, cache):
    files = page_files(seed_pdf, tmp_path / "p", lambda n: f"p-{n}.png")
    whole = cli.audit_report(files)
    files[1].write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # page 2: Table 二's last blocks
    store.stats.update(hits=0, misses=0)
    report = cli.audit_report(files)
    assert store.stats == {"hits": 3, "misses": 0}  # the pages after the broken one keep their place
    (broken,) = [f for f in report.findings if f.rule == "parse.page_unreadable"]
    assert broken.found == "p-2.png" and broken.severity is Severity.ERROR
    table_three = {k: v for k, v in whole.cells.items() if k.startswith("s3.")}  # page 3
    assert {k: report.cells[k] for k in table_three} == table_three
    expected = json.loads((EXPECTED / f"{SEED.stem}.json").read_text(encoding="utf-8"))["cells"]
    right, noticed, silent = outcome(report, {k: v for k, v in expected.items() if k.startswith("s3.")})
    assert not silent and right + len(noticed) == len(table_three)


def test_a_page_too_large_to_read_is_named_and_keeps_its_place(
    seed_pdf, tmp_path, cache, monkeypatch, capsys
):
    """`gongkai audit FOLDER` with page 2 over the size limit: one report (page_02_of_04 still counts among its
    pages), page 2 named missing, the pages after it read in their own place (served from the cache that the
    whole report filled)."""
    files = page_files(seed_pdf, tmp_path / "扫描件", lambda n: f"page_{n:02d}_of_04.png")
    whole = cli.audit_report(files)
    limit = max(f.stat().st_size for f in files)
    with files[1].open("ab") as page:
        page.write(b"\0" * (limit + 1 - files[1].stat().st_size))  # over the limit, the others under it
    monkeypatch.setattr("gongkai.parsers.MAX_BYTES", limit)
    store.stats.update(hits=0, misses=0)
    (report,) = audit_json(capsys, str(tmp_path / "扫描件"))
    assert store.stats == {"hits": 3, "misses": 0}
    assert Path(report["file"]) == tmp_path / "扫描件" / "page"
    (missing,) = [f for f in report["findings"] if f["rule"] == "parse.page_unreadable"]
    assert missing["found"] == "page_02_of_04.png" and "文件过大" in missing["message"]
    table_three = {k: v for k, v in whole.as_dict()["cells"].items() if k.startswith("s3.")}  # page 3
    assert len(table_three) == 175
    assert {k: report["cells"][k] for k in table_three} == table_three


@pytest.mark.slow
def test_a_real_report_saved_as_page_images_reads_its_tables_across_the_page_breaks(tmp_path, cache, capsys):
    pdf = real_report("003.pdf").read_bytes()
    files = page_files(pdf, tmp_path / "洪泽区", lambda n: f"page_{n}.png")
    (report,) = cli.reports_in(files)
    check_cells(cli.audit_report(report), EXPECTED / "real-003.json")
