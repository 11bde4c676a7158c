"""A page image made ready for reading: grey, the red seal taken out, upright, at a known scale, straightened,
evenly lit, and its ink found.

A seal is stamped in red across the tables of many scanned reports. Black ink is dark in every channel and red
ink is light in the red one, so the red channel, turned white where a light pixel is much redder than it is green
or blue, keeps the text (even where the seal covers it, as print under a seal stays dark) and drops the seal.

Real scans come sideways (a landscape table page, a page fed the wrong way), at any resolution (a 96-dpi table
image from a web page, a 600-dpi archive scan) and, from a phone, unevenly lit. Each is handled by a cheap test
first and the work only where the test asks for it: a page whose rows of ink are fainter than its columns is
turned a quarter (which quarter, and an upside-down page, are settled after reading: `orient`); a page read at a
resolution far from the one the recogniser is tuned for is resampled to it; a page whose paper is not one
brightness is divided by its paper's brightness. Skew comes from the scanner or a hand-held photo; the angle that
makes the rows of ink (text lines and table rules) sharpest in a horizontal projection is the page's skew, found
on a small copy of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import ExifTags, Image, ImageOps

A4_WIDTH_IN = 8.27  # a page image of A4's proportions is taken to be an A4 page, which fixes its resolution
A4_RATIO = 297 / 210
MAX_SKEW = 8.0  # degrees: a hand-held photo may be turned this far
_SMALL = 700  # px: the width of the copy the skew is measured on
_QUARTER = 500  # px: the long side of the copy the page's orientation is measured on
_DECISIVE = 1.6  # rows this many times sharper than columns (or the reverse) settle which way the lines run
_NO_LINES = (
    0.08  # a page whose rows and columns are both less sharp has no lines (a photo: 0.02; pages 0.27+)
)
TARGET = 200 / 72  # px per point: the resolution the recogniser is tuned for (200 dpi)
_RESAMPLE = (140 / 72, 320 / 72)  # px per point: a page outside this range is resampled to TARGET
# a file whose resolutions across and down differ by less than _SQUARE times has square pixels; by more than
# _SQUASHED times, its resolution tag is nonsense (a fax is 204 x 98 dpi: 2.08)
_SQUARE, _SQUASHED = 1.05, 4.0
_BILEVEL = 0.99  # this share of a page's pixels black or white: a 1-bit scan
_DITHERED = 0.25  # a 1-bit page with this share of its black pixels alone or in pairs is dithered
_DOTS = 1.2  # px: the blur that turns a dithered page's dots back into grey
_TWO_UP = 1.2  # an image this many times wider than tall may be two pages side by side
# the band of paper between two pages: at least this share of the sheet's width (two A4 margins are 12 % of an
# A3 sheet, a booklet's inner margins 7 %), with ink in at most this share of its rows (specks, a fold's shadow)
_GUTTER, _GUTTER_INK = 0.04, 0.005
_MAX_SIDE = 7200  # px: a larger image is shrunk before anything else (it is more than 600 dpi on A3)
_GLYPH_PT = (
    9.5  # points: the height of a table's glyphs, which gives a page not of A4's proportions its scale
)
_UNEVEN = 40  # grey levels between the brightest and darkest paper: lit unevenly, or shadowed
_EVEN = 12  # grey levels between them at most on paper of one colour
_WHITE = 240  # paper at least this bright is white
_SHOW_THROUGH = (
    0.3  # print within this share of the way from the paper to the ink shows through from the back
)
_WATERMARK = 0.25  # a page with this share of its ink light and far from print has a watermark over it
_LIGHT = 0.04  # a page with less of its paper light grey has no watermark
_PAPER_BLOCKS, _PAPER_BLOCK = (
    12,
    16,
)  # paper measured in 12 blocks along the long side (a shaded table row is less)


@dataclass
class Page:
    """A straightened page: grey pixels, their ink (255 where dark) and the resolution in pixels per point."""

    grey: np.ndarray
    ink: np.ndarray
    scale: float  # pixels per point (1/72 in)
    skew: float  # degrees the page was turned to straighten it
    turned: int = 0  # degrees (counter-clockwise) the page was turned by before that: a page scanned sideways


def prepare(image: Image.Image, upright: bool = False) -> Page:
    """With `upright` the page is known to be the right way up (orientation detection turned it), and is not
    turned again by the test of which way its lines run: a table of narrow columns can fail that test."""
    grey = _flattened(_shrunk(_descreened(_squared(_grey(image), image.info.get("dpi")))))
    grey, turned = (grey, 0) if upright else _upright(grey)
    grey, scale = _scaled(grey)
    grey, ink = _unmarked(_evened(grey))
    angle = skew(ink)
    if abs(angle) > 0.05:
        grey = _rotate(grey, angle)
        ink = _binarize(grey)
    return Page(grey, ink, scale, angle, turned)


def _squared(grey: np.ndarray, dpi) -> np.ndarray:
    """A page whose pixels are not square (a fax: 204 dpi across, 98 down) stretched along its coarser side to
    square pixels: read as it comes, its glyphs are half as tall as wide and its proportions those of a
    landscape A4 page, and nothing on it reads (a fax of seed 001 read as the other format, every cell lost).
    Only the file's own resolution tells: a page of glyphs squashed to half their height is no sure sign."""
    fx, fy = _stretch(dpi)
    if fx == fy == 1.0:
        return grey
    return cv2.resize(grey, None, fx=fx, fy=fy, interpolation=cv2.INTER_LINEAR)


