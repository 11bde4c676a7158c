"""The standard 政府信息公开 columns every agency's site has, with 法定主动公开内容 split by 条例 第二十条."""

from gongkai_platform.catalogue.models import ColumnKind, UpdateFrequency

ARTICLE20 = [
    (1, "法规文件", "行政法规、规章和规范性文件"),
    (2, "机构职能", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    (3, "规划信息", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    (4, "统计信息", "国民经济和社会发展统计信息"),
    (5, "行政许可", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    (6, "行政处罚和行政强制", "实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定"),
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
        column_model.objects.get_or_create(
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
