"""Parser throughput per input kind, on one core and on all cores, and memory over many files.

Run `python bench/parse.py` (add `--quick` for a smoke run). Inputs are the seed reports as text, printed again
as crawler pages flattened onto one line (cells space-separated: `one-line`; run together or mixed, split by the
table's arithmetic: `one-line-run`), as HTML pages and DOCX files by the test layout generator, and the three real
published PDFs. Each figure is the
median of several runs. The one-core figure counts CPU seconds (time.process_time), so other load on the
machine does not lower it; the all-cores figure is wall time and does. Targets (reports per second per core): text, one-line and HTML >= 300, DOCX >= 50, PDF >= 10.

The scan kind reads the real PDFs (5-6 pages) scanned by the test scan generator (page images, JPEG, skewed: no
text layer) with the OCR cache off (target: a 6-page scanned report in <= 5 CPU-seconds, 0.2 reports per
CPU-second), then reads them twice with a fresh cache and reports the hit rate and speed of the second pass.
Its baseline, measured in the same run, is one plain Tesseract call per page image of the same scans: the ratio of
the reader's CPU time to it stays put when the machine is slower or loaded, and grows when a pass is added.
`--stages` prints where a scanned report's CPU time goes (one pass over the scans, stage by stage).
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
TARGETS = {"text": 300, "one-line": 300, "one-line-run": 300, "html": 300, "docx": 50, "pdf": 10, "scan": 0.2}
COUNTS = {"text": 600, "one-line": 600, "one-line-run": 600, "html": 600, "docx": 150, "pdf": 40, "scan": 3}


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
        "scan": scans(),
    }


def scans() -> list[tuple[bytes, str]]:
    """The real PDFs as a scanner returns them: page images (JPEG at quality 50, skewed), no text layer."""
    from tests.scans.generate import BY_NAME, scan

    out = []
    for path in REAL_PDFS:
        data, suffix = scan(path.read_bytes(), BY_NAME["jpeg50"])
        out.append((data, f"{path.stem}-scan{suffix}"))
    return out


def cache_rerun(docs: list[tuple[bytes, str]]) -> tuple[float, float]:
    """Hit rate and reports per CPU-second of a second pass over `docs` with the OCR cache on."""
    from gongkai.parsers.scan import store

    with tempfile.TemporaryDirectory() as folder:
        os.environ["GONGKAI_OCR_CACHE"] = folder
        _read_many(docs, len(docs))
        store.stats.update(hits=0, misses=0)
        seconds = _read_many(docs, len(docs), time.process_time)
        os.environ["GONGKAI_OCR_CACHE"] = "off"
    lookups = store.stats["hits"] + store.stats["misses"]
    return store.stats["hits"] / max(1, lookups), len(docs) / max(seconds, 1e-9)


def plain_tesseract(docs: list[tuple[bytes, str]]) -> float:
    """The baseline: CPU seconds a report of one plain Tesseract call per page image (the Chinese model, the page
    as it comes), measured in the same run, so the ratio to it says what the scan reader costs whatever the
    machine's speed and load."""
    import numpy as np
    import pypdfium2 as pdfium

    from gongkai.parsers.scan import recognize

    api = recognize._engine("text")
    seconds = 0.0
    for data, _ in docs:
        pdf = pdfium.PdfDocument(data)
        for page in pdf:
            grey = np.asarray(page.render(scale=200 / 72, grayscale=True).to_pil().convert("L"))
            start = time.process_time()
            recognize._set(api, grey)
            api.Recognize()
            seconds += time.process_time() - start
        pdf.close()
    return seconds / len(docs)


# the scan reader's stages, timed by wrapping the functions that do them: (module, function, stage)
STAGES = (
    ("page", "prepare", "prepare (grey, orientation, paper, deskew, ink)"),
    ("grid", "find", "grid"),
    ("recognize", "read_cells", "cells (ink, crops, checks)"),
    ("recognize", "_stacked", "cells: stacked Tesseract passes"),
    ("recognize", "_once", "cells: Tesseract retries of one cell"),
    ("recognize", "read_lines", "prose lines (Tesseract)"),
)


