"""Tesseract (through tesserocr) reading a page's cells and lines.

One engine per process and kind, kept loaded: a pytesseract call starts a tesseract process (about 100 ms), a
tesserocr call costs the recognition alone. Values are read by a digits-only pass (the English model,
whitelisted to digits and the marks a number carries); labels and prose by the simplified-Chinese model. Which
pass a cell gets is decided from its ink: digits are narrow glyphs of one height, Chinese characters square.
The cells of a page are read in two calls, one per pass: each cell's ink, scaled to the glyph height the model
reads best, is stacked on its own line of one tall image, and the words found are given back to their cells by
position. A cell the stacked pass is unsure of is read again on its own.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from statistics import median

import cv2
import numpy as np

from ..tokens import _BLANK_MARKS, normalize
from . import Unavailable
from .glyphs import Digits, Doubt, Sheet, pictures
from .grid import Cell
from .prepare import _UNEVEN, Page
from .trust import LOW

TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)
_DIGITS = "0123456789.,-/"
UNREAD = "□"  # what a cell of Chinese glyphs that could not be read holds: text, never a blank value cell
_NUMBERISH = re.compile(r"^[\d.,\-/]+$")
_VALUE = re.compile(r"^(?:-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-/])$")  # what a value cell may hold
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WIDE = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
_CJK_SPACE = re.compile(rf"(?<=[{_WIDE}])\s+|\s+(?=[{_WIDE}])")  # tesseract spaces Chinese words apart
_GLYPH = {"text": 26, "digits": 26}  # px: the glyph heights the models read best at (measured on the seeds)
_GAP = 1.2  # glyph heights of white between two stacked cells
_MARGIN = 12  # px of white around a stacked image
_SURE = 0.5  # a stacked reading below this confidence is read again on its own
_GARBLED = 0.2  # a label read this unsurely in the stack is noise (a one-glyph-a-line group label beside it
# made （一）予以公开 read at 0-5 %; alone, 93 %): read again alone, by the text pass only
_RETRY = (None, 20, 36)  # glyph heights a doubtful cell is read again at (None: the pass's own)
_TALL = 3.0  # points: a blot lower than this is a dash, a dot or noise, not a glyph
_COLUMN_SHARE = 0.6  # a column this much of numbers is a column of values
_SECOND = 36  # px: the glyph height of the second reading of every number
_DISAGREE = 0.5  # the most a number the two passes read differently is trusted (below trust.LOW)


@dataclass(frozen=True)
class Reading:
    text: str
    conf: float  # 0-1: the least confident word or glyph (1 for a visibly empty cell)
    other: str = ""  # the other pass's reading of a number the two passes read differently


def tessdata() -> str:
    for folder in (os.environ.get("TESSDATA_PREFIX"), *TESSDATA):
        if folder and (Path(folder) / "chi_sim.traineddata").exists():
            return folder
    raise Unavailable(
        "未安装 Tesseract 简体中文识别数据（Debian：apt-get install tesseract-ocr tesseract-ocr-chi-sim）"
    )


@cache
def _engine(kind: str):
    # Tesseract's OpenMP threads only contend with the worker processes a batch already runs, one per core
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        import tesserocr
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise Unavailable("未安装 tesserocr（pip install tesserocr）") from exc
    folder = tessdata()
    lang = "eng" if kind == "digits" and (Path(folder) / "eng.traineddata").exists() else "chi_sim"
    api = tesserocr.PyTessBaseAPI(
        path=folder, lang=lang, psm=tesserocr.PSM.SINGLE_BLOCK, oem=tesserocr.OEM.LSTM_ONLY
    )
    api.SetVariable("tessedit_do_invert", "0")
    if kind == "digits":
        api.SetVariable("tessedit_char_whitelist", _DIGITS)
    return api


@dataclass
class _Ink:
    """One cell's ink: the blots in it (x, y, w, h in page pixels)."""

    marks: list[tuple[int, int, int, int]]

    def bounds(self) -> tuple[int, int, int, int]:
        x0 = min(m[0] for m in self.marks)
        y0 = min(m[1] for m in self.marks)
        return x0, y0, max(m[0] + m[2] for m in self.marks), max(m[1] + m[3] for m in self.marks)


