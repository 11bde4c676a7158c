"""The consistency rules of the annual report (catalogue: docs/rules.md).

`check(report, previous)` runs every rule; each rule module registers its rules on import, in the order below,
which is the order of the findings.
"""

from . import arithmetic, cells, continuity, plausibility, prose, publication  # noqa: F401  (registers rules)
from .registry import RULES, Rule, Violation, check, cross_year

__all__ = ["RULES", "Rule", "Violation", "check", "cross_year"]
