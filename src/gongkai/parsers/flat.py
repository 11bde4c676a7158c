"""A report body flattened onto one line, as crawlers save a page (`innerText`, BeautifulSoup `get_text()`).

The table cells lose their boundaries: `规章000行政规范性文件303`, `一、本年新收政府信息公开申请数量0 0 0 0 0 00`,
`…0 0 0 0 0 002.其他法律行政法规禁止公开`. The labels are still in printed order with the cells between them, so the
line is cut into tokens: section headings, prose paragraphs (sections 一, 五, 六, where a number is part of the
sentence), and in the tables' sections text and numbers. A number that is part of the text stays in it (`2021年`,
`198条`, `41.5%`, `（1）`); the digit of an enumerator stays with its label (`2.其他…`). Each space-separated group
of digits becomes one VALUE token marked `glued`: it may hold several cells run together, which the reader splits
by the table's arithmetic (`splitting.py`). Text tokens of the tables are marked `glued` too: a header run into a
label (`…现行有效件数规章`) ends with the row label.
"""

from __future__ import annotations

import re

from ..standard.formats import SECTIONS
from .tokens import Kind, Token, make, normalize

MIN_LENGTH = 300  # a flattened body is long; shorter lines are read as lines
_NUMERALS = "一二三四五六"
# 一、总体情况, or 一总体情况 after a space or a sentence's end (its keyword must then follow directly)
_HEADING = re.compile(
    r"[一二三四五六][、.，,．]|(?<![\u4e00-\u9fff\dA-Za-z])[一二三四五六](?=[\u4e00-\u9fff])"
)
_HEAD = 28  # a heading's keyword comes within this many characters of its numeral, before any digit
_HEADING_END = re.compile(r"[\d（(。，,；;：:\s]")
_TABLE_MARKERS = re.compile(
    r"(?:规章|行政许可|政府信息公开申请数量|结转下年度继续办理|结果维持结果纠正)\s*[\d/—\-]"
)
# a number (signed for 本年增/减, with its unit), or a blank mark, inside a table's section
_NUMBER = re.compile(
    r"(?P<sign>(?<!\.)[增减\-\u2212](?=\d))?(?P<num>\d+(?:\.\d+)?)(?P<unit>万元|元)?"
    r"|(?P<blank>/|—+|－|(?<![^\s\d])无(?![\u4e00-\u9fff])|(?<![^\s\d])-(?!\d))"
)
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")  # 本年增/减: a mark between two words is text
_PROSE_UNIT = re.compile(
    r"[年月日号时条件份个项次%％人名家余处场期届批类位层岁天周倍户起部宗笔张篇册套则台辆间座轮]|万(?!元)|亿|多"
)
_TEXT_AFTER = re.compile(r"[，。；、：,;:)）】」”》%％.．@_A-Za-z]")
_ENUMERATOR_DOT = re.compile(r"[.、．](?=\D)")


def is_flat(line: str) -> bool:
    """Does this long line hold the tables of a report (a row label followed directly by its cells)?"""
    return len(_TABLE_MARKERS.findall(line)) >= 2


def headings(line: str) -> list[tuple[int, int]]:
    """(section, position) of each section heading in the line, in order, each section once."""
    found: list[tuple[int, int]] = []
    for m in _HEADING.finditer(line):
        section = _NUMERALS.index(m.group(0)[0]) + 1
        if found and section <= found[-1][0]:
            continue
        window = line[m.end() : m.end() + _HEAD]
        digit = re.search(r"\d", window)
        window = window[: digit.start()] if digit else window
        keywords = SECTIONS[section - 1].keywords
        bare = len(m.group(0)) == 1
        if any(window.startswith(k) if bare else k in window for k in keywords):
            found.append((section, m.start()))
    return found


def tokenize(line: str) -> list[Token]:
    heads = headings(line)
    bounds = [p for _, p in heads]
    sections = [n for n, _ in heads]
    pieces = list(zip([0, *bounds], [*bounds, len(line)], [0, *sections], strict=True))
    first_table = _first_table(line, heads)
    tokens: list[Token] = []
    for start, end, section in pieces:
        text = line[start:end]
        if section:  # cut the heading off, so that the section's text is its own
            cut = _heading_end(text, section)
            tokens.append(make(text[:cut]))
            start, text = start + cut, text[cut:]
        if section in (2, 3, 4) or (not section and first_table is not None):
            if not section:  # no heading 二: the tables start at their first header
                tokens.extend(_prose(text[: first_table - start]))
                text = text[first_table - start :]
            tokens.extend(_table(text))
        else:
            tokens.extend(_prose(text))
    return tokens


def _first_table(line: str, heads: list[tuple[int, int]]) -> int | None:
    if any(n in (2, 3, 4) for n, _ in heads):
        return None
    m = re.search(r"第二十条第|信息内容|本列数据的勾稽关系|申请人情况", line)
    return m.start() if m else None


def _heading_end(text: str, section: int) -> int:
    official = SECTIONS[section - 1].title[2:]
    skip = 2 if text[1:2] in "、.，,．" else 1  # 一、总体情况 or 一总体情况
    if text[skip:].startswith(official):
        return skip + len(official)
    m = _HEADING_END.search(text, skip)
    return min(m.start() if m else len(text), skip + 30)


def _prose(text: str) -> list[Token]:
    """Prose paragraphs: the crawler left a space where a paragraph ended. Always text, so a section that
    says only `无` keeps it."""
    return [Token(Kind.TEXT, p, normalize(p)) for p in text.split() if p]


def _table(text: str) -> list[Token]:
    tokens: list[Token] = []
    at = 0  # start of the text not yet emitted
    for m in _NUMBER.finditer(text):
        mark = m["blank"]
        if mark:
            before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
            if _WORD.match(before) and _WORD.match(after):
                continue
            _text(tokens, text[at : m.start()])
            tokens.append(Token(Kind.BLANK, mark, mark, glued=True))
            at = m.end()
            continue
        digits, after = m["num"], text[m.end() :]
        if not m["unit"] and _PROSE_UNIT.match(after):
            continue  # 2021年, 198条, 41.5%: part of the sentence
        if _TEXT_AFTER.match(after) and not _ENUMERATOR_DOT.match(after):
            continue  # （1）, 3、: part of the text
        if m.start() > 0 and text[m.start() - 1] in "第（(:：":
            continue
        end = m.end()
        if not m["unit"] and _ENUMERATOR_DOT.match(after) and "." not in digits:
            digits, end = digits[:-1], end - 1  # `002.其他…`: the last digit numbers the next label
            if not digits:
                continue
        _text(tokens, text[at : m.start()])
        tokens.append(_value((m["sign"] or "") + digits, m["unit"]))
        at = end
    _text(tokens, text[at:])
    return tokens


def _value(digits: str, unit: str | None) -> Token:
    token = make(digits + (unit or ""))
    token.glued = True
    return token


def _text(tokens: list[Token], text: str) -> None:
    text = text.strip()
    if text:
        token = make(text)
        token.glued = True
        tokens.append(token)
