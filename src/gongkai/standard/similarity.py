"""Copied prose (内容雷同): how much of one report's text stands again in another's.

Evaluators penalise a report whose sections repeat last year's or another agency's text (30号 notice, 明确责任).
Text is compared as sets of character shingles after dropping white space, punctuation and digits, so a copy
with the year changed (2021年 → 2022年) still counts as a copy. Shingles of the fixed reference
(`boilerplate`: the 条例's wording, the format's headings and stock sentences) are taken out first. The measure
is containment, |A ∩ B| / |A|: the share of this report's section that appears in the other.

A pair is flagged or not from its two texts alone, whatever else is in the batch. The batch is searched with an
exact prefix filter (the candidates of A are the reports holding h of A's rarest n - k + h shingles, k the
shingles a copy must share), so every pair above the threshold is found without comparing all pairs; the
rarity order only decides how fast, never what is found.

Two files of one report (its PDF and its DOCX, or the web page and its attachment) are not a copy: when the
agency, the year, the format and every cell both files read are the same, the later file is flagged as another
rendering of the earlier one (`batch.duplicate_rendering`, info) and the pair is not compared for copied prose.
Agency and year are required because many small agencies print all-zero tables: equal cells alone prove nothing.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from .boilerplate import draft_patterns, reference_texts
from .report import PROSE_SECTIONS, Finding, Report, Severity

DUPLICATE_RULE = "batch.duplicate_rendering"
_DUPLICATE_READ = 0.8  # share of the format's cells both files must have read (a PDF may miss a cell or two)
SHINGLE = 8  # characters: long enough that shared stock phrases of the 条例 do not make two reports alike
THRESHOLD = 0.6  # "most of" the section
MIN_SHINGLES = 20  # shorter sections (a line or two, once the reference is out) are not judged
_DROP = re.compile(r"[\s\d0-9一二三四五六七八九十百千万零〇两]+|[^\w]", re.UNICODE)
_SECTION_NAMES = {1: "一、总体情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}
_BASE = np.uint64(0x100000001B3)  # FNV prime: a rolling polynomial hash over code points, mod 2**64
_MIX = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.zeros(0, dtype=np.uint64)
# A copy must hold `need` of A's n shingles, so at least h of A's rarest n - need + h. The prefix is made as long
# as this many postings allow: looking up is far cheaper than checking a candidate one by one, and with the
# whole set looked up the counts are the overlaps and nothing is left to check.
_LOOKUP_BUDGET = 3_000


def _windows(text: str) -> np.ndarray:
    """The hash of every SHINGLE-character window of the text's letters, in order."""
    body = _DROP.sub("", text)
    if len(body) < SHINGLE:
        return _EMPTY
    points = np.frombuffer(body.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    windows = len(points) - SHINGLE + 1
    with np.errstate(over="ignore"):
        h = np.zeros(windows, dtype=np.uint64)
        for j in range(SHINGLE):
            h = h * _BASE + points[j : j + windows]
        return (h ^ (h >> np.uint64(29))) * _MIX


@cache
def _reference() -> np.ndarray:
    return np.unique(np.concatenate([_windows(t) for t in reference_texts()]))


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """np.isin against a sorted array without sorting it again on every call (isin does, for each text)."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_set, values)
    at[at == len(sorted_set)] = 0
    return sorted_set[at] == values


def shingles(text: str) -> np.ndarray:
    """Sorted distinct hashes of the text's windows that touch no reference text: what can be copied.

    A window that overlaps a reference phrase (where a quoted sentence meets the next) is left out with it. The
    draft's sentences that hold a name (`boilerplate.draft_patterns`) are cut out first, with the name."""
    kept = [_kept(part) for part in draft_patterns().split(text)]
    return np.unique(np.concatenate(kept)) if kept else _EMPTY


def _kept(text: str) -> np.ndarray:
    h = _windows(text)
    if not len(h):
        return h
    in_reference = _member(h, _reference()).astype(np.int8)
    covered = np.convolve(in_reference, np.ones(SHINGLE, dtype=np.int8))  # one flag per character
    touches = np.convolve(covered > 0, np.ones(SHINGLE, dtype=np.int8), mode="valid") > 0
    return h[~touches]


def _shared(a: np.ndarray, b: np.ndarray) -> int:
    if not len(a) or not len(b):
        return 0
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of `a` found in `b`."""
    return _shared(a, b) / len(a) if len(a) else 0.0


def overlap(text: str, other: str) -> float:
    return containment(shingles(text), shingles(other))


@cache
def reference_id() -> str:
    """Names the reference a fingerprint was taken against: a stored fingerprint of another (an older release's,
    before the draft sentences joined it) keeps shingles the reference now takes out, and is taken again."""
    digest = hashlib.sha256(f"{SHINGLE}\n{draft_patterns().pattern}\n".encode())
    digest.update(_reference().tobytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Fingerprint:
    """A report's prose reduced to what the comparison needs; stored by the platform so that a comparison never
    shingles a text twice."""

    sections: dict[int, np.ndarray]

    def to_json(self) -> dict[str, list[int] | str]:
        return {"reference": reference_id(), **{str(k): v.tolist() for k, v in self.sections.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Fingerprint:
        return cls({int(k): np.asarray(v, dtype=np.uint64) for k, v in data.items() if k.isdigit()})

    @staticmethod
    def current(data: dict | None) -> bool:
        """Whether stored JSON was taken against today's reference."""
        return bool(data) and data.get("reference") == reference_id()


def fingerprint(report: Report) -> Fingerprint:
    return prose_fingerprint(report.prose)


def prose_fingerprint(prose: dict[int, str]) -> Fingerprint:
    return Fingerprint({s: shingles(prose.get(s) or "") for s in PROSE_SECTIONS})


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
    reports: Sequence[Report | Fingerprint],
    threshold: float = THRESHOLD,
    subjects: Iterable[int] | None = None,
    same: dict[int, int] | None = None,
    candidates: Iterable[int] | None = None,
) -> dict[int, list[Match]]:
    """For each report index (of `subjects`, default all), the sections of it found (≥ threshold) in another
    report of the batch (of `candidates`, default any), most copied first. Renderings of one report (`same`,
    found from the reports' cells when they are reports) are not copies of each other. Naming the candidates
    costs less than filtering the matches afterwards: a thousand drafts that share a template are never
    compared with each other."""
    if same is None:
        same = duplicates(reports) if all(isinstance(r, Report) for r in reports) else {}
    prints = [r if isinstance(r, Fingerprint) else fingerprint(r) for r in reports]
    wanted = range(len(prints)) if subjects is None else sorted(set(subjects))
    allowed = None
    if candidates is not None:
        allowed = np.zeros(len(prints), dtype=bool)
        allowed[list(candidates)] = True
    found: dict[int, list[Match]] = {}
    for section in PROSE_SECTIONS:
        sets = [p.sections.get(section, _EMPTY) for p in prints]
        for i, j, share in _similar_pairs(sets, threshold, wanted, allowed):
            if same.get(i, i) != same.get(j, j):
                found.setdefault(i, []).append(Match(section, j, share))
    for matches in found.values():
        matches.sort(key=lambda m: (m.section, -m.share, m.other))
    return found


