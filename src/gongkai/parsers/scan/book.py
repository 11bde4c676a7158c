"""The glyph check of a whole document: doubtful numbers its pages could not confirm, checked once all its pages
are read against the sure digits of every page (`glyphs`).

A report scanned is one font: a Table 二 page of lone zeros at 11-12 pt may show only a few digits among its sure
numbers, its Table 三 page every one. Each page's `glyphs.Sheet` (kept in the OCR cache with its reading) lends
its sure pictures to the document and names the numbers it left in doubt. This module imports neither NumPy nor
OpenCV: a PDF with a text layer makes a book too, and it stays empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .trust import LOW

if TYPE_CHECKING:
    from .glyphs import Sheet


class Book:
    """A document's pages' sheets, each with the pieces its doubts are in, and the document step (`settle`)."""

    def __init__(self) -> None:
        self._pages: list[tuple[list, Sheet]] = []

    def add(self, pieces: list, sheet: Sheet) -> None:
        self._pages.append((pieces, sheet))

    def settle(self) -> int:
        """Each doubt confirmed by the document's pictures (every page's sure glyphs) and not contradicted by
        its own page's (with the page's picture of each digit it shows in place of the document's, it still
        passes) is made sure: its piece's text the reading confirmed (of two, the only one), its confidence
        trust.LOW, as the page's own check makes it. The number confirmed."""
        if not any(sheet.doubts for _, sheet in self._pages):
            return 0
        from .glyphs import Digits, alike

        document = Digits()
        for _, sheet in self._pages:
            document.take(sheet.digits)
        if not document.complete():
            return 0
        means = document.means()
        confirmed = 0
        for pieces, sheet in self._pages:
            own = means | sheet.digits.means()
            for doubt in sheet.doubts:
                found = [
                    t for t in doubt.texts if alike(doubt.glyphs, t, means) and alike(doubt.glyphs, t, own)
                ]
                if len(found) == 1:
                    pieces[doubt.piece].raw, pieces[doubt.piece].conf = found[0], LOW
                    confirmed += 1
        return confirmed
