"""Finding the six section headings of a report, however the agency wrote them.

Published reports paraphrase the official headings (一、总体情况 … 六、其他需要报告的事项): the enumerator's comma
is dropped (`一总体情况`), a word is added or mistyped (`四、政府信息公开行政法复议、行政诉讼情况`), section 六 is
renamed (`六、需要说明的其他事项与附表`). A heading is recognised by its numeral and one keyword of its section;
without the enumerator's punctuation the keyword must follow the numeral directly, so that prose such as
`三是梳理了政府信息公开内容` is never taken for a heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..standard.formats import SECTIONS
from .tokens import Kind, Token

_NUMERALS = "一二三四五六"
_PUNCTUATED = re.compile(r"^(?P<n>[一二三四五六])[、.,，．:：]")
_BARE = re.compile(r"^(?P<n>[一二三四五六])(?![是要则来])")  # 一是 / 二要 … open a list item, not a section
_HEAD = 28  # characters of a line a heading's keyword must fall within
_BARE_MAX = 40  # a heading without punctuation is a short line of its own


def number(norm: str) -> int | None:
    """The section a line (normalised: NFKC, no white space) is the heading of, or None."""
    m = _PUNCTUATED.match(norm)
    bare = m is None
    if bare:
        m = _BARE.match(norm)
        if m is None or len(norm) > _BARE_MAX:
            return None
    section = _NUMERALS.index(m["n"]) + 1
    head = norm[m.end() : m.end() + _HEAD]
    keywords = SECTIONS[section - 1].keywords
    reach = (lambda k: len(k) + 2) if bare else (lambda k: _HEAD)
    return section if any(k in head[: reach(k)] for k in keywords) else None


def headings(tokens: Sequence[Token]) -> dict[int, int]:
    """Section number -> index of its heading token, in document order (each section once, never going back)."""
    found: dict[int, int] = {}
    for i, t in enumerate(tokens):
        if t.kind is not Kind.TEXT:
            continue
        section = number(t.norm)
        if section is None or section in found or any(n > section for n in found):
            continue
        found[section] = i
    return found
