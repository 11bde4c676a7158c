"""保密/隐私 scan: finds personal data and classification markings that must not be published.

Detected: 居民身份证号码 (18 digits with a valid province, birth date and GB 11643 check digit; the old
15-digit form with a valid province and birth date), mainland mobile numbers (also with +86 / 0086 / 86),
bank card numbers of 16–19 digits passing the Luhn check, and 密级 markings (秘密/机密/绝密 followed by ★ or ·,
in brackets such as 【机密】, after "密级", or standing alone on a line). Phrases such as 国家秘密 or 商业秘密 in
running text are not markings. A run of digits is reported once, as the most specific kind it matches.

Matching runs on a normalised copy of the text, so formatting cannot hide a number: NFKC (full-width digits),
invisible characters dropped (zero-width, soft hyphen, BOM, other format and control characters), every space
(NBSP, ideographic space) made plain, separators between digits ignored (spaces, "-", "."), traditional
characters made simplified (OpenCC). An offset map takes each finding back to the original text, so highlighting
and redaction act on what the user wrote.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache

import opencc

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# GB/T 2260 province-level codes: the first two digits of every 居民身份证号码.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "  # noqa: SIM905 - a table, read as one
    "50 51 52 53 54 61 62 63 64 65 71 81 82 91".split()
)

# Characters outside printable ASCII and the basic CJK block are the only ones normalisation can change.
UNUSUAL_RE = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\u4e00-\u9fff]")
# Separators between two digits (or before a final X of an ID number) that are read through.
DIGIT_SEPARATOR_RE = re.compile(r"(?<=[0-9])[ .\-]{1,3}(?=[0-9Xx])")

NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
ID18_RE = re.compile(NOT_ALNUM_BEFORE + r"[1-9]\d{16}[\dXx]" + NOT_ALNUM_AFTER)
ID15_RE = re.compile(NOT_ALNUM_BEFORE + r"[1-9]\d{14}" + NOT_ALNUM_AFTER)
CARD_RE = re.compile(NOT_ALNUM_BEFORE + r"\d{16,19}" + NOT_ALNUM_AFTER)
MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?:[(（]?(?:\+|00)?86[)）]?)?(?P<number>1[3-9]\d{9})" + NOT_ALNUM_AFTER
)
LEVEL = r"(?:绝\s*密|机\s*密|秘\s*密)"
MARKING_RE = re.compile(
    rf"{LEVEL}\s*[★☆＊*·•∙・](?:\s*(?:长期|\d+\s*(?:年|个月|月|天|日)))?"
    rf"|[【\[〔〖［](?:\s*密\s*级\s*[:：]?)?\s*{LEVEL}\s*[】\]〕〗］]"
    rf"|密\s*级\s*[:：]?\s*{LEVEL}"
    rf"|^[ \t]*{LEVEL}[ \t]*$",
    re.MULTILINE,
)

LABELS = {
    "id_number": "居民身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "classified": "密级标志",
    "unscanned": "无法检查的附件",
}


@dataclass(frozen=True)
class Hit:
    """A finding: `start`/`end` and `text` refer to the original text; `value` is what was recognised after
    normalisation (the digits of a number, the marking without spaces)."""

    kind: str
    start: int
    end: int
    text: str
    value: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def fingerprint(self) -> str:
        """Identifies the finding independently of where it sits and how it is formatted, so an override
        survives unrelated edits but not a different number."""
        return f"{self.kind}:{self.value or self.text}"


# Normalisation ----------------------------------------------------------------------------------------------


class OffsetMap:
    """Maps positions in a derived text back to the text it was derived from.

    Stored as breakpoints (derived position, source position): between two breakpoints both advance together,
    so a text that needed no change costs one breakpoint."""

    def __init__(self):
        self.derived = [0]
        self.source = [0]

    def mark(self, derived: int, source: int) -> None:
        if self.derived[-1] == derived:
            self.source[-1] = source
        else:
            self.derived.append(derived)
            self.source.append(source)

    def __call__(self, position: int) -> int:
        i = bisect_right(self.derived, position) - 1
        return self.source[i] + position - self.derived[i]


@dataclass(frozen=True)
class Normalised:
    text: str
    maps: tuple[OffsetMap, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised characters [start, end) came from."""
        first, last = start, end - 1
        for offset_map in reversed(self.maps):
            first, last = offset_map(first), offset_map(last)
        return first, last + 1