def stages(docs: list[tuple[bytes, str]]) -> tuple[float, dict[str, float]]:
    """CPU seconds a report, and each stage's share of them (a stage without the stages inside it)."""
    from importlib import import_module

    spent = dict.fromkeys((label for *_, label in STAGES), 0.0)
    inner = [0.0]  # CPU time of the stages inside the running one

    def timed(function, label):
        def wrapper(*args, **kwargs):
            outer, inner[0] = inner[0], 0.0
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                took = time.process_time() - start
                spent[label] += took - inner[0]
                inner[0] = outer + took

        return wrapper

    originals = []
    for module, name, label in STAGES:
        module = import_module(f"gongkai.parsers.scan.{module}")
        originals.append((module, name, getattr(module, name)))
        setattr(module, name, timed(getattr(module, name), label))
    try:
        total = _read_many(docs, len(docs), time.process_time)
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
    spent["the rest (rendering, the reader, trust)"] = total - sum(spent.values())
    return total / len(docs), spent


def _read_many(docs: list[tuple[bytes, str]], n: int, clock=time.perf_counter) -> float:
    """Read n documents (cycling through `docs`); the time it took on `clock`."""
    start = clock()
    for i in range(n):
        data, name = docs[i % len(docs)]
        read_bytes(data, name)
    return clock() - start


def one_core(docs, n: int, runs: int, warm: int | None = None) -> float:
    _read_many(docs, warm or min(n, 2 * len(docs)))  # warm-up: imports, caches
    return statistics.median(n / _read_many(docs, n, time.process_time) for _ in range(runs))


def _warm() -> None:
    """Import every tokenizer in a pool worker before it is timed; OCR reads afresh (no cache)."""
    os.environ["GONGKAI_OCR_CACHE"] = "off"
    from gongkai.parsers import docx, html, pdf  # noqa: F401


def all_cores(
    pool: ProcessPoolExecutor, workers: int, docs, n: int, runs: int, warm: int | None = None
) -> float:
    list(pool.map(_read_many, [docs] * workers, [warm or 2 * len(docs)] * workers))  # warm every worker
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
    parser.add_argument("--kind", action="append", choices=sorted(TARGETS), help="only these input kinds")
    parser.add_argument(
        "--stages", action="store_true", help="where a scanned report's time goes, stage by stage"
    )
    args = parser.parse_args()
    scale, runs = (0.1, 2) if args.quick else (1.0, args.runs)
    workers = os.cpu_count() or 1
    os.environ["GONGKAI_OCR_CACHE"] = "off"
    docs = {k: v for k, v in inputs().items() if not args.kind or k in args.kind}
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {workers} cores, load average {load}, median of {runs} runs\n")
    print(
        f"| kind | inputs | reports per CPU-second | reports/s wall, {workers} processes | target/core | ok |"
    )
    print("|---|---|---:|---:|---:|---|")
    rates: dict[str, float] = {}
    with ProcessPoolExecutor(workers, initializer=_warm) as pool:
        for kind, items in docs.items():
            slow = kind == "scan"  # seconds a report: one pass over the inputs is the measurement
            n = len(items) if slow else max(len(items) * 2, int(COUNTS[kind] * scale))
            warm = 1 if slow else None
            single = one_core(items, n, 1 if slow and args.quick else runs, warm)
            rates[kind] = single
            multi = all_cores(pool, workers, items, max(n, workers), 1 if slow else runs, warm)
            ok = "yes" if single >= TARGETS[kind] else "NO"
            digits = ".2f" if slow else ",.0f"
            print(
                f"| {kind} | {len(items)} | {single:{digits}} | {multi:{digits}} | {TARGETS[kind]} | {ok} |"
            )
    if "scan" in docs:
        hits, rerun = cache_rerun(docs["scan"])
        print(
            f"\nScans read again with the OCR cache: hit rate {hits:.0%}, {rerun:,.1f} reports per CPU-second"
        )
        plain = plain_tesseract(docs["scan"])
        print(
            f"Baseline, one plain Tesseract call per page: {plain:.2f} CPU-s a report; the scan reader costs "
            f"{1 / rates['scan'] / plain:.2f} times that"
        )
    if "scan" in docs and args.stages:
        report, spent = stages(docs["scan"])
        print(f"\nStages, one pass over the scans ({report:.2f} CPU-s a report):")
        for label, seconds in spent.items():
            each = seconds / len(docs["scan"])
            print(f"  {label:<48} {each:6.2f} CPU-s a report  {each / report:4.0%}")
    if args.kind and "text" not in args.kind:
        return
    total = 1000 if args.quick else 10_000
    print(f"\nPeak RSS reading {total:,} distinct text reports in one process:")
    for count, mb in memory(total):
        print(f"  after {count:>6,} files: {mb:6.1f} MB")


if __name__ == "__main__":
    main()
