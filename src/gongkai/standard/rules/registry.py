"""The rule registry: every rule is a small function registered under a stable id and one severity.

A rule yields `Violation`s; `check` turns them into `Finding`s carrying the rule's id and severity, so a rule
cannot misspell its own id and the catalogue (docs/rules.md) is one list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..formats import FIRST_YEAR, Format
from ..report import Finding, Report, Severity, Value


@dataclass(frozen=True)
class Violation:
    message: str  # Chinese, shown to the user
    cells: tuple[str, ...] = ()
    expected: object = None
    found: object = None


@dataclass(frozen=True)
class Context:
    """What a rule sees: the report, its format (None when unknown), last year's report and today's date."""

    report: Report
    spec: Format | None
    previous: Report | None
    today: dt.date

    def value(self, cell_id: str) -> Value:
        return self.report.cells.get(cell_id)

    def values(self, cell_ids: Iterable[str]) -> list[int | Decimal] | None:
        """The values of `cell_ids`, or None when any is blank: a relation over a blank cell is not checked."""
        found = [self.report.cells.get(c) for c in cell_ids]
        return None if any(v is None for v in found) else found


RuleFunction = Callable[[Context], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    function: RuleFunction
    needs_format: bool = True  # skipped when the report's format is unknown
    cross_year: bool = False  # needs last year's report of the same agency


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, severity: Severity, *, needs_format: bool = True, cross_year: bool = False
) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, severity, function, needs_format, cross_year)
        return function

    return register


def run(rules: Iterable[Rule], ctx: Context) -> list[Finding]:
    found = []
    for r in rules:
        if r.needs_format and ctx.spec is None:
            continue
        found += [Finding(r.id, r.severity, v.message, v.cells, v.expected, v.found) for v in r.function(ctx)]
    return found


def comparable(report: Report, previous: Report | None) -> bool:
    """Last year's report applies when it is for the year before (when both years are known)."""
    if previous is None:
        return False
    return report.year is None or previous.year is None or previous.year == report.year - 1


def check(report: Report, previous: Report | None = None, *, today: dt.date | None = None) -> list[Finding]:
    """Every finding of every rule for `report`; cross-year rules run when `previous` is last year's report."""
    ctx = Context(report, report.spec, previous, today or dt.date.today())
    if not_covered(report):  # one clear refusal instead of findings against a format it never had
        return run([RULES["year.not_covered"]], ctx)
    with_previous = comparable(report, previous)
    return run((r for r in RULES.values() if with_previous or not r.cross_year), ctx)


def not_covered(report: Report) -> bool:
    return report.year is not None and report.year < FIRST_YEAR


def cross_year(report: Report, previous: Report, *, today: dt.date | None = None) -> list[Finding]:
    """Only the cross-year rules: for a caller that already ran `check(report)` without last year's report."""
    if not comparable(report, previous) or not_covered(report):
        return []
    ctx = Context(report, report.spec, previous, today or dt.date.today())
    return run((r for r in RULES.values() if r.cross_year), ctx)


def number(value: object) -> str:
    """A value as written in a message: 3, 12.5, −2."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)
