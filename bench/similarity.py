"""Copied-prose detection over a researcher's batch: time to fingerprint and compare N reports.

Run `python bench/similarity.py` (`--quick` for a smoke run). The batch is made like a province's reports:
section 一 is, in one report of two, the platform's unedited draft (gongkai.standard.drafts filled in with the
agency's name, columns and numbers), else sentences of the seed reports' own prose and agency-specific text; in
one report of three section 五 is copied (year changed) from one of n/25 templates (clusters of about eight
copies, whatever N), so the batch holds many real copies, as the published ones do. The baseline, in the same
run, is the exact definition checked pair by pair on the smallest batch. Figures are medians of three runs in
CPU seconds (time.process_time), so other load on the machine does not change them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from gongkai.parsers import read_file  # noqa: E402
from gongkai.standard import drafts, similarity  # noqa: E402
from gongkai.standard.report import Report  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))


def sentences() -> list[str]:
    out = []
    for path in SEEDS:
        for text in read_file(path).prose.values():
            out += [s + "。" for s in (text or "").split("。") if len(s) > 12]
    return out


def batch(n: int, seed: int = 7) -> list[Report]:
    rng = random.Random(seed)
    stock = sentences()
    templates = [  # copy clusters of about eight reports, whatever N
        rng.choice(stock) + "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(150, 400)))
        for _ in range(max(4, n // 25))
    ]
    reports = []
    for k in range(n):
        own = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(200, 600)))
        one = "".join(rng.sample(stock, 3)) + own if k % 2 else platform_draft(k, rng)
        five = templates[rng.randrange(len(templates))].replace("2021", "2022") if k % 3 == 0 else own[::-1]
        reports.append(
            Report(format="2021", agency=f"第{k}局", year=2022, prose={1: one, 5: five, 6: "无。"})
        )
    return reports


COLUMNS = ["政策文件", "通知公告", "政策解读", "人事信息", "财政资金", "机构职能", "规划计划", "统计数据"]


def platform_draft(k: int, rng: random.Random) -> str:
    """Section 一 as the platform drafts it, left unedited: the agency's name, its columns and numbers."""
    columns = rng.sample(COLUMNS, rng.randint(1, 6))
    listed = drafts.SEPARATOR.join(drafts.COLUMN.format(column=c, count=rng.randint(1, 900)) for c in columns)
    return "\n".join(
        [
            drafts.OPENING.format(year=2022, agency=f"测试市第{k}局"),
            drafts.ACTIVE.format(
                published=rng.randint(1, 5000), by_column=drafts.BY_COLUMN.format(columns=listed)
            ),
            drafts.REQUESTS.format(
                new=rng.randint(0, 90), carried_in=1, closed=3, outcomes="", carried_out=rng.randint(0, 9)
            ),
            drafts.MANAGEMENT.format(documents=""),
            drafts.PLATFORM.format(updated=drafts.UPDATED.format(column_count=len(columns))),
            drafts.OVERSIGHT.format(reviews=rng.randint(0, 3), suits=0, results=""),
        ]
    )


def brute_force(reports: list[Report]) -> int:
    found = 0
    for section in (1, 5, 6):
        sets = [set(similarity.shingles(r.prose.get(section, "")).tolist()) for r in reports]
        for a in sets:
            if len(a) >= similarity.MIN_SHINGLES:
                found += sum(1 for b in sets if b is not a and len(a & b) >= similarity.THRESHOLD * len(a))
    return found


def median_time(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    sizes = (200, 1000) if parser.parse_args().quick else (1000, 10_000)
    small = batch(sizes[0])
    base, exact = median_time(lambda: brute_force(small), runs=1)
    print(f"baseline: exact pair-by-pair at N={sizes[0]}: {base:.2f} s ({exact} pairs)")
    previous = None
    for n in sizes:
        reports = batch(n)
        t_print, prints = median_time(lambda r=reports: [similarity.fingerprint(x) for x in r])
        t_cmp, found = median_time(lambda p=prints: similarity.copied_sections(p))
        pairs = sum(len(m) for m in found.values())
        line = f"N={n:>6}: fingerprint {t_print:.2f} s, compare {t_cmp:.2f} s, {pairs} copied sections"
        if n == sizes[0]:
            line += f" (baseline finds {exact}; {'same' if pairs == exact else 'DIFFERENT'})"
            line += f", {base / t_cmp:.0f}x faster than the baseline"
        if previous:
            line += f"; growth ×{(t_print + t_cmp) / previous:.1f} for ×{n // sizes[0]} reports"
        previous = t_print + t_cmp
        print(line)


if __name__ == "__main__":
    main()
