"""The demo's annual reports, taken through the annual_reports services as each agency's staff would.

Every agency's report of the year before last is generated, edited, locked, signed and published on time. The
last year's reports stand in different states, one per agency, so the supervision dashboard shows each
status: published on time, published late, signed, locked and drafted. Two carry a flaw a supervisor should
see: the locked one repeats last year's 五 (内容雷同), the drafted one still says an old 新收 count in its prose.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from gongkai_platform.agencies.models import Role
from gongkai_platform.annual_reports import services
from gongkai_platform.annual_reports.models import AnnualReport
from gongkai_platform.demo import prose

# agency slug -> state of its report for the last year
CURRENT_STATES = {
    "mzl-office": "published",
    "mzl-stats": "published_late",
    "mzl-emergency": "signed",
    "mzl-xinghua": "locked",
    "kc-office": "drafted",
}
# Table 二 figures kept outside the platform, by agency kind: (licensing, penalty, enforcement) decision ranges
MANUAL_RANGES = {
    "office": ((0, 0), (0, 0), (0, 0)),
    "stats": ((0, 0), (2, 9), (0, 0)),
    "emergency": ((12, 40), (25, 80), (2, 9)),
    "street": ((0, 0), (0, 0), (0, 0)),
}


def enter_manual_figures(agency, kind: str, year: int, editor, rng: random.Random) -> None:
    cells = ("s2.licensing.decisions", "s2.penalty.decisions", "s2.enforcement.decisions")
    for cell, (low, high) in zip(cells, MANUAL_RANGES[kind], strict=True):
        services.set_manual_figure(
            editor, agency, year, cell, rng.randint(low, high), note="据本机关执法台账"
        )
    services.set_manual_figure(editor, agency, year, "s2.fees.amount", 0, note="本机关无行政事业性收费")


def edited_prose(report: AnnualReport, rng: random.Random, five_from: int | None = None) -> dict[int, str]:
    """The draft with the clerk's own paragraphs added (section 五 replaces the draft's placeholder)."""
    slug, v = report.agency.slug, prose.version(report.year)
    counts = {"a": rng.randint(2, 12), "b": rng.randint(1, 8)}
    one = woven(report.prose1, prose.ONE[slug][v].format(year=report.year) + prose.ONE_MORE[slug][v])
    five = prose.FIVE[slug][v if five_from is None else prose.version(five_from)]
    late = report.prose5.split("。")[0] + "。" if report.prose5.startswith("本年度有") else ""
    six = report.prose6 + prose.SIX[slug][v].format(**counts)
    return {1: one, 5: late + five, 6: six}


PART = re.compile(r"（[一二三四五六七八九十]）([^。]{2,14})。")


def woven(draft: str, written: str) -> str:
    """The clerk's paragraphs of section 一 added to the draft's parts they are about (（一）主动公开。… joins the
    draft's （一）主动公开), so the five numbered parts stay five; a part the draft has no heading for joins its
    last part."""
    lines = draft.rstrip("\n").split("\n")
    heads = [PART.match(line) for line in lines]
    pieces = PART.split(written)[1:]  # heading, text, heading, text, ...
    for heading, text in zip(pieces[::2], pieces[1::2], strict=True):
        at = next(
            (i for i, h in enumerate(heads) if h and (heading in h.group(1) or h.group(1) in heading)),
            len(lines) - 1,
        )
        lines[at] += text.strip()
    return "\n".join(lines)


def on_time(year: int, rng: random.Random) -> date:
    return date(year + 1, 1, rng.randint(12, 28))


def make(
    agency, kind: str, users: dict, year: int, state: str, today: date, rng: random.Random
) -> AnnualReport:
    """Take one report from generation to `state`; dates that would lie after today are today."""
    editor, signer = users[(agency.slug, Role.EDITOR)], users[(agency.slug, Role.SIGNER)]
    enter_manual_figures(agency, kind, year, editor, rng)
    report = services.generate(agency, year, user=editor)
    if state == "drafted":
        # the clerk has begun sections 一 and 六, with a count typed in before the last registrations of the year
        new = report.cells["s3.new.total"]
        edited = edited_prose(report, rng)
        stale = edited[1].replace(f"新收政府信息公开申请{new}件", f"新收政府信息公开申请{max(new - 3, 0)}件")
        return services.update_prose(editor, report, {1: stale, 6: edited[6]})
    copied = year - 1 if state == "locked" else None
    report = services.update_prose(editor, report, edited_prose(report, rng, five_from=copied))
    publish_on = on_time(year, rng)
    if state == "published_late":
        publish_on = date(year + 1, 3, rng.randint(3, 25))
    publish_on = min(publish_on, today)
    report = services.lock(editor, report, on=min(publish_on - timedelta(days=rng.randint(3, 8)), today))
    if state == "locked":
        return report
    report = services.sign_off(signer, report)
    if state == "signed":
        return report
    return services.publish(signer, report, on=publish_on)


def build(
    agencies: dict, kinds: dict, users: dict, published_year: int, current_year: int, today, rng
) -> list:
    made = []
    for agency in agencies.values():
        made.append(make(agency, kinds[agency.slug], users, published_year, "published", today, rng))
    for agency in agencies.values():
        state = CURRENT_STATES.get(agency.slug, "drafted")
        made.append(make(agency, kinds[agency.slug], users, current_year, state, today, rng))
    return made
