"""The client address behind (or without) a trusted proxy, and the shared fixed-window counter."""

import threading

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from gongkai_platform import ratelimit
from gongkai_platform.clientip import client_ip


def request(remote="203.0.113.9", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


@pytest.mark.parametrize(
    ("header", "count", "sent", "expected"),
    [
        ("", 1, "192.0.2.1", "203.0.113.9"),  # no setting: the header is anyone's to forge
        ("X-Forwarded-For", 1, "192.0.2.1", "192.0.2.1"),
        ("X-Forwarded-For", 1, "198.51.100.7, 192.0.2.1", "192.0.2.1"),  # left entries are the client's
        ("X-Forwarded-For", 2, "198.51.100.7, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        ("X-Forwarded-For", 2, "192.0.2.1", "203.0.113.9"),  # fewer hops than proxies: not believed
        ("X-Forwarded-For", 1, "not-an-address", "203.0.113.9"),
        ("X-Forwarded-For", 1, "", "203.0.113.9"),
        ("X-Real-IP", 1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, header, count, sent, expected):
    settings.TRUSTED_PROXY_HEADER = header
    settings.TRUSTED_PROXY_COUNT = count
    name = header or "X-Forwarded-For"
    assert client_ip(request(**{name: sent})) == expected


def test_counter_admits_exactly_the_limit_under_concurrency():
    cache.clear()
    admitted = []
    start = threading.Barrier(30)

    def attempt():
        start.wait()
        admitted.append(ratelimit.hit("test-concurrency", "203.0.113.9", 10, 3600))

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert admitted.count(True) == 10 and admitted.count(False) == 20
    assert ratelimit.hit("test-concurrency", "198.51.100.7", 10, 3600)  # another address has its own count
    cache.clear()