def _stretch(dpi) -> tuple[float, float]:
    """How much wider and taller a page's pixels must be made to be square, from its file's resolution tag."""
    across, down = (float(v) for v in dpi) if dpi and len(dpi) == 2 else (0.0, 0.0)
    if min(across, down) <= 0 or not _SQUARE < max(across, down) / min(across, down) < _SQUASHED:
        return 1.0, 1.0
    return max(1.0, down / across), max(1.0, across / down)


def _descreened(grey: np.ndarray) -> np.ndarray:
    """A 1-bit page dithered (grey paper or shading scanned as scattered black dots) blurred back to grey, so
    that its paper is paper again: read as it is, the dots are ink, and a table of seed 001 on grey paper was
    lost whole. A page is dithered when it is black and white only and most of its black pixels have at most
    one black neighbour (dithered grey paper: 49-74 %; print, thresholded or with dithered edges: under 4 %)."""
    sample = grey[::7, ::7]
    if np.count_nonzero((sample == 0) | (sample == 255)) < _BILEVEL * sample.size:
        return grey
    dark = (grey < 128).astype(np.uint8)
    company = cv2.filter2D(dark, -1, np.ones((3, 3), np.float32), borderType=cv2.BORDER_CONSTANT) - dark
    alone = np.count_nonzero((dark > 0) & (company <= 1))
    if alone < _DITHERED * max(1, np.count_nonzero(dark)):
        return grey
    return cv2.GaussianBlur(grey, (0, 0), _DOTS)


