"""信息处理费 under 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）. Amounts are whole yuan.

- 按件计收 (第四条): counted per applicant over a calendar month, progressive on the excess: pieces 1–10 free,
  11–30 at 100元, then each further band of 10 pieces 100元 more (31–40 at 200, 41–50 at 300, …).
- 按量计收 (第五条): per application, by pages: 1–30 free, 31–100 at 10元, 101–200 at 20元, from 201 at 40元.
- One method per application, never both (第三条).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum


class Method(StrEnum):
    PER_PIECE = "per_piece"
    PER_PAGE = "per_page"


METHOD_LABELS = {Method.PER_PIECE: "按件计收", Method.PER_PAGE: "按量计收"}

FREE_PIECES = 10
FREE_PAGES = 30
_PAGE_BANDS = ((100, 10), (200, 20))  # (last page of the band, yuan per page); beyond 200: 40
_PAGE_TOP_RATE = 40


def piece_rate(n: int) -> int:
    """Yuan charged for the n-th piece (1-based) of an applicant's month."""
    if n <= FREE_PIECES:
        return 0
    if n <= 30:
        return 100
    return 100 * (2 + (n - 31) // 10)


def page_rate(n: int) -> int:
    """Yuan charged for the n-th page (1-based) of one application."""
    if n <= FREE_PAGES:
        return 0
    for last, rate in _PAGE_BANDS:
        if n <= last:
            return rate
    return _PAGE_TOP_RATE


def per_piece_fee(pieces_before: int, pieces: int) -> int:
    """Fee for `pieces` pieces when the applicant already had `pieces_before` pieces this calendar month."""
    if pieces_before < 0 or pieces < 0:
        raise ValueError("件数不能为负数")
    return sum(piece_rate(n) for n in range(pieces_before + 1, pieces_before + pieces + 1))


def per_page_fee(pages: int) -> int:
    """Fee for one application of `pages` pages."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    return sum(page_rate(n) for n in range(1, pages + 1))


def month_per_piece_fees(pieces_in_order: Sequence[int]) -> list[int]:
    """The 按件 fee of each of an applicant's applications in one month, in order of receipt."""
    fees, before = [], 0
    for pieces in pieces_in_order:
        fees.append(per_piece_fee(before, pieces))
        before += pieces
    return fees


def fee_statement(year: int, notices: int, paid: Iterable[int]) -> str:
    """The sentence section 六 of the annual report must contain about fees (30号 format)."""
    amounts = list(paid)
    if not notices and not amounts:
        return f"{year}年度本机关未收取政府信息公开信息处理费。"
    return (
        f"{year}年度本机关依据《政府信息公开信息处理费管理办法》发出收费通知{notices}件，"
        f"实际收取信息处理费{len(amounts)}件，共计{sum(amounts)}元。"
    )
