"""OCR results kept on disk by the hash of the file's bytes, so that auditing a batch again costs nothing.

`GONGKAI_OCR_CACHE` names the folder (default `$XDG_CACHE_HOME/gongkai/ocr`, i.e. ~/.cache/gongkai/ocr); set it
to `off` to read every page afresh. Entries carry the reader's version: a changed reader never serves an old
reading. An entry holds the page's pieces and its sheet of digit pictures (`glyphs.Sheet`), so the document's
glyph check runs on a re-run as on the first. Writes go through a temporary file and a rename, so parallel
workers never see half an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..pdf import _Cell
from ..tokens import Token, make
from .glyphs import Sheet

VERSION = "18"  # bump when recognition changes what a page reads as
_OFF = ("", "0", "off", "none", "false")
stats = {"hits": 0, "misses": 0}  # this process's lookups, for the benchmark's hit rate


def folder() -> Path | None:
    setting = os.environ.get("GONGKAI_OCR_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in _OFF else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gongkai" / "ocr"


def cached(
    data: bytes, page: int | str, row_base: int, read: Callable[[], tuple[list, Sheet]]
) -> tuple[list[Token | _Cell], Sheet]:
    where = folder()
    if where is None:
        return read()
    digest = hashlib.sha256(data).hexdigest()
    path = where / digest[:2] / f"{digest}-{page}-{row_base}-v{VERSION}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        found = _load(entry["pieces"]), Sheet.load(entry["sheet"])
    except (OSError, ValueError, KeyError, TypeError):
        found = None
    if found is not None:
        stats["hits"] += 1
        return found
    stats["misses"] += 1
    pieces, sheet = read()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
            json.dump({"pieces": _dump(pieces), "sheet": sheet.dump()}, out, ensure_ascii=False)
        os.replace(out.name, path)
    except OSError:
        pass  # a read-only or full disk only costs the next run its time
    return pieces, sheet


def _dump(pieces: list[Token | _Cell]) -> list[dict]:
    out = []
    for p in pieces:
        if isinstance(p, _Cell):
            out.append({"box": list(p.box), "raw": p.raw, "row": p.row, "conf": p.conf})
        else:
            out.append({"raw": p.raw, "row": p.row, "conf": p.conf})
    return out


def _load(items: list[dict]) -> list[Token | _Cell]:
    out: list[Token | _Cell] = []
    for d in items:
        if "box" in d:
            out.append(_Cell(tuple(d["box"]), d["raw"], d["row"], d["conf"]))
        else:
            token = make(d["raw"], d["row"])
            token.conf = d["conf"]
            out.append(token)
    return out
