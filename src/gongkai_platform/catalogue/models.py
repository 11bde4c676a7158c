"""The proactive-disclosure catalogue (主动公开目录): columns, information items, their attachments and
history."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai_platform.agencies.models import Agency


class Topic(models.TextChoices):
    """主题分类 as used by the State Council's disclosure catalogue."""

    GENERAL = "综合政务", "综合政务"
    ECONOMY = "国民经济管理、国有资产监管", "国民经济管理、国有资产监管"
    FINANCE = "财政、金融、审计", "财政、金融、审计"
    LAND = "国土资源、能源", "国土资源、能源"
    AGRICULTURE = "农业、林业、水利", "农业、林业、水利"
    INDUSTRY = "工业、交通", "工业、交通"
    TRADE = "商贸、海关、旅游", "商贸、海关、旅游"
    MARKET = "市场监管、安全生产监管", "市场监管、安全生产监管"
    CONSTRUCTION = "城乡建设、环境保护", "城乡建设、环境保护"
    SCIENCE = "科技、教育", "科技、教育"
    CULTURE = "文化、广电、新闻出版", "文化、广电、新闻出版"
    HEALTH = "卫生、体育", "卫生、体育"
    POPULATION = "人口与计划生育、妇女儿童工作", "人口与计划生育、妇女儿童工作"
    LABOUR = "劳动、人事、监察", "劳动、人事、监察"
    SECURITY = "公安、安全、司法", "公安、安全、司法"
    CIVIL = "民政、扶贫、救灾", "民政、扶贫、救灾"
    ETHNIC = "民族、宗教", "民族、宗教"
    FOREIGN = "对外事务", "对外事务"
    HKMT = "港澳台侨工作", "港澳台侨工作"
    DEFENCE = "国防", "国防"
    OTHER = "其他", "其他"


class Genre(models.TextChoices):
    """体裁分类: the 公文 kinds of 党政机关公文处理工作条例, plus the forms disclosure pages carry."""

    ORDER = "命令（令）", "命令（令）"
    DECISION = "决定", "决定"
    ANNOUNCEMENT = "公告", "公告"
    NOTICE_PUBLIC = "通告", "通告"
    OPINION = "意见", "意见"
    NOTICE = "通知", "通知"
    BULLETIN = "通报", "通报"
    REPORT = "报告", "报告"
    REPLY = "批复", "批复"
    LETTER = "函", "函"
    MINUTES = "纪要", "纪要"
    COMMUNIQUE = "公报", "公报"
    PLAN = "规划计划", "规划计划"
    STATISTICS = "统计数据", "统计数据"
    WORK_UPDATE = "工作动态", "工作动态"
    OTHER = "其他", "其他"


class DocType(models.TextChoices):
    """Whether an item is a 规章 or a 行政规范性文件: the 第二十条第（一）项 rows of the annual report count
    them."""

    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "待审核"
    AWAITING_SIGNOFF = "awaiting_signoff", "待签批"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class UpdateFrequency(models.TextChoices):
    REALTIME = "realtime", "实时更新"
    WITHIN_20_WORKDAYS = "20_workdays", "形成或变更之日起20个工作日内"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"
    AS_NEEDED = "as_needed", "根据工作情况"


class ColumnKind(models.TextChoices):
    GUIDE = "guide", "政府信息公开指南"
    SYSTEM = "system", "政府信息公开制度"
    STATUTORY = "statutory", "法定主动公开内容"
    ANNUAL_REPORT = "annual_report", "政府信息公开年报"
    CUSTOM = "custom", "机构自设栏目"


class Column(models.Model):
    """A 栏目. Standard columns (agency empty) appear on every agency's site; an agency may add its own."""

    agency = models.ForeignKey(
        Agency, verbose_name="机构", null=True, blank=True, on_delete=models.CASCADE, related_name="columns"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("栏目名称", max_length=100)
    slug = models.SlugField("标识", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=ColumnKind.choices, default=ColumnKind.CUSTOM)
    article20_clause = models.PositiveSmallIntegerField(
        "条例第二十条第几项", null=True, blank=True, help_text="法定主动公开内容的子栏目对应的项（1–15）"
    )
    description = models.CharField("说明", max_length=300, blank=True)
    update_frequency = models.CharField(
        "更新频率", max_length=20, choices=UpdateFrequency.choices, default=UpdateFrequency.WITHIN_20_WORKDAYS
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "栏目"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="unique_agency_column_slug"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(agency__isnull=True), name="unique_standard_column_slug"
            ),
        ]

    def __str__(self):
        return self.name if self.parent_id is None else f"{self.parent.name} › {self.name}"