def halves(image: Image.Image) -> list[Image.Image]:
    """A sheet of two pages side by side (an A3 scan of a booklet or of a stapled report laid open) as its two
    pages, left then right; any other image as it is. Read whole, the sheet's two tables are one table to the
    reader and it takes the sheet's height for an A4 page's width (seed 001 so: 29/198 right, 15 lost silently).
    The sheet is wider than tall, a band of paper runs down its middle fifth through every line of both pages
    (a landscape page's rules and lines cross its middle), and its left page's lines run across (a portrait
    page scanned sideways has lines running down, and the gap between two of them is no gutter)."""
    width, height = image.size
    fx, fy = _stretch(image.info.get("dpi"))  # as printed: a fax's pixels are twice as tall as wide
    if width * fx < _TWO_UP * height * fy:
        return [image]
    small = image if image.mode in ("L", "RGB") else image.convert("L")
    small = small.resize((_SMALL, max(1, round(height * _SMALL / width))), Image.Resampling.BOX).convert("L")
    ink = _binarize(np.asarray(small))
    inked = ink.mean(axis=0) / 255  # the share of its rows each column has ink in
    start = int(0.4 * _SMALL)
    paper = np.flatnonzero(inked[start : int(0.6 * _SMALL)] <= _GUTTER_INK) + start
    if not len(paper):
        return [image]
    gutter = max(np.split(paper, np.flatnonzero(np.diff(paper) > 1) + 1), key=len)
    if len(gutter) < _GUTTER * _SMALL or inked[: gutter[0]].mean() < _GUTTER_INK:
        return [image]
    middle = int(np.clip(_SMALL // 2, gutter[0], gutter[-1]))  # the sheet's fold, if the gutter holds it
    if _profile_sharpness(ink[:, :middle], 1) < _profile_sharpness(ink[:, :middle], 0):
        return [image]
    cut = round(middle * width / _SMALL)
    return [image.crop((0, 0, cut, height)), image.crop((cut, 0, width, height))]


def _shrunk(grey: np.ndarray) -> np.ndarray:
    """A huge image made small enough to work on, before the work that grows with its pixels."""
    factor = _MAX_SIDE / max(grey.shape)
    if factor >= 1:
        return grey
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def _upright(grey: np.ndarray) -> tuple[np.ndarray, int]:
    """The page turned upright when its lines run up the page. Text lines, and the rules of a table with more
    rows than columns, make the rows of ink far sharper than its columns on an upright page (2.2-20 times on the
    seeds and the real reports, every scan case included; a third to a twentieth on the same pages turned a
    quarter), each measured at the skew that sharpens it most. Such a page is turned a quarter clockwise (a
    landscape page in a portrait document is turned the other way; `orient` mends that after reading); only a
    page the test cannot settle (a photo with the desk still round it) asks Tesseract's orientation detection.
    A page without lines of ink at all (a blank page, a photo of a cat) has no text: `NoText`."""
    rows, cols = _line_sharpness(_small_ink(grey))
    if max(rows, cols) < _NO_LINES:
        raise NoText
    if rows >= _DECISIVE * cols:
        return grey, 0
    if cols >= _DECISIVE * rows:
        return np.ascontiguousarray(np.rot90(grey, -1)), 270
    from .orient import turn

    degrees = turn(grey)
    return np.ascontiguousarray(np.rot90(grey, degrees // 90)), degrees


class NoText(ValueError):
    """The page holds no lines of ink: nothing on it is text to recognise."""


def _small_ink(grey: np.ndarray) -> np.ndarray:
    """The ink of a copy 500 px on its long side, the outer 3 % left out (the desk round a photographed page)."""
    factor = _QUARTER / max(grey.shape)
    ink = _binarize(cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA))
    edge = int(0.03 * _QUARTER)
    ink[:edge], ink[-edge:], ink[:, :edge], ink[:, -edge:] = 0, 0, 0, 0
    return ink


def _line_sharpness(ink: np.ndarray) -> tuple[float, float]:
    """How sharp the ink's rows and its columns are, each at the turn within the skew limit that sharpens it."""
    h, w = ink.shape
    rows = cols = 0.0
    for angle in range(-int(MAX_SKEW), int(MAX_SKEW) + 1):
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0) if angle else ink
        rows, cols = max(rows, _profile_sharpness(turned, 1)), max(cols, _profile_sharpness(turned, 0))
    return rows, cols


def _profile_sharpness(ink: np.ndarray, axis: int) -> float:
    """How sharply the ink's projection along `axis` changes, independent of how much ink there is."""
    profile = ink.sum(axis=axis, dtype=np.float64)
    total = profile.sum()
    return float(np.square(np.diff(profile)).sum() / total**2 * len(profile)) if total else 0.0


def _scaled(grey: np.ndarray) -> tuple[np.ndarray, float]:
    """The page and its resolution (px per point), resampled to the recogniser's when far from it: a 96-dpi
    image has glyphs too small to read, a 600-dpi one nine times the pixels to work through."""
    scale = resolution(grey)
    if _RESAMPLE[0] <= scale <= _RESAMPLE[1]:
        return grey, scale
    factor = TARGET / scale
    method = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=method), TARGET


def resolution(grey: np.ndarray) -> float:
    """Pixels per point: from the page's width when it has A4's proportions (upright or landscape), else from
    the height of its glyphs (a table cut out of a page, a picture in a web page)."""
    short, long = sorted(grey.shape[:2])
    if abs(long / short - A4_RATIO) < 0.04:
        return short / A4_WIDTH_IN / 72
    glyph = glyph_height(_binarize(grey))
    return glyph / _GLYPH_PT if glyph else short / A4_WIDTH_IN / 72


def glyph_height(ink: np.ndarray) -> float:
    """The height (px) of a line's glyphs: the upper quartile of the blots' heights, rules and specks left out
    (a Chinese character is often several blots, the tallest as tall as the glyph). 0 when there is no text."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    glyphs = h[(h >= 4) & (w <= 4 * h) & (h <= 4 * w) & (area >= 0.15 * w * h) & (h < ink.shape[0] / 8)]
    if len(glyphs) < 20:
        return 0.0
    return float(np.percentile(glyphs, 75))


def _evened(grey: np.ndarray) -> np.ndarray:
    """The paper made white where it is not: a page whose paper varies in brightness (a phone's light from one
    side, the shadow of a hand) divided by its paper's brightness; a page on uniformly grey or yellowed paper
    levelled so that its paper, and what shows through it from the back of the sheet, is white. A flat scan on
    white paper, shaded table rows included, is left as it is."""
    paper = _paper(grey)
    if paper is None:
        return grey
    low, high = np.percentile(paper, (5, 95))
    if high - low >= _UNEVEN:
        paper = cv2.resize(
            cv2.GaussianBlur(paper, (3, 3), 0), (grey.shape[1], grey.shape[0]), cv2.INTER_LINEAR
        )
        return (
            cv2.divide(grey.astype(np.float32), np.maximum(paper, 1), scale=255).clip(0, 255).astype(np.uint8)
        )
    if high - low <= _EVEN and np.median(paper) < _WHITE:
        return _whitened(grey, float(np.median(paper)))
    return grey


def _unmarked(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A page with a light watermark across it (内部资料, an agency's name in large grey words at a slant)
    levelled as show-through is, so that the words are paper: read with them, the cells they cross lose their
    numbers (seed 001: 179/198 right, the rest flagged, and its year lost from the title). Light ink far from
    any print (no print-dark pixel within 2 px) is a watermark's: a glyph's light edges lie beside its dark
    strokes, a faint rule (grey 150-175) is darker than the line. Of the ink on the generated pages, 32-41 % is
    such on a watermarked page and at most 18 % on any other (noise at 150 dpi; 0-4 % on the rest). Gives the
    page and its ink. Cheap test first: a watermark makes 8 % of the page light grey, plain print's edges 1-4 %."""
    ink = _binarize(grey)
    sample = grey[::4, ::4]
    darkest = float(np.percentile(sample, 0.5))
    knee = 255 - _SHOW_THROUGH * (255 - darkest)
    if np.count_nonzero((sample > knee) & (sample < _WHITE)) < _LIGHT * sample.size:
        return grey, ink
    near_print = cv2.dilate((grey <= knee).astype(np.uint8), np.ones((5, 5), np.uint8))
    inked = np.count_nonzero(ink)
    if np.count_nonzero(cv2.subtract(ink, near_print * 255)) < _WATERMARK * max(1, inked):
        return grey, ink
    grey = _whitened(grey, 255.0)
    return grey, _binarize(grey)


def _paper(grey: np.ndarray) -> np.ndarray | None:
    """The paper's brightness in blocks a twelfth of the page wide: the brightest pixels of each block of a small
    copy with the ink closed over (a shaded table row is narrower than a block)."""
    factor = _PAPER_BLOCKS * _PAPER_BLOCK / max(grey.shape)
    small = cv2.dilate(
        cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), np.ones((3, 3), np.uint8)
    )
    rows, cols = small.shape[0] // _PAPER_BLOCK, small.shape[1] // _PAPER_BLOCK
    if rows < 2 or cols < 2:
        return None
    blocks = small[: rows * _PAPER_BLOCK, : cols * _PAPER_BLOCK].reshape(
        rows, _PAPER_BLOCK, cols, _PAPER_BLOCK
    )
    return np.percentile(blocks.transpose(0, 2, 1, 3).reshape(rows, cols, -1), 95, axis=2).astype(np.float32)


