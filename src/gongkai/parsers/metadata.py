"""A report's metadata (agency, year, publication date, 索引号, format), from wherever the document gives it.

Each field is taken from the most reliable statement found and says where it came from (`Source`):

- the **title** — the page's `<meta name="ArticleTitle">` and `<title>`, a crawler's `标题:` line, the document's
  own title line (`…管理局2020年政府信息公开工作年度报告`);
- **prose** — the opening sentence (`现公布我局2022年政府信息公开工作年度报告`, `现将…局2023年度…`, `…镇政府编制2020年…`),
  the statistical period (`统计期限自2019年1月1日起至2019年12月31日止`), the sign-off (落款) and the contact
  sentence (`请与…局办公室联系`);
- the **page metadata** — labelled fields (发布机构, 发布日期, 成文日期, 索引号, 时间), `<meta name="PubDate">`, the
  breadcrumb (当前位置：首页 > … > 平潭综合实验区国有资产管理局 > 政府信息公开年报);
- the **file name**, last.

The agency comes back without clutter (`关于报送…`, `由…编制的`, `现将…`, a breadcrumb run together before it) and
is accepted only when it reads as an agency's name (it ends as one: 局, 委员会, 人民政府, 街道办事处 …); a pronoun
(我局, 本机关) is never an agency. Notices the report cites (`《…关于做好2021年…工作的通知》`) are left out before the
prose is read, since they name another year. The format follows what the tables print, and only without that
the year.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

from ..standard.formats import FIRST_YEAR, FORMATS, Format, format_for_year
from ..standard.report import Finding, Severity
from .tokens import Kind, Token


class Source(StrEnum):
    """Where a metadata field was read (the `*_source` fields of the JSON)."""

    PAGE = "page_metadata"
    TITLE = "title"
    PROSE = "prose"
    FILE_NAME = "file_name"


@dataclass
class Page:
    """What a container says about its document outside the text: a web page's `<meta>` tags, `<title>`,
    breadcrumb and metadata block."""

    titles: list[str] = field(default_factory=list)  # ArticleTitle, then the segments of <title>
    fields: list[str] = field(default_factory=list)  # lines of the metadata block: 索引号：…, 发布日期：…
    published: str | None = None  # <meta name="PubDate">
    publishers: list[str] = field(default_factory=list)  # <meta name="Author"/"ContentSource">
    breadcrumb: list[str] = field(default_factory=list)


@dataclass
class Metadata:
    agency: str | None = None
    agency_source: Source | None = None
    year: int | None = None
    year_source: Source | None = None
    published: dt.date | None = None
    published_source: Source | None = None
    index_number: str | None = None
    index_number_source: Source | None = None

    def offer(self, name: str, value: object, source: Source) -> None:
        """Keep `value` for field `name` unless a more reliable statement already gave it."""
        if value is not None and getattr(self, name) is None:
            setattr(self, name, value)
            setattr(self, f"{name}_source", source)


# ---------------------------------------------------------------- patterns
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_REPORT = r"(?:政府信息|政务|信息)公开(?:工作)?(?:年度)?(?:报告|年报)"
_TITLE = re.compile(
    rf"(?P<agency>[^\s:：,，。;；、()（）《》<>“”\"|_]{{2,60}}?)?\s?{_YEAR}\s*年\s*度?\s*(?:的|本级)?\s*{_REPORT}"
)
_AGENCY_END = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|委|局|厅|署|办|院|中心|办事处|街道|镇|乡|苏木|分局|支队|大队|"
    r"队|站|所|馆|会|部|处|社|集团|公司|学校|大学|学院|医院|监狱|海关|银行)$"
)
_PRONOUN = re.compile(
    r"^(?:我|本)(?:局|办|委|厅|署|院|中心|街|街道|镇|乡|机关|单位|部门|区|县|市|府|处|站|所|会)?$"
)
_LEAD_CLUTTER = re.compile(
    r"^(?:.*?(?:当前位置|您的位置|您现在的位置)[:：]?)?(?:首页)?"
    r"(?:关于报送|关于印发|关于公布|关于发布|关于|现将|现|由|特|根据|按照|经|据)+"
)
_TAIL_CLUTTER = re.compile(r"(?:关于(?:报送|印发|公布|发布)?|编制的|编制|特|的|已|现|依法|认真)+$")
_CRUMBS = re.compile(
    r"首页|政务公开|政府信息公开年报|政府信息公开年度报告|信息公开年报|政府信息公开|信息公开|年度报告|年报"
)
_INTERNAL_OFFICE = re.compile(
    r"(?P<agency>.*(?:[镇乡]人民政府|街道办事处|局|委员会))(?:党政办公室|党政办|办公室|综合科|综合办)$"
)

_FIELD_LABELS = (
    "索引号",
    "发布机构",
    "发文机关",
    "发布单位",
    "信息来源",
    "来源",
    "成文日期",
    "发布日期",
    "发布时间",
    "公开日期",
    "生成日期",
    "发文日期",
    "时间",
    "日期",
    "标题",
)
_FIELD = re.compile(rf"(?:^|(?<=\s)|(?<=[|｜]))(?P<label>{'|'.join(_FIELD_LABELS)})\s*[:：]\s*")
_FIELD_END = re.compile(r"\s+[^\s:：]{1,8}\s*[:：]|\s{2,}|[|｜]|$")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_INDEX = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-/_.]{3,}")
_PUBLISHED = ("发布日期", "发布时间", "公开日期", "时间", "日期", "成文日期", "生成日期", "发文日期")
_PUBLISHER = ("发布机构", "发文机关", "发布单位", "信息来源", "来源")

_CITED = re.compile(r"《[^《》]{0,80}》|关于[^。；;，,《》]{0,60}?(?:通知|要求|意见|办法|规定)")
_CLAUSE = r"[^。；;，,:：!！?？\s《》()（）]"
_PROSE_YEAR = (
    # 现公布我局2022年政府信息公开工作年度报告 / 特编制2023年… / 现将我办2022年度政府信息公开情况报告如下
    re.compile(
        rf"(?:公布|发布|编制|编制完成|编写|形成|现将|报告){_CLAUSE}{{0,20}}?{_YEAR}\s*年\s*度?{_CLAUSE}{{0,8}}?"
        r"(?:政府信息|政务|信息)公开"
    ),
    # 统计期限自2019年1月1日起至2019年12月31日止 / 数据统计时限为2020年1月1日至2020年12月31日
    re.compile(
        rf"{_YEAR}\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*(?P=year)\s*年\s*12\s*月\s*31\s*日"
    ),
    re.compile(rf"截至\s*{_YEAR}\s*年\s*12\s*月\s*31\s*日"),
)
_OPENING_AGENCY = (  # the opening sentence names the agency that made the report
    re.compile(rf"现将(?P<agency>{_CLAUSE}{{2,40}}?)\s?(?:19|20)\d{{2}}\s*年"),
    re.compile(
        rf"(?:^|[。；;，,:：\s)）])(?P<agency>{_CLAUSE}{{2,40}}?)(?:特|依法|认真)?编制(?:了|完成)?(?:本级)?\s?"
        r"(?:19|20)\d{2}\s*年"
    ),
    re.compile(rf"本报告由(?P<agency>{_CLAUSE}{{2,40}}?)(?:根据|依据|按照|编制|负责)"),
)
_CONTACT = re.compile(rf"请与(?P<agency>{_CLAUSE}{{2,40}}?)联系")
_TITLE_START = 120  # characters: a crawled page's breadcrumb may come first (当前位置：首页 > …)
_SENTENCE = re.compile(r"[。，,；;！!？?《》]")
_LEAD_TOKENS = 40
_PROSE_CHARS = 3000
_SIGN_OFF_TOKENS = 6

_MARKERS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "申请人无正当理由逾期不补正"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "其他对外管理服务事项", "政府集中采购"),
}


# ---------------------------------------------------------------- the whole
def extract(
    tokens: Sequence[Token], heads: dict[int, int], page: Page | None = None, name: str | None = None
) -> Metadata:
    """Every field from the most reliable place that states it: title, then prose, then page metadata (the
    date and 索引号: page metadata first), then the file name."""
    meta = Metadata()
    page = page or Page()
    first_heading = min(heads.values(), default=_LEAD_TOKENS)
    lead = [t for t in tokens[: min(first_heading, _LEAD_TOKENS)] if t.kind is Kind.TEXT]
    fields = _fields([*page.fields, *(t.raw for t in lead)])

    # the date and the 索引号 are what the page's metadata block is for
    meta.offer("index_number", _index(fields.get("索引号")), Source.PAGE)
    for label in _PUBLISHED:
        meta.offer("published", parse_date(fields.get(label)), Source.PAGE)
    meta.offer("published", parse_date(page.published), Source.PAGE)
    for t in lead:  # a date on a short line of its own under the title; in prose a date is a period (自…起)
        if len(t.norm) <= 24 and _DATE.match(t.norm):
            meta.offer("published", parse_date(t.norm), Source.PAGE)

    for title in [*page.titles, *([fields["标题"]] if "标题" in fields else [])]:
        _from_title(meta, title, None)
    for width in (1, 2):  # a title on one line, or broken over two
        for i in range(len(lead) - width + 1):
            text = "".join(t.raw.strip() for t in lead[i : i + width])
            _from_title(meta, text, lead[i - 1].raw if i else None)

    prose = _prose_text(tokens, heads)
    for pattern in _PROSE_YEAR:
        m = pattern.search(prose)
        if m:
            meta.offer("year", int(m["year"]), Source.PROSE)
    for pattern in _OPENING_AGENCY:
        for m in pattern.finditer(prose):
            meta.offer("agency", agency_name(m["agency"]), Source.PROSE)
    for agency in (_sign_off_agency(tokens), *(agency_name(m["agency"]) for m in _CONTACT.finditer(prose))):
        if meta.agency_source is Source.PROSE and _fuller(agency, meta.agency):
            meta.agency = agency  # 唐村镇政府 in the opening, 唐村镇人民政府 in the contact sentence
        meta.offer("agency", agency, Source.PROSE)
    sign_off_date = _sign_off_date(tokens)
    if sign_off_date:
        meta.offer("published", sign_off_date, Source.PROSE)

    for label in _PUBLISHER:
        meta.offer("agency", agency_name(fields.get(label)), Source.PAGE)
    for publisher in page.publishers:
        meta.offer("agency", agency_name(publisher), Source.PAGE)
    for crumb in reversed(page.breadcrumb):
        meta.offer("agency", agency_name(crumb), Source.PAGE)

    if name:
        stem = PurePath(name).stem
        _from_title(meta, stem, None, Source.FILE_NAME)
        m = re.search(r"(?<!\d)((?:19|20)\d{2})\s*年", stem)
        if m:
            meta.offer("year", int(m[1]), Source.FILE_NAME)
    return meta


def detect_format(tokens: Sequence[Token], year: int | None) -> tuple[Format, Finding | None]:
    """The format whose own row and column labels the tables print; the year only when they print neither.

    Labels are looked for in every line, long ones too: a crawled page has its whole body on one line.
    """
    text = "".join(t.norm for t in tokens if t.kind is Kind.TEXT)
    score = {fid: sum(m in text for m in markers) for fid, markers in _MARKERS.items()}
    if score["2021"] != score["2019"]:
        return FORMATS[max(score, key=score.get)], None
    if year and year >= FIRST_YEAR:
        return format_for_year(year), None
    return FORMATS["2021"], Finding(
        "parse.format_unknown", Severity.WARNING, "无法从表格或年份判断报告格式，按 2021 年格式读取"
    )


# ---------------------------------------------------------------- the parts
def agency_name(text: str | None) -> str | None:
    """`text` as an agency's name without clutter, or None when it does not read as one."""
    if not text:
        return None
    name = re.sub(r"\s+", "", text)
    pieces = [p for p in _CRUMBS.split(name) if p]  # a breadcrumb run together: the last piece is the agency
    name = pieces[-1] if pieces else ""
    for _ in range(3):
        name = _TAIL_CLUTTER.sub("", _LEAD_CLUTTER.sub("", name))
    name = _INTERNAL_OFFICE.sub(r"\g<agency>", name)  # 请与…局办公室联系: the office of the agency
    if not 2 <= len(name) <= 40 or _PRONOUN.match(name) or re.search(r"\d|[《》“”]", name):
        return None
    return name if _AGENCY_END.search(name) else None


