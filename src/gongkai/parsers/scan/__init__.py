"""Scanned reports: page images read by OCR into the token stream every other input kind produces.

A JPG/PNG/TIFF file, or a PDF page without a text layer, is straightened (`prepare`), its tables found from their
ruled lines (`grid`), each cell read with a confidence, values by a digits-only pass (`recognize`), and the page
laid out as the PDF reader lays out a page with a text layer (`page`). After the reader has mapped cells to ids,
`trust.verify` checks the readings against the tables' arithmetic. Readings are cached by the bytes' hash
(`store`), so a batch re-run costs nothing. This module imports OpenCV and Tesseract only when a scan is read.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import cache

from ...standard.formats import FORMATS
from ..labels import core
from ..tokens import Token


class Unavailable(RuntimeError):
    """Tesseract or its simplified-Chinese data is not installed (the message says how to install it)."""


def tokenize(data: bytes) -> list[Token]:
    """Every frame of an image file (a multi-page TIFF holds the whole report), read in order."""
    return tokenize_pages([data])


def tokenize_pages(
    files: Sequence[bytes], broken: Callable[[int, Exception], None] | None = None
) -> list[Token]:
    """Image files that are one report's pages (`parsers.pages`), every frame of each read in order as the pages
    of one scan, so a table row cut by a page break joins as in a PDF. A file that cannot be decoded is passed to
    `broken` (its index, the error) and the others are read; without `broken` it raises."""
    from PIL import Image, ImageSequence

    from ..pdf import MAX_PAGES, _join_pages, _token

    pieces: list = []
    page = (
        0  # the report's page: a broken file keeps its place, so the pages after it are cached as they were
    )
    for index, data in enumerate(files):
        first = page
        try:
            frames = ImageSequence.Iterator(Image.open(io.BytesIO(data)))
            for number, frame in enumerate(frames):
                if page >= MAX_PAGES:
                    break
                _join_pages(pieces, read_page(frame.copy(), page * 1000, data, number))
                page += 1
        except Unavailable:
            raise
        except Exception as exc:  # a broken page file: the report's other pages are still read
            if broken is None:
                raise
            broken(index, exc)
            page = max(page, first + 1)
    return [p if isinstance(p, Token) else _token(p) for p in pieces]


def read_page(image, row_base: int, data: bytes, number: int) -> list:
    """One page image's pieces (tokens and grid cells), from the cache when this file's page was read before."""
    from .store import cached

    return cached(data, number, row_base, lambda: _read_upright(image, row_base))


def _read_upright(image, row_base: int) -> list:
    """The page read as it comes (turned a quarter by `prepare` if its lines run up the page); read again the
    way up Tesseract's orientation detection names only when the first reading is nonsense (`orient`)."""
    import numpy as np
    from PIL import Image

    from . import orient, page
    from .prepare import NoText, prepare

    try:
        pieces = page.read(image, row_base, vocabulary())
    except NoText:  # a blank page, a photo: nothing to recognise, and no time spent trying
        return []
    if not orient.nonsense([p.raw for p in pieces], label_pairs()):
        return pieces
    grey = prepare(image).grey
    degrees = orient.turn(grey)
    if not degrees:
        return pieces
    turned = Image.fromarray(np.ascontiguousarray(np.rot90(grey, degrees // 90)))
    again = page.read(turned, row_base, vocabulary())
    before = orient.sense([p.raw for p in pieces], label_pairs()) or 0.0
    return again if (orient.sense([p.raw for p in again], label_pairs()) or 0.0) > before else pieces


@cache
def label_pairs() -> frozenset[str]:
    """Every pair of adjacent characters in the formats' labels: what an upright reading is full of."""
    return frozenset(label[i : i + 2] for label in vocabulary().values() for i in range(len(label) - 1))


@cache
def vocabulary() -> dict[str, str]:
    """The core of every label either format prints -> the label, for mending misread labels."""
    from ...renderers.layout import APPLICANT_HEADER, CONTENT_HEADER, ORG_HEADER

    labels: dict[str, str] = {}
    for fmt in FORMATS.values():
        for table in fmt.tables:
            labels[core(table.title)] = table.title
            for row in table.rows:
                labels[core(row.label)] = row.label
                if row.group:
                    labels[core(row.group)] = row.group
            for column in table.columns:
                labels[core(column.label)] = column.label
    for word in (APPLICANT_HEADER, CONTENT_HEADER, ORG_HEADER):
        labels[core(word)] = word
    return {k: v for k, v in labels.items() if len(k) >= 2}
