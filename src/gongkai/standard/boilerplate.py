"""The fixed reference of text every report may share without copying anyone: the 条例's wording that reports
quote, the national format's headings and labels, the stock sentences of the format's preamble and of the fee
and "nothing else to report" statements, and the platform's own draft sentences (`drafts`).

Copied prose is judged on what is left after this reference is taken out, so the verdict on a pair of reports
depends on those two reports alone, never on how many others in a batch happen to share a phrase.

The draft sentences have variable parts. Numbers need nothing: the comparison drops digits. A part of a few
fixed alternatives (and a list drawn from a fixed vocabulary, such as the outcomes of Table 三) is written out
in every combination, so the sentence is reference text whichever the draft wrote. What the reference cannot
spell out are the names the platform fills in (the agency's, its columns'): the sentences holding one are
matched as patterns instead (`draft_patterns`), and a text matched is taken out as a whole. What the office
typed into a sentence (its 第五十条（四） results) is left in, to be compared like any prose.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import combinations

from . import drafts
from .formats import FORMATS, SECTIONS

REGULATION = (
    # 《中华人民共和国政府信息公开条例》(2019) — the articles reports quote
    "为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府，充分发挥政府信息对人民群众"
    "生产、生活和经济社会活动的服务作用，制定本条例。",
    "行政机关公开政府信息，应当坚持以公开为常态、不公开为例外，遵循公正、公平、合法、便民的原则。",
    "行政机关应当及时、准确地公开政府信息。",
    "行政机关应当建立健全政府信息公开协调机制。",
    "行政机关应当建立健全政府信息公开审查机制，明确审查的程序和责任。",
    "对涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，行政机关应当主动公开。",
    "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。",
    "行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。行政机关不能当场答复的，应当自收到申请之日起"
    "20个工作日内予以答复；需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长"
    "不得超过20个工作日。",
    "县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作"
    "年度报告并向社会公布。",
    "县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作"
    "年度报告。",
    "政府信息公开工作年度报告应当包括下列内容：行政机关主动公开政府信息的情况；行政机关收到和处理政府信息公开申请的"
    "情况；因政府信息公开工作被申请行政复议、提起行政诉讼的情况；政府信息公开工作存在的主要问题及改进情况，各级人民"
    "政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况；其他需要报告的事项。",
    "全国政府信息公开工作主管部门应当公布政府信息公开工作年度报告统一格式，并适时更新。",
)

FORMAT_PHRASES = (
    # the preamble the national format and its model reports use
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。",
    "本报告依据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告"
    "格式的要求编制。",
    "根据《中华人民共和国政府信息公开条例》的规定，现公布本机关政府信息公开工作年度报告。",
    "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
    "存在的主要问题及改进情况、其他需要报告的事项六部分组成。",
    "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。本报告所列数据的统计期限自1月1日起至12月31日止。",
    "本报告电子版可在门户网站政府信息公开专栏查阅或下载。如对本报告有任何疑问，请与本机关联系（地址：，邮编：，"
    "电话：，传真：，电子邮箱：）。",
    "认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，依法依规做好政府信息公开工作。",
    "全年主动公开政府信息条。全年新收政府信息公开申请件，上年结转件，本年度办结件，结转下年度继续办理件。",
    "全年因政府信息公开引起行政复议件、行政诉讼件。",
    # section 六: the fee statement and "nothing else", as the 109号 notice and the format word them
    "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。",
    "本年度未收取政府信息公开信息处理费。本机关未收取信息处理费。本年度没有收取信息处理费。",
    "本年度共发出信息处理费收费通知件，实际收取信息处理费笔，共计元。",
    "本年度无其他需要报告的事项。无其他需要报告的事项。本机关无其他需要报告的事项。",
)


def reference_texts() -> tuple[str, ...]:
    """Every text of the reference, with the formats' own headings and row and column labels."""
    labels = [s.title for s in SECTIONS]
    for fmt in FORMATS.values():
        for table in fmt.tables:
            labels += [c.label for c in table.columns]
            labels += [r.label for r in table.rows] + [r.group for r in table.rows if r.group]
            labels += [a for r in table.rows for a in r.aliases]
    return (*REGULATION, *FORMAT_PHRASES, "".join(labels), *draft_texts())