def _whitened(grey: np.ndarray, paper: float) -> np.ndarray:
    """Levels from the ink to the paper, print lighter than a third of the way from the paper to the ink (the
    back of the sheet showing through) made white with the paper."""
    ink = float(np.percentile(grey[::4, ::4], 0.5))
    if paper - ink < 64:
        return grey
    knee = paper - _SHOW_THROUGH * (paper - ink)
    levels = np.clip((np.arange(256, dtype=np.float32) - ink) / (knee - ink) * 255, 0, 255).astype(np.uint8)
    return cv2.LUT(grey, levels)


def _grey(image: Image.Image) -> np.ndarray:
    # a page is large: converted or transposed only where it must be (either makes a copy of it)
    if image.getexif().get(ExifTags.Base.Orientation, 1) != 1:
        image = ImageOps.exif_transpose(image)  # a photo taken with the camera turned
    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr"):
        return np.array(image if image.mode == "L" else image.convert("L"))
    red, green, blue = cv2.split(np.asarray(image if image.mode == "RGB" else image.convert("RGB")))
    redness = cv2.subtract(
        red, cv2.max(green, blue)
    )  # how much redder than the other channels: the seal's ink
    seal = (red > 150) & (redness > 40)  # light in red, dark in green and blue; print under it stays dark
    return np.where(seal, np.uint8(255), red)


