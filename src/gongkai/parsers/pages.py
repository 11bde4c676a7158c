"""A report scanned as one image file per page, told from the file names: `报告-1.jpg … 报告-6.jpg` is one report.

A crawler saves a report shown as pictures one file a page, and offices send scans the same way. Read one by one,
each page would be a "report" missing most of its sections. The rule (docs/architecture.md, "Decisions"):

- Only images join a group (the suffixes of `IMAGE_SUFFIXES`, in any case: `.jpg`, `.JPG` and `.jpeg` mix).
- A file's *page key* is its folder and its name without the suffix and without its last number, together with
  the separators, brackets and 第…页 around that number: `报告-01.jpg`, `报告(2).JPG`, `报告 第3页.png` and
  `报告_4.jpeg` all have the key (folder, "报告", "").
- Images of one key are the pages of one report when there are at least two and their numbers (as integers, so
  `01` is 1 and 2 comes before 10) are exactly 1…n or 0…n-1: a run. Anything else — a gap, a number twice
  (`p-1.jpg` and `p-01.png`), a run from elsewhere (`2019.jpg 2020.jpg`: years) — is no group, and every one of
  those files stays a report of its own.
- A key with no name left (`1.jpg 2.jpg …`) groups only when those images are all the folder holds (among the
  files given): a numbered picture next to other reports is no page of anything.
- A lone numbered image stays alone.
- A run from 1 beside exactly one image of the same name without the number, in no report of its own
  (`扫描件.jpg`, `扫描件 (1).jpg`, `扫描件 (2).jpg`: a browser saving the same download again), takes that image
  as its first page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import IMAGE_SUFFIXES

_AROUND = r"[\s\-_.,，、·#~()（）\[\]【】{}<>《》]*"  # separators and brackets around a page number
_NUMBERED = re.compile(
    rf"^(?P<before>.*?){_AROUND}(?:第\s*)?(?P<number>[0-9]+)(?:\s*页)?{_AROUND}(?P<after>\D*)$"
)


@dataclass(frozen=True)
class _Page:
    name: str
    position: int  # in the names given
    folder: str
    key: tuple[str, str]  # the name before and after the page number
    number: int


def group(names: Iterable[str]) -> list[tuple[str, ...]]:
    """The names as reports: a tuple of one name, or a report's pages in page order. Each report stands where its
    first name stood among `names`; every name is in exactly one report."""
    names = list(dict.fromkeys(names))
    folders = Counter(folder_of(n) for n in names)
    candidates: dict[tuple[str, tuple[str, str]], list[_Page]] = {}
    for position, name in enumerate(names):
        page = _page(name, position, folder_of(name))
        if page is not None:
            candidates.setdefault((page.folder, page.key), []).append(page)
    found = {
        (folder, key): [p.name for p in sorted(pages, key=lambda p: p.number)]
        for (folder, key), pages in candidates.items()
        if _is_report(pages, key, folders[folder])
    }
    grouped = {name for pages in found.values() for name in pages}
    unnumbered = _unnumbered(names, grouped)
    for (folder, (before, after)), pages in candidates.items():
        first = unnumbered.get((folder, before)) if before and not after else None
        if first and sorted(p.number for p in pages) == list(range(1, len(pages) + 1)):
            numbered = sorted(pages, key=lambda p: p.number)  # 扫描件.jpg, 扫描件 (1).jpg …: its first page
            found[(folder, (before, after))] = [first, *(p.name for p in numbered)]
    position = {name: i for i, name in enumerate(names)}
    reports = {min(position[n] for n in pages): tuple(pages) for pages in found.values()}
    grouped = {name for pages in found.values() for name in pages}
    reports |= {position[n]: (n,) for n in names if n not in grouped}
    return [reports[p] for p in sorted(reports)]


def _unnumbered(names: list[str], grouped: set[str]) -> dict[tuple[str, str], str]:
    """(folder, name without suffix) -> the one image of that name that is in no group: the page a browser saves
    first when the same file is downloaded again (`扫描件.jpg`, then `扫描件 (1).jpg`, `扫描件 (2).jpg` …)."""
    images = [n for n in names if is_image(n) and n not in grouped]
    stems = Counter((folder_of(n), _stem(n)) for n in images)
    return {(folder_of(n), _stem(n)): n for n in images if stems[(folder_of(n), _stem(n))] == 1}


def _stem(name: str) -> str:
    base = base_name(name)
    return base[: base.rfind(".")]


def report_name(pages: Sequence[str]) -> str:
    """What a report of several page images is called: its folder and the name its pages share (`扫描/报告` for
    `扫描/报告-1.jpg …`), the folder alone when they share none, their first and last names when there is no
    folder either. A single file keeps its own name."""
    if len(pages) == 1:
        return pages[0]
    folder = folder_of(pages[-1])
    before, after = _page(pages[-1], 0, folder).key  # the last page is numbered (the first may not be)
    stem = "-".join(part for part in (before, after) if part)
    if not stem:
        return folder or f"{base_name(pages[0])}—{base_name(pages[-1])}"
    return pages[0][: len(pages[0]) - len(base_name(pages[0]))] + stem  # the folder as the name spells it


def folder_of(name: str) -> str:
    """The folder part of a file name, a zip member's (`a.zip/报告/1.jpg`) or a path, with / or \\ between."""
    cut = max(name.rfind("/"), name.rfind("\\"))
    return name[:cut] if cut >= 0 else ""


def base_name(name: str) -> str:
    cut = max(name.rfind("/"), name.rfind("\\"))
    return name[cut + 1 :]


def is_image(name: str) -> bool:
    return base_name(name).lower().endswith(IMAGE_SUFFIXES)


def _page(name: str, position: int, folder: str) -> _Page | None:
    if not is_image(name):
        return None
    match = _NUMBERED.match(_stem(name))
    if match is None:
        return None
    key = (match["before"], match["after"].strip())
    return _Page(name, position, folder, key, int(match["number"]))


def _is_report(pages: list[_Page], key: tuple[str, str], in_folder: int) -> bool:
    numbers = sorted(p.number for p in pages)
    run = numbers in (list(range(1, len(pages) + 1)), list(range(len(pages))))
    if len(pages) < 2 or not run:
        return False
    return any(key) or in_folder == len(pages)  # bare numbers: only when they are all the folder holds
