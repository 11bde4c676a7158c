"""Production settings and site-wide headers: `check --deploy` is clean, CSP and Permissions-Policy are sent,
no page needs an inline script, and a busy database answers 503 请稍后重试 without keeping half a write."""

import os
import re
import secrets
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from tests.platform.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "gongkai_platform"
PRODUCTION = {
    "GONGKAI_DEBUG": "0",
    "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
    "GONGKAI_ALLOWED_HOSTS": "xxgk.example.gov.cn",
    "DATABASE_URL": "postgres://gongkai@127.0.0.1:5432/gongkai",
    "GONGKAI_REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL"))}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests set it in this process
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**base, "PYTHONPATH": str(ROOT / "src"), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_fail_check_deploy():
    """The same check is not a formality: without the production environment it does complain."""
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0 and "security.W" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "GONGKAI_SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0 and "GONGKAI_SECRET_KEY" in result.stderr


def test_production_settings_use_redis_whitenoise_and_shared_sessions():
    code = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.STORAGES['staticfiles']['BACKEND'], "
        "s.DATABASES['default']['OPTIONS']['options'])"
    )
    out = manage("shell", "-v", "0", "-c", code, **PRODUCTION).stdout.split()
    assert out == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "-c",
        "lock_timeout=10000",
        "-c",
        "jit=off",
    ]


def csp(response) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))


def test_pages_carry_csp_and_permissions_policy(client, db):
    response = client.get("/yisqing/apply/")
    directives = csp(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"].startswith("'self'")
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_an_inline_style_block_carries_the_responses_nonce(client, db):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    response = client.get(reverse("applications:register_print"))
    nonce = re.search(r"'nonce-([^']+)'", csp(response)["style-src"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert (
        client.get(reverse("applications:register_print"))["Content-Security-Policy"]
        != (response["Content-Security-Policy"])
    )  # a fresh nonce on every response


@pytest.mark.parametrize("url", ["/api/docs", "/api/docs/swagger/"])
def test_api_docs_pages_need_nothing_the_policy_forbids(client, db, url):
    """The Chinese reference page is plain HTML; Swagger UI's scripts are files of ours, never inline."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert bool(scripts) == url.endswith("swagger/")
    for attrs in scripts:
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert "script-src 'self'" in response["Content-Security-Policy"]


def templates():
    return sorted(p for p in SRC.rglob("templates/**/*.html"))


def test_no_template_needs_an_inline_script_or_an_unsigned_style_block():
    offenders = []
    for path in templates():
        html = path.read_text()
        for attrs in re.findall(r"<script([^>]*)>", html):
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(f"{path.name}: inline <script{attrs}>")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", html)]
        offenders += [f"{path.name}: javascript: URL" for _ in re.findall(r"javascript:", html)]
        for attrs in re.findall(r"<style([^>]*)>", html):
            if "csp_nonce" not in attrs and path.name != "letter.html":  # the letter is only ever a PDF
                offenders.append(f"{path.name}: <style> without the nonce")
    assert templates() and not offenders


@contextmanager
def table_locked(table):
    """Another connection holds a write lock on `table` until the block ends."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        other = psycopg.connect(host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"], dbname=s["NAME"])
        other.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
    else:
        other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute(f"UPDATE {table} SET last_login = last_login")
    try:
        yield
    finally:
        other.rollback() if connection.vendor == "postgresql" else other.execute("ROLLBACK")
        other.close()


@pytest.mark.django_db(transaction=True)
def test_busy_database_gives_a_503_retry_page_and_keeps_no_half_write(client):
    user = make_user("clerk")
    client.force_login(user)
    new = {"new_password1": "another-long-secret-7", "new_password2": "another-long-secret-7"}
    with table_locked("auth_user"):
        response = client.post(
            reverse("accounts:password_change"), {"old_password": "correct-horse-battery", **new}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "系统繁忙，请稍后重试" in page and "没有保存任何内容" in page
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")
