"""A page image made ready for reading: grey, the red seal taken out, straightened, and its ink found.

A seal is stamped in red across the tables of many scanned reports. Black ink is dark in every channel and red
ink is light in the red one, so the red channel, turned white where a light pixel is much redder than it is green
or blue, keeps the text (even where the seal covers it, as print under a seal stays dark) and drops the seal. Skew comes from the
scanner or a hand-held photo; the angle that makes the rows of ink (text lines and table rules) sharpest in a
horizontal projection is the page's skew, found on a small copy of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps

A4_WIDTH_IN = 8.27  # a page image is taken to be an A4 page's width, which fixes its resolution
MAX_SKEW = 8.0  # degrees: a hand-held photo may be turned this far
_SMALL = 700  # px: the width of the copy the skew is measured on


@dataclass
class Page:
    """A straightened page: grey pixels, their ink (255 where dark) and the resolution in pixels per point."""

    grey: np.ndarray
    ink: np.ndarray
    scale: float  # pixels per point (1/72 in)
    skew: float  # degrees the page was turned to straighten it


def prepare(image: Image.Image) -> Page:
    grey = _flattened(_grey(image))
    angle = skew(_binarize(grey))
    if abs(angle) > 0.05:
        grey = _rotate(grey, angle)
    ink = _binarize(grey)
    return Page(grey, ink, grey.shape[1] / A4_WIDTH_IN / 72, angle)


def _grey(image: Image.Image) -> np.ndarray:
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr"):
        return np.asarray(image.convert("L")).copy()
    red, green, blue = cv2.split(np.asarray(image.convert("RGB")))
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
