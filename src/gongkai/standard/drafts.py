"""The platform's draft sentences: what gongkai writes into a new report's sections 一, 五 and 六 until the clerk
rewrites them. They are data, here in the core, because two readers need the very same words: the platform's
drafting fills them in (gongkai_platform.annual_reports.drafting), and the copy engine's fixed reference
(`boilerplate`) takes them out of every report, so that two agencies' unedited drafts are not each other's copy.

Each template is a `str.format` pattern. A field is one of:

- a number (any name not listed below), written as digits, which the comparison drops anyway;
- a part (PARTS): one of a few fixed alternatives, themselves templates, or nothing;
- a list (LISTS): items of one template joined by "、";
- a name (NAMES): a word from the platform's records (the agency's name, a column's) or from a fixed vocabulary;
- a text (TEXTS): what the office typed in (the 第五十条（四） results): its own words, compared like any prose.
"""

from __future__ import annotations

from string import Formatter

OPENING = (
    "{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "依法依规做好政府信息公开工作。"
)
ACTIVE = "（一）主动公开。全年主动公开政府信息{published}条{by_column}。"
BY_COLUMN = "，其中{columns}"
COLUMN = "“{column}”栏目{count}条"
REQUESTS = (
    "（二）依申请公开。全年新收政府信息公开申请{new}件，上年结转{carried_in}件，本年度办结{closed}件{outcomes}，"
    "结转下年度继续办理{carried_out}件。"
)
OUTCOMES = "（{outcome_list}）"
OUTCOME = "{outcome}{count}件"
OUTCOME_WORDS = {  # Table 三 row prefix -> how the draft names its outcome, in the draft's order
    "granted": "予以公开",
    "partial": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}
MANAGEMENT = "（三）政府信息管理。{documents}拟公开的政府信息发布前均经保密审查。"
DOCUMENTS_2021 = "本年度制发行政规范性文件{issued}件、废止{repealed}件，现行有效{in_force}件。"
DOCUMENTS_2019 = "本年度新制作规范性文件{made}件，对外公开总数量{disclosed}件。"
PLATFORM = "（四）政府信息公开平台建设。依托政府信息公开平台发布信息，{updated}平台提供检索、查阅、下载功能。"
UPDATED = "本年度在{column_count}个栏目更新信息，"
OVERSIGHT = "（五）监督保障。全年因政府信息公开引起行政复议{reviews}件、行政诉讼{suits}件。{results}"
# Where the 第五十条（四） results go until the office has entered them; replaced by them when it does. It names
# none of 考核/评议/追究, so section.government_results keeps warning until they are there.
RESULTS_PLACEHOLDER = (
    "（待填写：条例第五十条第（四）项要求人民政府报告的三项结果，在年度报告页面录入后自动写入此处。）"
)
RESULTS = (
    "本年度{assessed}开展政府信息公开工作考核，考核结果：{assessment_result}；"
    "开展社会评议{reviewed}，评议结果：{public_review_result}；{accountability}。"
)
ASSESSED = "对{assessment_units}个单位"
REVIEWED = "{public_reviews}次"
ACCOUNTABLE = "因政府信息公开工作被责任追究{accountability_count}人次{accountability_note}"
ACCOUNTABILITY_NOTE = "，{accountability_result}"
NOT_ACCOUNTABLE = "未发生因政府信息公开工作被责任追究的情况"
LATE = (
    "本年度有{late}件申请超过法定期限答复，年末仍有{open_overdue}件超期未办结，答复时效有待提高。"
    "下一步将加强申请办理的期限管理。"
)
PROBLEMS_PROMPT = "（请根据本年度工作实际，填写存在的主要问题及改进措施。）"
FEE_NOTICES = "本年度依据《政府信息公开信息处理费管理办法》共发出信息处理费收费通知{notices}件，通知收费金额共计{billed}元"
UNPAID = "有{unpaid}件申请因申请人逾期未按收费通知缴纳费用，不再处理"
COLLECTED = "实际收取信息处理费{payments}笔，共计{paid}元"
NO_FEES = "本年度未收取信息处理费。"

PARTS = {
    "by_column": (BY_COLUMN, ""),
    "outcomes": (OUTCOMES, ""),
    "documents": (DOCUMENTS_2021, DOCUMENTS_2019, ""),
    "updated": (UPDATED, ""),
    "results": (RESULTS, RESULTS_PLACEHOLDER, ""),
    "assessed": (ASSESSED, ""),
    "reviewed": (REVIEWED, ""),
    "accountability": (ACCOUNTABLE, NOT_ACCOUNTABLE),
    "accountability_note": (ACCOUNTABILITY_NOTE, ""),
}
LISTS = {"columns": COLUMN, "outcome_list": OUTCOME}
NAMES = {"agency": None, "column": None, "outcome": tuple(OUTCOME_WORDS.values())}  # None: any name
TEXTS = ("assessment_result", "public_review_result", "accountability_result")
SEPARATOR = "、"  # between the items of a list
# Every sentence the draft writes, each whole (its parts are filled in from PARTS). Section 六 joins its sentences
# with "，" and ends with "。".
SENTENCES = (OPENING, ACTIVE, REQUESTS, MANAGEMENT, PLATFORM, OVERSIGHT, LATE, PROBLEMS_PROMPT)
FEE_SENTENCES = (FEE_NOTICES, UNPAID, COLLECTED, NO_FEES)


def fields(template: str) -> list[str]:
    return [name for _, name, _, _ in Formatter().parse(template) if name]


def pieces(template: str) -> list[tuple[str, str | None]]:
    """(literal text, the field after it or None) in order."""
    return [(literal, name or None) for literal, name, _, _ in Formatter().parse(template)]
