"""PDF: the cells of ruled tables, and lines of text everywhere else, in reading order.

Reports are PDFs exported from Word or WPS, their tables drawn as ruled grids. Each character is placed in the
grid cell bounded by the nearest rules above, below, left and right of it that actually cross its position, so a
merged cell (no rule through it) is one cell, read once in its first row, as in HTML. Empty cells of a grid become
BLANK tokens so the numbers after them keep their columns. Text outside any grid goes through the text tokenizer
line by line, which also reads tables printed without rules (`行政许可   0   0   0`).

A page without a text layer is a scan, read whole by OCR (`scan`). A page with one may still show a table as a
picture (a Word document with its tables pasted as screenshots): each picture large enough to hold a table is read
by OCR and its pieces placed among the page's text by its top, as on a scanned page. Text lying over a picture is
read once: an invisible layer (what a scanner's OCR adds) or text an opaque picture covers is the picture's own
reading and is dropped for the picture's; a picture that visible text is printed over (more than a line stamped
across it) is the page's background (a letterhead, a watermark) and is not read.

pdfium (pypdfium2, which pdfplumber already depends on) gives characters, their boxes and the drawn paths at
about 5 ms a page; pdfplumber's table finder costs 50-130 ms a page, too slow for bulk audits of many thousand
reports.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import text
from .tokens import Token, make, normalize

MAX_PAGES = 200
SCAN_DPI = 200  # a page without a text layer is rendered at this resolution for OCR
_MAX_RENDER = 16.54 * SCAN_DPI  # px: the longest side a scanned page is rendered at (A3's at SCAN_DPI)
_MAX_PATHS = 4000  # a page drawing more paths than this is a picture, not a table
_RULE = 3.0  # a path thinner than this (pt) is a rule
_SNAP = 3.0  # rules this close (pt) are the same rule (double rules, offsets between tables)
_MIN_CELL = 6.0  # a narrower gap between rules is no cell
_CELL_MAX_TEXT = 80  # a "cell" with more text is a frame around prose
_PAGE_NUMBER = re.compile(r"^[-—–第\s]*\d{1,3}\s*(?:页)?(?:[/／共]\s*\d{1,3}\s*页?)?[-—–\s]*$")
_MARGIN = 0.1  # page numbers sit in the top or bottom tenth of the page
_WORD_GAP, _NUMBER_GAP = 0.35, 0.2  # gaps (in line heights) that part words, and a number from a label
_OPEN_TOP, _OPEN_BOTTOM = 1e6, -1e6
# A picture smaller than this (pt) holds no table: an official seal is 4.2 cm (119 pt) across and logos and icons
# are smaller, while the smallest table of a report (Table 二, five rows of 9-10 pt type) is over 60 pt high and
# is pasted across the text column (400-480 pt)
PICTURE_MIN = (150.0, 60.0)
# the share of a picture visible characters over it cover that makes it the page's background (a letterhead, a
# watermark): prose covers 5-11 % of the page it is printed on, a line stamped across a scan (a site's footer,
# a page number) under 1 %
_BACKGROUND = 0.02


@dataclass(slots=True)
class _Cell:
    """A grid cell's text, kept apart from tokens until the next page says whether the page break cut its row."""

    box: tuple[float, float, float, float]  # top, left, bottom, right
    raw: str
    row: int
    conf: float | None = None  # recognition confidence (0-1) of a scanned cell; None from a text layer


@dataclass(slots=True)
class _Char:
    ch: str
    x0: float
    x1: float
    y0: float
    y1: float
    at: int = -1  # index in the text page

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


