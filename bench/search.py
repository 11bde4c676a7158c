"""Benchmark: Chinese full-text search at catalogue scale, and the portal's list page under load.

    python bench/search.py --db sqlite   [--items 1000000] [--reps 5] [--load] [--keep]
    python bench/search.py --db postgres [--items 1000000] [--reps 5] [--load] [--keep]

1. Fills a dedicated database (var/bench/search-N.sqlite3, or PostgreSQL database gongkai_bench,
   or $BENCH_PG_DB) with N
   generated, realistic Chinese catalogue items — bulk inserts straight into the tables and the search index,
   not the publishing workflow. The database is removed when the run ends; with `--keep` it stays, and the
   next run reuses the items already there.
2. Times search.services.search (count + first page + highlighting, what the portal does) for 24 two-character
   and 24 four-character queries, in each order (时间, then 相关度), for each --count-caps × --walk-factors
   × --count-probes variant, alternating query by query (default: services.COUNT_CAP and WALK_FACTOR): one warm-up pass,
   then --reps passes; prints p50/p95/max of wall time and of CPU time (this process plus, on PostgreSQL, the
   server backend's), and each variant's ratio to the first, with the load average before and after.
3. With --load: serves the site with gunicorn (2 gthread workers × 4 threads, DEBUG off, portal page cache of
   --cache-seconds, 0 for none) on 127.0.0.1 and runs
   ApacheBench (`ab -k -c 32`) alternately against an agency's column list page and a bare Django view through
   the same server and middleware; prints throughput and p99 per round, their medians, and the ratio.
Needs for --load: gunicorn importable (e.g. `pip install --target /tmp/benchdeps gunicorn`, then
GUNICORN_PATH=/tmp/benchdeps) and `ab` (Debian apache2-utils).
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
import throwaway  # noqa: E402 (bench/throwaway.py)

QUERIES_2 = [
    "预算",
    "土地",
    "征收",
    "补偿",
    "公开",
    "环境",
    "教育",
    "住房",
    "医疗",
    "养老",
    "消防",
    "旅游",
    "信访",
    "采购",
    "招标",
    "复议",
    "诉讼",
    "防汛",
    "垃圾",
    "物业",
    "民政",
    "市场",
    "债券",
    "农村",
]
QUERIES_4 = [
    "信息公开",
    "征收补偿",
    "乡村振兴",
    "营商环境",
    "垃圾分类",
    "财政预算",
    "行政复议",
    "食品安全",
    "安全生产",
    "老旧小区",
    "公共交通",
    "人才引进",
    "科技创新",
    "防汛抗旱",
    "政府采购",
    "知识产权",
    "文物保护",
    "养老服务",
    "城市更新",
    "社会救助",
    "拆迁安置",
    "住房保障",
    "环境保护",
    "土地征收",
]
# phrases the generator never writes: the path where a query has few or no matches
QUERIES_RARE = [
    "量子通信",
    "冰雪运动",
    "核电安全",
    "海洋渔业",
    "航天发射",
    "深海探测",
    "高铁站房",
    "碳排放权",
]

PLACES = [
    "满洲里市",
    "呼伦贝尔市",
    "海拉尔区",
    "扎赉诺尔区",
    "新巴尔虎右旗",
    "牙克石市",
    "根河市",
    "额尔古纳市",
    "鄂温克族自治旗",
    "阿荣旗",
]
AGENCIES = [
    "人民政府办公室",
    "统计局",
    "应急管理局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "教育局",
    "卫生健康委员会",
    "民政局",
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "农牧局",
    "文化旅游体育局",
    "人力资源和社会保障局",
    "司法局",
    "审计局",
    "医疗保障局",
    "退役军人事务局",
    "信访局",
]
TOPICS = [
    "财政预算",
    "政府采购",
    "土地征收",
    "征收补偿",
    "拆迁安置",
    "乡村振兴",
    "营商环境",
    "垃圾分类",
    "行政复议",
    "食品安全",
    "安全生产",
    "老旧小区改造",
    "公共交通",
    "人才引进",
    "科技创新",
    "防汛抗旱",
    "知识产权",
    "文物保护",
    "养老服务",
    "城市更新",
    "社会救助",
    "住房保障",
    "环境保护",
    "义务教育",
    "医疗保障",
    "就业创业",
    "消防安全",
    "旅游发展",
    "信访工作",
    "招标投标",
    "物业管理",
    "民政事业",
    "市场监管",
    "地方政府债券",
    "农村人居环境",
    "高标准农田",
    "冬季供暖",
    "边境口岸",
    "中欧班列",
    "草原生态保护",
]
TITLES = [
    "关于印发{place}{topic}实施方案的通知",
    "{place}{agency}关于做好{topic}工作的通知",
    "{place}{year}年{topic}工作总结",
    "关于{place}{year}年{topic}情况的公示",
    "{place}{agency}{year}年部门预算公开说明",
    "{place}关于进一步加强{topic}的意见",
    "{year}年{place}国民经济和社会发展统计公报",
    "{place}{agency}关于{topic}专项检查结果的通报",
    "{place}{topic}管理办法",
    "关于公开征求《{place}{topic}规定（征求意见稿）》意见的公告",
]
SENTENCES = [
    "为深入贯彻落实党中央、国务院关于{topic}的决策部署，结合我{unit}实际，制定本方案。",
    "{year}年，{place}{agency}共收到政府信息公开申请{n}件，均已按期答复。",
    "各地区、各部门要高度重视{topic}工作，切实加强组织领导，明确责任分工。",
    "本年度安排{topic}资金{m}万元，较上年增长{p}%，重点支持{topic2}项目建设。",
    "依据《中华人民共和国政府信息公开条例》第二十条规定，主动公开{topic}相关信息{n}条。",
    "对群众反映强烈的{topic2}问题，建立台账，限期整改，整改完成率达到{p}%。",
    "联系电话：0470-62{n4}，办公地址：{place}{agency}，工作时间为法定工作日上午8:30至12:00。",
    "本办法自{year}年{mon}月1日起施行，有效期五年，由{place}{agency}负责解释。",
    "下一步，我们将继续推进{topic}，不断提升{topic2}工作的规范化、标准化水平。",
    "经审核，{place}{n}户家庭符合{topic}条件，现予以公示，公示期为5个工作日。",
]


def weighted(rng, seq):
    return seq[min(int(rng.paretovariate(1.2)) - 1, len(seq) - 1)]


def make_text(rng, place, agency, year):
    fill = dict(
        place=place,
        agency=agency,
        year=year,
        topic=weighted(rng, TOPICS),
        topic2=rng.choice(TOPICS),
        unit=rng.choice(["市", "区", "旗", "局"]),
        n=rng.randint(1, 999),
        n4=rng.randint(1000, 9999),
        m=rng.randint(10, 90000),
        p=rng.randint(1, 99),
        mon=rng.randint(1, 12),
    )
    title = rng.choice(TITLES).format(**fill)
    body = "".join(
        rng.choice(SENTENCES).format(**{**fill, "topic2": rng.choice(TOPICS)})
        for _ in range(rng.randint(4, 9))
    )
    return title, body, fill["topic"]


def setup_database(kind: str, items: int, keep: bool = False):
    """The bench's database, reused when an earlier `--keep` run left it, removed at exit unless `keep`."""
    if kind == "sqlite":
        path = ROOT / "var" / "bench" / f"search-{items}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        throwaway.remove_at_exit(lambda: _remove_sqlite(path), str(path), keep)
    else:
        import psycopg

        base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
        name = os.environ.get("BENCH_PG_DB", "gongkai_bench")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{base}/{name}"
        throwaway.remove_at_exit(lambda: _drop_postgres(base, name), f"the PostgreSQL database {name}", keep)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _remove_sqlite(path: Path) -> None:
    from django.db import connections

    connections.close_all()
    for leftover in (path, *(path.with_name(path.name + tail) for tail in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)


def _drop_postgres(base: str, name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def generate(target: int, batch: int = 5000):
    from django.db import connection, transaction

    from gongkai_platform.agencies.models import Agency, Jurisdiction
    from gongkai_platform.catalogue import standard_columns, vocabulary
    from gongkai_platform.catalogue.models import Column, Genre, InformationItem, State, Topic
    from gongkai_platform.search import index

    standard_columns.ensure(Column)
    vocabulary.ensure_all(Topic, Genre)
    have = InformationItem.objects.count()
    if have >= target:
        print(f"{have} items already there")
        return
    city, _ = Jurisdiction.objects.get_or_create(slug="bench-city", defaults={"name": "满洲里市"})
    agencies = []
    for n, name in enumerate(AGENCIES):
        agency, _ = Agency.objects.get_or_create(
            slug=f"bench-{n:02d}",
            defaults={"jurisdiction": city, "name": f"满洲里市{name}", "org_code": f"1115220{n:02d}"},
        )
        agencies.append(agency)
    leaf_columns = list(Column.objects.filter(agency=None, parent__isnull=False)) + list(
        Column.objects.filter(agency=None, slug__in=["system", "guide"])
    )
    topics = list(Topic.objects.select_related("parent"))
    rng = random.Random(have)
    serial = {}
    for agency_id, year, last in InformationItem.objects.values_list(
        "agency_id", "index_year", "index_serial"
    ):
        serial[(agency_id, year)] = max(serial.get((agency_id, year), 0), last or 0)
    if connection.vendor == "postgresql":  # a bulk load builds the GIN index once, at the end
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_searchentry_tsv")
    start = date(2015, 1, 1)
    span = (date(2025, 12, 31) - start).days
    t0 = time.perf_counter()
    done = have
    while done < target:
        n = min(batch, target - done)
        rows = []
        for _ in range(n):
            agency = rng.choice(agencies)
            on = start + timedelta(days=rng.randint(0, span))
            title, body, _topic = make_text(rng, rng.choice(PLACES), agency.name, on.year)
            key = (agency.pk, on.year)
            serial[key] = serial.get(key, 0) + 1
            rows.append(
                InformationItem(
                    agency=agency,
                    column=rng.choice(leaf_columns),
                    title=title,
                    body=body,
                    topic=rng.choice(topics),
                    doc_number=f"满{agency.name[4:6]}发〔{on.year}〕{serial[key] % 300 + 1}号",
                    keywords=" ".join(rng.sample(TOPICS, 2)),
                    written_on=on - timedelta(days=rng.randint(0, 20)),
                    published_on=on,
                    index_year=on.year,
                    index_period=str(on.year),
                    index_serial=serial[key],
                    index_number=f"{agency.org_code}/{on.year}-{serial[key]:05d}",
                    state=State.PUBLISHED,
                )
            )
        with transaction.atomic():
            created = InformationItem.objects.bulk_create(rows, batch_size=1000)
            if connection.vendor == "postgresql" and not created[0].pk:
                raise RuntimeError("bulk_create did not return ids")
            agency_names = {a.pk: a.name for a in agencies}
            index.write(
                (
                    i.pk,
                    i.published_on,
                    "\n".join(
                        [
                            i.title,
                            i.body,
                            i.index_number,
                            i.doc_number,
                            i.keywords,
                            agency_names[i.agency_id],
                            i.topic.path,
                        ]
                    ),
                )
                for i in created
            )
        done += n
        rate = (done - have) / (time.perf_counter() - t0)
        print(f"\r{done}/{target} items, {rate:.0f}/s", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("CREATE INDEX search_searchentry_tsv ON search_searchentry USING gin (tsv)")
            cursor.execute("VACUUM ANALYZE")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def backend_cpu_clock():
    """A function returning the CPU milliseconds the database has spent for this connection so far: the
    PostgreSQL backend's on-CPU time (/proc/PID/schedstat, nanoseconds; the server runs on this machine), and 0
    for SQLite, which runs inside this process and is counted by time.process_time()."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    return lambda: int(stat.read_text().split()[0]) / 1e6


def bench_search(reps: int, caps: list[int], walks: list[int], probes: list[int]):
    """Time search() in each order for each (exact-count cap, WALK_FACTOR, COUNT_PROBE) variant. The variants alternate
    query by query, so a load change on the shared machine hits all of them alike; the first is the baseline of
    the ratios. WALK_FACTOR 0 turns PostgreSQL's newest-first walks off (the GIN path alone, as before them),
    COUNT_PROBE 0 its walked count.
    Besides wall time, each sample's CPU time (this process plus the database backend) is reported: on the
    shared machine it is the figure that load does not inflate."""
    from django.db import connection, reset_queries

    from gongkai_platform.catalogue.models import InformationItem
    from gongkai_platform.search import services

    variants = [(cap, walk, probe) for cap in caps for walk in walks for probe in probes]
    print(
        f"{connection.vendor}: {InformationItem.objects.count()} items, (cap, walk factor, count probe) {variants}, "
        f"RANK_NEWEST {services.RANK_NEWEST}"
    )
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    db_cpu = backend_cpu_clock()
    default = services.COUNT_CAP, services.WALK_FACTOR, services.COUNT_PROBE
    try:
        for label, queries in (
            ("2-char", QUERIES_2),
            ("4-char", QUERIES_4),
            ("4-char, no match", QUERIES_RARE),
        ):
            for sort in (services.TIME, services.RELEVANCE):
                samples = {v: [] for v in variants}
                cpu = {v: [] for v in variants}
                capped = dict.fromkeys(variants, 0)
                for rep in range(reps + 1):  # the first pass warms up
                    for q in queries:
                        for v in variants:
                            services.COUNT_CAP, services.WALK_FACTOR, services.COUNT_PROBE = v
                            c, d, t = time.process_time(), db_cpu(), time.perf_counter()
                            r = services.search(q, sort=sort)
                            if rep:
                                samples[v].append((time.perf_counter() - t) * 1000)
                                cpu[v].append((time.process_time() - c) * 1000 + db_cpu() - d)
                                capped[v] += r.capped
                            reset_queries()
                base = percentile(samples[variants[0]], 50)
                base_cpu = percentile(cpu[variants[0]], 50)
                for v in variants:
                    got, used = samples[v], cpu[v]
                    print(
                        f"  {label}, {sort}, cap {v[0]}, walk {v[1]}, probe {v[2]}: n={len(got)} p50 {percentile(got, 50):.1f} ms, "
                        f"p95 {percentile(got, 95):.1f} ms, max {max(got):.1f} ms; "
                        f"CPU p50 {percentile(used, 50):.1f} ms, p95 {percentile(used, 95):.1f} ms; "
                        f"{capped[v]}/{len(got)} capped; p50 ratio {percentile(got, 50) / base:.2f} "
                        f"(CPU {percentile(used, 50) / base_cpu:.2f})"
                    )
    finally:
        services.COUNT_CAP, services.WALK_FACTOR, services.COUNT_PROBE = default
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def run_ab(url: str, requests: int) -> tuple[float, float]:
    out = subprocess.run(
        ["ab", "-q", "-k", "-c", "32", "-n", str(requests), url], capture_output=True, text=True, check=True
    ).stdout
    # ab counts a body whose length differs from the first one as "Length" failure; only the others count
    broken = re.search(r"\(Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)\)", out)
    non2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    if (broken and any(int(n) for n in broken.groups())) or non2xx:
        raise RuntimeError(f"ab saw failures against {url}:\n{out}")
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))
    p99 = float(re.search(r"\s99%\s+(\d+)", out).group(1))
    return rps, p99


def bench_load(rounds: int, requests: int):
    from gongkai_platform.agencies.models import Agency

    agency = Agency.objects.filter(slug__startswith="bench-").order_by("slug").first()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "search_site",
        "PYTHONPATH": os.pathsep.join(
            [str(ROOT / "src"), str(ROOT / "bench"), os.environ.get("GUNICORN_PATH", "/tmp/benchdeps")]
        ),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            "127.0.0.1:8765",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
            "django.core.wsgi:get_wsgi_application()",
        ],
        env=env,
    )
    try:
        base = "http://127.0.0.1:8765"
        urls = {
            "bare view": f"{base}/bench/bare/",
            "list page": f"{base}/xxgk/jg/{agency.slug}/column/article20-4/",
        }
        for _ in range(100):  # wait for the server, then warm both URLs up
            try:
                run_ab(urls["bare view"], 50)
                run_ab(urls["list page"], 50)
                break
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not come up on 127.0.0.1:8765")
        results = {name: [] for name in urls}
        for r in range(rounds):
            for name, url in urls.items():
                rps, p99 = run_ab(url, requests)
                results[name].append((rps, p99))
                print(f"  round {r + 1} {name}: {rps:.0f} req/s, p99 {p99:.0f} ms")
        med = {
            name: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v))
            for name, v in results.items()
        }
        for name, (rps, p99) in med.items():
            spread = [x[0] for x in results[name]]
            print(
                f"  median {name}: {rps:.0f} req/s (range {min(spread):.0f}–{max(spread):.0f}), p99 {p99:.0f} ms"
            )
        print(f"  list page / bare view throughput: {med['list page'][0] / med['bare view'][0]:.0%}")
    finally:
        server.terminate()
        server.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument(
        "--count-caps",
        default="",
        help="comma-separated COUNT_CAP values to compare in one run (default: the code's)",
    )
    parser.add_argument(
        "--walk-factors",
        default="",
        help="comma-separated WALK_FACTOR values to compare in one run (0: no newest-first walk; default: the code's)",
    )
    parser.add_argument(
        "--count-probes",
        default="",
        help="comma-separated COUNT_PROBE values to compare in one run (0: no walked count; default: the code's)",
    )
    parser.add_argument("--load", action="store_true", help="also run the list-page load test")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--cache-seconds", type=int, default=60, help="portal page cache for --load; 0 = off")
    parser.add_argument("--keep", action="store_true", help="leave the database filled for the next run")
    args = parser.parse_args()
    setup_database(args.db, args.items, args.keep)
    generate(args.items)
    from gongkai_platform.search.services import COUNT_CAP, COUNT_PROBE, WALK_FACTOR

    bench_search(
        args.reps,
        [int(c) for c in args.count_caps.split(",") if c] or [COUNT_CAP],
        [int(w) for w in args.walk_factors.split(",") if w] or [WALK_FACTOR],
        [int(p) for p in args.count_probes.split(",") if p] or [COUNT_PROBE],
    )
    if args.load:
        os.environ["BENCH_PORTAL_CACHE_SECONDS"] = str(args.cache_seconds)
        bench_load(args.rounds, args.requests)


if __name__ == "__main__":
    main()
