"""When the report was published (条例 第四十九条: by 31 January of the following year)."""

from __future__ import annotations

import datetime as dt
import re

from ..report import Severity
from .registry import Context, Violation, rule

# A government's own report (the level's 主管部门 compiles it) is due 31 March; a department's, 31 January.
_GOVERNMENT = re.compile(r"(?<![乡镇])人民政府$")


def deadline(agency: str | None, year: int) -> dt.date:
    if agency and _GOVERNMENT.search(agency.strip()):
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


@rule("publication.late", Severity.WARNING, needs_format=False)
def late(ctx: Context):
    """Published after the statutory deadline; nothing when the publication date is unknown."""
    report = ctx.report
    if report.published is None or report.year is None:
        return
    due = deadline(report.agency, report.year)
    if report.published > due:
        yield Violation(
            f"报告发布日期（{report.published.isoformat()}）晚于法定期限（{due.isoformat()}），"
            f"迟了{(report.published - due).days}天",
            expected=due.isoformat(),
            found=report.published.isoformat(),
        )


@rule("publication.implausible", Severity.WARNING, needs_format=False)
def implausible(ctx: Context):
    """A publication date before December of the report year or after today is most likely misread."""
    report = ctx.report
    if report.published is None:
        return
    if report.published > ctx.today:
        yield Violation(
            f"报告发布日期（{report.published.isoformat()}）晚于今天", found=report.published.isoformat()
        )
    elif report.year is not None and report.published < dt.date(report.year, 12, 1):
        yield Violation(
            f"报告发布日期（{report.published.isoformat()}）早于报告年度结束",
            found=report.published.isoformat(),
        )
