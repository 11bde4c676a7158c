"""The glyph check of doubtful numbers (parsers/scan/glyphs.py), on digits printed here and degraded as a scan
degrades them: a reading is confirmed when every glyph is its read digit as the page's sure numbers print it, and
a reading with any digit wrong, a glyph lost or gained, or on a page that has not shown every digit, never is."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from gongkai.parsers.scan.glyphs import Digits

FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)


def printed(text: str, font: str, seed: int) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """`text` printed 26 px high, blurred and noisy, and the boxes of its glyphs (its blots of ink)."""
    image = Image.new("L", (22 * len(text) + 24, 48), 255)
    ImageDraw.Draw(image).text((12, 6), text, font=ImageFont.truetype(font, 34), fill=0)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    noise = np.random.default_rng(seed).normal(0, 18, (image.height, image.width))
    pixels = np.clip(np.asarray(image, np.float32) + noise, 0, 255).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats((pixels < 128).astype(np.uint8))
    boxes = [tuple(int(v) for v in stats[j, :4]) for j in range(1, count) if stats[j, 3] >= 12]
    return pixels, boxes


def page(font: str, numbers=("0123456789", "9876543210", "2024", "1357")) -> Digits:
    digits = Digits()
    for seed, number in enumerate(numbers):
        digits.learn(*printed(number, font, seed), number, 0.97)
    return digits


@pytest.mark.parametrize("font", FONTS)
def test_a_number_whose_every_glyph_is_its_digit_is_confirmed(font):
    digits = page(font)
    for seed, number in enumerate(("3807", "61", "9", "45092")):
        pixels, boxes = printed(number, font, 100 + seed)
        assert len(boxes) == len(number)
        assert digits.confirms(pixels, boxes, number), number


@pytest.mark.parametrize("font", FONTS)
def test_a_number_with_any_digit_misread_is_never_confirmed(font):
    """Every substitution of one digit of 3807 and 45092 by another, the confusions OCR makes (3/8, 0/6/9, 1/7)
    among them."""
    digits = page(font)
    for seed, number in enumerate(("3807", "45092")):
        pixels, boxes = printed(number, font, 200 + seed)
        for place in range(len(number)):
            for other in "0123456789".replace(number[place], ""):
                misread = number[:place] + other + number[place + 1 :]
                assert not digits.confirms(pixels, boxes, misread), misread


def test_a_reading_with_a_digit_lost_or_gained_is_never_confirmed():
    digits = page(FONTS[0])
    pixels, boxes = printed("3807", FONTS[0], 300)
    assert not digits.confirms(pixels, boxes, "387")
    assert not digits.confirms(pixels, boxes, "38077")


def test_a_page_that_has_not_shown_every_digit_confirms_nothing():
    """Its sure numbers hold no 7: a glyph could be a 7 the check has never seen."""
    digits = page(FONTS[0], ("012345689", "9865432"))
    pixels, boxes = printed("3806", FONTS[0], 400)
    assert not digits.confirms(pixels, boxes, "3806")


def test_doubtful_readings_and_readings_whose_glyphs_touch_teach_nothing():
    digits = Digits()
    digits.learn(*printed("0123456789", FONTS[0], 1), "0123456789", 0.79)  # doubtful
    pixels, boxes = printed("0123456789", FONTS[0], 2)
    digits.learn(pixels, boxes[:-1], "0123456789", 0.99)  # one box short: the count does not match
    pixels, boxes = printed("3807", FONTS[0], 3)
    assert not digits.confirms(pixels, boxes, "3807")


def test_of_two_readings_the_passes_disagreed_on_the_one_the_glyphs_confirm_is_taken():
    """The recogniser's use of the check: a page of sure numbers, and three doubtful cells: 3807 read 3867 by
    one pass (the glyphs say 3807), 61 read 61 at 55 % (confirmed), and 45092 read 45062 or 46092 (neither)."""
    from gongkai.parsers.scan.recognize import Reading, _confirm, _Crop

    sure = ("0123456789", "9876543210", "2024", "1357")
    doubtful = {
        "3807": Reading("3867", 0.5, "3807"),
        "61": Reading("61", 0.55),
        "45092": Reading("45062", 0.5, "46092"),
    }
    crops, readings = {}, []
    for seed, number in enumerate((*sure, *doubtful)):
        pixels, boxes = printed(number, FONTS[0], 500 + seed)
        crops[seed] = _Crop(pixels, 26, boxes)
        readings.append(doubtful.get(number, Reading(number, 0.97)))
    _confirm(readings, crops, set(crops))
    assert [(r.text, r.conf) for r in readings[len(sure) :]] == [("3807", 0.8), ("61", 0.8), ("45062", 0.5)]


# ---------------------------------------------------------------- the document's check (parsers/scan/book.py)
def sheet(font: str, sure, doubtful, seed: int):
    """A page printed in `font`: its sure numbers learnt, and its doubtful ones (truth -> readings) as the
    recogniser leaves them on a page that has not shown every digit, with the pieces they are."""
    from gongkai.parsers.pdf import _Cell
    from gongkai.parsers.scan.glyphs import Doubt, Sheet, pictures

    page = Sheet()
    for n, number in enumerate(sure):
        page.digits.learn(*printed(number, font, seed + n), number, 0.97)
    pieces = []
    for n, (number, readings) in enumerate(doubtful.items()):
        pixels, boxes = printed(number, font, seed + 50 + n)
        pieces.append(_Cell((0.0, 0.0, 0.0, 0.0), readings[0], n, 0.5))
        page.doubts.append(Doubt(n, readings, pictures(pixels, boxes)))
    return pieces, page


def test_a_page_lacking_digits_confirms_its_doubtful_numbers_by_the_documents_other_pages():
    """Page 2 shows only 0 and 1 among its sure numbers (a Table 二 of zeros): alone it confirms nothing; with
    page 1's digits the document confirms its right readings, takes 3807 of the two readings 3867/3807, and
    confirms none of the misreadings (45092 read 45062 or 46092, 61 read 67, 100 read 160)."""
    from gongkai.parsers.scan.book import Book

    doubtful = {
        "0": ("0",),
        "3807": ("3867", "3807"),
        "61": ("61",),
        "45092": ("45062", "46092"),
        "16": ("67",),
        "100": ("160",),
    }
    alone = Book()
    pieces, page = sheet(FONTS[0], ("10", "1001"), doubtful, 700)
    alone.add(pieces, page)
    assert alone.settle() == 0 and [p.conf for p in pieces] == [0.5] * len(doubtful)

    book = Book()
    book.add(*sheet(FONTS[0], ("0123456789", "9876543210", "2024", "1357"), {}, 600))
    pieces, page = sheet(FONTS[0], ("10", "1001"), doubtful, 700)
    book.add(pieces, page)
    assert book.settle() == 3
    assert [(p.raw, p.conf) for p in pieces] == [
        ("0", 0.8),
        ("3807", 0.8),
        ("61", 0.8),
        ("45062", 0.5),
        ("67", 0.5),
        ("160", 0.5),
    ]


@pytest.mark.parametrize("font", FONTS)
def test_the_document_confirms_no_reading_with_a_digit_misread(font):
    """Every substitution of one digit of 3807 and 45092, their glyphs on a page that shows only 0 and 1, the
    document's other page every digit."""
    from gongkai.parsers.scan.book import Book

    misread = {}
    for number in ("3807", "45092"):
        for place in range(len(number)):
            for other in "0123456789".replace(number[place], ""):
                misread[f"{number}:{place}:{other}"] = number[:place] + other + number[place + 1 :]
    book = Book()
    book.add(*sheet(font, ("0123456789", "9876543210", "2024", "1357"), {}, 800))
    for n, (key, reading) in enumerate(misread.items()):
        truth = key.split(":")[0]
        book.add(*sheet(font, ("10",), {truth: (reading,)}, 900 + n))
    assert book.settle() == 0


