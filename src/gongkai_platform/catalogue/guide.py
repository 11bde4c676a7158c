"""The 政府信息公开指南 (条例第十二条) generated from the agency's fields and its catalogue: the 工作机构 and how to
reach it, the catalogue's classification and arrangement, and how to obtain information. Nothing here is
typed twice: change a field and the published 指南 changes with it."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai_platform.agencies import permissions
from gongkai_platform.agencies.models import Agency, Role
from gongkai_platform.auditlog.services import diff, record, snapshot
from gongkai_platform.catalogue import hooks, index_numbers, standard_columns
from gongkai_platform.catalogue.models import Column, Genre, Topic

# (label, attribute) of the contact fields 第十二条 names; a missing one is listed so the office can fill it in.
CONTACTS = [
    ("工作机构名称", "office_name"),
    ("办公地址", "address"),
    ("邮政编码", "postcode"),
    ("办公时间", "office_hours"),
    ("联系电话", "phone"),
    ("传真号码", "fax"),
    ("互联网联系方式", "internet_contact"),
]
REQUIRED = {"office_name", "address", "office_hours", "phone", "fax", "internet_contact"}
EDITABLE = [name for _, name in CONTACTS] + ["guide_obtaining"]
EDITING_ROLES = (Role.EDITOR, Role.SIGNER)


def editable_agencies(user):
    ids = {a.pk for role in EDITING_ROLES for a in permissions.agencies_with_role(user, role)}
    return Agency.objects.filter(pk__in=ids)


def update_fields(user, agency: Agency, **fields) -> Agency:
    """Change the fields the 指南 is generated from; the 指南's 更新日期 becomes today and the portal's cached
    pages go stale at once (the `guide_changed` catalogue event)."""
    if not any(permissions.has_role(user, agency, role) for role in EDITING_ROLES):
        raise PermissionDenied(f"您没有修改“{agency.name}”公开指南的权限。")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        before = snapshot(agency, EDITABLE)
        for name, value in fields.items():
            setattr(agency, name, value)
        changes = diff(before, snapshot(agency, EDITABLE))
        if changes:
            agency.guide_updated_on = timezone.localdate()
            agency.save()
            record(user, "agency.guide", agency, changes)
            hooks.notify("guide_changed", agency)
    return agency


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Guide:
    agency: Agency
    sections: list[Section]
    missing: list[str]

    @property
    def title(self) -> str:
        return f"{self.agency.name}政府信息公开指南"


def _office(agency: Agency) -> str:
    return f"{agency.name}{agency.office_name}" if agency.office_name else agency.name


def _columns(agency: Agency) -> list[Column]:
    return list(
        Column.objects.filter(Q(agency=None) | Q(agency=agency))
        .exclude(**standard_columns.visible_to(agency))
        .select_related("parent")
        .order_by("order", "pk")
    )


def build(agency: Agency, apply_url: str = "") -> Guide:
    contacts = [(label, getattr(agency, name) or "") for label, name in CONTACTS]
    contacts[0] = ("工作机构名称", _office(agency))
    missing = [label for label, name in CONTACTS if name in REQUIRED and not getattr(agency, name)]
    columns = _columns(agency)
    top = [c for c in columns if c.parent_id is None]
    statutory = [c for c in columns if c.parent_id and c.parent.slug == "statutory"]
    # "；" between names: the names themselves contain "、" (国民经济管理、国有资产监管)
    topics = "；".join(Topic.objects.filter(parent=None, active=True).values_list("name", flat=True))
    genres = "；".join(Genre.objects.filter(parent=None, active=True).values_list("name", flat=True))
    this_year = str(timezone.localdate().year)
    example = index_numbers.scheme_of(agency).format(agency.org_code, this_year, 1, "0101")
    obtaining = [
        "（一）主动公开的政府信息：本机构自政府信息形成或者变更之日起20个工作日内，通过本网站政府信息公开专栏予以公开"
        "（条例第二十六条），公众可在本网站浏览、检索和下载，也可到国家档案馆、公共图书馆和政务服务场所的政府信息查阅场所"
        "查阅（条例第二十五条）。",
        "（二）依申请公开：公民、法人或者其他组织可以向本机构申请获取主动公开以外的政府信息（条例第二十七条）。"
        + (f"网上申请请访问 {apply_url}；" if apply_url else "")
        + f"也可以通过信函、传真或者到{_office(agency)}当面提出书面申请。申请内容应当包括申请人的姓名或者名称、身份证明、"
        "联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径（条例第二十九条）。",
        "（三）答复期限：能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长的，经"
        "本机构政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日（条例第三十三条）。",
        "（四）收费：提供政府信息不收取费用；申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费"
        "（条例第四十二条）。",
    ]
    if agency.guide_obtaining.strip():
        obtaining.append(agency.guide_obtaining.strip())
    sections = [
        Section(
            "一、政府信息公开工作机构", rows=[(label, value or "（未填写）") for label, value in contacts]
        ),
        Section(
            "二、主动公开的政府信息的分类和编排体系",
            [
                "本机构主动公开的政府信息在本网站政府信息公开专栏分栏目发布，栏目包括："
                + "、".join(c.name for c in top)
                + "。其中法定主动公开内容按条例第二十条"
                + ("、第二十一条" if any(c.article21_level for c in statutory) else "")
                + "分为："
                + "、".join(c.name for c in statutory)
                + "。",
                f"每条信息按主题分类（{topics}，各类下设二级类目）和体裁分类（{genres}）编排，并标注索引号、名称、"
                "内容概述、生成日期、发布机构、文号、有效性等信息，构成本机构的政府信息公开目录。",
                f"索引号由机构代码、年份（或年月）和顺序号组成，如 {example}，一经生成不再改变。",
            ],
        ),
        Section("三、获取政府信息的方式", obtaining),
        Section(
            "四、监督和救济",
            [
                "公民、法人或者其他组织认为本机构未按照要求主动公开政府信息或者对政府信息公开申请不依法答复处理的，可以向"
                "政府信息公开工作主管部门提出（条例第四十七条）；认为本机构在政府信息公开工作中侵犯其合法"
                "权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼"
                "（条例第五十一条）。",
            ],
        ),
    ]
    return Guide(agency, sections, missing)
