"""Numbers as prose writes them: 3, ３, 三, 十二, 二十五, 一百零三, 两千, 二〇二一."""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
CHARS = "".join(DIGITS) + "".join(UNITS) + "万"
PATTERN = rf"(?:\d+|[{CHARS}]+)"  # a number in a regular expression


def parse_number(text: str) -> int | None:
    """The value of an Arabic or Chinese numeral, or None when `text` is not one."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CHARS for ch in text):
        return None
    if all(ch in DIGITS for ch in text):  # digit by digit, as in 二〇二一
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:  # 万
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)