def read_cells(page: Page, cells: list[Cell], rules: np.ndarray, sheet: Sheet | None = None) -> list[Reading]:
    """What each cell holds: "" when it is visibly empty, a dash for a drawn blank mark, else its text. `sheet`,
    when given, is filled with what the document's glyph check needs (`book.Book`), its doubts by cell."""
    if not cells:
        return []
    paper = float(np.percentile(page.grey[::4, ::4], 90))
    page, cells, rules = _tables_only(page, cells, rules)
    inks, specks = _inks(page, cells, rules)
    readings: list[Reading | None] = [None] * len(cells)
    tall_px = _TALL * page.scale
    glyphs: dict[int, list] = {}
    talls = [[m for m in ink.marks if m[3] >= tall_px] for ink in inks]
    printed = _printed(page, rules)
    darkest = {i: _darkest(printed, tall) for i, tall in enumerate(talls) if tall}
    faint = _faint(darkest.values())
    for i, ink in enumerate(inks):
        tall = talls[i]
        if not ink.marks:
            readings[i] = Reading("", 1.0)
        elif not tall:  # only flat or small blots: a drawn blank mark, or specks
            flat = any(m[2] > 2 * m[3] and m[2] >= tall_px for m in ink.marks)
            readings[i] = Reading("—", 0.95) if flat else Reading("", 0.6)
        elif darkest[i] >= faint:  # a seal's strokes left when its red is taken out: nothing printed
            readings[i] = Reading("", 0.6)
        else:
            inks[i] = _Ink(_near(ink.marks, tall))
            glyphs[i] = tall
    numbers = sorted(i for i, tall in glyphs.items() if _digit_like(tall))
    digit_like = set(numbers)
    labels = sorted(set(glyphs) - set(numbers))
    clean = _unshaded(_clean(page, rules, specks), cells, paper)
    spotless = _spotless(clean)
    crops = {i: _crop(spotless if i in digit_like else clean, inks[i], glyphs[i]) for i in glyphs}
    found = _values([crops[i] for i in numbers], [len(glyphs[i]) for i in numbers]) + _labels(
        [crops[i] for i in labels]
    )
    for i, reading in zip(numbers + labels, found, strict=True):
        readings[i] = reading
    for i in labels:
        if _numeric(readings[i].text):
            # a number whose digits ran together (too wide to look like digits) was read by the Chinese pass,
            # which drops a digit now and then (64183 as 4183) and is sure of it: the digits pass reads it too
            crops[i] = _crop(spotless, inks[i], glyphs[i])
            (digits,) = _values([crops[i]], [len(glyphs[i])])
            same = digits.text == readings[i].text
            readings[i] = digits if same else _settled(readings[i], digits, len(glyphs[i]))
    for i in _value_slots(cells, readings):
        # a blurred 25 can run into one square glyph (站) that the Chinese pass reads as a label, shifting the
        # row's values; where the grid wants a number it is read as one, or left blank. The two passes
        # disagreed on it, so it is in doubt.
        crops[i] = _crop(spotless, inks[i], glyphs[i])
        reading = _alone("digits", crops[i], Reading("", 0.0), others=False)
        ok = _VALUE.match(reading.text)
        readings[i] = Reading(reading.text, min(reading.conf, _DISAGREE)) if ok else Reading("", 0.0)
    _confirm(readings, crops, digit_like, sheet)
    return readings


def _confirm(
    readings: list[Reading], crops: dict[int, _Crop], digit_like: set[int], sheet: Sheet | None = None
) -> None:
    """Doubtful numbers made sure where every glyph is its read digit as the page's sure numbers print digits
    (`glyphs.Digits`): of two readings the passes disagreed on, the one the glyphs confirm. A page whose sure
    numbers do not show every digit leaves its doubtful numbers to the document (in `sheet`, which also takes
    the page's sure pictures). Without a sheet the check costs nothing on a page with no doubtful number."""
    doubtful = [i for i in crops if readings[i].conf < LOW and _numeric(readings[i].text)]
    if not doubtful and sheet is None:
        return
    digits = sheet.digits if sheet is not None else Digits()
    for i in sorted(digit_like):
        if _numeric(readings[i].text):
            digits.learn(crops[i].pixels, crops[i].glyphs, readings[i].text, readings[i].conf)
    for i in doubtful:
        texts = tuple(t for t in (readings[i].text, readings[i].other) if _numeric(t))
        if not digits.complete():
            if sheet is not None:
                sheet.doubts.append(Doubt(i, texts, pictures(crops[i].pixels, crops[i].glyphs)))
            continue
        confirmed = [t for t in texts if digits.confirms(crops[i].pixels, crops[i].glyphs, t)]
        if len(confirmed) == 1:
            readings[i] = Reading(confirmed[0], LOW)


