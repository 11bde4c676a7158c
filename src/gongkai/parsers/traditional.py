"""Traditional characters and mirror-site residue, turned into the simplified text the format's labels are in.

Mirror sites of government portals serve reports converted to traditional characters (規章, 數量), and some leave
the reading of each converted character behind it in brackets (`規(guī)章`, `根據(jù)`). Labels are matched in
simplified characters, so the whole text is converted with OpenCC (`t2s`, character for character in practice)
after the residue is stripped. A simplified text comes back unchanged.
"""

from __future__ import annotations

import re

from opencc import OpenCC

from .tokens import Token, make

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# a reading with at least one tone mark, in brackets, right after a Chinese character: 規(guī) / 數（shù）
_RESIDUE = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")
_CONVERTER = OpenCC("t2s")
_HAN = re.compile(r"[\u3400-\u9fff]")
_SHARE = 0.05  # of its Chinese characters a traditional text changes (049.txt: 40 %; a simplified one: 0)
_MIN_CHANGED = 10


def strip_residue(text: str) -> str:
    return _RESIDUE.sub("", text) if "(" in text or "（" in text else text


def to_simplified(text: str) -> tuple[str, int]:
    """The text in simplified characters without reading residue, and how many characters were changed."""
    cleaned = strip_residue(text)
    converted = _CONVERTER.convert(cleaned)
    changed = len(text) - len(cleaned)
    if converted == cleaned:
        return converted, changed
    if len(converted) == len(cleaned):
        changed += sum(a != b for a, b in zip(cleaned, converted, strict=True))
    else:  # a phrase conversion changed the length: count it as changed throughout
        changed += max(len(cleaned), len(converted))
    return converted, changed


def simplify_text(text: str) -> tuple[str, int]:
    """The text in simplified characters if it is written in traditional ones, and how many characters changed
    (0: the text as given). A simplified report that quotes a name in traditional characters keeps it."""
    converted, changed = to_simplified(text)
    if not changed or changed < max(_MIN_CHANGED, _SHARE * len(_HAN.findall(text))):
        return text, 0
    return converted, changed


def simplify(tokens: list[Token]) -> tuple[list[Token], int]:
    """The tokens of a container (HTML, DOCX, PDF) in simplified characters, as `simplify_text`."""
    joined = "\x00".join(t.raw for t in tokens)
    converted, changed = simplify_text(joined)
    if not changed:
        return tokens, 0
    out = []
    for t, raw in zip(tokens, converted.split("\x00"), strict=True):
        if raw == t.raw:
            out.append(t)
            continue
        new = make(raw, t.row)
        new.glued = t.glued
        out.append(new)
    return out, changed