@cache
def draft_texts() -> tuple[str, ...]:
    """The draft's sentences with numbers left out, in every combination of their parts; cut where a name or
    an entered text goes (a window across the cut would hold it)."""
    out = []
    for sentence in (*drafts.SENTENCES, *drafts.FEE_SENTENCES):
        for chunks in _spelled(sentence):
            out += [c for c in chunks if c]
    return tuple(dict.fromkeys(out))


def _spelled(template: str) -> list[list[str]]:
    """Every way the template can be written, each as its runs of fixed text (a cut between two runs)."""
    ways = [[""]]
    for literal, name in drafts.pieces(template):
        ways = [[*w[:-1], w[-1] + literal] for w in ways]
        if name is None:
            continue
        options = _options(name)
        if options is None:  # a free name or an entered text: cut
            ways = [[*w, ""] for w in ways]
            continue
        ways = [[*w[:-1], w[-1] + o[0], *o[1:]] for w in ways for o in options]
    return ways


def _options(name: str) -> list[list[str]] | None:
    if name in drafts.PARTS:
        return [way for alternative in drafts.PARTS[name] for way in _spelled(alternative)]
    if name in drafts.LISTS:
        item = drafts.LISTS[name]
        words = _vocabulary(item)
        if words is None:
            return None
        return [
            way
            for n in range(1, len(words) + 1)
            for chosen in combinations(words, n)
            for way in _spelled(drafts.SEPARATOR.join(_with_word(item, w) for w in chosen))
        ]
    if name in drafts.NAMES:
        words = drafts.NAMES[name]
        return None if words is None else [[w] for w in words]
    if name in drafts.TEXTS:
        return None
    return [[""]]  # a number


def _name_field(item: str) -> str:
    (name,) = [f for f in drafts.fields(item) if f in drafts.NAMES]
    return name


def _vocabulary(item: str) -> tuple[str, ...] | None:
    """The words a list item's name takes, or None when it takes any name."""
    return drafts.NAMES[_name_field(item)]


def _with_word(item: str, word: str) -> str:
    return item.replace(f"{{{_name_field(item)}}}", word)


_NUMBER = r"\d+"
_NAME = r"[^\s，。；：“”《》]{1,40}?"  # an agency's or a column's name, as the draft writes it


@cache
def draft_patterns() -> re.Pattern:
    """One pattern for the draft's sentences and list items that hold a name from the records, as written."""
    holding = [
        t
        for t in _templates()
        if any(f in drafts.NAMES and drafts.NAMES[f] is None for f in drafts.fields(t))
    ]
    return re.compile("|".join(_pattern(t) for t in holding) or r"(?!)")  # (?!): no name, nothing to match


def _templates() -> list[str]:
    found = [*drafts.SENTENCES, *drafts.FEE_SENTENCES, *drafts.LISTS.values()]
    found += [t for alternatives in drafts.PARTS.values() for t in alternatives if t]
    return list(dict.fromkeys(found))


def _pattern(template: str) -> str:
    out = []
    for literal, name in drafts.pieces(template):
        out.append(re.escape(literal))
        if name is None:
            continue
        if name in drafts.PARTS or name in drafts.LISTS or name in drafts.TEXTS:
            raise ValueError(f"a sentence with a name cannot also hold {{{name}}}: {template}")
        if name not in drafts.NAMES:
            out.append(_NUMBER)
        elif drafts.NAMES[name] is None:
            out.append(_NAME)
        else:
            out.append("(?:" + "|".join(map(re.escape, drafts.NAMES[name])) + ")")
    return "".join(out)