def _numeric(text: str) -> bool:
    return bool(_VALUE.match(text) and re.search(r"\d", text))


def _value_slots(cells: list[Cell], readings: list[Reading | None]) -> list[int]:
    """The cells read as one or two Chinese glyphs (no blank mark) that sit where the table holds numbers: in
    a row with other numbers, in a column mostly of numbers. Header rows hold no numbers, label columns few."""
    numbers: dict[int, bool] = {}
    for i, reading in enumerate(readings):
        if reading is not None and reading.text not in ("", "—"):
            numbers[i] = bool(_VALUE.match(reading.text))
    by_row: dict[int, int] = {}
    by_column: dict[int, list[int]] = {}
    for i, number in numbers.items():
        by_row[cells[i].top] = by_row.get(cells[i].top, 0) + number
        by_column.setdefault(cells[i].left, []).append(i)
    share = {left: sum(numbers[i] for i in members) / len(members) for left, members in by_column.items()}
    return [
        i
        for i, number in numbers.items()
        if not number
        and len(readings[i].text) <= 2
        and normalize(readings[i].text) not in _BLANK_MARKS
        and by_row[cells[i].top] >= 2
        and share[cells[i].left] >= _COLUMN_SHARE
    ]


def _values(crops: list[_Crop], glyphs: list[int]) -> list[Reading]:
    """Numbers, by the digits pass, each read twice at two glyph sizes: two readings of one number that
    disagree leave it in doubt (`_settled`), which is what catches a misread number of Table 二, which no
    identity checks. A doubtful one is read again on its own."""
    out = []
    second = _stacked("digits", crops, _SECOND)
    for crop, blots, reading, other in zip(crops, glyphs, _stacked("digits", crops), second, strict=True):
        reading, other = _number(reading), _number(other)
        if _VALUE.match(reading.text) and _VALUE.match(other.text) and other.text != reading.text:
            out.append(_settled(reading, other, blots))
            continue
        if reading.conf < _SURE or not _NUMBERISH.match(reading.text):
            reading = _alone("digits", crop, reading)
        if not _VALUE.match(reading.text):
            # never a garbled number in the value's place as a label
            reading = reading if _HAN.search(reading.text) else Reading("", 0.0)
        out.append(reading)
    return out


def _settled(reading: Reading, other: Reading, glyphs: int) -> Reading:
    """Two different readings of one number: the longer when the shorter is it with digits lost (a pass now and
    then drops a glyph, or reads a number as a blank mark) and the ink shows one separate glyph for each of its
    digits (digits that touch show fewer, so a reading is never cut to fit); else the surer, its confidence
    capped (for the tables' arithmetic to confirm or correct)."""
    shorter, longer = sorted(((_digits(r.text), r) for r in (reading, other)), key=lambda p: len(p[0]))
    if len(longer[0]) == glyphs > len(shorter[0]) and _within(shorter[0], longer[0]):
        return longer[1]
    surer, rival = sorted((reading, other), key=lambda r: r.conf, reverse=True)
    return Reading(surer.text, min(surer.conf, _DISAGREE), rival.text)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _within(part: str, whole: str) -> bool:
    """Whether `part` is `whole` with some of its characters left out."""
    rest = iter(whole)
    return all(ch in rest for ch in part)


def _labels(crops: list[_Crop]) -> list[Reading]:
    out = []
    for crop, reading in zip(crops, _stacked("text", crops), strict=True):
        if not reading.text or len(reading.text) <= 3:
            # a label is mended against the format's labels: only a lost one, or a few glyphs that may be a
            # number whose digits ran together, is read again
            reading = _alone("text", crop, reading)
        elif reading.conf < _GARBLED:
            reading = _alone("text", crop, reading, others=False)
        if not reading.text:
            reading = _raw_line(crop)
        # glyphs nobody could read are a label, not a blank
        out.append(reading if reading.text else Reading(UNREAD, 0.0))
    return out


def _number(reading: Reading) -> Reading:
    """A digits-pass reading without the stray marks a blurred cell gives it (`0.`, `,12`, `1 0`)."""
    text = re.sub(r"\s+", "", reading.text).strip(".,")
    return Reading(text, reading.conf) if text != reading.text else reading


def read_lines(grey: np.ndarray) -> list[tuple[int, int, str]]:
    """The lines of text on a (masked) page: (top, left, text) in pixels, top to bottom."""
    import tesserocr

    api = _engine("text")
    _set(api, grey)
    return [
        (box[1], box[0], _CJK_SPACE.sub("", text)) for text, box, _ in _results(api, tesserocr.RIL.TEXTLINE)
    ]