def _flattened(grey: np.ndarray) -> np.ndarray:
    """A photographed page cut out of its surroundings (a desk, a hand) and its keystone undone: the page is the
    largest bright four-cornered shape, mapped back to a rectangle. A scan, paper to its edges, is left alone."""
    h, w = grey.shape
    edge = max(2, int(0.02 * min(h, w)))
    frame = np.concatenate(
        [grey[:edge].ravel(), grey[-edge:].ravel(), grey[:, :edge].ravel(), grey[:, -edge:].ravel()]
    )
    if np.median(frame) > 150:
        return grey
    factor = _SMALL / w
    small = cv2.GaussianBlur(
        cv2.resize(grey, (_SMALL, int(h * factor)), interpolation=cv2.INTER_AREA), (5, 5), 0
    )
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return grey
    outline = max(contours, key=cv2.contourArea)
    corners = cv2.approxPolyDP(outline, 0.02 * cv2.arcLength(outline, True), True)
    if len(corners) != 4 or cv2.contourArea(corners) < 0.4 * small.size:
        return grey
    quad = _ordered(corners.reshape(4, 2).astype(np.float32) / factor)
    width = int(max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3])))
    height = int(max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1])))
    target = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    matrix = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _ordered(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    total = points.sum(axis=1)
    diff = np.diff(points, axis=1).ravel()
    return np.float32(
        [points[total.argmin()], points[diff.argmin()], points[total.argmax()], points[diff.argmax()]]
    )


def _binarize(grey: np.ndarray) -> np.ndarray:
    """Ink against a locally estimated background, so an unevenly lit photo binarizes like a flat scan."""
    block = max(15, int(grey.shape[1] / 60) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 18)


def skew(ink: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) to turn the page by so that its lines run level: the sharpest
    projection profile, searched every 0.5° on a half-size copy, then every 0.1° and 0.05° around the best."""
    factor = _SMALL / ink.shape[1]
    small = cv2.resize(ink, (_SMALL, int(ink.shape[0] * factor)), interpolation=cv2.INTER_AREA)
    if not small.any():
        return 0.0
    half = cv2.resize(small, (_SMALL // 2, small.shape[0] // 2), interpolation=cv2.INTER_AREA)
    rough, sharpness = _sharpness(half), _sharpness(small)
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=rough)
    best = max(np.arange(best - 0.5, best + 0.51, 0.1), key=sharpness)
    return float(max((best - 0.05, best, best + 0.05), key=sharpness))


def _sharpness(pixels: np.ndarray):
    """How sharp the rows of ink are with the image turned by an angle: the squared steps of its horizontal
    projection, taken from where the turn puts each inked pixel (split between the two rows it falls between):
    a fraction of the cost of warping the image for every angle tried, and the same angles found."""
    h, w = pixels.shape
    ys, xs = np.nonzero(pixels)
    weight = pixels[ys, xs].astype(np.float32)
    xs = xs.astype(np.float32) - w / 2
    ys = ys.astype(np.float32) - h / 2

    def sharpness(angle: float) -> float:
        sin, cos = np.sin(np.radians(angle)), np.cos(np.radians(angle))
        row = cos * ys - sin * xs + h / 2  # where cv2.warpAffine's turn by `angle` puts each pixel
        column = cos * xs + sin * ys + w / 2
        inside = (row >= 0) & (row < h - 1) & (column >= 0) & (column < w)
        row, mass = row[inside], weight[inside]
        floor = np.floor(row)
        share = row - floor
        floor = floor.astype(np.intp)
        rows = np.bincount(floor, mass * (1 - share), h) + np.bincount(floor + 1, mass * share, h)
        return float(np.square(np.diff(rows)).sum())

    return sharpness


def _rotate(pixels: np.ndarray, angle: float) -> np.ndarray:
    h, w = pixels.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(pixels, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