class _Rules:
    """Horizontal rules (y, x0, x1) sorted by y, vertical rules (x, y0, y1) sorted by x."""

    def __init__(self, h: list | None = None, v: list | None = None) -> None:
        self.h = _snap(h or [])
        self.v = _snap(v or [])
        self.hy = [s[0] for s in self.h]
        self.vx = [s[0] for s in self.v]
        spans: list[list[float]] = []  # the heights vertical rules cover, merged: where tables are
        for _, lo, hi in sorted(self.v, key=lambda s: s[1]):
            if spans and lo <= spans[-1][1] + 1:
                spans[-1][1] = max(spans[-1][1], hi)
            else:
                spans.append([lo, hi])
        self.span_lo = [lo for lo, _ in spans]
        self.span_hi = [hi for _, hi in spans]

    def cell(self, x: float, y: float) -> tuple[float, float, float, float] | None:
        """(top, left, bottom, right) of the grid cell holding the point, or None outside any grid."""
        i = bisect_right(self.span_lo, y + 1) - 1
        if i < 0 or y > self.span_hi[i] + 1:
            return None  # no table at this height: prose
        left = _first(self.v, self.vx, x, y, up=False)
        right = _first(self.v, self.vx, x, y, up=True) if left is not None else None
        if right is None:
            return None
        top = _first(self.h, self.hy, y, x, up=True)
        bottom = _first(self.h, self.hy, y, x, up=False)
        if top is None and bottom is None:
            return None
        # a row broken by the page end has no rule at the break: it is open, to be joined to the next page
        return _OPEN_TOP if top is None else top, left, _OPEN_BOTTOM if bottom is None else bottom, right


def tokenize(data: bytes, pictures=None) -> list[Token]:
    """The document's pieces page by page; `pictures` (a `scan.Pictures`) collects the pictures OCR could not
    read, for a finding. The doubtful numbers OCR read are checked against the glyphs of all the document's
    scanned pages and pictures (`scan.book.Book`) before the pages are joined."""
    from .scan.book import Book

    if pictures is None:
        from .scan import Pictures

        pictures = Pictures()
    pdf = pdfium.PdfDocument(data)
    book = Book()
    read: list[list[Token | _Cell]] = []
    try:
        for number in range(min(len(pdf), MAX_PAGES)):
            page = pdf[number]
            try:
                read.append(_read_page(pdf, page, number, data, pictures, book))
            finally:
                page.close()
    finally:
        pdf.close()
    book.settle()
    pieces: list[Token | _Cell] = []
    for found in read:
        _join_pages(pieces, found)
    return [p if isinstance(p, Token) else _token(p) for p in pieces]


def _read_page(pdf, page: pdfium.PdfPage, number: int, data: bytes, pictures, book) -> list[Token | _Cell]:
    """A page's text layer with the pictures among it read by OCR, or the whole page by OCR when it has no text
    layer (or only a scanner's invisible one) and shows a picture."""
    found = _pictures(page)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage)
        if found and chars:
            found, chars = _text_over(page, textpage, found, chars)
    finally:
        textpage.close()
    if not chars:
        return _scanned(page, number, data, book) if _is_scanned(page) else []
    blocks = []
    for k, picture in enumerate(found):
        read = _picture(pdf, page, picture, number, k, data, pictures, book)
        blocks.append((picture.box[3], picture.box[0], read))
    return _page(page, chars, number * 1000, blocks)


@dataclass(slots=True)
class _Picture:
    """An image object on the page large enough to hold a table."""

    obj: object  # the FPDF_PAGEOBJECT
    z: int  # its place in the page's drawing order (that of the form holding it)
    box: tuple[float, float, float, float]  # left, bottom, right, top in page coordinates
    clear: bool  # it has transparency: text under it still shows


def _pictures(page: pdfium.PdfPage) -> list[_Picture]:
    found = []
    for obj, z, matrix in _objects(page.raw, pdfium_c.FPDF_PAGEOBJ_IMAGE):
        quad = pdfium_c.FS_QUADPOINTSF()
        if not pdfium_c.FPDFPageObj_GetRotatedBounds(obj, quad):
            continue
        corners = [
            _apply(matrix, x, y)
            for x, y in ((quad.x1, quad.y1), (quad.x2, quad.y2), (quad.x3, quad.y3), (quad.x4, quad.y4))
        ]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        box = (min(xs), min(ys), max(xs), max(ys))
        if box[2] - box[0] >= PICTURE_MIN[0] and box[3] - box[1] >= PICTURE_MIN[1]:
            found.append(_Picture(obj, z, box, bool(pdfium_c.FPDFPageObj_HasTransparency(obj))))
    return found


