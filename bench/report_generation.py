"""Annual report generation with 100,000 applications in a year: the platform's aggregate queries against a
naive loop over the cases in Python. Target: generation under 1 s.

    python bench/report_generation.py [--cases 100000]

Runs on a throw-away SQLite database, deleted when the run ends (or DATABASE_URL when set: the caller's, and
its rows stay), never on the development database.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
import throwaway  # noqa: E402 (bench/throwaway.py)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings")
    throwaway.var_dir("gongkai-bench-")  # its SQLite file goes with it at exit
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(n: int):
    from bulk_cases import application

    from gongkai_platform.agencies.models import Agency, Jurisdiction
    from gongkai_platform.applications.models import Application

    city = Jurisdiction.objects.create(name="满洲里市", slug="bench-city")
    agency = Agency.objects.create(
        jurisdiction=city, name="满洲里市统计局", slug="bench-stats", org_code="BENCH0001"
    )
    rng = random.Random(1)
    batch = [
        application(agency, f"B{i:08d}", rng, date(2025, 1, 1) + timedelta(days=rng.randrange(365)), 40)
        for i in range(n)
    ]
    Application.objects.bulk_create(batch, batch_size=5000)
    return agency


def naive(agency, year: int) -> Counter:
    """What generation would be without aggregate queries: load every case and count in Python."""
    from gongkai_platform.applications.models import Application

    start, end = date(year, 1, 1), date(year, 12, 31)
    counts: Counter = Counter()
    for case in Application.objects.filter(agency=agency):
        rows = []
        if start <= case.received_on <= end:
            rows.append("new")
        if case.received_on < start and (case.replied_on is None or case.replied_on >= start):
            rows.append("carried_in")
        if case.replied_on and start <= case.replied_on <= end:
            rows += [case.outcome, "total"]
        if case.received_on <= end and (case.replied_on is None or case.replied_on > end):
            rows.append("carried_out")
        for row in rows:
            counts[f"s3.{row}.{case.applicant_kind}"] += 1
            counts[f"s3.{row}.total"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    setup_django()
    from gongkai_platform.annual_reports import services

    started = time.perf_counter()
    agency = build(args.cases)
    print(f"built {args.cases:,} applications in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    report = services.generate(agency, 2025)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    counts = naive(agency, 2025)
    looped = time.perf_counter() - started
    mismatched = [k for k, v in counts.items() if report.cells.get(k) != v]
    print(
        f"generate (aggregate queries): {generated * 1000:.0f} ms  target < 1000 ms  {'OK' if generated < 1 else 'SLOW'}"
    )
    print(f"naive per-case loop (Table 三 only): {looped * 1000:.0f} ms  ({looped / generated:.1f}x)")
    print(f"cells agreeing with the loop: {len(counts) - len(mismatched)}/{len(counts)}")


if __name__ == "__main__":
    main()
