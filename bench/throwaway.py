"""The benches' own databases, removed when the run ends unless `--keep` leaves them for the next run.

A bench that needs Django runs in a folder of its own (GONGKAI_VAR_DIR: the SQLite file and the media), made for
the run and deleted after it; a folder the caller names is the caller's and stays. A database a bench builds by
name (a PostgreSQL database, a SQLite file it reuses) is removed at exit by the bench's `remove`, so that no run
leaves gigabytes behind on a shared machine.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable


def var_dir(prefix: str) -> None:
    """GONGKAI_VAR_DIR for this run: a temporary folder, deleted at exit, unless the caller set one."""
    if os.environ.get("GONGKAI_VAR_DIR"):
        return
    folder = tempfile.mkdtemp(prefix=prefix)
    os.environ["GONGKAI_VAR_DIR"] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


def remove_at_exit(remove: Callable[[], None], what: str, keep: bool = False) -> None:
    """`remove()` the database `what` when the run ends; with `keep`, say that it stays, and where."""
    if keep:
        atexit.register(print, f"kept for the next run (--keep): {what}")
    else:
        atexit.register(remove)