def _results(api, level):
    """(text, box, confidence 0-1) of each line or word tesseract found, skipping the empty ones."""
    api.Recognize()
    return _found(api, level)


def _found(api, level):
    """The results of the last recognition. A word's confidence is the lower of tesseract's word confidence and
    its weakest glyph's: one doubtful digit inside a number the word confidence calls sure is what turns 180
    into 160, and it is the digit's own confidence that says so."""
    import tesserocr

    it = api.GetIterator()
    symbols = level == tesserocr.RIL.WORD
    step = tesserocr.RIL.SYMBOL if symbols else level
    found = None
    while it is not None:
        if not symbols or it.IsAtBeginningOf(level):
            if found:
                yield found
            try:
                text = (it.GetUTF8Text(level) or "").strip()
            except RuntimeError:  # tesserocr raises for a result without text
                text = ""
            box = it.BoundingBox(level)
            found = (text, box, it.Confidence(level) / 100) if text and box else None
        if symbols and found:
            found = (*found[:2], min(found[2], it.Confidence(step) / 100))
        if not it.Next(step):
            break
    if found:
        yield found


# ---------------------------------------------------------------- ink
_AROUND = 24  # px of the page kept around the cells, more than any filter below reaches


def _tables_only(page: Page, cells: list[Cell], rules: np.ndarray) -> tuple[Page, list[Cell], np.ndarray]:
    """The part of the page the cells cover (and a margin), the cells moved into it: the prose around the
    tables would cost the ink passes below as much again, and nothing there belongs to a cell."""
    height, width = page.grey.shape
    x0 = max(0, min(c.x0 for c in cells) - _AROUND)
    y0 = max(0, min(c.y0 for c in cells) - _AROUND)
    x1 = min(width, max(c.x1 for c in cells) + _AROUND)
    y1 = min(height, max(c.y1 for c in cells) + _AROUND)
    region = replace(page, grey=page.grey[y0:y1, x0:x1], ink=page.ink[y0:y1, x0:x1])
    moved = [Cell(c.x0 - x0, c.y0 - y0, c.x1 - x0, c.y1 - y0, c.top - y0, c.left - x0) for c in cells]
    return region, moved, rules[y0:y1, x0:x1]


def _inks(page: Page, cells: list[Cell], rules: np.ndarray) -> tuple[list[_Ink], np.ndarray]:
    """Each cell's blots, from one pass over the page's ink with the rules taken out, and the specks of dust too
    small to be a glyph or a mark (255 where they are): a speck inside a 0 makes the digits pass read a 6."""
    ink = page.ink.copy()
    ink[rules > 0] = 0
    owner = np.full(ink.shape, -1, np.int32)
    for i, c in enumerate(cells):
        owner[c.y0 : c.y1, c.x0 : c.x1] = i
    _, labels, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    least = max(4, int((0.6 * page.scale) ** 2))
    small = stats[:, cv2.CC_STAT_AREA] < least
    small[0] = False
    rows = np.minimum(centres[:, 1].astype(np.intp), ink.shape[0] - 1)
    columns = np.minimum(centres[:, 0].astype(np.intp), ink.shape[1] - 1)
    cell_of = owner[rows, columns]
    out = [_Ink([]) for _ in cells]
    for j in np.flatnonzero(~small & (cell_of >= 0)):
        if j:  # 0 is the paper
            x, y, w, h = (int(v) for v in stats[j, :4])
            out[cell_of[j]].marks.append((x, y, w, h))
    return out, (small.astype(np.uint8) * 255)[labels]  # each blot's 255 or 0 looked up by its label


def _near(marks, tall) -> list[tuple[int, int, int, int]]:
    """The glyphs and the small marks beside them (a decimal point, a comma, a dot of 、): not specks of dirt
    elsewhere in the cell, which would widen the crop and confuse the recogniser."""
    x0, y0, x1, y1 = _Ink(tall).bounds()
    reach = max(m[3] for m in tall)
    return [
        m
        for m in marks
        if x0 - reach <= m[0] + m[2] / 2 <= x1 + reach and y0 - reach / 2 <= m[1] + m[3] / 2 <= y1 + reach / 2
    ]


def _clean(page: Page, rules: np.ndarray, specks: np.ndarray) -> np.ndarray:
    """The page's grey without its rules and its specks of dust (blots too small to be a mark)."""
    grey = page.grey.copy()
    grey[(rules > 0) | (specks > 0)] = 255
    return grey


