"""Who publishes: jurisdictions (a tree of 行政区划), their agencies, and the staff roles inside each
agency."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Jurisdiction(models.Model):
    """An administrative area (市, 县, 区…); its 公开办 supervises every agency in it and in areas below
    it."""

    name = models.CharField("名称", max_length=100)
    slug = models.SlugField("标识", max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    index_period = models.CharField(
        "索引号时间段",
        max_length=10,
        choices=[("year", "年（YYYY）"), ("month", "年月（YYYYMM）")],
        default="year",
        help_text="序号在每个时间段内从1起连续编号",
    )
    index_separator = models.CharField(
        "索引号分隔符", max_length=1, default="/", help_text="机构代码与后段码之间，如 / 或 -"
    )
    index_topic_code = models.BooleanField(
        "索引号含主题分类代码", default=False, help_text="开启后为 机构代码/年-分类代码-序号"
    )
    index_serial_width = models.PositiveSmallIntegerField(
        "索引号序号位数", default=5, validators=[MinValueValidator(3), MaxValueValidator(8)]
    )
    separate_duties = models.BooleanField(
        "起草与审核、签批分离",
        default=True,
        help_text="开启后，起草人不能审核或签批本人起草的信息，也不能签批本人编写的年度报告",
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    STATE = "state", "国务院部门"
    PROVINCE = "province", "省级"
    CITY = "city", "设区的市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡（镇）、街道"


class Agency(models.Model):
    """A body that publishes government information; its organisation code prefixes every 索引号 it
    allocates."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="行政区划", on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField("机构全称", max_length=150)
    short_name = models.CharField("简称", max_length=60, blank=True)
    slug = models.SlugField("标识", max_length=60, unique=True)
    org_code = models.CharField(
        "组织机构代码",
        max_length=32,
        unique=True,
        help_text="索引号前缀，如 13566001 或统一社会信用代码中的组织机构代码部分",
    )
    level = models.CharField(
        "层级",
        max_length=20,
        choices=Level.choices,
        default=Level.COUNTY,
        help_text="决定条例第二十一条的法定主动公开内容",
    )
    office_name = models.CharField(
        "政府信息公开工作机构", max_length=150, blank=True, help_text="如 办公室政务公开科；列入公开指南"
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真号码", max_length=50, blank=True)
    internet_contact = models.CharField(
        "互联网联系方式", max_length=200, blank=True, help_text="电子邮箱或在线申请网址"
    )
    guide_obtaining = models.TextField(
        "获取政府信息的方式（补充）", blank=True, help_text="留空则使用平台的标准表述；填写后附在标准表述之后"
    )
    guide_updated_on = models.DateField("公开指南更新日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "机构"
        ordering = ["jurisdiction__name", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class Role(models.TextChoices):
    EDITOR = "editor", "编辑"
    REVIEWER = "reviewer", "审核"
    SIGNER = "signer", "签批领导"
    CASEWORKER = "caseworker", "依申请公开经办"
    SUPERVISOR = "supervisor", "公开办"


class Membership(models.Model):
    """A user's role in one agency. A supervisor membership reaches every agency under the agency's
    jurisdiction."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="机构", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "岗位"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