class InformationItem(models.Model):
    """One piece of proactively disclosed government information with its catalogue metadata."""

    agency = models.ForeignKey(Agency, verbose_name="机构", on_delete=models.PROTECT, related_name="items")
    column = models.ForeignKey(Column, verbose_name="栏目", on_delete=models.PROTECT, related_name="items")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True)
    index_number = models.CharField(
        "索引号", max_length=64, null=True, blank=True, unique=True, editable=False
    )
    index_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    topic = models.CharField("主题分类", max_length=40, choices=Topic.choices, default=Topic.GENERAL)
    genre = models.CharField("体裁分类", max_length=20, choices=Genre.choices, default=Genre.NOTICE)
    doc_type = models.CharField("文件类型", max_length=20, choices=DocType.choices, default=DocType.OTHER)
    publisher = models.CharField("发布机构", max_length=150, blank=True, help_text="留空则为本机构")
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, editable=False, db_index=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True, editable=False)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="以空格或逗号分隔")
    state = models.CharField(
        "状态", max_length=20, choices=State.choices, default=State.DRAFT, editable=False, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    reviewed_digest = models.CharField(
        "审核时内容摘要",
        max_length=64,
        blank=True,
        editable=False,
        help_text="审核通过时全部公开内容的 SHA-256；签批时不一致即退回重新审核",
    )

    class Meta:
        verbose_name = verbose_name_plural = "政府信息"
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"],
                condition=Q(index_serial__isnull=False),
                name="unique_index_serial",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(index_number__isnull=False), name="published_has_index"
            ),
        ]
        indexes = [models.Index(fields=["agency", "state", "-published_on"])]

    def __str__(self):
        return self.title

    @property
    def publisher_name(self) -> str:
        return self.publisher or self.agency.name

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED

    def search_text(self) -> str:
        """Everything a full-text index should cover: title, body, metadata and attachment text."""
        parts = [
            self.title,
            self.body,
            self.index_number or "",
            self.doc_number,
            self.keywords,
            self.publisher_name,
            self.topic,
            self.genre,
        ]
        parts += [a.extracted_text for a in self.attachments.all()]
        return "\n".join(p for p in parts if p)


def attachment_path(instance, filename):
    return f"attachments/{instance.item.agency.slug}/{instance.item_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    extracted_text = models.TextField("提取的文字", blank=True, editable=False)
    text_extracted = models.BooleanField("已提取文字", default=False, editable=False)
    unreadable_reason = models.CharField("无法检查的原因", max_length=200, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class IndexNumberSequence(models.Model):
    """The last 索引号 serial allocated by an agency in a year; rows are locked while allocating."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "索引号序列"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_index_sequence")]

    def __str__(self):
        return f"{self.agency.org_code}/{self.year}: {self.last_value}"


class WorkflowEvent(models.Model):
    """One step of an item's life (submit, approve, return, sign off, withdraw…), kept forever."""

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "流转记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.item} {self.get_from_state_display()} → {self.get_to_state_display()}"


class ValidityChange(models.Model):
    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="validity_changes")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    old = models.CharField("原有效性", max_length=20, choices=Validity.choices)
    new = models.CharField("新有效性", max_length=20, choices=Validity.choices)
    effective_on = models.DateField("变更日期")
    reason = models.TextField("理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "有效性变更"
        ordering = ["effective_on", "pk"]

    def __str__(self):
        return f"{self.item} {self.get_old_display()} → {self.get_new_display()}（{self.effective_on}）"


class PrivacyOverride(models.Model):
    """A reviewer's recorded decision to publish despite scan hits; it covers exactly the hits it lists."""

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="privacy_overrides")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField("理由")
    fingerprints = models.JSONField("涉及的检查结果", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "保密审查放行记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.item}：{self.reason[:40]}"