def _spotless(grey: np.ndarray) -> np.ndarray:
    """Dark pixels with no dark neighbour taken out, for the digits pass: a speck inside the ring of a 0 makes
    it read a 6. A stroke's pixels always have dark neighbours, so a thin 1 stays whole."""
    dark = (grey < 128).astype(np.uint8)
    company = cv2.filter2D(dark, -1, np.ones((3, 3), np.float32), borderType=cv2.BORDER_CONSTANT) - dark
    return np.where((dark > 0) & (company == 0), cv2.medianBlur(grey, 3), grey)


def _printed(page: Page, rules: np.ndarray) -> np.ndarray:
    """The page's grey where it is ink and no rule, white elsewhere: made once, so each blot's darkest grey is
    the minimum of its box."""
    return np.where((page.ink > 0) & (rules == 0), page.grey, np.uint8(255))


def _darkest(printed: np.ndarray, tall) -> int:
    """The darkest grey of a cell's glyph-sized blots, rules left out."""
    return min(int(printed[y : y + h, x : x + w].min()) for x, y, w, h in tall)


def _faint(darkest) -> float:
    """The grey from which a cell's glyphs are lighter than print ever is on this page: halfway from its cells'
    usual darkest glyph to white paper. A red seal taken out by its red leaves strokes at grey 206-224 where
    printed digits reach 0-50 (read, a fragment half a glyph high in an empty cell gave a sure 4), while print
    in a phone photo's shadow reaches only 100-143: a fixed grey cannot tell the two apart, the page's own
    print can. Such a cell is a doubtful blank: the identities settle it, or it is flagged."""
    return (float(np.median(list(darkest))) + 255) / 2 if darkest else 255.0


def _digit_like(tall) -> bool:
    """Narrow glyphs of one height: a number. Chinese characters are about as wide as high."""
    heights = [m[3] for m in tall]
    if len(tall) > 16 or max(heights) > 1.6 * min(heights):
        return False
    return all(m[2] <= 0.85 * m[3] for m in tall)


@dataclass(frozen=True)
class _Crop:
    pixels: np.ndarray  # the cell's ink in grey, cut close
    glyph: int  # px: the height of one line of its glyphs
    glyphs: list[tuple[int, int, int, int]]  # the blots tall enough to be glyphs (x, y, w, h in the crop)


def _crop(grey: np.ndarray, ink: _Ink, tall: list[tuple[int, int, int, int]]) -> _Crop:
    x0, y0, x1, y1 = ink.bounds()
    left, top = max(0, x0 - 2), max(0, y0 - 2)
    boxes = [(x - left, y - top, w, h) for x, y, w, h in tall]
    return _Crop(grey[top : y1 + 2, left : x1 + 2], _glyph_height(ink), boxes)


def _unshaded(grey: np.ndarray, cells: list[Cell], paper: float) -> np.ndarray:
    """The page with each shaded cell's grey levelled to the page's paper: on the white sheet the crops are read
    on, Tesseract's layout analysis takes a grey box for a picture and finds no text in it (规章 on a 71 % grey
    header read as nothing at every size). A cell is shaded when its brightest tenth is darker than the page's
    paper by more than `prepare` leaves paper uneven; the cells of a dim photo are not, and are left alone."""
    out = grey
    for c in cells:
        interior = grey[c.y0 : c.y1, c.x0 : c.x1]
        level = _brightest_tenth(interior)
        if level < paper - _UNEVEN:
            out = grey.copy() if out is grey else out
            out[c.y0 : c.y1, c.x0 : c.x1] = cv2.convertScaleAbs(interior, alpha=paper / max(level, 1.0))
    return out


def _brightest_tenth(pixels: np.ndarray) -> float:
    """`np.percentile(pixels, 90)` of grey pixels, from their histogram where the order statistics around it are
    all one grey (nearly every cell: mostly paper); `np.percentile` sorting the cell's pixels only where not."""
    counts = np.cumsum(cv2.calcHist([pixels], [0], None, [256], [0, 256]).ravel())
    at = int(0.9 * (pixels.size - 1))
    low, high = np.searchsorted(counts, (max(0, at - 1), min(pixels.size - 1, at + 2)), side="right")
    return float(low) if low == high else float(np.percentile(pixels, 90))


