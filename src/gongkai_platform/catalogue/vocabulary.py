"""The seed of the two editable classification vocabularies: 主题分类 (two levels, as gov.cn's policy library
shows them, e.g. `综合政务\\政务公开`) and 体裁分类. Sources and decisions: docs/catalogue.md and
../shared/research/domain.md §4.3."""

SEPARATOR = "\\"

# (first level, [second level…]) in gov.cn's order; first-level names in today's wording (民政、乡村振兴、救灾).
TOPICS = [
    ("综合政务", ["政务公开", "政务督查", "应急管理", "电子政务", "文秘工作", "参事、文史", "其他"]),
    ("国民经济管理、国有资产监管", ["宏观经济", "经济体制改革", "统计", "物价", "国有资产监管", "其他"]),
    ("财政、金融、审计", ["财政", "税务", "银行", "证券", "保险", "社会信用体系建设", "其他"]),
    ("国土资源、能源", ["土地", "海洋", "煤炭", "电力", "其他"]),
    ("农业、林业、水利", ["农业、畜牧业、渔业", "林业", "水利", "其他"]),
    ("工业、交通", ["机械制造与重工业", "信息产业（含电信）", "公路", "铁路", "民航", "邮政", "其他"]),
    ("商贸、海关、旅游", ["国内贸易（含供销）", "对外经贸合作", "海关", "旅游", "其他"]),
    ("市场监管、安全生产监管", ["工商", "质量监督", "食品药品监管", "安全生产监管", "其他"]),
    (
        "城乡建设、环境保护",
        [
            "城乡建设（含住房）",
            "城市规划",
            "环境监测、保护与治理",
            "节能与资源综合利用",
            "气象、水文、测绘、地震",
            "其他",
        ],
    ),
    ("科技、教育", ["科技", "教育", "知识产权"]),
    ("文化、广电、新闻出版", ["文化", "新闻出版", "文物"]),
    ("卫生、体育", ["卫生", "医药管理", "体育", "其他"]),
    ("人口与计划生育、妇女儿童工作", ["人口与计划生育", "妇女儿童"]),
    ("劳动、人事、监察", ["劳动就业", "社会保障", "监察", "纠正行业不正之风", "其他"]),
    ("公安、安全、司法", ["公安", "司法", "其他"]),
    ("民政、乡村振兴、救灾", ["社会福利", "优抚安置", "乡村振兴", "社团管理", "行政区划与地名", "其他"]),
    ("民族、宗教", ["宗教事务"]),
    ("对外事务", ["国际条约、国际组织"]),
    ("港澳台侨工作", ["港澳工作", "侨务工作"]),
    ("国防", ["国防建设", "国防动员"]),
    ("其他", []),
]

# Old single-level values (before the two-level vocabulary) that were renamed since.
RENAMED_TOPICS = {"民政、扶贫、救灾": "民政、乡村振兴、救灾"}

# 体裁分类: the 15 公文 kinds of 党政机关公文处理工作条例 (2012) first, then the forms disclosure pages carry.
GENRES = [
    ("命令（令）", []),
    ("决定", []),
    ("公告", []),
    ("通告", []),
    ("意见", []),
    ("通知", []),
    ("通报", []),
    ("报告", []),
    ("请示", []),
    ("批复", []),
    ("函", []),
    ("纪要", []),
    ("公报", []),
    ("规划计划", ["发展规划", "专项规划", "工作计划"]),
    ("统计数据", []),
    ("工作动态", []),
    ("政策解读", []),
    ("其他", []),
]


def ensure(model, tree) -> None:
    """Create the vocabulary rows that are missing, with two-digit codes per level (works with historical
    models; rows an administrator renamed or added are left alone)."""
    for i, (name, children) in enumerate(tree, start=1):
        top, _ = model.objects.get_or_create(
            parent=None, name=name, defaults={"code": f"{i:02d}", "order": i * 100}
        )
        for j, child in enumerate(children, start=1):
            model.objects.get_or_create(
                parent=top, name=child, defaults={"code": f"{i:02d}{j:02d}", "order": i * 100 + j}
            )


def ensure_all(topic_model, genre_model) -> None:
    ensure(topic_model, TOPICS)
    ensure(genre_model, GENRES)
