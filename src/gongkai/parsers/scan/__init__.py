"""Scanned reports: page images read by OCR into the token stream every other input kind produces.

A JPG/PNG/TIFF file, or a PDF page without a text layer, is straightened (`prepare`), its tables found from their
ruled lines (`grid`), each cell read with a confidence, values by a digits-only pass (`recognize`), and the page
laid out as the PDF reader lays out a page with a text layer (`page`). After the reader has mapped cells to ids,
`trust.verify` checks the readings against the tables' arithmetic. Readings are cached by the bytes' hash
(`store`), so a batch re-run costs nothing. This module imports OpenCV and Tesseract only when a scan is read.

Pictures inside text documents (tables pasted as screenshots into a Word file, a web page or a PDF with a text
layer) are read the same way (`read_picture`, `read_encoded`); one that cannot be read is named in
`Pictures.unread` for a finding, and the rest of the document is read all the same. Images come as offices send
them: each is made an 8-bit picture on white paper, upright by its EXIF orientation, before `prepare` sees it
(a 16-bit scan converted naively is white, a transparent screenshot's background black).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from ...standard.formats import FORMATS
from ...standard.report import Finding, Severity
from ..labels import core
from ..tokens import Token

if TYPE_CHECKING:
    from .book import Book
    from .glyphs import Sheet


class Unavailable(RuntimeError):
    """Tesseract or its simplified-Chinese data is not installed (the message says how to install it)."""


COLUMN_PT = 481.0  # an A4 page's text column (2.5 cm margins): the widest a web page's picture prints
_PAPER_MARGIN = 36.0  # points of white above a picture put on paper
_A3_SHORT = 842.0  # points: the largest page a picture is put on
_DEEP = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")


class Pictures:
    """What a text document's pictures gave that was not read, collected while the document is tokenized."""

    def __init__(self) -> None:
        self.unread: list[str] = []  # "the picture (why)"

    def finding(self) -> Finding | None:
        if not self.unread:
            return None
        shown = "；".join(self.unread[:5]) + ("等" if len(self.unread) > 5 else "")
        return Finding(
            "parse.picture_unread",
            Severity.WARNING,
            f"文档中有 {len(self.unread)} 张图片未能识别：{shown}。若表格以图片形式发布，其中的数字未能读入，请核对原件",
            found=len(self.unread),
        )


def tokenize(data: bytes) -> list[Token]:
    """Every frame of an image file (a multi-page TIFF holds the whole report), read in order."""
    return tokenize_pages([data])


def tokenize_pages(
    files: Sequence[bytes], broken: Callable[[int, Exception], None] | None = None
) -> list[Token]:
    """Image files that are one report's pages (`parsers.pages`), every frame of each read in order as the pages
    of one scan, so a table row cut by a page break joins as in a PDF, and its doubtful numbers are checked
    against the glyphs of all its pages (`book.Book`). A file that cannot be decoded is passed to `broken`
    (its index, the error) and the others are read; without `broken` it raises."""
    from PIL import Image, ImageSequence

    from ..pdf import MAX_PAGES, _join_pages, _token
    from .book import Book

    book = Book()
    read: list[list] = []
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
                read.append(read_page(lambda frame=frame: frame, page * 1000, data, number, book))
                page += 1
        except Unavailable:
            raise
        except Exception as exc:  # a broken page file: the report's other pages are still read
            if broken is None:
                raise
            broken(index, exc)
            page = max(page, first + 1)
    book.settle()
    pieces: list = []
    for found in read:
        _join_pages(pieces, found)
    return [p if isinstance(p, Token) else _token(p) for p in pieces]


