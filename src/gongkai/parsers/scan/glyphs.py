"""A doubtful number checked glyph by glyph against the sure digits of its page, or of its whole document.

The digits of one page are one font, degraded one way: the numbers Tesseract is sure of give a picture of each
digit as this page prints it (scaled to one height). A number it doubts (a glyph below trust.LOW, or its two
readings disagreeing) is confirmed when every glyph of it looks like its read digit clearly more than like any
other digit, and there is one separate glyph for each digit read. Nothing is tuned to a font: the pictures are
the page's own, so a scan nobody has seen calibrates itself. A glyph can only be told from the digits it is
compared with, so a page whose sure numbers do not show every digit confirms nothing itself: its doubtful
numbers wait for the document (`book.Book`), whose pages' sure digits together often show all ten (a Table 二
page of lone zeros, a Table 三 page of every digit). Each page keeps what that step needs in its `Sheet` (the
sums of its sure pictures, the pictures of the glyphs it doubts), which the OCR cache stores with the page's
reading, so the step runs the same on a re-run that reads nothing.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import cv2
import numpy as np

_SIZE = 24  # px: a glyph's height (and the width of the frame it is centred in) when glyphs are compared
_SOFT = 1.0  # px: the blur that lets two prints of a digit a pixel apart (a box one pixel wider) still match
_SURE = 0.90  # a reading this confident lends its glyphs to the page's pictures of its digits
_LIKE = 0.80  # the least correlation of a glyph with its read digit's picture
_MARGIN = 0.10  # by how much it must be more like its read digit than like any other
_TEN = frozenset("0123456789")


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


def pictures(pixels: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The pictures of a number's glyphs, left to right."""
    return np.stack([picture(pixels, box) for box in sorted(boxes)]) if boxes else np.zeros((0, _SIZE, _SIZE))


class Digits:
    """The page's picture of each digit: the mean of the sure glyphs read as it. Glyphs are compared at one
    height, so the page's two sizes of type (Table 二's and Table 三's, say) picture their digits together."""

    def __init__(self, sums: dict[str, np.ndarray] | None = None) -> None:
        self.sums: dict[str, np.ndarray] = dict(sums or {})

    def take(self, other: Digits) -> None:
        """Add another page's sure pictures to these (a document's, a two-page sheet's)."""
        for digit, total in other.sums.items():
            self.sums[digit] = self.sums.get(digit, 0) + total

    def learn(
        self, pixels: np.ndarray, boxes: list[tuple[int, int, int, int]], text: str, conf: float
    ) -> None:
        """Take the glyphs of a sure reading whose ink shows one glyph for each of its digits."""
        digits = _digits(text)
        if conf < _SURE or len(digits) != len(boxes):
            return
        for digit, glyph in zip(digits, pictures(pixels, boxes), strict=True):
            self.sums[digit] = self.sums.get(digit, 0) + glyph

    def complete(self) -> bool:
        return self.sums.keys() >= _TEN

    def means(self) -> dict[str, np.ndarray]:
        return {d: s / np.linalg.norm(s) for d, s in self.sums.items()}

    def confirms(self, pixels: np.ndarray, boxes: list[tuple[int, int, int, int]], text: str) -> bool:
        """Whether every glyph of the reading is its read digit, as this page prints digits."""
        return self.complete() and alike(pictures(pixels, boxes), text, self.means())


def alike(glyphs: np.ndarray, text: str, means: dict[str, np.ndarray]) -> bool:
    """Whether each glyph (its picture) correlates with its read digit's picture at `_LIKE` or more, and by
    `_MARGIN` more than with any other digit's, one glyph for each digit read."""
    digits = _digits(text)
    if not digits or len(digits) != len(glyphs):
        return False
    for digit, glyph in zip(digits, glyphs, strict=True):
        scores = {d: float(np.sum(glyph * m)) for d, m in means.items()}
        rival = max(v for d, v in scores.items() if d != digit)
        if scores.get(digit, -1.0) < _LIKE or scores[digit] - rival < _MARGIN:
            return False
    return True


@dataclass
class Doubt:
    """A number its page could not confirm: the piece of the page's reading it is (its index), its readings
    (of two that disagreed, both) and its glyphs' pictures."""

    piece: int
    texts: tuple[str, ...]
    glyphs: np.ndarray


@dataclass
class Sheet:
    """What one page's digits show the document: its sure pictures (summed by digit) and its doubts."""

    digits: Digits = field(default_factory=Digits)
    doubts: list[Doubt] = field(default_factory=list)

    def dump(self) -> dict:
        return {
            "sums": {d: _packed(s) for d, s in sorted(self.digits.sums.items())},
            "doubts": [
                {"piece": d.piece, "texts": list(d.texts), "glyphs": _packed(d.glyphs)} for d in self.doubts
            ],
        }

    @classmethod
    def load(cls, data: dict) -> Sheet:
        doubts = [Doubt(d["piece"], tuple(d["texts"]), _unpacked(d["glyphs"])) for d in data["doubts"]]
        return cls(Digits({d: _unpacked(s) for d, s in data["sums"].items()}), doubts)


def _packed(array: np.ndarray) -> dict:
    """An array as JSON can hold it exactly (float32 bytes in base64): a re-run confirms as the first run did."""
    array = np.ascontiguousarray(array, np.float32)
    return {"shape": list(array.shape), "data": base64.b64encode(array.tobytes()).decode("ascii")}


def _unpacked(data: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(data["data"]), np.float32).reshape(data["shape"])


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
