"""render(report, fmt) reaches every output and names the known ones when asked for another."""

from __future__ import annotations

import pytest

from gongkai.renderers import OUTPUT_NAMES, OUTPUTS, render
from gongkai.standard.report import Report

MAGIC = {
    "json": b"{",
    "csv": b"\xef\xbb\xbffile,",
    "xlsx": b"PK\x03\x04",
    "html": b"<!DOCTYPE html>",
    "md": "# 某局2022".encode(),
    "docx": b"PK\x03\x04",
    "pdf": b"%PDF-",
}


def test_every_output_renders():
    report = Report.blank("2021", agency="某局", year=2022)
    assert set(OUTPUT_NAMES) == set(MAGIC)
    for name in OUTPUT_NAMES:
        assert render(report, name).startswith(MAGIC[name]), name
        assert OUTPUTS[name].suffix == f".{name}"


def test_unknown_output_is_a_clear_error():
    with pytest.raises(ValueError, match="不支持的输出格式：odt"):
        render(Report.blank("2021"), "odt")