def read_page(image: Callable, row_base: int, data: bytes, key: int | str, book: Book | None = None) -> list:
    """One page image's pieces (tokens and grid cells), from the cache when this file's page `key` was read
    before; `image()` gives the page, asked for only when it must be read. Its sheet of digit pictures goes to
    `book` (a `book.Book`), whose `settle` confirms what the page could not once the document's pages are in."""
    from .store import cached

    pieces, sheet = cached(data, key, row_base, lambda: _read_sheet(flat(image()), row_base))
    if book is not None:
        book.add(pieces, sheet)
    return pieces


def read_picture(
    image: Callable, size: tuple[float, float], data: bytes, key: str, name: str, pictures, book=None
) -> list:
    """A picture inside a document, placed at `size` (points), read as `read_page` reads a page (its sheet to
    `book`); one that cannot be read is named in `pictures` and reads as nothing, so the document around it is
    still read."""
    where = f"{key}@{size[0]:.0f}x{size[1]:.0f}"  # the same picture placed at another size reads differently
    try:
        return read_page(lambda: on_paper(flat(image()), size), 0, data, where, book)
    except Unavailable as exc:
        pictures.unread.append(f"{name}（无法文字识别：{exc}）")
    except Exception as exc:  # a picture that cannot be decoded must not cost the document its text
        pictures.unread.append(f"{name}（无法解码：{type(exc).__name__}）")
    return []


def read_encoded(data: bytes, name: str, first_row: int, pictures, width: float | None = None):
    """A picture file embedded in a document (DOCX media, an HTML <img>): its tokens, rows numbered from
    `first_row`, and the next free row. `width` is the width (points) the document places it at; without it the
    picture is taken at a web page's 96 px an inch, no wider than a page's text column. A picture too small to
    hold a table (an icon, a logo, a seal) is not read."""
    from PIL import Image

    from ..pdf import PICTURE_MIN, _token, renumber

    try:
        image = Image.open(io.BytesIO(data))
        pixels = image.size
    except Exception as exc:  # not an image PIL knows (an EMF/WMF from Word, a broken file)
        pictures.unread.append(f"{name}（无法解码：{type(exc).__name__}）")
        return [], first_row
    if width is None:
        width = min(pixels[0] * 0.75, COLUMN_PT)
    size = (width, width * pixels[1] / max(pixels[0], 1))
    if size[0] < PICTURE_MIN[0] or size[1] < PICTURE_MIN[1]:
        return [], first_row
    pieces = read_picture(lambda: image, size, data, "picture", name, pictures)
    return [p if isinstance(p, Token) else _token(p) for p in pieces], renumber(pieces, first_row)


