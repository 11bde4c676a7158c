"""The production shape, for real: two gunicorn app processes and the django-tasks worker on one PostgreSQL
and one Redis, all on loopback, DEBUG off. What one process counts or publishes, the other must see.

Needs PostgreSQL and Redis on 127.0.0.1 (scripts/install-system-deps starts both). The run uses its own
database and its own Redis key prefix, and removes both afterwards.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/0"
DEMO_PASSWORD = "gongkai-demo-2026"
LOCKED = "已暂时锁定"
WRONG = "请输入一个正确的用户名和密码"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, seconds: float, step: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


class Shape:
    def __init__(self, tmp: Path):
        run = uuid.uuid4().hex[:10]
        self.db = f"gk_prodshape_{run}"
        self.prefix = f"gk-test-{run}"
        self.env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            "GONGKAI_DEBUG": "0",
            "GONGKAI_SECURE": "0",
            "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
            "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"{PG}/{self.db}",
            "GONGKAI_REDIS_URL": REDIS,
            "GONGKAI_CACHE_PREFIX": self.prefix,
            "GONGKAI_TRUSTED_PROXY_HEADER": "X-Forwarded-For",  # the test plays nginx
            "GONGKAI_STATIC_ROOT": str(tmp / "static"),
            "GONGKAI_MEDIA_ROOT": str(tmp / "media"),
            "GONGKAI_VAR_DIR": str(tmp / "var"),
            "GONGKAI_WORKERS": "2",
            "GONGKAI_PORTAL_CACHE_SECONDS": "300",
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set in this process by the browser tests
        self.processes: list[subprocess.Popen] = []
        self.logs = tmp / "logs"
        self.logs.mkdir()
        self.urls: list[str] = []

    def manage(self, *args):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args], env=self.env, cwd=ROOT, check=True, timeout=900
        )

    def start(self, name, argv, **extra):
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(argv, env={**self.env, **extra}, cwd=ROOT, stdout=log, stderr=log)
        self.processes.append(process)

    def up(self):
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.db}"')
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("collectstatic", "--no-input", "-v", "0")
        self.manage("shell", "-v", "0", "-c", "from tests.platform.prodshape_world import build; build()")
        for name in ("a", "b"):
            port = free_port()
            self.start(
                name,
                [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
                GONGKAI_BIND=f"127.0.0.1:{port}",
            )
            self.urls.append(f"http://127.0.0.1:{port}")
        self.start("worker", [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.2"])
        for url in self.urls:
            assert wait_until(lambda u=url: _answers(u), 30), f"{url} did not start: {self.log_tail()}"

    def down(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{self.prefix}:*"):
            client.delete(key)
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')

    def log_tail(self):
        return "\n".join((p.read_text(errors="replace")[-2000:]) for p in self.logs.iterdir())

    def sql(self, query, *params):
        with psycopg.connect(f"{PG}/{self.db}") as conn:
            return conn.execute(query, params).fetchall()


def _answers(url):
    try:
        return requests.get(url + "/xxgk/", timeout=10).status_code == 200
    except (requests.ConnectionError, requests.Timeout):
        return False


@pytest.fixture(scope="module")
def shape(tmp_path_factory):
    s = Shape(tmp_path_factory.mktemp("prodshape"))
    try:
        s.up()
        yield s
    finally:
        s.down()


class Visitor:
    """A browser from one client address, as nginx would forward it; it may talk to either process."""

    def __init__(self, ip):
        self.session = requests.Session()
        self.ip = ip

    def get(self, url, **kw):
        return self.session.get(url, headers={"X-Forwarded-For": self.ip}, timeout=30, **kw)

    def post(self, base, path, data):
        if "csrftoken" not in self.session.cookies:
            self.get(base + "/accounts/login/")
        headers = {"X-Forwarded-For": self.ip, "X-CSRFToken": self.session.cookies["csrftoken"]}
        return self.session.post(base + path, data=data, headers=headers, allow_redirects=False, timeout=30)

    def login(self, base, username, password):
        return self.post(base, "/accounts/login/", {"username": username, "password": password})


def test_both_processes_serve_with_production_headers(shape):
    for url in shape.urls:
        page = requests.get(url + "/xxgk/", timeout=10)
        assert page.status_code == 200 and "政府信息公开" in page.text
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        assert "camera=()" in page.headers["Permissions-Policy"]
        css = re.search(r'href="(/static/[^"]+\.css)"', page.text).group(1)
        assert re.search(r"\.[0-9a-f]{12}\.css$", css), css  # WhiteNoise's hashed, cache-forever name
        static = requests.get(url + css, timeout=10)
        assert static.status_code == 200 and "max-age=315360000" in static.headers["Cache-Control"]


def test_login_throttle_holds_across_both_processes(shape):
    a, b = shape.urls
    attacker = Visitor("203.0.113.50")
    pages = [attacker.login(a if i % 2 else b, "mzl-stats-editor", "wrong").text for i in range(5)]
    assert all(WRONG in p for p in pages[:4]) and LOCKED in pages[4]
    for base in (a, b):
        refused = Visitor("203.0.113.50").login(base, "mzl-stats-editor", DEMO_PASSWORD)
        assert refused.status_code != 302 and LOCKED in refused.text
    # the clerk at another address is not locked out by the attacker
    assert Visitor("198.51.100.50").login(b, "mzl-stats-editor", DEMO_PASSWORD).status_code == 302


def test_twenty_parallel_guesses_on_two_processes_reach_the_password_check_at_most_five_times(shape):
    start = threading.Barrier(20)
    pages = []

    def guess(i):
        visitor = Visitor("203.0.113.60")
        visitor.get(shape.urls[i % 2] + "/accounts/login/")
        start.wait()
        pages.append(visitor.login(shape.urls[i % 2], "mzl-office-editor", f"guess-{i}").text)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    [(checked,)] = shape.sql(
        "SELECT COALESCE(SUM(failures_since_start), 0) FROM axes_accessattempt WHERE username = %s",
        "mzl-office-editor",
    )
    assert 1 <= checked <= 5
    assert len(pages) == 20 and all(WRONG in p or LOCKED in p for p in pages)


def test_public_form_rate_limit_holds_across_both_processes(shape):
    start = threading.Barrier(16)
    statuses = []

    def submit(i):
        visitor = Visitor("203.0.113.70")
        base = shape.urls[i % 2]
        visitor.get(base + "/yisqing/apply/")
        start.wait()
        statuses.append(visitor.post(base, "/yisqing/apply/", {"website": ""}).status_code)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [400] * 10 + [429] * 6  # POSTS_PER_HOUR = 10, counted once across both
    assert Visitor("198.51.100.70").post(shape.urls[0], "/yisqing/apply/", {"website": ""}).status_code == 400


def test_publication_on_one_process_shows_on_the_others_portal_within_a_second(shape):
    a, b = shape.urls
    [(pk,)] = shape.sql(
        "SELECT i.id FROM catalogue_informationitem i JOIN agencies_agency g ON g.id = i.agency_id "
        "WHERE g.slug = 'mzl-stats' AND i.state = 'awaiting_signoff' ORDER BY i.id LIMIT 1"
    )
    portal = f"{b}/xxgk/jg/mzl-stats/"
    link = f'href="/xxgk/item/{pk}/"'
    assert link not in requests.get(portal, timeout=10).text  # and B now holds the page in its cache
    assert link not in requests.get(portal, timeout=10).text

    signer = Visitor("198.51.100.80")
    assert signer.login(a, "mzl-stats-signer", DEMO_PASSWORD).status_code == 302
    signed = signer.post(a, f"/staff/items/{pk}/sign/", {"comment": "同意发布"})
    assert signed.status_code == 302
    signed_at = time.monotonic()
    assert shape.sql("SELECT state FROM catalogue_informationitem WHERE id = %s", pk) == [("published",)]
    assert wait_until(lambda: link in requests.get(portal, timeout=10).text, 1.0)
    assert time.monotonic() - signed_at <= 1.5  # one second, plus the last page fetch


def test_reminder_queued_by_an_app_process_is_run_by_the_worker(shape):
    admin = Visitor("198.51.100.90")
    assert admin.login(shape.urls[1], "admin", DEMO_PASSWORD).status_code == 302
    before = {row[0] for row in shape.sql("SELECT id FROM django_tasks_database_dbtaskresult")}
    queued = admin.post(shape.urls[1], "/yisqing/staff/remind/", {})
    assert queued.status_code == 302

    def finished():
        rows = shape.sql("SELECT id, task_path, status, worker_ids FROM django_tasks_database_dbtaskresult")
        return [r for r in rows if r[0] not in before and r[2] in ("SUCCESSFUL", "FAILED")]

    [(_, path, status, workers)] = wait_until(finished, 20, 0.2)
    assert path.endswith("send_deadline_reminders") and status == "SUCCESSFUL", shape.log_tail()
    assert workers  # claimed by the db_worker process, not run inline
