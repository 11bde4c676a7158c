"""The supervisor's long exports at N agencies: do they need to be background tasks?

    python bench/exports.py [--sizes 100 1000] [--items 20] [--cases 5]

Builds the province of `bench/scale.py` (same builder, its year's reports generated and half published), then
times each export the supervisor downloads: the dashboard as CSV and XLSX, the roll-up as DOCX, PDF and XLSX
(the XLSX holds every agency's report beside the roll-up). Median of three runs in CPU seconds of this process
(the test client and SQLite run in it, so this is the work an app process does; wall time on the shared machine
only measures the other sessions' load) and wall seconds, with the SQL queries of the last run. The issue's rule:
an export above about 2 s at N = 1,000 becomes a background task with a download when done.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]
import scale  # noqa: E402 (the builder and the timer of bench/scale.py)


def run(n: int, items: int, cases: int) -> dict[str, tuple[float, float, int]]:
    scale.setup(n)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    city, _ = scale.build(n, items, cases)
    call_command("generate_annual_reports", scale.YEAR, stdout=io.StringIO())
    scale.publish_half(city)
    admin = get_user_model().objects.create_superuser("bench-admin", password="x")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    base = f"/supervision/{city.slug}/{scale.YEAR}"
    exports = {
        "dashboard CSV": f"{base}/export.csv",
        "dashboard XLSX": f"{base}/export.xlsx",
        "roll-up DOCX": f"{base}/rollup/?format=docx",
        "roll-up PDF": f"{base}/rollup/?format=pdf",
        "roll-up XLSX (every report)": f"{base}/rollup/?format=xlsx",
        "roll-up CSV (every report)": f"{base}/rollup/?format=csv-zh",
    }

    def fetch(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    return {name: measure(fetch(url)) for name, url in exports.items()}


def measure(fn, runs: int = 3) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, wall, queries = [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, clock = time.process_time(), time.perf_counter()
            fn()
            cpu.append(time.process_time() - started)
            wall.append(time.perf_counter() - clock)
        queries = len(captured)
    return statistics.median(cpu), statistics.median(wall), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--cases", type=int, default=5)
    args = parser.parse_args()
    results = {n: run(n, args.items, args.cases) for n in args.sizes}
    header = "".join(f"{'N = ' + str(n) + ': CPU, wall, queries':>36}" for n in args.sizes)
    print(f"\n{'export':<32}{header}")
    for name in results[args.sizes[0]]:
        cells = "".join("{:>14.2f} s {:>8.2f} s {:>6} q".format(*results[n][name]) for n in args.sizes)
        print(f"{name:<32}{cells}")


if __name__ == "__main__":
    main()