def _fuller(name: str | None, short: str | None) -> bool:
    """Is `name` the full form of the agency `short` names (唐村镇人民政府 for 唐村镇政府, …街道办事处 for …街道)?"""
    if not name or not short or name == short:
        return False
    return name.replace("人民政府", "政府") == short or (
        name.startswith(short) and name[len(short) :] == "办事处"
    )


def parse_date(text: str | None) -> dt.date | None:
    m = _DATE.search(text or "")
    if not m:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def _from_title(meta: Metadata, text: str, before: str | None, source: Source = Source.TITLE) -> None:
    """A title line: the report's name near the start of the line, not a sentence that mentions it."""
    m = _TITLE.search(text)
    if not m or m.start() > _TITLE_START or _SENTENCE.search(text, 0, m.start()):
        return
    agency = agency_name(m["agency"]) or (agency_name(before) if before and len(before) <= 40 else None)
    meta.offer("agency", agency, source)
    meta.offer("year", int(m["year"]), source)


def _fields(lines: Sequence[str]) -> dict[str, str]:
    """Labelled fields (索引号：…, 发布日期：…) of the metadata lines; the first value of each label. A label alone
    at the end of its line takes the next line as its value (a metadata block laid out as a table: 索引号： | …)."""
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        for m in _FIELD.finditer(line):
            end = _FIELD_END.search(line, m.end())
            value = line[m.end() : end.start() if end else len(line)].strip()
            if m["label"] == "标题":
                value = line[m.end() :].split("\n")[0].strip()
            if not value and not line[m.end() :].strip() and i + 1 < len(lines):
                following = lines[i + 1].strip()
                if not re.search(r"[:：]", following):  # a value, not the next label
                    end = _FIELD_END.search(following)
                    value = following[: end.start() if end else len(following)].strip()
            if value:
                found.setdefault(m["label"], value)
    return found


