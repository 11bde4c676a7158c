"""Applicants' personal data: checking identity numbers and masking what lists and public pages show."""

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def id_card_error(value: str) -> str | None:
    """GB 11643 居民身份证号码: 17 digits, a valid birth date, and the check character."""
    v = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", v):
        return "居民身份证号码应为18位，最后一位可以是数字或X。"
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期无效。"
    if born.year < 1900 or born > date.today():
        return "居民身份证号码中的出生日期无效。"
    if _ID_CHECK[sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS, strict=True)) % 11] != v[17]:
        return "居民身份证号码校验位不正确，请核对。"
    return None


def uscc_error(value: str) -> str | None:
    """GB 32100 统一社会信用代码: 18 characters from its alphabet, with the check character."""
    v = value.strip().upper()
    if len(v) != 18 or any(c not in _USCC_CHARS for c in v):
        return "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(v[:17], _USCC_WEIGHTS, strict=True))
    if _USCC_CHARS[(31 - total % 31) % 31] != v[17]:
        return "统一社会信用代码校验位不正确，请核对。"
    return None


def phone_error(value: str) -> str | None:
    if not _PHONE.match(value.strip().replace(" ", "")):
        return "请填写有效的手机号码或固定电话（如 0571-88888888）。"
    return None


def mask_id(value: str) -> str:
    v = value.strip()
    return v[:3] + "*" * max(len(v) - 7, 0) + v[-4:] if len(v) > 7 else "*" * len(v)


def mask_phone(value: str) -> str:
    v = value.strip()
    return v[:3] + "****" + v[-4:] if len(v) >= 11 else (v[:2] + "***" + v[-2:] if len(v) > 4 else "****")


def mask_name(value: str, natural: bool) -> str:
    """A person's name keeps its first character; an organisation's name is public."""
    v = value.strip()
    return v if not natural else v[:1] + "*" * max(len(v) - 1, 1)


def mask_address(value: str) -> str:
    v = value.strip()
    return v[:6] + "****" if len(v) > 6 else ("****" if v else "")
