"""`make screenshots`: what the product looks like, for the next person. Loads the demo into a temporary SQLite
database, serves it on a free local port, logs in as each kind of user and screenshots a handful of pages per
area at 1280 and 390 px into docs/screenshots/ (the first screen of each page: viewport-height PNGs).

Only the files listed in PAGES are written; other PNGs in docs/screenshots/ (other people's) are left alone.
Usage: `.venv/bin/python scripts/screenshots.py [--only NAME_PART] [--items N] [--out DIR]`.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {1280: 800, 390: 844}  # width -> viewport height
MAX_BYTES = 300 * 1024
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
AGENCY, CITY = "mzl-stats", "manzhouli"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    parser.add_argument("--items", type=int, default=60, help="published items per agency in the demo")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-screenshots-") as tmp:
        env = _environment(Path(tmp))
        os.environ.update(env)
        pages = _build_demo(args.items)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/xxgk/")
            written = _shoot(f"http://127.0.0.1:{port}", pages, args.out, args.only)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for path in written:
        size = path.stat().st_size
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {size // 1024} KB"
            + ("  (over 300 KB)" if size > MAX_BYTES else "")
        )
    return 0


def _environment(tmp: Path) -> dict[str, str]:
    return {
        "GONGKAI_VAR_DIR": str(tmp),  # SQLite database and media files in the temporary directory
        "GONGKAI_DEBUG": "1",  # runserver serves the static files
        "DJANGO_SETTINGS_MODULE": "gongkai_platform.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }


def _build_demo(items: int) -> list[tuple[str, str | None, str]]:
    """Migrate, load the demo and return the pages as (name, username or None, path)."""
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.urls import reverse
    from django.utils import timezone

    from gongkai_platform.applications.models import Application
    from gongkai_platform.catalogue.models import InformationItem, State

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", items=items)
    year = timezone.localdate().year - 1
    item = (
        InformationItem.objects.filter(agency__slug=AGENCY, state=State.PUBLISHED, attachments__isnull=False)
        .order_by("-published_on")
        .first()
    )
    case = (
        Application.objects.filter(agency__slug=AGENCY, letters__isnull=False)
        .order_by("-received_on")
        .first()
    )
    editor, signer, supervisor = f"{AGENCY}-editor", f"{AGENCY}-signer", "mzl-gongkaiban"
    items = reverse("catalogue:item_list")
    pages = [
        ("portal-index", None, reverse("portal:index")),
        ("portal-home", None, reverse("portal:home", args=["qh", CITY])),
        ("portal-agency", None, reverse("portal:home", args=["jg", AGENCY])),
        ("portal-item", None, reverse("portal:item", args=[item.pk])),
        ("portal-search", None, reverse("portal:search") + "?q=统计"),
        ("portal-reports", None, reverse("portal:reports", args=["jg", AGENCY])),
        ("citizen-lookup", None, reverse("applications:lookup")),
        ("citizen-apply", None, reverse("applications:apply")),
        ("citizen-track", None, reverse("applications:track", args=[case.tracking_number])),
        ("api-docs", None, reverse("applications:api:openapi-view")),
        ("staff-login", None, reverse("accounts:login")),
        ("clerk-workspace", editor, reverse("workspace:home")),
        ("clerk-drafts", editor, f"{items}?state=draft"),
        ("clerk-item", editor, reverse("catalogue:item_detail", args=[item.pk])),
        ("clerk-cases", editor, reverse("applications:staff_list")),
        ("clerk-case", editor, reverse("applications:staff_detail", args=[case.pk])),
        ("clerk-appeals", editor, reverse("appeals:list")),
        ("leader-workspace", signer, reverse("workspace:home")),
        ("leader-signoff", signer, f"{items}?state=awaiting_signoff"),
        ("leader-report", signer, reverse("annual_reports:detail", args=[AGENCY, year])),
        ("supervisor-workspace", supervisor, reverse("workspace:home")),
        ("supervisor-dashboard", supervisor, reverse("supervision:dashboard", args=[CITY, year])),
        ("supervisor-notices", supervisor, reverse("supervision:notices")),
        ("supervisor-rollup", supervisor, reverse("supervision:rollup", args=[CITY, year])),
        ("supervisor-audit", supervisor, reverse("supervision:audit")),
        ("admin-index", "admin", reverse("admin:index")),
        ("admin-auditlog", "admin", reverse("admin:auditlog_auditentry_changelist")),
    ]
    connections.close_all()
    return pages


def _shoot(base: str, pages, out: Path, only: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from gongkai_platform.demo.builder import DEMO_PASSWORD

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for width, height in WIDTHS.items():
            contexts = {}
            for name, username, path in pages:
                if only not in name:
                    continue
                if username not in contexts:
                    contexts[username] = browser.new_context(
                        viewport={"width": width, "height": height}, locale="zh-CN"
                    )
                    if username:
                        _log_in(contexts[username].new_page(), base, username, DEMO_PASSWORD)
                page = contexts[username].new_page()
                page.goto(base + path, wait_until="networkidle")
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=False)
                page.close()
                written.append(target)
            for context in contexts.values():
                context.close()
        browser.close()
    return written


def _log_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
