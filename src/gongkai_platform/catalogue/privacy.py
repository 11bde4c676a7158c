"""保密/隐私 scan: finds personal data and classification markings that must not be published.

Detected: 18-digit 居民身份证号码 with a valid birth date and check digit (GB 11643), mainland mobile numbers,
bank card numbers of 16–19 digits passing the Luhn check, and 密级 markings (秘密/机密/绝密 followed by ★,
after
"密级", or standing alone on a line). Phrases such as 国家秘密 or 商业秘密 in running text are not markings.
A run of digits is reported once, as the most specific kind it matches.
"""

import re
from dataclasses import dataclass
from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

ID_RE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
CARD_RE = re.compile(r"(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z+])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])")
MARKING_RE = re.compile(
    r"(?:绝密|机密|秘密)\s*[★☆＊*]"
    r"|密\s*级\s*[:：]?\s*(?:绝密|机密|秘密)"
    r"|^[ \t　]*(?:绝密|机密|秘密)[ \t　]*$",
    re.MULTILINE,
)

LABELS = {
    "id_number": "居民身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "classified": "密级标志",
}


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def fingerprint(self) -> str:
        """Identifies the finding independently of where it sits, so an override survives unrelated edits."""
        return f"{self.kind}:{self.text}"


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str) -> bool:
    if not re.fullmatch(r"[1-9]\d{16}[\dXx]", value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return 1900 <= int(value[6:10]) <= 2100 and id_check_digit(value[:17]) == value[17].upper()


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def scan(text: str) -> list[Hit]:
    """All findings in `text`, ordered by position."""
    if not text:
        return []
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= a or start >= b for a, b in taken)

    def add(kind, m):
        hits.append(Hit(kind, m.start(), m.end(), m.group()))
        taken.append((m.start(), m.end()))

    for m in ID_RE.finditer(text):
        if is_valid_id_number(m.group()):
            add("id_number", m)
    for m in CARD_RE.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if free(m.start(), m.end()) and 16 <= len(digits) <= 19 and luhn_valid(digits):
            add("bank_card", m)
    for m in MOBILE_RE.finditer(text):
        if free(m.start(), m.end()):
            add("mobile", m)
    for m in MARKING_RE.finditer(text):
        add("classified", m)
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