def on_paper(image, size: tuple[float, float]):
    """The picture at the size the document places it, at the recogniser's resolution, on a white page of A4's
    proportions, as a scan of the document's page would show it: `prepare` then knows its resolution from the
    page's width. Cut close round its print, a picture leaves the resolution to a guess from the height of its
    glyphs, which a table of a few cells has too few of."""
    from PIL import Image

    from .prepare import A4_RATIO, A4_WIDTH_IN, TARGET

    width, height = size
    page = max(A4_WIDTH_IN * 72, width, height / A4_RATIO)  # a picture the size of a page (a scan) fills it
    scale = TARGET * min(1.0, _A3_SHORT / page)  # px per point: no page larger than A3
    picture = image.convert("RGB").resize(
        (max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.LANCZOS
    )
    paper = Image.new("RGB", (round(page * scale), round(page * A4_RATIO * scale)), "white")
    top = min(_PAPER_MARGIN * scale, (paper.height - picture.height) / 2)
    paper.paste(picture, ((paper.width - picture.width) // 2, round(top)))
    return paper


def flat(image):
    """An 8-bit picture on white paper, turned upright by its EXIF orientation (a phone's photo)."""
    import numpy as np
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in _DEEP:  # 16-bit or float grey: stretched to 8 bits
        pixels = np.asarray(image, dtype=np.float64)
        low, high = float(pixels.min()), float(pixels.max())
        pixels = (pixels - low) * (255 / (high - low)) if high > low else np.full(pixels.shape, 255.0)
        return Image.fromarray(pixels.astype(np.uint8))
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa"):  # transparent pixels are paper, not black
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, image.convert("RGBA")).convert("RGB")
    return image


_HALF_ROWS = 500  # the right page of a sheet of two numbers its rows from here (a page has never had 500)


def _read_sheet(image, row_base: int) -> tuple[list, Sheet]:
    """A page image, or a sheet of two pages side by side (`prepare.halves`) read as its two pages in order,
    a table row the first page's end cut joined to the second's top as a page break's is. The second page lends
    its sure digits to the sheet but not its doubts: joining its rows to the first page's renumbers its pieces,
    which a doubt names, so they stay doubtful (flagged)."""
    from ..pdf import _join_pages
    from .glyphs import Digits, Sheet
    from .prepare import halves

    pages = halves(image)
    if len(pages) == 1:
        return _read_upright(pages[0], row_base)
    (left, left_sheet), (right, right_sheet) = (
        _read_upright(half, row_base + k * _HALF_ROWS) for k, half in enumerate(pages)
    )
    pieces: list = []
    _join_pages(pieces, left)
    _join_pages(pieces, right)
    digits = Digits(left_sheet.digits.sums)
    digits.take(right_sheet.digits)
    return pieces, Sheet(digits, left_sheet.doubts)


def _read_upright(image, row_base: int) -> tuple[list, Sheet]:
    """The page read as it comes (turned a quarter by `prepare` if its lines run up the page), with its sheet
    of digit pictures; read again the way up Tesseract's orientation detection names only when the first
    reading is nonsense (`orient`), and then as it lies: the quarter turn's test was what the first reading got
    wrong (a table of narrow columns, its values lined up down the page, has sharper columns of ink than rows)."""
    import numpy as np
    from PIL import Image

    from . import orient, page
    from .glyphs import Sheet
    from .prepare import NoText, prepare

    try:
        pieces, sheet = page.read(image, row_base, vocabulary())
    except NoText:  # a blank page, a photo: nothing to recognise, and no time spent trying
        return [], Sheet()
    if not orient.nonsense([p.raw for p in pieces], label_pairs()):
        return pieces, sheet
    grey = prepare(image).grey
    degrees = orient.turn(grey)
    if not degrees:
        return pieces, sheet
    turned = Image.fromarray(np.ascontiguousarray(np.rot90(grey, degrees // 90)))
    again, turned_sheet = page.read(turned, row_base, vocabulary(), upright=True)
    before = orient.sense([p.raw for p in pieces], label_pairs()) or 0.0
    if (orient.sense([p.raw for p in again], label_pairs()) or 0.0) > before:
        return again, turned_sheet
    return pieces, sheet


@cache
def label_pairs() -> frozenset[str]:
    """Every pair of adjacent characters in the formats' labels: what an upright reading is full of."""
    return frozenset(
        label[i : i + 2]
        for labels in vocabulary().values()
        for label in labels
        for i in range(len(label) - 1)
    )


@cache
def vocabulary() -> dict[str, tuple[str, ...]]:
    """The words (core) of every label either format prints -> the labels with those words, for mending
    misread labels: a row can share its words with a column (（七）总计 and 总计, 3.其他 and 其他)."""
    from ...renderers.layout import APPLICANT_HEADER, CONTENT_HEADER, ORG_HEADER

    labels: dict[str, set[str]] = {}

    def add(label: str) -> None:
        labels.setdefault(core(label), set()).add(label)

    for fmt in FORMATS.values():
        for table in fmt.tables:
            add(table.title)
            for row in table.rows:
                add(row.label)
                if row.group:
                    add(row.group)
            for column in table.columns:
                add(column.label)
    for word in (APPLICANT_HEADER, CONTENT_HEADER, ORG_HEADER):
        add(word)
    return {k: tuple(sorted(v)) for k, v in labels.items() if len(k) >= 2}
