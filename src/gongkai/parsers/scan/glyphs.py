"""A doubtful number checked glyph by glyph against the page's own sure digits.

The digits of one page are one font, degraded one way: the numbers Tesseract is sure of give a picture of each
digit as this page prints it (scaled to one height). A number it doubts (a glyph below trust.LOW, or its two
readings disagreeing) is confirmed when every glyph of it looks like its read digit clearly more than like any
other digit, and there is one separate glyph for each digit read. Nothing is tuned to a font: the pictures are
the page's own, so a scan nobody has seen calibrates itself. A page whose sure numbers do not show every digit
confirms nothing: a glyph can only be told from the digits it is compared with.
"""

from __future__ import annotations

import cv2
import numpy as np

_SIZE = 24  # px: a glyph's height (and the width of the frame it is centred in) when glyphs are compared
_SOFT = 1.0  # px: the blur that lets two prints of a digit a pixel apart (a box one pixel wider) still match
_SURE = 0.90  # a reading this confident lends its glyphs to the page's pictures of its digits
_LIKE = 0.80  # the least correlation of a glyph with its read digit's picture
_MARGIN = 0.10  # by how much it must be more like its read digit than like any other


def picture(pixels: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """One glyph (x, y, w, h within `pixels`) scaled to `_SIZE` px high, centred in a square frame, softened,
    zero-mean and of unit norm, so that the dot product of two pictures is their correlation."""
    x, y, w, h = box
    ink = 255 - pixels[y : y + h, x : x + w].astype(np.float32)
    width = max(1, min(_SIZE, round(w * _SIZE / max(h, 1))))
    ink = cv2.resize(ink, (width, _SIZE), interpolation=cv2.INTER_AREA)
    frame = np.zeros((_SIZE, _SIZE), np.float32)
    left = (_SIZE - width) // 2
    frame[:, left : left + width] = ink
    frame = cv2.GaussianBlur(frame, (0, 0), _SOFT)
    frame -= frame.mean()
    norm = float(np.linalg.norm(frame))
    return frame / norm if norm else frame


class Digits:
    """The page's picture of each digit: the mean of the sure glyphs read as it. Glyphs are compared at one
    height, so the page's two sizes of type (Table 二's and Table 三's, say) picture their digits together."""

    def __init__(self) -> None:
        self._sums: dict[str, np.ndarray] = {}
        self._means: dict[str, np.ndarray] = {}

    def learn(
        self, pixels: np.ndarray, boxes: list[tuple[int, int, int, int]], text: str, conf: float
    ) -> None:
        """Take the glyphs of a sure reading whose ink shows one glyph for each of its digits."""
        digits = _digits(text)
        if conf < _SURE or len(digits) != len(boxes):
            return
        for digit, box in zip(digits, sorted(boxes), strict=True):
            self._sums[digit] = self._sums.get(digit, 0) + picture(pixels, box)
        self._means = {}

    def confirms(self, pixels: np.ndarray, boxes: list[tuple[int, int, int, int]], text: str) -> bool:
        """Whether every glyph of the reading is its read digit, as this page prints digits."""
        digits = _digits(text)
        if not digits or len(digits) != len(boxes) or len(self._sums) < 10:
            return False
        self._means = self._means or {d: s / np.linalg.norm(s) for d, s in self._sums.items()}
        for digit, box in zip(digits, sorted(boxes), strict=True):
            glyph = picture(pixels, box)
            scores = {d: float(np.sum(glyph * m)) for d, m in self._means.items()}
            rival = max(v for d, v in scores.items() if d != digit)
            if scores[digit] < _LIKE or scores[digit] - rival < _MARGIN:
                return False
        return True


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
