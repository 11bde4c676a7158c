"""One scanned page read into the pieces the PDF reader makes of a page with a text layer.

Each table cell becomes a grid cell with its recognised text and confidence, the text outside the tables lines of
prose, both in PDF coordinates (points, y upwards) and handed to `pdf.arrange`, so that a scanned page and a
text-layer page give the reader the same token stream, rows broken over pages included.
"""

from __future__ import annotations

import re
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from ..pdf import _Cell, arrange
from ..tokens import Token
from . import grid, labels, recognize
from .glyphs import Sheet
from .prepare import prepare

_PAGE_NUMBER = re.compile(r"^[-—–第\s]*\d{1,3}\s*(?:页)?(?:[/／共]\s*\d{1,3}\s*页?)?[-—–\s]*$")
_MARGIN = 0.08  # page numbers sit in the top or bottom of the page
_MASK = 3  # px around a table left white when its text is masked out for the prose pass


def read(
    image: Image.Image, row_base: int, vocabulary: dict[str, tuple[str, ...]], upright: bool = False
) -> tuple[list[Token | _Cell], Sheet]:
    """The page's pieces, and its sheet for the document's glyph check, its doubts by piece."""
    # OpenCV's own threads only contend with the processes a batch already runs, one per core (as Tesseract's
    # OpenMP threads, see recognize._engine), and cost CPU time waiting for each other on a loaded machine
    cv2.setNumThreads(1)
    page = prepare(image, upright)
    found = grid.find(page)
    height = page.grey.shape[0]
    pt = page.scale
    cells = grid.restored(found, pt)

    def box(cell: grid.Cell) -> tuple[float, float, float, float]:
        return (height - cell.top) / pt, cell.left / pt, (height - cell.y1) / pt, cell.x1 / pt

    texts: dict[tuple[float, float, float, float], str] = {}
    conf: dict[tuple[float, float, float, float], float] = {}
    sheet = Sheet()
    for cell, reading in zip(cells, recognize.read_cells(page, cells, found.rules, sheet), strict=True):
        key = box(cell)
        texts[key] = labels.mend(reading.text, vocabulary)
        conf[key] = reading.conf
    pieces = arrange(texts, _prose(page.grey, found.tables, pt), row_base, conf)
    place = {p.box: n for n, p in enumerate(pieces) if isinstance(p, _Cell)}
    sheet.doubts = [replace(d, piece=place[box(cells[d.piece])]) for d in sheet.doubts]
    return pieces, sheet


def _prose(
    grey: np.ndarray, tables: list[tuple[int, int, int, int]], pt: float
) -> list[tuple[float, float, str]]:
    masked = grey.copy()
    for x0, y0, x1, y1 in tables:
        masked[max(0, y0 - _MASK) : y1 + _MASK, max(0, x0 - _MASK) : x1 + _MASK] = 255
    if (masked < 128).mean() < 0.0005:
        return []
    height = grey.shape[0]
    out = []
    for top, left, text in recognize.read_lines(masked):
        if (top < _MARGIN * height or top > (1 - _MARGIN) * height) and _PAGE_NUMBER.match(text):
            continue
        out.append(((height - top) / pt, left / pt, _mended_date(text)))
    return out


_STRAY_MARK = re.compile(r"(?<=\d)\s*[\[\]{}|]\s*(?=[年月日])")


def _mended_date(line: str) -> str:
    """A prose line with the stray bracket or bar OCR puts between a number and 年/月/日 taken out (a title read
    `…2021]年政府信息公开工作年度报告` lost both its year and its agency)."""
    return _STRAY_MARK.sub("", line)
