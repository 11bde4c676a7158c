"""The platform runs without internet: the API docs page must load its scripts locally."""

import re


def test_api_docs_use_no_cdn(client):
    for url in ("/api/docs", "/yisqing/api/docs"):
        page = client.get(url).content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources, url
        assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
