"""Matching printed labels against the format's labels, tolerant of the variants published reports use.

Reports differ in width (（一） vs (一)), enumerators (1. / 1、 / （1）), spacing, punctuation, quotes and whether
they keep parenthetical notes such as （区分处理的，只计这一情形，不计其他情形）. The *core* of a label drops all of
that; two labels match when their cores are equal, or when one is a long enough prefix of the other (a label
broken across lines or cut short).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from .tokens import normalize

_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d{1,2}[、.,)]|\(\d{1,2}\)|[①-⑳])"
)
_PAREN = re.compile(r"\([^()]*\)")
_SIMILAR = 0.75
_PUNCT = re.compile(r"[\"'“”‘’「」『』《》,.、:;!?·…\-—_~|]")


@lru_cache(maxsize=8192)
def core(label: str) -> str:
    text = normalize(label).replace("其它", "其他")  # both spellings are printed
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


def similar(printed: str, wanted: str) -> bool:
    """Close enough to be the same label misspelt: most characters shared, in order."""
    return SequenceMatcher(None, printed, wanted, autojunk=False).ratio() >= _SIMILAR


def enumerator(label: str) -> str | None:
    """The leading 一、 / （三） / 2. of a label, normalised, if it has one."""
    m = _ENUMERATOR.match(normalize(label))
    return m.group(0) if m else None


_HEADER_TAIL = ("数", "量", "内容")  # a table's header run into its first row label: …现行有效件数规章


def ends_with(printed: str, wanted: tuple[str, ...]) -> bool:
    """Does a text run together from a flattened table (a header and a row label) end in one of the labels?
    A short label (规章) only right after a column header, so that a word ending in it is not taken for it."""
    return any(
        len(printed) > len(w)
        and printed.endswith(w)
        and (len(w) >= 4 or printed[: -len(w)].endswith(_HEADER_TAIL))
        for w in wanted
    )
