"""A report scanned as one image file per page, told from the file names: `报告-1.jpg … 报告-6.jpg` is one report.

A crawler saves a report shown as pictures one file a page, and offices send scans the same way. Read one by one,
each page would be a "report" missing most of its sections. The rule (docs/architecture.md, "Decisions"):

- Only images join a group (the suffixes of `IMAGE_SUFFIXES`, in any case: `.jpg`, `.JPG` and `.jpeg` mix).
- A file's *page key* is its folder and its name without the suffix and without its page number, together with
  the separators, brackets and 第…页 around that number: `报告-01.jpg`, `报告(2).JPG`, `报告 第3页.png` and
  `报告_4.jpeg` all have the key (folder, "报告", "").
- Images of one key are the pages of one report when there are at least two and their numbers (as integers, so
  `01` is 1 and 2 comes before 10) are exactly 1…n or 0…n-1: a run. Anything else — a gap, a number twice
  (`p-1.jpg` and `p-01.png`), a run from elsewhere (`2019.jpg 2020.jpg`: years) — is no group, and every one of
  those files stays a report of its own.
- The page number is the name's last number; where the last numbers make no run, the number before it, and so
  on: in `page_01_of_06.png … page_06_of_06.png` the last number is the page count and the first counts the
  pages (key "page", "of_06"); `001-1.png`, `002-1.png` … are pages 1, 2 … of ("", "1"). The last number is
  tried first for every file, so `报告2-1.jpg 报告2-2.jpg` stay the pages of 报告2.
- A key with no name left (`1.jpg 2.jpg …`) groups only when those images are all the folder holds (among the
  files given): a numbered picture next to other reports is no page of anything.
- A lone numbered image stays alone.
- A run from 1 or from 2 beside exactly one image of the same name without the number, in no report of its own,
  takes that image as its first page: a browser saving the same download again names the copies `扫描件.jpg`,
  `扫描件 (1).jpg`, `扫描件 (2).jpg`; Windows' scanning and copying, and macOS, name them `扫描件.jpg`,
  `扫描件 (2).jpg`, `扫描件 (3).jpg` (`扫描件 2.jpg`).
- The names given are those of all the files, the ones that will not be read too (a page refused by a size
  limit): a page that cannot be read is still a page and does not split its report in two; the reader names it
  missing (`parsers.Missing`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import IMAGE_SUFFIXES

_SEPARATORS = r"\s\-_.,，、·#~()（）\[\]【】{}<>《》"
_AROUND = rf"[{_SEPARATORS}]*"  # separators and brackets around a page number
_BEFORE = re.compile(rf"{_AROUND}(?:第\s*)?$")  # what stands between a name and its page number
_AFTER = re.compile(rf"^(?:\s*页)?{_AROUND}")  # and between the number and the rest
_NUMBER = re.compile(r"[0-9]+")
# `of_06`, `共6页` after a page number: the page count, no part of a report's name
_TOTAL = re.compile(rf"^(?:of|共){_AROUND}[0-9]+\s*页?{_AROUND}", re.IGNORECASE)
_NAMED = re.compile(rf"[^{_SEPARATORS}0-9]")  # a name part is more than numbers
_FIRST_PAGES = (1, 2)  # a run from these takes the image of its name without a number as its first page


@dataclass(frozen=True)
class _Page:
    name: str
    folder: str
    key: tuple[str, str]  # the name before and after the page number
    number: int


def group(names: Iterable[str]) -> list[tuple[str, ...]]:
    """The names as reports: a tuple of one name, or a report's pages in page order. Each report stands where its
    first name stood among `names`; every name is in exactly one report."""
    names = list(dict.fromkeys(names))
    folders = Counter(folder_of(n) for n in names)
    found: list[list[str]] = []
    place = 0  # counted from the last number
    while left := [n for n in names if n not in {name for pages in found for name in pages}]:
        candidates = _candidates(left, place)
        if not candidates:
            break
        found += [
            [p.name for p in sorted(pages, key=lambda p: p.number)]
            for (folder, key), pages in candidates.items()
            if _is_report(pages, key, folders[folder])
        ]
        if place == 0:
            found = _with_first_pages(left, candidates, found)
        place += 1
    position = {name: i for i, name in enumerate(names)}
    reports = {min(position[n] for n in pages): tuple(pages) for pages in found}
    grouped = {name for pages in found for name in pages}
    reports |= {position[n]: (n,) for n in names if n not in grouped}
    return [reports[p] for p in sorted(reports)]


def _candidates(names: list[str], place: int) -> dict[tuple[str, tuple[str, str]], list[_Page]]:
    """The images that have a number at `place` (0: their last), by folder and page key."""
    candidates: dict[tuple[str, tuple[str, str]], list[_Page]] = {}
    for name in names:
        page = _page(name, place)
        if page is not None:
            candidates.setdefault((page.folder, page.key), []).append(page)
    return candidates


def _with_first_pages(names: list[str], candidates: dict, found: list[list[str]]) -> list[list[str]]:
    """`found`, and each run from 1 or 2 that takes the image of its name without a number as its first page
    (`扫描件.jpg`, `扫描件 (1).jpg` …) instead of that run alone."""
    unnumbered = _unnumbered(names, {name for pages in found for name in pages})
    for (folder, (before, after)), pages in candidates.items():
        first = unnumbered.get((folder, before)) if before and not after else None
        numbers = sorted(p.number for p in pages)
        if first and any(numbers == list(range(f, f + len(pages))) for f in _FIRST_PAGES):
            numbered = [p.name for p in sorted(pages, key=lambda p: p.number)]
            found = [[first, *numbered], *(run for run in found if run != numbered)]
    return found


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
    `扫描/报告-1.jpg …`, `扫描/page` for `扫描/page_01_of_06.png …`: a page count is no name, nor are numbers
    alone), the folder alone when they share none, their first and last names when there is no folder either.
    A single file keeps its own name."""
    if len(pages) == 1:
        return pages[0]
    folder = folder_of(pages[-1])
    before, after = _shared_key(pages)
    after = _TOTAL.sub("", after, count=1)
    stem = "-".join(part for part in (before, after) if _NAMED.search(part))
    if not stem:
        return folder or f"{base_name(pages[0])}—{base_name(pages[-1])}"
    return pages[0][: len(pages[0]) - len(base_name(pages[0]))] + stem  # the folder as the name spells it