def _glyph_height(ink: _Ink) -> int:
    """One line's glyph height: the median height of the bands of rows the cell's blots cover."""
    spans = sorted((m[1], m[1] + m[3]) for m in ink.marks)
    bands: list[list[int]] = []
    for top, bottom in spans:
        if bands and top <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    heights = [b - t for t, b in bands]
    tall = [h for h in heights if h >= 0.5 * max(heights)]
    return int(median(tall))


def _fit(kind: str, crop: _Crop, height: int | None = None) -> np.ndarray:
    """The crop scaled so that its glyphs have the height the pass reads best (or `height`)."""
    pixels = crop.pixels
    factor = (height or _GLYPH[kind]) / max(crop.glyph, 1)
    if abs(factor - 1) > 0.08:
        method = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
        pixels = cv2.resize(pixels, None, fx=factor, fy=factor, interpolation=method)
    return pixels


# ---------------------------------------------------------------- recognition
def _stacked(kind: str, crops: list[_Crop], glyph: int | None = None) -> list[Reading]:
    """Every crop read in one call: stacked on their own lines, the words given back by their height."""
    if not crops:
        return []
    import tesserocr

    fitted = [_fit(kind, c, glyph) for c in crops]
    gap = int(_GAP * (glyph or _GLYPH[kind]))
    width = max(p.shape[1] for p in fitted) + 2 * _MARGIN
    height = sum(p.shape[0] for p in fitted) + gap * (len(fitted) - 1) + 2 * _MARGIN
    sheet = np.full((height, width), 255, np.uint8)
    slots = []
    y = _MARGIN
    for p in fitted:
        sheet[y : y + p.shape[0], _MARGIN : _MARGIN + p.shape[1]] = p
        slots.append((y - gap // 2, y + p.shape[0] + gap // 2))
        y += p.shape[0] + gap
    api = _engine(kind)
    _set(api, sheet)
    words: list[list[tuple[str, float]]] = [[] for _ in crops]
    tops = [s[0] for s in slots]
    for text, box, conf in _results(api, tesserocr.RIL.WORD):
        middle = (box[1] + box[3]) / 2
        slot = int(np.searchsorted(tops, middle, side="right")) - 1
        if 0 <= slot < len(slots) and middle < slots[slot][1]:
            words[slot].append((text, conf))
    out = []
    for found in words:
        if not found:
            out.append(Reading("", 0.0))
            continue
        out.append(Reading("".join(t for t, _ in found), min(c for _, c in found)))
    return out


def _alone(kind: str, crop: _Crop, first: Reading, others: bool = True) -> Reading:
    """A doubtful cell read again on its own, by its pass (and by the other one), at more than one size: the
    surer reading. Tesseract now and then finds no line at all in a clean crop of one particular size."""
    best = first
    for pass_ in (kind, "text" if kind == "digits" else "digits")[: 2 if others else 1]:
        for height in _RETRY:
            reading = _once(pass_, _fit(pass_, crop, height))
            if pass_ == "digits":
                reading = _number(reading)
                if not _VALUE.match(reading.text or "x"):
                    continue
            if reading.text and reading.conf > best.conf:
                best = reading
            if best.conf >= _SURE:
                return best
    return best


def _raw_line(crop: _Crop) -> Reading:
    """A label crop in which Tesseract's layout analysis finds no line at any size (a clean 政府集中采购 under
    a seal's tint) read as one raw line (PSM 13), which skips that analysis: the surest reading, or none."""
    import tesserocr

    best = Reading("", 0.0)
    api = _engine("text")
    api.SetPageSegMode(tesserocr.PSM.RAW_LINE)
    try:
        for height in _RETRY:
            reading = _once("text", _fit("text", crop, height))
            if reading.text and reading.conf > best.conf:
                best = reading
            if best.conf >= _SURE:
                break
    finally:
        api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
    return best


def _once(kind: str, pixels: np.ndarray) -> Reading:
    import tesserocr

    api = _engine(kind)
    _set(api, _pad(pixels))
    text = api.GetUTF8Text().strip().replace("\n", "")
    confs = [conf for _, _, conf in _found(api, tesserocr.RIL.WORD)]
    return Reading(text, min(confs) if confs and text else 0.0)


def _pad(pixels: np.ndarray) -> np.ndarray:
    return cv2.copyMakeBorder(pixels, _MARGIN, _MARGIN, _MARGIN, _MARGIN, cv2.BORDER_CONSTANT, value=255)


def _set(api, pixels: np.ndarray) -> None:
    pixels = np.ascontiguousarray(pixels)
    api.SetImageBytes(pixels.tobytes(), pixels.shape[1], pixels.shape[0], 1, pixels.shape[1])
