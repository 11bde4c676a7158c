"""Make test scans from reports whose cells are known, never hand-tuned.

A report is printed to PDF (the seeds through gongkai's own PDF renderer; the real published PDFs as they are),
each page rendered to an image by pdfium at 150-300 dpi, then degraded as scanners and phones do: skew up to ±3°,
blur, noise, JPEG at quality 50, a red seal stamped across a table, a slightly rotated and unevenly lit photo of
the page on a desk. Every degradation is drawn from a seeded random generator, so a case is the same bytes on
every run. The result is a file a supervisor might be sent: a multi-page TIFF, or a PDF of page images (no text
layer), or a PDF whose prose pages keep their text and whose table pages are scans.

`WILD_CASES` are what real scans do beyond that, each drawn the same way: pages turned sideways and upside
down, a 96-dpi picture cut close round its print (a table image in a web page), a 600-dpi archive scan, page
images placed at 72 dpi (PDF pages of odd sizes), a phone photo on yellowed paper under a hand's shadow, grey
paper with the back of the sheet showing through, thick rules and faint broken ones.

`python -m tests.scans.generate OUT` writes every case of every seed to OUT to look at.
"""

from __future__ import annotations

import io
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SEAL_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SEAL_RED = (214, 38, 44)
A4_WIDTH_PT = 595.0


@dataclass(frozen=True)
class Case:
    """One way of scanning a report: resolution, what happens to each page, and the file it ends up in."""

    name: str
    dpi: int
    degrade: Callable[[Image.Image, random.Random, int], Image.Image]  # page, generator, page number
    container: (
        str  # "tiff" | "pdf" (page images) | "pdf72" (at 72 dpi) | "mixed" (text pages kept, tables scanned)
    )
    dpi_y: int | None = None  # a TIFF's vertical resolution when its pixels are not square (a fax's 98 dpi)


def pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


# ---------------------------------------------------------------- degradations
def skew(image: Image.Image, rng: random.Random, limit: float = 3.0) -> Image.Image:
    angle = rng.uniform(0.5, limit) * rng.choice((-1, 1))
    return image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))


def blur(image: Image.Image, radius: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius))