def _objects(parent, kind: int, depth: int = 0, z: int = -1, matrix=None):
    """(object, its top-level index, the matrix of the forms holding it) for the objects of `kind`."""
    form = depth > 0
    count = pdfium_c.FPDFFormObj_CountObjects(parent) if form else pdfium_c.FPDFPage_CountObjects(parent)
    for i in range(min(count, 4 * _MAX_PATHS)):
        obj = pdfium_c.FPDFFormObj_GetObject(parent, i) if form else pdfium_c.FPDFPage_GetObject(parent, i)
        found = pdfium_c.FPDFPageObj_GetType(obj)
        if found == kind:
            yield obj, z if form else i, matrix
        elif found == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            m = pdfium_c.FS_MATRIX()
            if pdfium_c.FPDFPageObj_GetMatrix(obj, m):
                inner = (m.a, m.b, m.c, m.d, m.e, m.f)
                yield from _objects(obj, kind, depth + 1, z if form else i, _then(inner, matrix))


def _then(inner: tuple, outer: tuple | None) -> tuple:
    """The matrix applying `inner`, then `outer` (PDF's a b c d e f)."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: tuple | None, x: float, y: float) -> tuple[float, float]:
    if matrix is None:
        return x, y
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _text_over(page, textpage, pictures: list[_Picture], chars: list[_Char]):
    """The pictures to read, and the characters left once those that are a read picture's own reading are
    dropped: invisible ones (a scanner's OCR layer) and ones drawn before an opaque picture (under it)."""
    order: dict[int, int] | None = None  # each text object's place in the drawing order, found when needed
    read, hidden = [], set()
    for picture in pictures:
        left, bottom, right, top = picture.box
        over = [c for c in chars if left <= c.cx <= right and bottom <= c.cy <= top]
        if over and order is None:
            order = _text_order(page.raw)
        shown = [c for c in over if _shown(textpage.raw, c, picture, order)]
        if sum((c.x1 - c.x0) * (c.y1 - c.y0) for c in shown) >= _BACKGROUND * (right - left) * (top - bottom):
            continue  # text printed over the picture: the page's background
        read.append(picture)
        hidden |= {id(c) for c in over} - {id(c) for c in shown}
    return read, [c for c in chars if id(c) not in hidden]


def _text_order(page) -> dict[int, int]:
    return {
        ctypes.cast(obj, ctypes.c_void_p).value: z for obj, z, _ in _objects(page, pdfium_c.FPDF_PAGEOBJ_TEXT)
    }


def _shown(raw, char: _Char, picture: _Picture, order: dict[int, int]) -> bool:
    obj = pdfium_c.FPDFText_GetTextObject(raw, char.at)
    if not obj:
        return True
    if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
        return False
    z = order.get(ctypes.cast(obj, ctypes.c_void_p).value)
    return picture.clear or z is None or z >= picture.z


def _picture(
    pdf, page, picture: _Picture, number: int, k: int, data: bytes, pictures, book
) -> list[Token | _Cell]:
    """A picture read by OCR: the image as the page shows it (its matrix and masks applied), at its own
    resolution and without the text or other pictures round it, put on paper at the size the page places it."""
    from . import scan

    def image():
        return pdfium.PdfImage(picture.obj, page=page, pdf=pdf).get_bitmap(render=True).to_pil()

    left, bottom, right, top = picture.box
    name = f"第 {number + 1} 页的第 {k + 1} 张图片"
    return scan.read_picture(image, (right - left, top - bottom), data, f"{number}.{k}", name, pictures, book)


def _is_scanned(page: pdfium.PdfPage) -> bool:
    """A page without a text layer that shows a picture: a scan (or a table pasted as an image)."""
    return any(
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i)) == pdfium_c.FPDF_PAGEOBJ_IMAGE
        for i in range(min(pdfium_c.FPDFPage_CountObjects(page.raw), _MAX_PATHS))
    )