def _shared_key(pages: Sequence[str]) -> tuple[str, str]:
    """The page key of a report's pages: all of them share it, or all but the first, the image of their name
    without a number (a run from 1 or 2: only then does a report's first page lack the number)."""
    for numbered in (pages, pages[1:]):
        for place in range(max(len(_NUMBER.findall(_stem(p))) for p in numbered)):
            keys = {page.key if (page := _page(p, place)) else None for p in numbered}
            if len(keys) == 1 and None not in keys:
                return keys.pop()
    raise ValueError(f"not the pages of one report: {pages}")


def folder_of(name: str) -> str:
    """The folder part of a file name, a zip member's (`a.zip/报告/1.jpg`) or a path, with / or \\ between."""
    cut = max(name.rfind("/"), name.rfind("\\"))
    return name[:cut] if cut >= 0 else ""


def base_name(name: str) -> str:
    cut = max(name.rfind("/"), name.rfind("\\"))
    return name[cut + 1 :]


def is_image(name: str) -> bool:
    return base_name(name).lower().endswith(IMAGE_SUFFIXES)


def _page(name: str, place: int) -> _Page | None:
    """The image as a page numbered by its number at `place` (0: the last), or None when it has no such number."""
    if not is_image(name):
        return None
    stem = _stem(name)
    numbers = list(_NUMBER.finditer(stem))
    if place >= len(numbers):
        return None
    number = numbers[-1 - place]
    before = _BEFORE.sub("", stem[: number.start()], count=1)
    after = _AFTER.sub("", stem[number.end() :], count=1).strip()
    return _Page(name, folder_of(name), (before, after), int(number[0]))


def _is_report(pages: list[_Page], key: tuple[str, str], in_folder: int) -> bool:
    numbers = sorted(p.number for p in pages)
    run = numbers in (list(range(1, len(pages) + 1)), list(range(len(pages))))
    if len(pages) < 2 or not run:
        return False
    return any(key) or in_folder == len(pages)  # bare numbers: only when they are all the folder holds
