"""Fixtures the core tests share."""

import pytest


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """Every test reads its scans afresh (the bytes are the same on every run, so a shared cache would hide a
    change in recognition). Scan modules take it with `pytestmark = pytest.mark.usefixtures("fresh_cache")`."""
    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path / "ocr-cache"))
