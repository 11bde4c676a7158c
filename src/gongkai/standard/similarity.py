"""Copied prose (内容雷同): how much of one report's text stands again in another's.

Evaluators penalise a report whose sections repeat last year's or another agency's text (30号 notice, 明确责任).
Text is compared as sets of character shingles after dropping white space, punctuation and digits, so a copy
with the year changed (2021年 → 2022年) still counts as a copy. The measure is containment, |A ∩ B| / |A|: the
share of this report's section that appears in the other, which is what "repeats most of" means.

Two files of one report (its PDF and its DOCX, or the web page and its attachment) are not a copy: when the
agency, the year, the format and every cell both files read are the same, the later file is flagged as another
rendering of the earlier one (`batch.duplicate_rendering`, info) and the pair is not compared for copied prose.
Agency and year are required because many small agencies print all-zero tables: equal cells alone prove nothing.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .report import PROSE_SECTIONS, Finding, Report, Severity

DUPLICATE_RULE = "batch.duplicate_rendering"
_DUPLICATE_READ = 0.8  # share of the format's cells both files must have read (a PDF may miss a cell or two)
SHINGLE = 8  # characters: long enough that shared stock phrases of the 条例 do not make two reports alike
THRESHOLD = 0.6  # "most of" the section
_MIN_SHINGLES = 20  # shorter sections (a line or two) are not judged
_DROP = re.compile(r"[\s\d0-9一二三四五六七八九十百千万零〇两]+|[^\w]", re.UNICODE)
_SECTION_NAMES = {1: "一、总体情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}


def shingles(text: str) -> frozenset[int]:
    body = _DROP.sub("", text)
    return frozenset(
        zlib.crc32(body[i : i + SHINGLE].encode()) for i in range(max(0, len(body) - SHINGLE + 1))
    )


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of `a` found in `b`."""
    return len(a & b) / len(a) if a else 0.0


def overlap(text: str, other: str) -> float:
    return containment(shingles(text), shingles(other))


@dataclass(frozen=True)
class Match:
    section: int
    other: int  # index of the other report
    share: float


def duplicates(reports: Sequence[Report]) -> dict[int, int]:
    """Index of a report -> index of the earlier file of the same report (another rendering of it)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        if r.agency and r.year and r.spec is not None:
            groups["".join(r.agency.split()), r.year, r.format].append(i)
    found: dict[int, int] = {}
    for members in groups.values():
        for n, i in enumerate(members):
            for j in members[:n]:
                if j not in found and same_cells(reports[i], reports[j]):
                    found[i] = j
                    break
    return found


def same_cells(a: Report, b: Report) -> bool:
    """Every cell read in both holds the same value, and both read most of the format's cells."""
    both = [c for c in a.spec.cell_ids if a.cells.get(c) is not None and b.cells.get(c) is not None]
    if len(both) < _DUPLICATE_READ * len(a.spec.cell_ids):
        return False
    return all(a.cells[c] == b.cells[c] for c in both)


def copied_sections(
    reports: Sequence[Report], threshold: float = THRESHOLD, same: dict[int, int] | None = None
) -> dict[int, list[Match]]:
    """For each report index, the sections of it found (≥ threshold) in another report of the batch.

    Candidates come from an inverted index over shingles, so a batch of thousands is not compared pair by pair;
    shingles shared by a large part of the batch are stock phrases and are left out of candidate generation.
    """
    same = duplicates(reports) if same is None else same
    found: dict[int, list[Match]] = defaultdict(list)
    for section in PROSE_SECTIONS:
        sets = [shingles(r.prose.get(section, "")) for r in reports]
        for i, j, share in _similar_pairs(sets, threshold):
            if same.get(i, i) != same.get(j, j):  # renderings of one report are not copies of each other
                found[i].append(Match(section, j, share))
    return dict(found)


def _similar_pairs(sets: list[frozenset[int]], threshold: float):
    common = max(50, len(sets) // 5)
    index: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        if len(s) >= _MIN_SHINGLES:
            for h in s:
                index[h].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        if 1 < len(holders) <= common:
            for x in range(len(holders)):
                for y in range(x + 1, len(holders)):
                    shared[holders[x], holders[y]] += 1
    for (i, j), n in shared.items():
        for a, b in ((i, j), (j, i)):
            if n / len(sets[a]) >= threshold * 0.5:  # cheap bound before the exact measure
                share = containment(sets[a], sets[b])
                if share >= threshold:
                    yield a, b, share


def findings_for(reports: Sequence[Report], threshold: float = THRESHOLD) -> dict[int, list[Finding]]:
    """Per report index: `batch.duplicate_rendering` naming the earlier file of the same report, and
    `prose.copied` warnings naming the other report."""
    same = duplicates(reports)
    out: dict[int, list[Finding]] = defaultdict(list)
    for i, j in same.items():
        out[i].append(_duplicate(reports[i], reports[j]))
    for i, matches in copied_sections(reports, threshold, same).items():
        out[i] += [_finding(m, reports[m.other]) for m in matches]
    return dict(out)


def _duplicate(report: Report, first: Report) -> Finding:
    return Finding(
        DUPLICATE_RULE,
        Severity.INFO,
        f"与「{first.source or '另一文件'}」是同一份报告的不同文件（机关、年度和已读取的单元格全部相同），"
        "按一份报告计，不作内容雷同比对",
        found=first.source,
    )


def _finding(match: Match, other: Report) -> Finding:
    who = f"{other.agency or other.source or '另一份报告'}{f' {other.year}年' if other.year else ''}"
    return Finding(
        "prose.copied",
        Severity.WARNING,
        f"「{_SECTION_NAMES[match.section]}」有 {match.share:.0%} 的文字与{who}报告相同",
        expected=f"< {THRESHOLD:.0%}",
        found=round(match.share, 3),
    )