def _replace(text: str, pattern: re.Pattern, replacement) -> tuple[str, OffsetMap]:
    """re.sub with an offset map from the result back to `text`."""
    offset_map = OffsetMap()
    pieces: list[str] = []
    pos = shift = 0
    for m in pattern.finditer(text):
        new = replacement(m)
        pieces += [text[pos : m.start()], new]
        pos = m.end()
        if len(new) == m.end() - m.start():
            continue
        at = m.start() + shift
        for j in range(len(new)):  # an expansion (say ㈠ → (一)): every new character points at the old one
            offset_map.mark(at + j, m.start())
        shift += len(new) - (m.end() - m.start())
        offset_map.mark(m.end() + shift, m.end())
    if not pieces:
        return text, offset_map
    pieces.append(text[pos:])
    return "".join(pieces), offset_map


def _unusual_character(m: re.Match) -> str:
    char = m.group()
    category = unicodedata.category(char)
    if category in ("Cf", "Cc", "Mn", "Me", "Zl", "Zp") or char in "\u00ad\u034f":
        return ""  # zero-width, soft hyphen, BOM, bidi marks, controls, combining marks, variation selectors
    return unicodedata.normalize("NFKC", char)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    """Traditional characters made simplified, keeping the length (so offsets stay valid)."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


def normalise(text: str) -> Normalised:
    plain, first = _replace(text, UNUSUAL_RE, _unusual_character)
    plain = _simplified(plain)
    joined, second = _replace(plain, DIGIT_SEPARATOR_RE, lambda m: "")
    return Normalised(joined, (first, second))


# Validation -------------------------------------------------------------------------------------------------


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def _valid_birth(year: int, month: int, day: int) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date(2100, 12, 31)


def is_valid_id_number(value: str) -> bool:
    """An 18-digit number (GB 11643) or an old 15-digit one (no check digit, two-digit year 19xx)."""
    value = value.upper()
    if re.fullmatch(r"[1-9]\d{16}[\dX]", value):
        return (
            value[:2] in PROVINCES
            and _valid_birth(int(value[6:10]), int(value[10:12]), int(value[12:14]))
            and id_check_digit(value[:17]) == value[17]
        )
    if re.fullmatch(r"[1-9]\d{14}", value):
        return value[:2] in PROVINCES and _valid_birth(
            1900 + int(value[6:8]), int(value[8:10]), int(value[10:12])
        )
    return False


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


# Scanning ---------------------------------------------------------------------------------------------------


def scan(text: str) -> list[Hit]:
    """All findings in `text`, ordered by position in the original."""
    if not text:
        return []
    norm = normalise(text)
    found: list[tuple[str, int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= a or start >= b for a, b in taken)

    def add(kind, start, end, value):
        found.append((kind, start, end, value))
        taken.append((start, end))

    t = norm.text
    for m in ID18_RE.finditer(t):
        if is_valid_id_number(m.group()):
            add("id_number", m.start(), m.end(), m.group().upper())
    for m in CARD_RE.finditer(t):
        if free(m.start(), m.end()) and luhn_valid(m.group()):
            add("bank_card", m.start(), m.end(), m.group())
    for m in ID15_RE.finditer(t):
        if free(m.start(), m.end()) and is_valid_id_number(m.group()):
            add("id_number", m.start(), m.end(), m.group())
    for m in MOBILE_RE.finditer(t):
        if free(m.start(), m.end()):
            add("mobile", m.start(), m.end(), m.group("number"))
    for m in MARKING_RE.finditer(t):
        marking = m.group()
        start = m.start() + len(marking) - len(marking.lstrip())
        add("classified", start, m.start() + len(marking.rstrip()), re.sub(r"\s", "", marking))
    hits = []
    for kind, start, end, value in found:
        first, last = norm.original_span(start, end)
        hits.append(Hit(kind, first, last, text[first:last], value))
    return sorted(hits, key=lambda h: (h.start, h.end))


def redact(text: str, hits: list[Hit]) -> str:
    """Replace each hit's characters with ＊ (full-width, so the layout of Chinese text is kept)."""
    out = text
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        if out[hit.start : hit.end] == hit.text:
            out = out[: hit.start] + "＊" * (hit.end - hit.start) + out[hit.end :]
    return out


def segments(text: str, hits: list[Hit]) -> list[tuple[str, Hit | None]]:
    """`text` cut into plain and hit segments, for highlighting in the review page."""
    parts: list[tuple[str, Hit | None]] = []
    pos = 0
    for hit in hits:
        if hit.start < pos:
            continue
        if hit.start > pos:
            parts.append((text[pos : hit.start], None))
        parts.append((hit.text, hit))
        pos = hit.end
    if pos < len(text):
        parts.append((text[pos:], None))
    return parts
