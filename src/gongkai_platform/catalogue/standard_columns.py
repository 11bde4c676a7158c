"""The standard 政府信息公开 columns every agency's site has, with 法定主动公开内容 split by 条例第二十条 (every
agency) and 第二十一条 (by agency level). The wording is the 条例's (2019), see docs/legal.md."""

from gongkai_platform.catalogue.models import ColumnKind, UpdateFrequency

ARTICLE20 = [
    (1, "法规文件", "行政法规、规章和规范性文件"),
    (2, "机构职能", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    (3, "规划信息", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    (4, "统计信息", "国民经济和社会发展统计信息"),
    (5, "行政许可", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    (
        6,
        "行政处罚和行政强制",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    ),
    (7, "财政预决算", "财政预算、决算信息"),
    (8, "行政事业性收费", "行政事业性收费项目及其依据、标准"),
    (9, "政府集中采购", "政府集中采购项目的目录、标准及实施情况"),
    (10, "重大建设项目", "重大建设项目的批准和实施情况"),
    (11, "民生保障", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    (12, "应急管理", "突发公共事件的应急预案、预警信息及应对情况"),
    (13, "监督检查", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    (14, "公务员招考", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    (15, "其他法定信息", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
]

# 第二十一条: what 设区的市级、县级人民政府及其部门 and 乡（镇）人民政府 add "根据本地方的具体情况".
ARTICLE21_CITY_COUNTY = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]
ARTICLE21_TOWNSHIP = [
    "贯彻落实农业农村政策",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地使用情况审核",
    "土地征收",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
]
ARTICLE21 = {
    "city_county": ("设区的市级、县级人民政府及其部门", "city", ARTICLE21_CITY_COUNTY),
    "township": ("乡（镇）人民政府", "town", ARTICLE21_TOWNSHIP),
}
ARTICLE21_BY_LEVEL = {
    "city_county": "除本条例第二十条规定的政府信息外，设区的市级、县级人民政府及其部门还应当根据本地方的具体情况，主动公开涉及"
    + "、".join(ARTICLE21_CITY_COUNTY)
    + "等方面的政府信息。",
    "township": "乡（镇）人民政府还应当根据本地方的具体情况，主动公开"
    + "、".join(ARTICLE21_TOWNSHIP)
    + "等方面的政府信息。",
}
ARTICLE21_TEXT = (
    "除本条例第二十条规定的政府信息外，设区的市级、县级人民政府及其部门还应当根据本地方的具体情况，主动公开涉及"
    + "、".join(ARTICLE21_CITY_COUNTY)
    + "等方面的政府信息；乡（镇）人民政府还应当根据本地方的具体情况，主动公开"
    + "、".join(ARTICLE21_TOWNSHIP)
    + "等方面的政府信息。"
)
# Agency levels (agencies.models.Level) whose sites carry each 第二十一条 list.
ARTICLE21_LEVELS = {"city": "city_county", "county": "city_county", "township": "township"}

TOP = [
    ("guide", "政府信息公开指南", ColumnKind.GUIDE, UpdateFrequency.AS_NEEDED),
    ("system", "政府信息公开制度", ColumnKind.SYSTEM, UpdateFrequency.AS_NEEDED),
    ("statutory", "法定主动公开内容", ColumnKind.STATUTORY, UpdateFrequency.WITHIN_20_WORKDAYS),
    ("annual-report", "政府信息公开年报", ColumnKind.ANNUAL_REPORT, UpdateFrequency.YEARLY),
]


def ensure(column_model) -> None:
    """Create the standard columns that are missing (idempotent; works with historical models)."""
    parents = {}
    for order, (slug, name, kind, frequency) in enumerate(TOP):
        parents[slug], _ = column_model.objects.get_or_create(
            agency=None,
            slug=slug,
            defaults={"name": name, "kind": kind, "update_frequency": frequency, "order": order * 100},
        )
    for clause, name, description in ARTICLE20:
        frequency = UpdateFrequency.YEARLY if clause in (7, 14) else UpdateFrequency.WITHIN_20_WORKDAYS
        column, _ = column_model.objects.get_or_create(
            agency=None,
            slug=f"article20-{clause}",
            defaults={
                "name": name,
                "parent": parents["statutory"],
                "kind": ColumnKind.STATUTORY,
                "article20_clause": clause,
                "description": f"条例第二十条第（{clause}）项：{description}",
                "update_frequency": frequency,
                "order": 200 + clause,
            },
        )
        wording = f"条例第二十条第（{clause}）项：{description}"
        if column.description != wording:  # the 条例's wording, corrected where an older seed shortened it
            column.description = wording
            column.save(update_fields=["description"])
    if not any(f.name == "article21_level" for f in column_model._meta.get_fields()):
        return  # a historical model from before migration 0005 (0008 adds these columns)
    for level, (who, prefix, topics) in ARTICLE21.items():
        for n, name in enumerate(topics, start=1):
            column_model.objects.get_or_create(
                agency=None,
                slug=f"article21-{prefix}-{n}",
                defaults={
                    "name": name,
                    "parent": parents["statutory"],
                    "kind": ColumnKind.STATUTORY,
                    "article21_level": level,
                    "description": f"条例第二十一条：{who}根据本地方的具体情况主动公开{name}方面的政府信息",
                    "update_frequency": UpdateFrequency.WITHIN_20_WORKDAYS,
                    "order": (230 if prefix == "city" else 250) + n,
                },
            )


def article21_text(agency) -> str:
    """第二十一条 as it applies to the agency's level ("" for 省级 and 国务院部门)."""
    return ARTICLE21_BY_LEVEL.get(ARTICLE21_LEVELS.get(agency.level), "")


def visible_to(agency) -> dict:
    """Column filter (Q kwargs for a queryset exclude) hiding the 第二十一条 columns of other agency levels."""
    return {"article21_level__in": [lvl for lvl in ARTICLE21 if lvl != ARTICLE21_LEVELS.get(agency.level)]}
