"""Matching printed labels against the format's labels, tolerant of the variants published reports use.

Reports differ in width (（一） vs (一)), enumerators (1. / 1、 / （1）), spacing, punctuation, quotes and whether
they keep parenthetical notes such as （区分处理的，只计这一情形，不计其他情形）. The *core* of a label drops all of
that; two labels match when their cores are equal, or when one is a long enough prefix of the other (a label
broken across lines or cut short).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .tokens import normalize

_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d{1,2}[、.,)]|\(\d{1,2}\)|[①-⑳])"
)
_PAREN = re.compile(r"\([^()]*\)")
_PUNCT = re.compile(r"[\"'“”‘’「」『』《》,.、:;!?·…\-—_~|]")


@lru_cache(maxsize=8192)
def core(label: str) -> str:
    text = normalize(label)
    while True:
        stripped = _ENUMERATOR.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return _PUNCT.sub("", _PAREN.sub("", text))


def matches(printed: str, wanted: tuple[str, ...]) -> bool:
    """Does a printed label (already a core) stand for one of the wanted cores?"""
    for w in wanted:
        if printed == w:
            return True
        if len(w) >= 4 and len(printed) >= max(4, int(len(w) * 0.6)) and w.startswith(printed):
            return True  # cut short or broken across lines
        if len(w) >= 4 and printed.startswith(w) and len(printed) - len(w) <= 4:
            return True  # a trailing remark the format does not print
    return False


def enumerator(label: str) -> str | None:
    """The leading 一、 / （三） / 2. of a label, normalised, if it has one."""
    m = _ENUMERATOR.match(normalize(label))
    return m.group(0) if m else None
