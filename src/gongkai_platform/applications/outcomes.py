"""Case outcomes: the Table 三 outcome rows of the 2021 format, with the article a reply letter cites.

The ids and labels come from gongkai.standard.formats; this module only attaches the legal basis
(domain.md §1.8, an inference from the row labels) and the letter wording, and checks at import that it
covers exactly the format's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.standard.formats import (
    APPLICANT_COLUMNS,
    FORMAT_2021,
    S3_COLUMNS,
    format_for_year,
    outcome_rows,
)

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
_ART36_3 = "第三十六条第（三）项"

# outcome id -> (legal basis, what the letter tells the applicant)
_BASIS: dict[str, tuple[str, str]] = {
    "granted": (
        "第三十六条第（一）项、第（二）项",
        "您申请公开的政府信息属于可以公开的政府信息，现予以公开。",
    ),
    "partial": (
        "第三十七条",
        "您申请公开的政府信息中含有不应当公开的内容，但能够作区分处理，现向您提供可以公开的部分，不予公开部分的理由见下。",
    ),
    "withheld.state_secret": (f"第十四条、{_ART36_3}", "您申请公开的政府信息属于国家秘密，依法不予公开。"),
    "withheld.prohibited_by_law": (
        f"第十四条、{_ART36_3}",
        "您申请公开的政府信息属于法律、行政法规禁止公开的政府信息，依法不予公开。",
    ),
    "withheld.security_stability": (
        f"第十四条、{_ART36_3}",
        "您申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。",
    ),
    "withheld.third_party": (
        f"第十五条、第三十二条、{_ART36_3}",
        "您申请公开的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，依法不予公开。",
    ),
    "withheld.internal_affairs": (
        f"第十六条第一款、{_ART36_3}",
        "您申请公开的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，可以不予公开。",
    ),
    "withheld.process_info": (
        f"第十六条第二款、{_ART36_3}",
        "您申请公开的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，可以不予公开。",
    ),
    "withheld.enforcement_file": (
        f"第十六条第二款、{_ART36_3}",
        "您申请公开的政府信息属于行政执法案卷信息，可以不予公开。",
    ),
    "withheld.query_matter": (
        "第三十六条第（七）项",
        "您申请获取的信息属于法律、行政法规对信息的获取有特别规定的行政查询事项，请按照有关法律、行政法规的规定办理。",
    ),
    "unavailable.not_held": (
        "第三十六条第（四）项、第（五）项",
        "经检索查找，本机关不掌握您申请公开的政府信息。",
    ),
    "unavailable.needs_creation": (
        "第三十八条",
        "您申请的信息需要本机关对现有政府信息进行加工、分析后另行制作，本机关不予提供。",
    ),
    "unavailable.still_unclear": ("第三十条", "经补正后，您的申请内容仍不明确，本机关无法提供。"),
    "not_processed.petition": (
        "第三十九条第一款",
        "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，请通过相应渠道提出。",
    ),
    "not_processed.duplicate": (
        "第三十六条第（六）项",
        "您重复申请公开相同的政府信息，本机关已就该申请作出答复，不予重复处理。",
    ),
    "not_processed.publication": (
        "第三十九条第二款",
        "您申请提供的是政府公报、报刊、书籍等公开出版物，请通过相应渠道获取。",
    ),
    "not_processed.excessive": (
        "第三十五条",
        "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。",
    ),
    # No article names this case (domain.md §1.8); the request is not for 政府信息 as defined in Art. 2.
    "not_processed.confirmation": (
        "第二条",
        "您要求本机关确认或者重新出具已获取的信息，不属于申请获取政府信息，本机关不予处理。",
    ),
    "other.no_correction": (
        "第三十条",
        "您无正当理由逾期未补正，视为放弃申请，本机关不再处理您的政府信息公开申请。",
    ),
    "other.no_fee_paid": (
        "",
        "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理您的政府信息公开申请。",
    ),
    "other.other": ("", "本机关对您的申请作如下处理。"),
}


@dataclass(frozen=True)
class Outcome:
    id: str  # a Table 三 row key of the 2021 format
    label: str  # the row label
    group: str | None  # the printed group, e.g. （三）不予公开
    articles: str  # the Regulation's articles cited, "" when none
    reason: str  # the letter's decision paragraph

    @property
    def title(self) -> str:
        return (
            f"{self.group}{self.label}" if self.group and self.group != "三、本年度办理结果" else self.label
        )

    @property
    def citation(self) -> str:
        """The legal basis as a letter cites it."""
        if self.id == "other.no_fee_paid":
            return FEE_RULES
        return f"{REGULATION}{self.articles}" if self.articles else ""

    @property
    def refuses(self) -> bool:
        """Withholds information (不予公开, wholly or partly): 行政复议 comes first (行政复议法 第二十三条)."""
        return self.id == "partial" or self.id.startswith("withheld.")


OUTCOMES: dict[str, Outcome] = {
    row.key: Outcome(row.key, row.label, row.group, *_BASIS[row.key]) for row in outcome_rows(FORMAT_2021)
}
if set(OUTCOMES) != set(_BASIS):
    raise ImportError(f"outcome bases out of step with FORMAT_2021: {set(_BASIS) ^ set(OUTCOMES)}")

COLUMN_LABELS: dict[str, str] = {c.key: c.label for c in S3_COLUMNS if c.key in APPLICANT_COLUMNS}
NATURAL = APPLICANT_COLUMNS[0]  # 自然人; every other column is a kind of 法人或其他组织


def row_for_year(outcome_id: str, year: int) -> str:
    """The Table 三 row an outcome counts in for a report year: the 2019 format has one 其他处理 row."""
    if outcome_id not in OUTCOMES:
        raise KeyError(outcome_id)
    keys = {r.key for r in outcome_rows(format_for_year(year))}
    if outcome_id in keys:
        return outcome_id
    return outcome_id.split(".", 1)[0]
