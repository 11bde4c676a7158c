"""Image files as offices send them, each read end to end: a phone's JPEG turned by its EXIF orientation, CMYK
JPEG, 16-bit, transparent and palette PNG, a county scanner's 1-bit CCITT G4 multi-page TIFF, a PDF of 1-bit page
images, a GIF. Each is made at test time from seed 004 printed by gongkai's PDF renderer and rasterized by pdfium
at 200 dpi; the oracle is the hand transcription (tests/fixtures/expected/). A whole report where the container
holds pages. Where it holds one picture, the page with Table 三: its cells right or flagged, and every cell the
same page saved as a plain 8-bit RGB PNG reads right read right, so the container's form costs nothing (read
naively, a 16-bit page is white and a transparent one black).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gongkai.parsers import read_bytes, read_file
from tests.core.test_scans import RIGHT, outcome
from tests.scans.generate import pages

SEED = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("004_*.txt"))[0]
EXPECTED = json.loads((SEED.parents[1] / "expected" / f"{SEED.stem}.json").read_text(encoding="utf-8"))
TABLE_3_PAGE = 2  # the page of seed 004's PDF that holds Table 三 (its text layer names 三、 and （七）总计)
ORIENTATION = 0x0112  # the EXIF tag


pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture(scope="module")
def printed() -> list[Image.Image]:
    from gongkai.renderers.pdf import to_pdf

    pdf = to_pdf(read_file(SEED))
    text = _page_text(pdf, TABLE_3_PAGE)
    assert "三、" in text and "（七）总计" in text  # the page the single-picture cases show
    return pages(pdf, 200)


def _page_text(pdf: bytes, number: int) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[number].get_textpage().get_text_range()
    finally:
        doc.close()


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _bilevel(image: Image.Image) -> Image.Image:
    return image.convert("L").point(lambda v: 255 if v >= 160 else 0).convert("1", dither=Image.Dither.NONE)


def _check(report, cells: dict) -> None:
    right, noticed, silent = outcome(report, cells)
    assert not silent, "\n".join(silent)
    assert right / len(cells) >= RIGHT, f"{right}/{len(cells)}\n" + "\n".join(noticed)
    assert any(f.rule == "parse.ocr_used" for f in report.findings)


def _whole(report) -> None:
    _check(report, EXPECTED["cells"])


TABLE_3 = {k: v for k, v in EXPECTED["cells"].items() if k.startswith("s3.")}


def _exif_turned(page: Image.Image) -> bytes:
    """A phone's photo: the pixels stored sideways, the EXIF orientation (6: turn 90° clockwise) saying so."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    return _saved(page.rotate(90, expand=True), "JPEG", quality=85, exif=exif)


def _sixteen_bit(page: Image.Image) -> bytes:
    grey = np.asarray(page.convert("L")).astype(np.uint16) * 257
    return _saved(Image.fromarray(grey), "PNG")


def _transparent(page: Image.Image) -> bytes:
    """A screenshot's PNG: black ink, the paper fully transparent (converted naively, the paper is black)."""
    ink = 255 - np.asarray(page.convert("L"))
    pixels = np.zeros((*ink.shape, 4), np.uint8)
    pixels[..., 3] = ink
    return _saved(Image.fromarray(pixels, "RGBA"), "PNG")


def _palette(page: Image.Image) -> bytes:
    return _saved(page.convert("P", palette=Image.Palette.ADAPTIVE, colors=16), "PNG")


ONE_PAGE = {
    "phone-exif-orientation.jpg": _exif_turned,
    "cmyk.jpg": lambda page: _saved(page.convert("CMYK"), "JPEG", quality=85),
    "16-bit.png": _sixteen_bit,
    "transparent.png": _transparent,
    "palette.png": _palette,
}


@pytest.fixture(scope="module")
def plain(printed, tmp_path_factory) -> set[str]:
    """Table 三's cells the page saved as a plain RGB PNG reads right (its （七）总计 row is left blank and
    flagged on its own: that is the recogniser's, in every form the page comes in)."""
    import os

    os.environ["GONGKAI_OCR_CACHE"] = str(tmp_path_factory.mktemp("ocr"))
    try:
        report = read_bytes(_saved(printed[TABLE_3_PAGE].convert("RGB"), "PNG"), "plain.png")
    finally:
        del os.environ["GONGKAI_OCR_CACHE"]
    _, _, silent = outcome(report, TABLE_3)
    assert not silent, "\n".join(silent)
    assert sum(report.cells.get(k) == v for k, v in TABLE_3.items()) >= 0.95 * len(TABLE_3)
    return {k for k, v in TABLE_3.items() if report.cells.get(k) == v}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ONE_PAGE))
def test_a_page_image_as_offices_send_it_reads_as_the_plain_page(printed, plain, name):
    data = ONE_PAGE[name](printed[TABLE_3_PAGE])
    assert Image.open(io.BytesIO(data)).mode in ("RGB", "CMYK", "I;16", "RGBA", "P")
    report = read_bytes(data, name)
    _, _, silent = outcome(report, TABLE_3)
    assert not silent, "\n".join(silent)
    assert [k for k in sorted(plain) if report.cells.get(k) != TABLE_3[k]] == []
    assert any(f.rule == "parse.ocr_used" for f in report.findings)


@pytest.mark.slow
def test_a_county_scanners_g4_multi_page_tiff_reads_right(printed):
    frames = [_bilevel(p) for p in printed]
    data = _saved(
        frames[0], "TIFF", save_all=True, append_images=frames[1:], compression="group4", dpi=(200, 200)
    )
    opened = Image.open(io.BytesIO(data))
    assert (opened.mode, opened.info.get("compression"), opened.n_frames) == ("1", "group4", len(printed))
    _whole(read_bytes(data, "scan.tif"))


@pytest.mark.slow
def test_a_pdf_of_one_bit_ccitt_pages_reads_right(printed):
    frames = [_bilevel(p) for p in printed]
    data = _saved(frames[0], "PDF", save_all=True, append_images=frames[1:], resolution=200)
    assert b"/CCITTFaxDecode" in data  # PIL writes 1-bit pages as CCITT G4, as scanners' PDFs hold them
    _whole(read_bytes(data, "scan.pdf"))


@pytest.mark.slow
def test_a_multi_frame_gif_reads_right(printed):
    frames = [p.convert("P", palette=Image.Palette.ADAPTIVE, colors=32) for p in printed]
    data = _saved(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert data.startswith(b"GIF8")
    _whole(read_bytes(data, "scan.gif"))


def test_a_gif_is_an_image_by_its_bytes_or_name():
    from gongkai.parsers import detect

    data = _saved(Image.new("P", (20, 20)), "GIF")
    assert detect(data, "") == detect(data, "a.gif") == detect(b"", "a.GIF") == "image"