def _scanned(page: pdfium.PdfPage, number: int, data: bytes, book) -> list[Token | _Cell]:
    """The page read by OCR, rendered at the resolution the recogniser is tuned for."""
    from . import scan

    # a page image placed at 72 dpi (a converter's default) makes a page of many square feet: rendered at the
    # recogniser's resolution it is drawn no larger than an A3 page would be
    scale = min(SCAN_DPI / 72, _MAX_RENDER / max(page.get_size()))
    return scan.read_page(
        lambda: page.render(scale=scale, grayscale=False).to_pil(), number * 1000, data, number, book
    )


def _token(cell: _Cell) -> Token:
    token = make(cell.raw, cell.row)
    token.conf = cell.conf
    return token


def _join_pages(pieces: list[Token | _Cell], page: list[Token | _Cell]) -> None:
    """Append a page, joining a table row the page break cut in two (open at the bottom, then at the top)."""
    tail = 0
    while (
        tail < len(pieces)
        and isinstance(pieces[-1 - tail], _Cell)
        and pieces[-1 - tail].box[2] == _OPEN_BOTTOM
    ):
        tail += 1
    head = 0
    while head < len(page) and isinstance(page[head], _Cell) and page[head].box[0] == _OPEN_TOP:
        head += 1
    if not (tail and head):
        pieces.extend(page)
        return
    row = pieces[-tail:]
    for cell in page[:head]:
        same = next((c for c in row if abs(c.box[1] - cell.box[1]) <= _SNAP), None)
        if same is None:
            row.append(_Cell(cell.box, cell.raw, row[0].row, cell.conf))
        else:
            same.raw += cell.raw
            confs = [c for c in (same.conf, cell.conf) if c is not None]
            same.conf = min(confs) if confs else None  # a scanned half's doubt is the joined cell's
    row.sort(key=lambda c: c.box[1])
    pieces[-tail:] = row
    pieces.extend(page[head:])


def _page(page: pdfium.PdfPage, chars: list[_Char], row_base: int, blocks=()) -> list[Token | _Cell]:
    width, height = page.get_size()
    rules = _rules(page, width, height)
    cells: dict[tuple[float, float, float, float], list[_Char]] = {}
    free: list[_Char] = []
    for c in chars:
        box = rules.cell(c.cx, c.cy) if rules.h and rules.v else None
        if box is None:
            free.append(c)
        else:
            cells.setdefault(box, []).append(c)
    for box, members in list(cells.items()):
        if len(members) > _CELL_MAX_TEXT:
            free.extend(cells.pop(box))
    for box in _empty_cells(rules, cells):
        cells[box] = []
    texts = {
        box: "".join("".join(c.ch for c in line) for line in _lines(members))
        for box, members in cells.items()
    }
    lines = _lines(free)
    prose = []
    for n, line in enumerate(lines):
        joined = _join(line)
        if n in (0, len(lines) - 1) and _is_page_number(joined, line, width, height):
            continue
        prose.append((max(c.y1 for c in line), line[0].x0, joined))
    return arrange(texts, prose, row_base, blocks=blocks)


def arrange(
    cells: dict[tuple[float, float, float, float], str],
    lines: list[tuple[float, float, str]],
    row_base: int,
    conf: dict[tuple[float, float, float, float], float] | None = None,
    blocks=(),
) -> list[Token | _Cell]:
    """A page's grid cells (box -> text) and prose lines (top, left, text), y upwards, in reading order.

    Cells whose boxes share a top are one table row. The scan reader (`scan.page`) places what it recognised
    through here too, so scanned and text-layer pages give the reader the same stream; `conf` carries its
    per-cell confidence. `blocks` are pictures already read (top, left, pieces), placed whole where they stand,
    their rows numbered after the page's own.
    """
    bands = sorted({box[0] for box in cells}, reverse=True)
    band = {y: row_base + i for i, y in enumerate(bands)}
    items: list[tuple[float, float, str | _Cell | list]] = []
    for box, raw in cells.items():
        items.append((-box[0], box[1], _Cell(box, raw, band[box[0]], (conf or {}).get(box))))
    items.extend((-top, left, joined) for top, left, joined in lines)
    items.extend((-top, left, pieces) for top, left, pieces in blocks)
    items.sort(key=lambda item: (item[0], item[1]))
    out: list[Token | _Cell] = []
    pending: list[str] = []
    row = row_base + len(bands)
    for _, _, item in items:
        if isinstance(item, str):
            pending.append(item)
            continue
        if pending:
            out.extend(text.tokenize("\n".join(pending)))
            pending = []
        if isinstance(item, list):
            row = renumber(item, row)
            out.extend(item)
        else:
            out.append(item)
    if pending:
        out.extend(text.tokenize("\n".join(pending)))
    return out


