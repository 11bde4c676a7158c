"""Which way up a page is, settled after it is read: a page read the wrong way up reads as nonsense.

`prepare` turns a page whose lines run up the page a quarter, always the same way, and leaves a page whose lines
run across as it is; neither test can tell a page from the same page upside down. Read upside down, Tesseract
still finds Chinese characters, but in no order: of the pairs of adjacent characters it reads, almost none are
pairs the format's own labels hold (none at all on the three real reports read upside down, against 11-86 % on
every page read upright). Only a page that reads as nonsense pays for Tesseract's orientation detection (OSD,
about 0.3 s a page) and, when that names another way up with confidence, a second reading.
"""

from __future__ import annotations

from functools import cache

import numpy as np

_PAIRS = 20  # a page with fewer pairs of adjacent Chinese characters is too little text to judge
_SENSE = 0.04  # a reading with fewer of its pairs among the labels' is nonsense
_SURE = 2.0  # OSD's confidence below which its answer is not acted on


def sense(texts: list[str], pairs: frozenset[str]) -> float | None:
    """The share of adjacent Chinese characters in `texts` that are adjacent in the labels, None if too few."""
    found = [t[i : i + 2] for t in texts for i in range(len(t) - 1) if _han(t[i]) and _han(t[i + 1])]
    if len(found) < _PAIRS:
        return None
    return sum(p in pairs for p in found) / len(found)


def nonsense(texts: list[str], pairs: frozenset[str]) -> bool:
    share = sense(texts, pairs)
    return share is not None and share < _SENSE


def turn(grey: np.ndarray) -> int:
    """Degrees (counter-clockwise) that would put the page upright by OSD, 0 when it is, when OSD is unsure or
    when its data (Debian's tesseract-ocr-osd, which tesseract-ocr depends on) is missing."""
    try:
        api = _engine()
    except RuntimeError:
        return 0
    pixels = np.ascontiguousarray(grey)
    api.SetImageBytes(pixels.tobytes(), pixels.shape[1], pixels.shape[0], 1, pixels.shape[1])
    try:
        found = api.DetectOrientationScript()
    except RuntimeError:  # tesserocr raises when OSD finds too little to go on
        return 0
    if not found or found["orient_conf"] < _SURE:
        return 0
    return int(found["orient_deg"]) % 360


@cache
def _engine():
    import tesserocr

    from .recognize import tessdata

    return tesserocr.PyTessBaseAPI(path=tessdata(), lang="osd", psm=tesserocr.PSM.OSD_ONLY)


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