def _index(value: str | None) -> str | None:
    m = _INDEX.match(value or "")
    return m[0] if m else None


def _prose_text(tokens: Sequence[Token], heads: dict[int, int]) -> str:
    """The opening of the report up to its tables (section 二), notices it cites left out."""
    end = heads.get(2, len(tokens))
    text = "\n".join(t.raw for t in tokens[:end] if t.kind is Kind.TEXT)[:_PROSE_CHARS]
    return _CITED.sub("《》", text)


def _sign_off_agency(tokens: Sequence[Token]) -> str | None:
    """The agency signing the report: a short line of its name just before the closing date."""
    tail = [t for t in tokens[-_SIGN_OFF_TOKENS:] if t.kind is Kind.TEXT]
    for before, after in itertools.pairwise(tail):
        if len(before.norm) <= 30 and _DATE.fullmatch(after.norm.rstrip("日") or ""):
            return agency_name(before.raw)
    return None


def _sign_off_date(tokens: Sequence[Token]) -> dt.date | None:
    """The date closing the document (落款), when it stands on a short line of its own."""
    for t in reversed([t for t in tokens[-_SIGN_OFF_TOKENS:] if t.kind is Kind.TEXT]):
        if len(t.norm) <= 24 and _DATE.search(t.norm):
            return parse_date(t.norm)
    return None
