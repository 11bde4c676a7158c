"""Parser throughput per input kind, on one core and on all cores, and memory over many files.

Run `python bench/parse.py` (add `--quick` for a smoke run). Inputs are the seed reports as text, printed again
as crawler pages flattened onto one line (cells space-separated: `one-line`; run together or mixed, split by the
table's arithmetic: `one-line-run`), as HTML pages and DOCX files by the test layout generator, and the three real
published PDFs. Each figure is the
median of several runs. The one-core figure counts CPU seconds (time.process_time), so other load on the
machine does not lower it; the all-cores figure is wall time and does. Targets (reports per second per core): text, one-line and HTML >= 300, DOCX >= 50, PDF >= 10.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from gongkai.parsers import read_bytes, read_file  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
REAL_PDFS = sorted((ROOT.parent / "shared" / "real-reports").glob("*.pdf"))  # read in place, never copied
TARGETS = {"text": 300, "one-line": 300, "one-line-run": 300, "html": 300, "docx": 50, "pdf": 10}
COUNTS = {"text": 600, "one-line": 600, "one-line-run": 600, "html": 600, "docx": 150, "pdf": 40}


def inputs() -> dict[str, list[tuple[bytes, str]]]:
    from tests import layouts

    reports = [read_file(p) for p in SEEDS]
    return {
        "text": [(p.read_bytes(), p.name) for p in SEEDS],
        "one-line": [(layouts.crawler_text(r, gaps="space"), "page.txt") for r in reports],
        "one-line-run": [
            (layouts.crawler_text(r, gaps=g), "page.txt") for r in reports for g in ("together", "0010")
        ],
        "html": [(layouts.html_page(r), "report.html") for r in reports],
        "docx": [(layouts.docx_bytes(r), "report.docx") for r in reports],
        "pdf": [(p.read_bytes(), p.name) for p in REAL_PDFS],
    }


def _read_many(docs: list[tuple[bytes, str]], n: int, clock=time.perf_counter) -> float:
    """Read n documents (cycling through `docs`); the time it took on `clock`."""
    start = clock()
    for i in range(n):
        data, name = docs[i % len(docs)]
        read_bytes(data, name)
    return clock() - start


def one_core(docs, n: int, runs: int) -> float:
    _read_many(docs, min(n, 2 * len(docs)))  # warm-up: imports, caches
    return statistics.median(n / _read_many(docs, n, time.process_time) for _ in range(runs))


def _warm() -> None:
    """Import every tokenizer in a pool worker before it is timed."""
    from gongkai.parsers import docx, html, pdf  # noqa: F401


def all_cores(pool: ProcessPoolExecutor, workers: int, docs, n: int, runs: int) -> float:
    list(pool.map(_read_many, [docs] * workers, [2 * len(docs)] * workers))  # warm every worker
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        list(pool.map(_read_many, [docs] * workers, [n // workers] * workers))
        rates.append((n // workers) * workers / (time.perf_counter() - start))
    return statistics.median(rates)


def _memory(folder: str, marks: tuple[int, ...]) -> list[tuple[int, float]]:
    """Peak RSS (MB) after reading the first k files of `folder`, for each k in marks."""
    files = sorted(Path(folder).iterdir())
    out = []
    for i, path in enumerate(files, 1):
        read_file(path)
        if i in marks:
            out.append((i, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    return out


def memory(total: int) -> list[tuple[int, float]]:
    """Read `total` distinct text reports in a fresh process; its peak RSS must not grow with the count."""
    texts = [p.read_text() for p in SEEDS]
    with tempfile.TemporaryDirectory() as folder:
        for i in range(total):
            text = texts[i % len(texts)].replace("年", f"年\n（第{i}号）", 1)
            Path(folder, f"{i:05d}.txt").write_text(text)
        marks = tuple(sorted({max(1, total // 10), total // 2, total}))
        with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
            return pool.submit(_memory, folder, marks).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer reads and runs (smoke test)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scale, runs = (0.1, 2) if args.quick else (1.0, args.runs)
    workers = os.cpu_count() or 1
    docs = inputs()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {workers} cores, load average {load}, median of {runs} runs\n")
    print(
        f"| kind | inputs | reports per CPU-second | reports/s wall, {workers} processes | target/core | ok |"
    )
    print("|---|---|---:|---:|---:|---|")
    with ProcessPoolExecutor(workers, initializer=_warm) as pool:
        for kind, items in docs.items():
            n = max(len(items) * 2, int(COUNTS[kind] * scale))
            single = one_core(items, n, runs)
            multi = all_cores(pool, workers, items, n, runs)
            ok = "yes" if single >= TARGETS[kind] else "NO"
            print(f"| {kind} | {len(items)} | {single:,.0f} | {multi:,.0f} | {TARGETS[kind]} | {ok} |")
    total = 1000 if args.quick else 10_000
    print(f"\nPeak RSS reading {total:,} distinct text reports in one process:")
    for count, mb in memory(total):
        print(f"  after {count:>6,} files: {mb:6.1f} MB")


if __name__ == "__main__":
    main()
