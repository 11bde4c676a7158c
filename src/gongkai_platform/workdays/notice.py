"""Reading the State Council's yearly holiday notice (国务院办公厅关于某年部分节假日安排的通知) into holidays and
adjusted workdays (调休上班日), for an admin to review before saving. Plain Python, no Django.

The notices follow one pattern since 2008: numbered items `一、元旦：…。` whose sentences say which days are
放假 (a range `1月28日（周二）至2月4日（周二）`, or one day) and which weekend days are 上班. Dates without a year
take the notice's year (an item may name other years, as in `2022年12月31日至2023年1月2日`). Sentences that only
encourage (鼓励…休息) add nothing. Everything the parser cannot reconcile (a weekday in brackets that does not
match the date, a 共N天 that does not match the range, a working day that is not a weekend) becomes a
problem for the reviewer, never a silent guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

_ITEM = re.compile(r"(?:^|\n|\s)([一二三四五六七八九十]{1,3})、\s*([^：:\n]{1,20})[：:]")
_DATE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:（(?P<note>[^）]*)）|\((?P<note2>[^)]*)\))?"
)
_RANGE = re.compile(
    r"(?P<a>(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:（[^）]*）)?)\s*(?:至|-|—|－|~)\s*(?P<b>(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:（[^）]*）)?)"
)
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_WEEKDAYS = "一二三四五六日"
_YEAR = re.compile(r"(\d{4})年(?:部分)?节假日")


@dataclass
class Schedule:
    year: int | None
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _weekday_in(note: str | None) -> int | None:
    """The weekday a bracket names (周二, 星期日, 农历除夕、周二), Monday = 0."""
    if not note:
        return None
    m = re.search(r"(?:周|星期)([一二三四五六日天])", note)
    if not m:
        return None
    return 6 if m.group(1) in "日天" else _WEEKDAYS.index(m.group(1))


def _fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class _Reader:
    def __init__(self, year: int):
        self.year = year
        self.schedule = Schedule(year)

    def problem(self, text: str):
        self.schedule.problems.append(text)

    def date(self, text: str, *, year: int | None = None, month: int | None = None) -> tuple[date, int, int]:
        m = _DATE.fullmatch(text.strip()) or _DATE.search(text)
        y = int(m.group("y")) if m.group("y") else (year or self.year)
        mo = int(m.group("m")) if m.group("m") else month
        if mo is None:
            raise ValueError(f"“{text}”缺少月份")
        d = date(y, mo, int(m.group("d")))
        wd = _weekday_in(m.group("note") or m.group("note2"))
        if wd is not None and wd != d.weekday():
            self.problem(f"“{text}”：{_fmt(d)}是周{_WEEKDAYS[d.weekday()]}，与括号中的星期不符")
        return d, y, mo

    def holidays(self, name: str, sentence: str):
        found = 0
        rest = sentence
        for r in _RANGE.finditer(sentence):
            a, y, mo = self.date(r.group("a"))
            b, _, _ = self.date(r.group("b"), year=y, month=mo)
            if b < a and not re.match(r"\d{4}年", r.group("b")):
                b = b.replace(year=b.year + 1)
            if b < a or (b - a).days > 15:
                self.problem(f"{name}：“{r.group(0)}”不是有效的放假区间")
                continue
            for i in range((b - a).days + 1):
                self.schedule.holidays[a + timedelta(days=i)] = name
            found += (b - a).days + 1
            rest = rest.replace(r.group(0), "")
        for m in _DATE.finditer(rest):
            if not m.group("m"):
                continue
            d, _, _ = self.date(m.group(0))
            self.schedule.holidays[d] = name
            found += 1
        if (total := _TOTAL.search(sentence)) and int(total.group(1)) != found:
            self.problem(f"{name}：通知写明共{total.group(1)}天，解析出{found}天，请核对")
        return found

    def workdays(self, name: str, sentence: str):
        month = None
        for m in _DATE.finditer(sentence):
            d, _, month = self.date(m.group(0), month=month)
            if d.weekday() < 5:
                self.problem(f"{name}：{_fmt(d)}是工作日，不需要调休上班")
            self.schedule.workdays[d] = name

    def item(self, name: str, body: str):
        name = name.strip()
        for sentence in re.split(r"[。；;\n]", body):
            if not sentence.strip() or "鼓励" in sentence:
                continue
            if "上班" in sentence:
                self.workdays(name, sentence)
            elif "放假" in sentence or "休息" in sentence:
                self.holidays(name, sentence)


def guess_year(text: str) -> int | None:
    m = _YEAR.search(text) or re.search(r"(\d{4})年", text)
    return int(m.group(1)) if m else None


def parse_notice(text: str, year: int | None = None) -> Schedule:
    """Holidays and 调休 workdays of the notice; `year` when the pasted text does not name it."""
    text = text.replace("\r\n", "\n").replace("\u3000", " ")
    year = year or guess_year(text)
    if year is None:
        return Schedule(None, problems=["无法确定年份，请填写年份"])
    reader = _Reader(year)
    items = list(_ITEM.finditer(text))
    if not items:
        reader.problem("没有找到“一、元旦：…”这样的条目，请粘贴通知正文")
    for i, m in enumerate(items):
        end = items[i + 1].start() if i + 1 < len(items) else len(text)
        try:
            reader.item(m.group(2), text[m.end() : end])
        except ValueError as exc:
            reader.problem(f"{m.group(2)}：{exc}")
    clash = set(reader.schedule.holidays) & set(reader.schedule.workdays)
    for d in sorted(clash):
        reader.problem(f"{_fmt(d)}既是放假日又是上班日")
    return reader.schedule
