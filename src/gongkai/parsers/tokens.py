"""The token stream every input kind is reduced to.

A published report, whatever its container, is a sequence of table cells and lines of prose. Each tokenizer
(text, HTML, DOCX, PDF) emits that sequence; `reader.read_tokens` then walks the format definition over it. Keeping
one reader means every layout quirk learnt from one container helps all the others.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum


class Kind(Enum):
    TEXT = "text"  # a label, a heading or a line of prose
    VALUE = "value"  # a number, possibly signed (增/减) or with a unit
    BLANK = "blank"  # a cell that is visibly empty, or holds a not-applicable mark such as "/" or "—"


@dataclass(slots=True)
class Token:
    kind: Kind
    raw: str  # the text as the document has it, stripped
    norm: str  # NFKC, no white space: what labels are matched on
    value: Decimal | None = None
    unit: str | None = None  # 元 / 万元 / 件 … when the cell wrote one
    row: int | None = None  # the table row the cell sat in, when the container has real tables
    glued: bool = False  # from a flattened line: a VALUE may hold several cells, a TEXT may end in a label
    conf: float | None = None  # OCR confidence (0-1) of a scanned cell; None when the file had the text


_ARTIFACT = re.compile(r"\[bookmark:[^\]]*\]")
_SPACE = re.compile(r"\s+")
_VALUE = re.compile(
    r"^(?P<sign>[+\-\u2212增减])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<unit>万元|元|件|个|项|条|次)?$"
)
_VALUE_START = frozenset("0123456789+-\u2212增减")
_BLANK_MARKS = frozenset({"", "/", "-", "—", "——", "–", "无", "空", "\\", "×", "*", "_", "__", "___", "--"})


def normalize(text: str) -> str:
    """NFKC with white space and document artifacts removed: the form labels and values are compared in."""
    if "[bookmark:" in text:
        text = _ARTIFACT.sub("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


def make(raw: str, row: int | None = None) -> Token:
    """Classify one cell or line of text."""
    if "[bookmark:" in raw:
        raw = _ARTIFACT.sub("", raw)
    raw = raw.strip()
    norm = normalize(raw)
    if norm in _BLANK_MARKS:
        return Token(Kind.BLANK, raw, norm, row=row)
    m = _VALUE.match(norm) if norm[0] in _VALUE_START else None
    if not m:
        return Token(Kind.TEXT, raw, norm, row=row)
    try:
        number = Decimal(m["num"].replace(",", "") + (m["frac"] or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return Token(Kind.TEXT, raw, norm, row=row)
    if m["sign"] in ("-", "\u2212", "减"):
        number = -number
    return Token(Kind.VALUE, raw, norm, number, m["unit"], row)


def is_value_like(norm: str) -> bool:
    return norm in _BLANK_MARKS or bool(_VALUE.match(norm))