def noise(image: Image.Image, rng: random.Random, sigma: float = 12.0, specks: float = 0.0015) -> Image.Image:
    pixels = np.asarray(image).astype(np.float32)
    gen = np.random.default_rng(rng.randrange(2**32))
    pixels += gen.normal(0, sigma, pixels.shape[:2])[:, :, None]
    dots = gen.random(pixels.shape[:2]) < specks  # dust and toner specks
    pixels[dots] = 40
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def seal(image: Image.Image, rng: random.Random, agency: str = "人民政府办公室") -> Image.Image:
    """A round red seal (ring, star, the agency's name round the rim) multiplied onto the page."""
    width, height = image.size
    size = int(width * 0.26)
    stamp = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(stamp)
    ring = max(3, size // 28)
    draw.ellipse((ring, ring, size - ring, size - ring), outline=255, width=ring)
    c = size / 2
    star = [
        (
            c + (0.2 if k % 2 == 0 else 0.08) * size * math.sin(k * math.pi / 5),
            c - (0.2 if k % 2 == 0 else 0.08) * size * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=255)
    font = ImageFont.truetype(SEAL_FONT, size // 9)
    for k, ch in enumerate(agency):
        angle = -150 + 300 * k / max(1, len(agency) - 1)
        glyph = Image.new("L", (size // 8, size // 8), 0)
        ImageDraw.Draw(glyph).text((0, -size // 60), ch, fill=255, font=font)
        glyph = glyph.rotate(-angle, expand=True)
        r = size * 0.34
        x = c + r * math.sin(math.radians(angle)) - glyph.width / 2
        y = c - r * math.cos(math.radians(angle)) - glyph.height / 2
        stamp.paste(255, (int(x), int(y)), glyph)
    stamp = stamp.rotate(rng.uniform(-30, 30)).filter(ImageFilter.GaussianBlur(1))
    pixels = np.asarray(image).astype(np.float32)
    x0 = int(width * rng.uniform(0.35, 0.6))
    y0 = int(height * rng.uniform(0.25, 0.55))
    alpha = np.asarray(stamp).astype(np.float32)[:, :, None] / 255 * rng.uniform(0.75, 0.95)
    region = pixels[y0 : y0 + size, x0 : x0 + size]
    alpha = alpha[: region.shape[0], : region.shape[1]]
    ink = np.array(SEAL_RED, np.float32) / 255
    region[:] = region * (1 - alpha + alpha * ink)  # multiply: the seal darkens, never hides, the print below
    return Image.fromarray(pixels.astype(np.uint8))


def photo(
    image: Image.Image, rng: random.Random, keystone: float = 0.008, dim: float = 0.22, shadow: bool = False
) -> Image.Image:
    """The page photographed on a desk: turned a few degrees, a little keystoned, lit from one side (`dim`: how
    much darker the far side is), and with `shadow` the soft shadow of the phone and hand over one corner."""
    page = np.asarray(image)
    h, w = page.shape[:2]
    border = int(0.06 * w)
    canvas_w, canvas_h = w + 2 * border, h + 2 * border
    jitter = keystone * w
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    placed = np.float32(
        [
            [x + border + rng.uniform(-jitter, jitter), y + border + rng.uniform(-jitter, jitter)]
            for x, y in corners
        ]
    )
    angle = math.radians(rng.uniform(2.0, 4.5) * rng.choice((-1, 1)))
    centre = np.float32([canvas_w / 2, canvas_h / 2])
    turn = np.float32([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    placed = (placed - centre) @ turn.T + centre
    matrix = cv2.getPerspectiveTransform(corners, placed.astype(np.float32))
    desk = (96, 84, 72)
    shot = cv2.warpPerspective(page, matrix, (canvas_w, canvas_h), flags=cv2.INTER_CUBIC, borderValue=desk)
    ys, xs = np.mgrid[0:canvas_h, 0:canvas_w].astype(np.float32)
    light = (1 - dim) + dim * (xs / canvas_w if rng.random() < 0.5 else 1 - xs / canvas_w) * (
        1 - 0.3 * ys / canvas_h
    )
    offset = rng.uniform(-6, 6)
    if shadow:  # a soft ellipse, darker by a third at its heart, over a corner of the page
        cx, cy = rng.choice((0.1, 0.9)) * canvas_w, rng.choice((0.15, 0.85)) * canvas_h
        rx, ry = rng.uniform(0.25, 0.4) * canvas_w, rng.uniform(0.2, 0.3) * canvas_h
        inside = np.clip(1 - ((xs - cx) / rx) ** 2 - ((ys - cy) / ry) ** 2, 0, 1)
        light *= 1 - 0.35 * cv2.GaussianBlur(inside, (0, 0), 0.03 * canvas_w)
    shot = np.clip(shot.astype(np.float32) * light[:, :, None] + offset, 0, 255).astype(np.uint8)
    return jpeg(blur(Image.fromarray(shot), 0.9), 70)


def paper(image: Image.Image, tint: tuple[int, int, int]) -> Image.Image:
    """The page printed on grey or yellowed paper: white takes the paper's colour, ink stays dark."""
    pixels = np.asarray(image.convert("RGB")).astype(np.float32)
    return Image.fromarray((pixels * (np.array(tint, np.float32) / 255)).astype(np.uint8))


def bleed(image: Image.Image, rng: random.Random, strength: float) -> Image.Image:
    """The print on the back of the sheet showing through, mirrored and soft: the page's own print stands in for
    its back, shifted, blurred and `strength` (0-1) as dark as the front's ink."""
    front = np.asarray(image.convert("RGB")).astype(np.float32)
    back = np.asarray(image.convert("L").transpose(Image.FLIP_LEFT_RIGHT)).astype(np.float32)
    back = np.roll(back, (rng.randrange(-40, 40), rng.randrange(-40, 40)), axis=(0, 1))
    back = cv2.GaussianBlur(back, (0, 0), 1.5)
    shade = 1 - strength * (1 - back / 255)
    return Image.fromarray((front * shade[:, :, None]).astype(np.uint8))


def ruled(image: Image.Image, rng: random.Random, thick: bool) -> Image.Image:
    """The tables' rules drawn thick (a 2-point pen), or faint and broken (a worn toner, a light copy): the rules
    are found on the clean page by their length, the text left as printed."""
    grey = np.asarray(image.convert("L"))
    ink = (grey < 160).astype(np.uint8)
    h, w = grey.shape
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 12, 1)))
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, h // 60)))
    pixels = np.asarray(image.convert("RGB")).copy()
    if thick:
        grown = cv2.dilate(rules, np.ones((3, 3), np.uint8), iterations=2)
        pixels[grown > 0] = 0
        return Image.fromarray(pixels)
    faint = rng.randint(150, 175)
    pixels[rules > 0] = np.maximum(pixels[rules > 0], faint)
    gaps = np.zeros_like(rules)
    pt = w / A4_WIDTH_PT
    for _ in range(int(h * w / 4000 / pt**2)):  # gaps of 1-3 points, a few along every rule
        x, y = rng.randrange(w), rng.randrange(h)
        size = int(rng.uniform(1, 3) * pt)
        gaps[max(0, y - size) : y + size, max(0, x - size) : x + size] = 1
    pixels[(rules > 0) & (gaps > 0)] = 255
    return Image.fromarray(pixels)


def turned(image: Image.Image, rng: random.Random, n: int, turns: tuple[int, ...]) -> Image.Image:
    """The page scanned sideways or upside down (and a little skewed): turned by the page's entry in `turns`."""
    return skew(image, rng, 1.5).rotate(turns[n % len(turns)], expand=True)


def cropped(image: Image.Image, margin: float = 0.02) -> Image.Image:
    """The page cut close around its print, as a table pasted into a web page is: not A4's proportions."""
    grey = np.asarray(image.convert("L"))
    ys, xs = np.nonzero(grey < 200)
    if not len(xs):
        return image
    pad = int(margin * image.width)
    return image.crop(
        (max(0, xs.min() - pad), max(0, ys.min() - pad), xs.max() + pad, min(image.height, ys.max() + pad))
    )


# ---------------------------------------------------------------- what county scans do beyond the wild cases
def keystone_curl(image: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo held at an angle (the page a trapezoid, 5 % of its width out at a corner) of a page whose
    side edge curls up off the desk: its lines bend over the last 40 % of the page towards that edge."""
    page = np.asarray(image)
    h, w = page.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    right = rng.random() < 0.5
    near = np.clip(((xs if right else w - xs) / w - 0.6) / 0.4, 0, None) ** 2  # 0 .. 1 towards the edge
    bent = cv2.remap(
        page,
        xs + 0.02 * w * near * (1 if right else -1),
        ys + 0.012 * h * near * (2 * ys / h - 1),
        cv2.INTER_LINEAR,
        borderValue=(255, 255, 255),
    )
    return photo(Image.fromarray(bent), rng, keystone=0.05)


def fax(image: Image.Image, dpi_y: float) -> Image.Image:
    """A fax: the page sampled at half its resolution down (204 x 98 dpi, pixels twice as tall as wide) and
    made ink or paper, nothing between, at a threshold darker than mid-grey as a fax's text mode keeps thin
    strokes (at 140 a 宋体 0's thin top and bottom fall between two lines and it prints as ())."""
    grey = image.convert("L").resize((image.width, round(image.height * dpi_y)), Image.BOX)
    return grey.point(lambda v: 255 if v > 170 else 0).convert("1")


def dithered(image: Image.Image, tint: int = 212) -> Image.Image:
    """Grey paper scanned in 1 bit with error diffusion: the paper a field of scattered black dots."""
    return paper(blur(image, 0.6), (tint, tint, tint)).convert("L").convert("1")


def scanner_border(image: Image.Image, rng: random.Random) -> Image.Image:
    """The page smaller than the glass, the lid's black round two or more of its sides, two punch holes in its
    margin (black through the paper) and a staple's shadow across its top corner."""
    w, h = image.size
    glass = Image.new("RGB", (int(w * 1.06), int(h * 1.04)), (28, 28, 28))
    x0, y0 = int(w * rng.uniform(0, 0.05)), int(h * rng.uniform(0, 0.03))
    glass.paste(image, (x0, y0))
    draw = ImageDraw.Draw(glass)
    r = int(w * 0.018)
    for at in (0.35, 0.65):
        cx, cy = x0 + int(w * 0.035), y0 + int(h * at)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(30, 30, 30))
    staple = Image.new("L", glass.size, 0)
    ImageDraw.Draw(staple).line(
        (x0 + int(w * 0.03), y0 + int(h * 0.04), x0 + int(w * 0.09), y0 + int(h * 0.015)),
        fill=255,
        width=int(w * 0.006),
    )
    shade = 1 - 0.7 * np.asarray(staple.filter(ImageFilter.GaussianBlur(3)), np.float32)[:, :, None] / 255
    return Image.fromarray((np.asarray(glass).astype(np.float32) * shade).astype(np.uint8))


def watermark(image: Image.Image, rng: random.Random, text: str = "内部资料", grey: int = 200) -> Image.Image:
    """Large light grey words repeated at a slant across the page and its tables, multiplied onto the print."""
    w, h = image.size
    layer = Image.new("L", (2 * w, 2 * h), 0)
    draw = ImageDraw.Draw(layer)
    font = ImageFont.truetype(SEAL_FONT.replace("Bold", "Regular"), w // 12)
    step = int(w / 2.5)
    for y in range(0, 2 * h, step // 2 + w // 40):
        for x in range(0, 2 * w, step):
            draw.text((x + (y // step % 2) * step // 2, y), text, fill=255, font=font)
    layer = layer.rotate(rng.uniform(25, 40), resample=Image.BICUBIC).crop(
        (w // 2, h // 2, w // 2 + w, h // 2 + h)
    )
    cover = np.asarray(layer, np.float32)[:, :, None] / 255 * (1 - grey / 255)
    pixels = np.asarray(image.convert("RGB")).astype(np.float32) * (1 - cover)
    return Image.fromarray(pixels.astype(np.uint8))


def overinked(image: Image.Image) -> Image.Image:
    """Too much toner: every stroke a pixel fatter, its edges soft, glyphs' counters closing."""
    return blur(Image.fromarray(cv2.erode(np.asarray(image.convert("L")), np.ones((2, 2), np.uint8))), 1.0)


def streaks(image: Image.Image, rng: random.Random) -> Image.Image:
    """A dirty scanner glass or drum: two soft grey stripes down the whole page, 6-24 px wide."""
    pixels = np.asarray(image.convert("RGB")).astype(np.float32)
    w = pixels.shape[1]
    across = np.ones(w, np.float32)
    for _ in range(2):
        x, width = rng.randrange(int(0.2 * w), int(0.8 * w)), rng.randint(6, 24)
        across[x : x + width] = rng.uniform(0.6, 0.8)
    across = cv2.GaussianBlur(across[None, :], (0, 0), 3)[0]
    return Image.fromarray((pixels * across[None, :, None]).astype(np.uint8))


def two_up(images: list[Image.Image]) -> list[Image.Image]:
    """Pages scanned two to a sheet of A3, side by side, as a booklet or a stapled report laid open is."""
    sheets = []
    for first in range(0, len(images), 2):
        left = images[first]
        sheet = Image.new("RGB", (2 * left.width, left.height), (255, 255, 255))
        for k, image in enumerate(images[first : first + 2]):
            sheet.paste(image.convert("RGB"), (k * left.width, 0))
        sheets.append(sheet)
    return sheets


def _is_table_page(image: Image.Image) -> bool:
    grey = np.asarray(image.convert("L"))
    ink = (grey < 128).astype(np.uint8)
    lines = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (image.width // 3, 1))
    )
    return int(lines.any(axis=1).sum()) >= 6


CASES = (
    Case("skew", 200, lambda im, rng, n: skew(im, rng).convert("L"), "tiff"),
    Case("blur-noise-150dpi", 150, lambda im, rng, n: noise(blur(im, 0.7), rng).convert("L"), "tiff"),
    Case("jpeg50", 200, lambda im, rng, n: jpeg(skew(im, rng, 1.5), 50), "pdf"),
    Case(
        "seal",
        200,
        lambda im, rng, n: jpeg(seal(im, rng) if _is_table_page(im) else im, 80),
        "pdf",
    ),
    Case("photo", 250, lambda im, rng, n: photo(im, rng), "pdf"),
    Case("mixed-300dpi", 300, lambda im, rng, n: jpeg(skew(im, rng, 2.0), 75), "mixed"),
)
# What real scans do that the cases above do not: run over a few reports only (tests/core/test_scans_wild.py).
WILD_CASES = (
    Case(
        "turned",
        200,
        lambda im, rng, n: turned(im, rng, n, (90, 180, 270, 0, 270, 90)).convert("L"),
        "tiff",
    ),
    Case("web-96dpi", 96, lambda im, rng, n: cropped(im), "tiff"),
    Case("archive-600dpi", 600, lambda im, rng, n: skew(im, rng, 1.0).convert("L"), "tiff"),
    Case("pdf-72dpi-pages", 150, lambda im, rng, n: jpeg(skew(im, rng, 1.5), 70), "pdf72"),
    Case(
        "phone-shadow",
        200,
        lambda im, rng, n: photo(paper(im, (246, 238, 214)), rng, keystone=0.025, dim=0.4, shadow=True),
        "pdf",
    ),
    Case(
        "bleed-grey-paper",
        200,
        lambda im, rng, n: jpeg(noise(bleed(paper(im, (226, 224, 218)), rng, 0.18), rng, 6.0, 0.0), 80),
        "pdf",
    ),
    Case("rules-thick-faint", 200, lambda im, rng, n: jpeg(ruled(im, rng, thick=n % 2 == 0), 80), "pdf"),
)
# What county and township scans do beyond those (tests/core/test_scans_unseen.py).
FAX_DPI = (204, 98)
UNSEEN_CASES = (
    Case("keystone-curl", 200, lambda im, rng, n: keystone_curl(im, rng), "pdf"),
    Case("fax-204x98", FAX_DPI[0], lambda im, rng, n: fax(im, FAX_DPI[1] / FAX_DPI[0]), "tiff", FAX_DPI[1]),
    Case("dithered-1bit", 200, lambda im, rng, n: dithered(im), "tiff"),
    Case(
        "scanner-border", 200, lambda im, rng, n: scanner_border(skew(im, rng, 1.0), rng).convert("L"), "tiff"
    ),
    Case("watermark", 200, lambda im, rng, n: jpeg(watermark(im, rng), 80), "pdf"),
    Case("overinked", 200, lambda im, rng, n: overinked(im), "tiff"),
    Case("toner-streaks", 200, lambda im, rng, n: jpeg(streaks(im, rng), 80), "pdf"),
    Case("skew-5deg", 200, lambda im, rng, n: skew(im, rng, 5.0).convert("L"), "tiff"),
    Case("a3-two-up", 200, lambda im, rng, n: im, "two-up"),
)
BY_NAME = {c.name: c for c in CASES + WILD_CASES + UNSEEN_CASES}


def scan(pdf: bytes, case: Case, seed: int = 0) -> tuple[bytes, str]:
    """The report in `pdf` scanned as `case`: the file's bytes and its suffix."""
    rng = random.Random(f"{case.name}/{seed}")
    images = pages(pdf, case.dpi)
    degraded = [case.degrade(im, rng, n) for n, im in enumerate(images)]
    if case.container == "two-up":
        degraded = [skew(sheet, rng, 1.0).convert("L") for sheet in two_up(degraded)]
    out = io.BytesIO()
    if case.container in ("tiff", "two-up"):
        degraded[0].save(
            out,
            "TIFF",
            save_all=True,
            append_images=degraded[1:],
            compression="group4" if degraded[0].mode == "1" else "tiff_deflate",
            dpi=(case.dpi, case.dpi_y or case.dpi),
        )
        return out.getvalue(), ".tif"
    if case.container in ("pdf", "pdf72"):  # pdf72: the images placed at 72 dpi, pages of odd sizes
        _image_pdf(degraded, 72 if case.container == "pdf72" else case.dpi, out)
        return out.getvalue(), ".pdf"
    return _mixed(pdf, images, degraded, case.dpi), ".pdf"


def _image_pdf(images: list[Image.Image], dpi: int, out: io.BytesIO) -> None:
    rgb = [im.convert("RGB") for im in images]
    rgb[0].save(out, "PDF", save_all=True, append_images=rgb[1:], resolution=dpi, quality=85)


def _mixed(pdf: bytes, clean: list[Image.Image], degraded: list[Image.Image], dpi: int) -> bytes:
    """Prose pages as printed (with their text layer), table pages replaced by their scans."""
    scanned = io.BytesIO()
    _image_pdf(degraded, dpi, scanned)
    source = pdfium.PdfDocument(pdf)
    images = pdfium.PdfDocument(scanned.getvalue())
    out = pdfium.PdfDocument.new()
    for n, page in enumerate(clean):
        out.import_pages(images if _is_table_page(page) else source, [n])
    buf = io.BytesIO()
    out.save(buf)
    for doc in (out, images, source):
        doc.close()
    return buf.getvalue()


def main(folder: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from gongkai.parsers import read_file
    from gongkai.renderers.pdf import to_pdf

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for seed in sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("*.txt")):
        pdf = to_pdf(read_file(seed))
        for case in CASES + WILD_CASES + UNSEEN_CASES:
            data, suffix = scan(pdf, case)
            (out / f"{seed.stem[:3]}-{case.name}{suffix}").write_bytes(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gongkai-scans")
