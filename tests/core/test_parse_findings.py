"""Every finding the parsers raise is in the catalogue of docs/rules.md with the severity the code gives it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_parser_finding_is_catalogued_with_its_severity():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src/gongkai/parsers").rglob("*.py"))
    raised = dict(re.findall(r'"((?:parse|money)\.[a-z_]+)",\s*Severity\.([A-Z]+)', code))
    doc = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    documented = dict(
        re.findall(r"^\| (?:reader|scan) \| `([a-z_.]+)` \| (error|warning|info) \|", doc, re.M)
    )
    assert {k: v.lower() for k, v in raised.items()} == {k: v for k, v in documented.items() if k in raised}
    assert set(raised) <= set(documented)
