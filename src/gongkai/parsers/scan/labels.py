"""A scanned cell's text mapped to the format's label it is a reading of, tolerant of how Tesseract misreads
labels, and only where one label fits.

Tesseract reads a label's enumerator worst: （ as ( or C, 一 as — or -, 二 and 三 as =, 三 as E, 七 as C, E, ヒ or
t, 十 as +, 、 as , or `; and now and then a glyph of the words. The words say which row a label is (no two rows
of a format share them); the enumerator says whether it is a row at all, where a column or a title has the same
words (（七）总计 and the column 总计, 3.其他 and the column 其他). So a reading maps to a label when its words are
that label's, or one glyph off them, and what stands before the words could be that label's enumerator as
Tesseract reads it. Where two labels fit, the text is left as read: the reader then reads the row by its place
in the format's row order or flags it, where a wrong label would move a row's numbers silently.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

from ...standard.formats import FORMATS
from ..labels import core, enumerator, similar
from ..tokens import normalize

# what Tesseract reads each glyph of an enumerator as (the glyph itself included); empty reads are allowed too
_READ_AS = {
    "(": "(（〈《<[{【C",
    ")": ")）〉》>]}】J六",  # (一六于以公开: the closing parenthesis read as 六
    "一": "一—–-_~",
    "二": "二=",
    "三": "三=E",
    "四": "四口",
    "五": "五",
    "六": "六大",
    "七": "七CEヒ匕tT+",
    "八": "八人入",
    "九": "九几",
    "十": "十+t",
    "、": "、,，.`'·",
    ".": ".,、·:",
    "1": "1lI|i!]",
    "2": "2Zz",
    "3": "3",
    "4": "4",
    "5": "5Ss",
    "6": "6bG",
    "7": "7T",
    "8": "8B",
}
_HEAD_GLYPHS = frozenset("".join(_READ_AS.values()) + "0123456789")
_HEAD_MOST = 4  # glyphs: （十二） is the longest enumerator a report prints
_CONFUSED = str.maketrans(
    {"〈": "（", "〉": "）", "《": "（", "》": "）", "<": "(", ">": ")", "|": "", "\n": ""}
)


def mend(text: str, vocabulary: dict[str, tuple[str, ...]]) -> str:
    """The format's label `text` is a reading of, or `text` as read when none or more than one fits.
    `vocabulary` maps a label's words (its core) to every label with those words."""
    text = text.translate(_CONFUSED)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text  # a number or a mark: nothing a label is
    head, words = _split(normalize(text))
    text = _balanced(text)
    if len(words) < 2:
        return text
    if words in vocabulary:
        if not head or enumerator(head) == head:
            return text  # read right (a row a column shares words with keeps the enumerator it was read with)
        return _only(_fitting(head, vocabulary[words])) or text
    near = tuple(label for w in vocabulary if len(w) >= 3 and _one_off(words, w) for label in vocabulary[w])
    if near:
        return _only(_fitting(head, near)) or text
    return _likeliest(head, words, vocabulary) or text


_SHAPED = re.compile(
    r"[(（]?[^()（）]{1,2}[)）]|[^、.,]{1,2}[、.,]"
)  # an enumerator's glyphs, whatever they are


def _split(reading: str) -> tuple[str, str]:
    """What stands before a reading's words (its enumerator as read), and the words."""
    shaped = _SHAPED.match(reading)
    if shaped and len(core(_balanced(reading[shaped.end() :]))) >= 2:
        n = shaped.end()
    else:
        n = 0
        while n < min(_HEAD_MOST, len(reading) - 1) and reading[n] in _HEAD_GLYPHS:
            n += 1
    return reading[:n], core(_balanced(reading[n:]))


def _fitting(head: str, labels: tuple[str, ...]) -> list[str]:
    """The labels `head` could be the enumerator of: a head shaped like one (glyphs in brackets, or before
    、) or a reading of one glyph by glyph is a row's, where a column or a title has the same words; any other
    head (a speck, a bit of border) and no head fit the labels without one, and no head also a lost one."""
    numbered = [
        label
        for label in labels
        if enumerator(label) and (_SHAPED.fullmatch(head) or _could_be(head, enumerator(label)))
    ]
    plain = [label for label in labels if not enumerator(label)]
    if not head:
        return plain or numbered
    return numbered or plain


def _only(labels: list[str]) -> str | None:
    """The one label of a row (the other format's wording of the same row is the same label: 规范性文件)."""
    return labels[0] if len({_wordings().get(label, label) for label in labels}) == 1 else None


@cache
def _wordings() -> dict[str, str]:
    """Each wording a row is printed in (its label, its aliases) -> one of them, the same for all."""
    out: dict[str, str] = {}
    for fmt in FORMATS.values():
        for table in fmt.tables:
            for row in table.rows:
                names = (row.label, *row.aliases)
                for name in names:
                    out[name] = out.get(name) or min(names)
    return out


@cache
def _pattern(printed: str) -> re.Pattern[str]:
    """What an enumerator can be read as: each glyph as one of its misreadings, two glyphs or none."""
    parts = (f"[{re.escape(_READ_AS.get(ch, ch))}]{{0,2}}" for ch in printed)
    return re.compile("".join(parts))


def _could_be(head: str, printed: str) -> bool:
    return _pattern(printed).fullmatch(head) is not None


def _one_off(a: str, b: str) -> bool:
    """Whether `a` is `b` with one glyph misread, lost or added."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


_CLEAR = 0.1  # the likeliest label must share this much more of the reading than any other label


def _likeliest(head: str, words: str, vocabulary: dict[str, tuple[str, ...]]) -> str | None:
    """The label a reading further off shares most characters with, in order, when it fits its enumerator and
    no other label's words come close."""
    scored = sorted(((_ratio(_cut(words, w), w), w) for w in vocabulary), reverse=True)
    (best, w), (second, _) = scored[0], scored[1]
    if not similar(_cut(words, w), w) or best - second < _CLEAR:
        return None
    return _only(_fitting(head, vocabulary[w]))


def _cut(printed: str, label: str) -> str:
    """As much of a long reading as the label is long: a cell's last line is often read as noise."""
    return printed[: len(label) + 1] if len(label) >= 8 else printed


def _balanced(text: str) -> str:
    """A note whose closing parenthesis was lost (the last glyph of a cell is often read badly) closed again."""
    open_ = normalize(text).count("(") - normalize(text).count(")")
    return text + "）" * open_ if open_ > 0 else text


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
