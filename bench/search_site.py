"""Settings for serving the portal under load: the platform's settings with DEBUG off, and search_urls as the
URLconf (the portal plus one bare view that measures what Django itself costs on the same server)."""

import os

os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("GONGKAI_DEBUG", "0")
os.environ.setdefault("GONGKAI_SECURE", "0")

from gongkai_platform.settings import *  # noqa: F403

ROOT_URLCONF = "search_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
PORTAL_CACHE_SECONDS = int(os.environ.get("BENCH_PORTAL_CACHE_SECONDS", "60"))