def test_the_document_confirms_nothing_its_page_contradicts():
    """A glyph the document's pictures call a 0 while its own page prints a 6 that looks just like it: the page's
    print wins, and the reading stays in doubt. Pictures drawn as vectors, so that the two disagree by
    construction."""
    from gongkai.parsers.pdf import _Cell
    from gongkai.parsers.scan.book import Book
    from gongkai.parsers.scan.glyphs import Digits, Doubt, Sheet

    rng = np.random.default_rng(5)
    basis = {d: rng.normal(size=(24, 24)).astype(np.float32) for d in "0123456789"}
    glyph = basis["0"] + 0.3 * basis["6"]
    other_page = Sheet(Digits(dict(basis)))
    for contradicted in (False, True):
        own = {"6": glyph.copy()} if contradicted else {"1": basis["1"]}
        pieces = [_Cell((0.0, 0.0, 0.0, 0.0), "0", 0, 0.5)]
        book = Book()
        book.add([], other_page)
        book.add(pieces, Sheet(Digits(own), [Doubt(0, ("0",), (glyph / np.linalg.norm(glyph))[None])]))
        assert book.settle() == (0 if contradicted else 1)


def test_a_sheet_is_kept_exactly_through_the_cache():
    """The OCR cache stores a page's sheet as JSON: what it gives back confirms as the page read did."""
    import json

    from gongkai.parsers.scan.glyphs import Sheet

    _, page = sheet(FONTS[1], ("0123456789", "2024"), {"3807": ("3867", "3807")}, 1000)
    again = Sheet.load(json.loads(json.dumps(page.dump())))
    assert again.digits.sums.keys() == page.digits.sums.keys()
    assert all(np.array_equal(again.digits.sums[d], s) for d, s in page.digits.sums.items())
    (doubt,) = again.doubts
    assert (doubt.piece, doubt.texts) == (0, ("3867", "3807"))
    assert np.array_equal(doubt.glyphs, page.doubts[0].glyphs)
