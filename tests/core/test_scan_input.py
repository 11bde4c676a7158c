"""Scanned inputs: which files go to OCR, the cache by file hash, and what a bad image gives."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from gongkai.parsers import detect, read_bytes, read_file
from gongkai.parsers.scan import store
from tests.scans.generate import BY_NAME, scan

SEED = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("004_*.txt"))[0]
EXPECTED = json.loads(
    (SEED.parents[1] / "expected" / f"{SEED.stem}.json").read_text(encoding="utf-8"),
)


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    from gongkai.renderers.pdf import to_pdf

    return to_pdf(read_file(SEED))


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "ocr"
    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(folder))
    return folder


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "name"), [("PNG", "a.png"), ("JPEG", "a.jpg"), ("TIFF", "a.tif"), ("PNG", "noname"), ("JPEG", "")]
)
def test_images_are_detected_by_their_bytes_or_name(fmt, name):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, fmt)
    assert detect(out.getvalue(), name) == "image"


def test_a_text_pdf_is_not_sent_to_ocr(seed_pdf, cache):
    report = read_bytes(seed_pdf, "a.pdf")
    assert not report.confidence and not any(f.rule.startswith("parse.ocr") for f in report.findings)
    assert not cache.exists()


def test_a_broken_image_gives_a_finding_not_a_traceback(cache):
    report = read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "scan.png")
    (finding,) = report.findings
    assert finding.rule == "parse.unreadable" and "图像" in finding.message


def test_a_page_image_without_text_says_there_is_none(cache):
    report = read_bytes(_png(Image.new("L", (1654, 2339), 255)), "blank.png")
    assert [f.rule for f in report.findings] == ["parse.no_text"]


@pytest.fixture(scope="module")
def skewed(seed_pdf) -> bytes:
    return scan(seed_pdf, BY_NAME["skew"])[0]


def test_a_rerun_comes_from_the_cache(skewed, cache):
    """The second read of the same bytes is served from the cache, page by page, and gives the same report."""
    store.stats.update(hits=0, misses=0)
    first = read_bytes(skewed, "r.tif")
    pages_read = store.stats["misses"]
    assert pages_read >= 3 and store.stats["hits"] == 0
    assert {k: first.cells[k] for k in EXPECTED["cells"]} == EXPECTED["cells"]
    second = read_bytes(skewed, "r.tif")
    assert store.stats == {"hits": pages_read, "misses": pages_read}
    assert second.cells == first.cells and second.findings == first.findings


def test_a_corrupt_cache_entry_is_read_again(skewed, cache):
    first = read_bytes(skewed, "r.tif")
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    store.stats.update(hits=0, misses=0)
    again = read_bytes(skewed, "r.tif")
    assert store.stats["hits"] == 0 and again.cells == first.cells


def test_the_cache_can_be_switched_off(seed_pdf, monkeypatch, tmp_path):
    monkeypatch.setenv("GONGKAI_OCR_CACHE", "off")
    assert store.folder() is None
    monkeypatch.delenv("GONGKAI_OCR_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert store.folder() == tmp_path / "gongkai" / "ocr"