def renumber(pieces: list, first: int) -> int:
    """The pieces' table rows numbered afresh from `first`, in order, so that a picture's rows share no number
    with the rows around it; the next free number."""
    rows: dict[int, int] = {}
    for piece in pieces:
        if piece.row is not None:
            piece.row = rows.setdefault(piece.row, first + len(rows))
    return first + len(rows)


def _chars(textpage) -> list[_Char]:
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    chars = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code < 33 or code in (0xFFFE, 0xFFFF, 0x3000, 0xA0) or 0xD800 <= code < 0xE000:
            continue  # white space: gaps between boxes say where words break
        ch = chr(code)
        if ch.isspace() or not pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
            continue
        x0, x1 = rect.left, rect.right
        y0, y1 = min(rect.bottom, rect.top), max(rect.bottom, rect.top)
        if x1 - x0 > 3 * (y1 - y0) or y1 - y0 > 40:  # a transformed glyph: trust its ink box
            pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
            half = max(right.value - left.value, top.value - bottom.value) / 2
            mid = (bottom.value + top.value) / 2
            x0, x1, y0, y1 = left.value, right.value, mid - half, mid + half
        chars.append(_Char(ch, x0, x1, y0, y1, i))
    return chars


def _rules(page: pdfium.PdfPage, width: float, height: float) -> _Rules:
    h: list[tuple[float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    paths = list(_paths(page.raw))
    if len(paths) > _MAX_PATHS:
        return _Rules()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in paths:
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        w, hgt = x1 - x0, y1 - y0
        if w > 0.9 * width and hgt > 0.9 * height:
            continue  # a page background or frame
        if hgt <= _RULE and w > _RULE:
            h.append(((y0 + y1) / 2, x0, x1))
        elif w <= _RULE and hgt > _RULE:
            v.append(((x0 + x1) / 2, y0, y1))
        elif w > _RULE and hgt > _RULE:
            _path_rules(obj, h, v)
    return _Rules(h, v)


def _paths(page, depth: int = 0):
    """The page's path objects, including those inside form XObjects (without wrapping every text object)."""
    form = depth > 0
    count = pdfium_c.FPDFFormObj_CountObjects(page) if form else pdfium_c.FPDFPage_CountObjects(page)
    for i in range(min(count, 4 * _MAX_PATHS)):
        obj = pdfium_c.FPDFFormObj_GetObject(page, i) if form else pdfium_c.FPDFPage_GetObject(page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            yield from _paths(obj, depth + 1)


def _path_rules(raw, h: list, v: list) -> None:
    """The axis-parallel straight segments of a path (cell borders drawn as one path or as rectangles)."""
    n = pdfium_c.FPDFPath_CountSegments(raw)
    if n <= 0 or n > 2000:
        return
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(raw, m):
        return
    fx, fy = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(raw, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, fx, fy):
            continue
        point = (m.a * fx.value + m.c * fy.value + m.e, m.b * fx.value + m.d * fy.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            _segment(prev, point, h, v)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _segment(point, start, h, v)
        prev = point


def _segment(a: tuple[float, float], b: tuple[float, float], h: list, v: list) -> None:
    if abs(a[1] - b[1]) < 0.5 and abs(a[0] - b[0]) > _RULE:
        h.append((a[1], min(a[0], b[0]), max(a[0], b[0])))
    elif abs(a[0] - b[0]) < 0.5 and abs(a[1] - b[1]) > _RULE:
        v.append((a[0], min(a[1], b[1]), max(a[1], b[1])))


def _snap(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Sort by position, giving rules within _SNAP of each other the same position and joining the pieces of
    one rule (a border drawn cell by cell) into one segment."""
    segments.sort()
    snapped: dict[float, list[tuple[float, float]]] = {}
    anchor = None
    for pos, lo, hi in segments:
        if anchor is None or pos - anchor > _SNAP:
            anchor = pos
            snapped[anchor] = []
        snapped[anchor].append((lo, hi))
    out = []
    for pos, pieces in snapped.items():
        pieces.sort()
        lo, hi = pieces[0]
        for a, b in pieces[1:]:
            if a <= hi + 1:
                hi = max(hi, b)
            else:
                out.append((pos, lo, hi))
                lo, hi = a, b
        out.append((pos, lo, hi))
    return out


def _first(segments, positions, at: float, across: float, *, up: bool) -> float | None:
    """Position of the nearest rule beyond `at` (above/right if `up`) whose extent covers `across`."""
    if up:
        indices = range(bisect_right(positions, at), len(segments))
    else:
        indices = range(bisect_left(positions, at) - 1, -1, -1)
    for i in indices:
        pos, lo, hi = segments[i]
        if lo - 1 <= across <= hi + 1:
            return pos
    return None


def _empty_cells(rules: _Rules, cells: dict) -> list[tuple[float, float, float, float]]:
    """Grid cells without text that start in their own row and column (not the inside of a merged cell)."""
    if not cells or not rules.h:
        return []
    tops = sorted({y for y, _, _ in rules.h})
    xs = sorted({x for x, _, _ in rules.v})
    low = min(box[2] for box in cells)
    high = max(box[0] for box in cells)
    empty = []
    # the bands between rules, and the open bands a page break leaves below the last rule and above the first
    bands = [
        (tops[0] - 2 * _MIN_CELL, tops[0]),
        *itertools.pairwise(tops),
        (tops[-1], tops[-1] + 2 * _MIN_CELL),
    ]
    for lo, hi in bands:
        if hi < low or lo > high:
            continue
        for left, right in itertools.pairwise(xs):
            box = rules.cell((left + right) / 2, (lo + hi) / 2)
            if box is None or box in cells or box in empty or box[0] not in (hi, _OPEN_TOP) or box[1] != left:
                continue
            if box[3] - box[1] >= _MIN_CELL and box[0] - box[2] >= _MIN_CELL:
                empty.append(box)
    return empty


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Group characters into lines, top to bottom, each left to right."""
    lines: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: -c.cy):
        if lines:
            last = lines[-1]
            ref = last[0]
            if abs(ref.cy - c.cy) <= 0.45 * max(ref.y1 - ref.y0, 1.0):
                last.append(c)
                continue
        lines.append([c])
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _join(line: list[_Char]) -> str:
    """A line's text, with a space where the gap between characters is wider than a third of a character, or a
    fifth where a number meets a label (a table printed without rules: `规章  0  0  0`)."""
    parts = [line[0].ch]
    for prev, c in itertools.pairwise(line):
        gap = (c.x0 - prev.x1) / max(prev.y1 - prev.y0, 1.0)
        if gap > _WORD_GAP or (gap > _NUMBER_GAP and prev.ch.isdigit() != c.ch.isdigit()):
            parts.append(" ")
        parts.append(c.ch)
    return "".join(parts)


def _is_page_number(joined: str, line: list[_Char], width: float, height: float) -> bool:
    """The first or last line of a page, in its margin, set apart from the text column, reading `- 3 -`."""
    y = line[0].cy
    if not (y < _MARGIN * height or y > (1 - _MARGIN) * height):
        return False
    if not _PAGE_NUMBER.match(normalize(joined) or "x"):
        return False
    middle = (line[0].x0 + line[-1].x1) / 2
    return abs(middle - width / 2) < 0.1 * width or line[-1].x1 > 0.8 * width or not joined.strip().isdigit()