def _needed(n: int, threshold: float) -> int:
    """Shingles a copy of an n-shingle section must share."""
    return max(1, math.ceil(round(threshold * n, 9)))


def _similar_pairs(
    sets: list[np.ndarray], threshold: float, subjects: Iterable[int], allowed: np.ndarray | None = None
):
    """(subject, other, share) for every other report (of `allowed`, default any) holding at least the
    threshold's share of the subject's shingles. Only the others are indexed; a subject's shingles are looked up
    rarest first, and just enough of them that a report holding none of the looked-up ones cannot reach the
    threshold (a prefix filter): the pairs found are exactly those of the definition."""
    judged = [len(s) >= MIN_SHINGLES for s in sets]
    holders = [i for i, ok in enumerate(judged) if ok and (allowed is None or allowed[i])]
    if not holders:
        return
    hashes = np.concatenate([sets[i] for i in holders])
    owner = np.repeat(np.asarray(holders), [len(sets[i]) for i in holders])
    distinct, inverse, counts = np.unique(hashes, return_inverse=True, return_counts=True)
    by_hash = owner[np.argsort(inverse, kind="stable")]  # the holders of each distinct hash, in turn
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    for i in subjects:
        if not judged[i]:
            continue
        a = sets[i]
        n, need = len(a), _needed(len(a), threshold)
        positions = np.searchsorted(distinct, a)  # where each of a's shingles stands among the indexed
        positions[positions == len(distinct)] = 0
        held = np.where(distinct[positions] == a, counts[positions], 0)  # by how many others
        order = np.lexsort((a, held))
        rarest, held = positions[order], held[order]
        cost = np.cumsum(held)
        prefix = max(n - need + 1, int(np.searchsorted(cost, _LOOKUP_BUDGET, side="right")))
        hits = prefix - (n - need)
        lengths = held[:prefix]
        at = np.repeat(start[rarest[:prefix]] - (np.cumsum(lengths) - lengths), lengths)
        others, times = np.unique(by_hash[at + np.arange(len(at))], return_counts=True)
        keep = (times >= hits) & (others != i)
        if prefix == n:  # every shingle looked up: the counts are the overlaps themselves
            for j, shared in zip(others[keep].tolist(), times[keep].tolist(), strict=True):
                yield i, j, shared / n
            continue
        for j in others[keep].tolist():
            shared = _shared(a, sets[j])
            if shared >= need:
                yield i, j, shared / n


def findings_for(
    reports: Sequence[Report],
    threshold: float = THRESHOLD,
    subjects: Iterable[int] | None = None,
    prints: Sequence[Fingerprint] | None = None,
) -> dict[int, list[Finding]]:
    """Per report index: `batch.duplicate_rendering` naming the earlier file of the same report, and
    `prose.copied` warnings naming the other report."""
    same = duplicates(reports)
    wanted = None if subjects is None else set(subjects)
    out: dict[int, list[Finding]] = defaultdict(list)
    for i, j in same.items():
        if wanted is None or i in wanted:
            out[i].append(_duplicate(reports[i], reports[j]))
    matches = copied_sections(prints if prints is not None else reports, threshold, subjects, same)
    for i, found in matches.items():
        out[i] += [copied_finding(m, reports[m.other]) for m in found]
    return dict(out)


def _duplicate(report: Report, first: Report) -> Finding:
    return Finding(
        DUPLICATE_RULE,
        Severity.INFO,
        f"与「{first.source or '另一文件'}」是同一份报告的不同文件（机关、年度和已读取的单元格全部相同），"
        "按一份报告计，不作内容雷同比对",
        found=first.source,
    )


def copied_finding(match: Match, other: Report, also: int = 0) -> Finding:
    """The `prose.copied` warning for one section of a report found in `other` (and in `also` more)."""
    who = f"{other.agency or other.source or '另一份报告'}{f' {other.year}年' if other.year else ''}"
    more = f"（另有 {also} 份报告与之雷同）" if also else ""
    return Finding(
        "prose.copied",
        Severity.WARNING,
        f"「{_SECTION_NAMES[match.section]}」有 {match.share:.0%} 的文字与{who}报告相同{more}",
        expected=f"< {THRESHOLD:.0%}",
        found=round(match.share, 3),
    )
