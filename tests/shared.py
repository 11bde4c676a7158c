"""Inputs read from ../shared/real-reports at test time.

The real reports come from public archives, so the repository carries no copies: tests read them from the
``shared/`` folder beside the clone (CI lays it there; ``GONGKAI_SHARED`` points elsewhere). With ``CI=true`` a
missing input fails the test; elsewhere the test is reported as not run, by name, in the summary.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GONGKAI_SHARED", ROOT.parent / "shared"))
REAL_REPORTS = SHARED / "real-reports"
NOT_RUN: list[str] = []


def real_report(name: str) -> Path:
    """The path of ``../shared/real-reports/<name>``; fails (CI) or reports the test as not run when absent."""
    path = REAL_REPORTS / name
    if path.exists():
        return path
    message = f"{path} is missing: ../shared/real-reports must lie beside the clone"
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(message)
    NOT_RUN.append(os.environ.get("PYTEST_CURRENT_TEST", name).split(" ")[0])
    pytest.skip(f"DID NOT RUN: {message}")
