"""The proactive-disclosure catalogue (主动公开目录): columns, information items, their attachments and
history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gongkai_platform.agencies.models import Agency
from gongkai_platform.auditlog import actions
from gongkai_platform.catalogue.vocabulary import SEPARATOR


class Vocabulary(models.Model):
    """A two-level classification (主题分类, 体裁分类) that administrators edit; an item points at either
    level, and everyone sees the full path (`综合政务\\政务公开`)."""

    parent = models.ForeignKey(
        "self",
        verbose_name="上级类目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("名称", max_length=60)
    code = models.CharField("代码", max_length=8, blank=True, help_text="索引号中的分类代码，如 0101")
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True, help_text="停用后不再可选，已有信息保留原分类")

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.path

    @property
    def path(self) -> str:
        return self.name if self.parent_id is None else f"{self.parent.name}{SEPARATOR}{self.name}"

    def subtree_ids(self) -> list[int]:
        return [self.pk, *self.children.values_list("pk", flat=True)]


class Topic(Vocabulary):
    """主题分类, seeded from gov.cn's two-level scheme (catalogue/vocabulary.py)."""

    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "主题分类"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_topic_name"),
            models.UniqueConstraint(fields=["name"], condition=Q(parent=None), name="unique_top_topic_name"),
        ]


class Genre(Vocabulary):
    """体裁分类: the 公文 kinds and the forms disclosure pages carry (catalogue/vocabulary.py)."""

    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "体裁分类"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_genre_name"),
            models.UniqueConstraint(fields=["name"], condition=Q(parent=None), name="unique_top_genre_name"),
        ]


class Disclosure(models.TextChoices):
    """公开属性. Only 主动公开 items show their content on the portal; 依申请公开 ones appear in the 目录 with
    their metadata; 不予公开 ones are never published."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class Channel(models.TextChoices):
    """公开方式: the channels of 条例第二十三条 and the 查阅场所 of 第二十五条."""

    WEBSITE = "website", "政府网站"
    GAZETTE = "gazette", "政府公报"
    NEW_MEDIA = "new_media", "政务新媒体"
    PRESS = "press", "新闻发布会"
    MEDIA = "media", "报刊、广播、电视"
    READING_ROOM = "reading_room", "查阅场所"


class Audience(models.TextChoices):
    PUBLIC = "public", "社会公众"
    CITIZENS = "citizens", "公民"
    ENTERPRISES = "enterprises", "企业"
    ORGANISATIONS = "organisations", "法人和其他组织"
    AGENCIES = "agencies", "行政机关"


def default_channels() -> list[str]:
    return [Channel.WEBSITE.value]


class Secrecy(models.TextChoices):
    """涉密状态, set by the 保密审查 (approval or a reviewer's finding), never typed by the drafter."""

    UNREVIEWED = "", "未审查"
    NOT_SECRET = "not_secret", "非涉密"
    SECRET = "secret", "涉密"


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
    article21_level = models.CharField(
        "条例第二十一条适用层级",
        max_length=20,
        blank=True,
        choices=[("city_county", "设区的市级、县级人民政府及其部门"), ("township", "乡（镇）人民政府")],
        help_text="只在该层级机构的网站上显示",
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
    index_year = models.PositiveSmallIntegerField("索引号年度", null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField("索引号序号", null=True, blank=True, editable=False)
    index_period = models.CharField(
        "索引号编号周期", max_length=6, blank=True, editable=False, help_text="序号所属的年或年月"
    )
    summary = models.CharField(
        "内容概述", max_length=100, blank=True, help_text="100字以内，列入政府信息公开目录（条例第十二条）"
    )
    topic = models.ForeignKey(
        Topic, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    genre = models.ForeignKey(
        Genre, verbose_name="体裁分类", null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    disclosure = models.CharField(
        "公开属性", max_length=20, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    disclosure_reason = models.CharField(
        "不主动公开的理由", max_length=200, blank=True, help_text="公开属性不是主动公开时必填，如所依据的条款"
    )
    channels = models.JSONField("公开方式", default=default_channels, blank=True)
    audience = models.CharField("服务对象", max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    secrecy = models.CharField(
        "涉密状态",
        max_length=20,
        choices=Secrecy.choices,
        default=Secrecy.UNREVIEWED,
        blank=True,
        editable=False,
    )
    doc_type = models.CharField("文件类型", max_length=20, choices=DocType.choices, default=DocType.OTHER)
    publisher = models.CharField("发布机构", max_length=150, blank=True, help_text="留空则为本机构")
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, editable=False, db_index=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.VALID)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
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
                fields=["agency", "index_period", "index_serial"],
                condition=Q(index_serial__isnull=False),
                name="unique_index_serial",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(index_number__isnull=False), name="published_has_index"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "state", "-published_on"]),
            # Read without touching the rows (docs/benchmarks.md, province): each agency's last publication per
            # column (the dashboard's stale columns) and a site's count per column (the portal home) ...
            models.Index(
                fields=["agency", "column", "published_on", "id"],
                condition=Q(state="published"),
                name="item_published_by_column",
            ),
            # ... a column's newest items, read newest first up to the few a portal home shows ...
            models.Index(fields=["column", "state", "-published_on", "-id"], name="item_column_newest"),
            # ... and the 第二十条第（一）项 figures, which count published 规章 and 规范性文件 only.
            models.Index(
                fields=["agency", "doc_type", "written_on", "published_on", "id"],
                condition=Q(state="published", doc_type__in=["rule", "normative"]),
                name="item_article20_figures",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def publisher_name(self) -> str:
        return self.publisher or self.agency.name

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED

    @property
    def shows_content(self) -> bool:
        """Whether the portal, API and search carry the body and attachments (主动公开 only)."""
        return self.disclosure == Disclosure.PROACTIVE

    @property
    def topic_path(self) -> str:
        return self.topic.path if self.topic_id else ""

    @property
    def genre_path(self) -> str:
        return self.genre.path if self.genre_id else ""

    def channel_labels(self) -> str:
        return "、".join(Channel(c).label for c in self.channels if c in Channel.values)

    def clean(self):
        from gongkai_platform.catalogue.metadata import errors

        found = errors(self)
        if found:
            raise ValidationError(found)

    def search_text(self) -> str:
        """Everything a full-text index should cover: title, body, metadata and attachment text."""
        parts = [
            self.title,
            self.body,
            self.index_number or "",
            self.doc_number,
            self.keywords,
            self.publisher_name,
            self.summary,
            self.topic.path if self.topic else "",
            self.genre.path if self.genre else "",
        ]
        if self.disclosure != Disclosure.PROACTIVE:
            return "\n".join(p for p in [self.title, self.summary, self.index_number or ""] if p)
        parts += [a.extracted_text for a in self.attachments.all()]
        return "\n".join(p for p in parts if p)


def attachment_path(instance, filename):
    return f"attachments/{instance.item.agency.slug}/{instance.item_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(
        InformationItem, verbose_name="所属信息", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    extracted_text = models.TextField("提取的文字", blank=True, editable=False)
    text_extracted = models.BooleanField("已提取文字", default=False, editable=False)
    unreadable_reason = models.CharField("无法检查的原因", max_length=200, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class IndexNumberSequence(models.Model):
    """The last 索引号 serial allocated by an agency in a year; rows are locked while allocating."""

    agency = models.ForeignKey(Agency, verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("年或年月", max_length=6)
    last_value = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "索引号序列"
        constraints = [
            models.UniqueConstraint(fields=["agency", "period"], name="unique_index_period_sequence")
        ]

    def __str__(self):
        return f"{self.agency.org_code}/{self.period}: {self.last_value}"


# 公开方式 is a JSON list of Channel codes: the audit log's 变更内容 shows them by name (auditlog/admin.py)
InformationItem._meta.get_field("channels").value_labels = dict(Channel.choices)


def workflow_actions() -> list[tuple[str, str]]:
    """An item's workflow steps by the names the audit log gives them (`item.submit` → 提交审核)."""
    return [
        (code.removeprefix("item."), name) for code, name in actions.NAMES.items() if code.startswith("item.")
    ]


class WorkflowEvent(models.Model):
    """One step of an item's life (submit, approve, return, sign off, withdraw…), kept forever."""

    item = models.ForeignKey(
        InformationItem, verbose_name="信息", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=40, choices=workflow_actions)
    from_state = models.CharField("原状态", max_length=20, choices=State.choices)
    to_state = models.CharField("新状态", max_length=20, choices=State.choices)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "流转记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.item} {self.get_from_state_display()} → {self.get_to_state_display()}"


class ValidityChange(models.Model):
    item = models.ForeignKey(
        InformationItem, verbose_name="信息", on_delete=models.CASCADE, related_name="validity_changes"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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

    item = models.ForeignKey(
        InformationItem, verbose_name="信息", on_delete=models.CASCADE, related_name="privacy_overrides"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField("理由")
    fingerprints = models.JSONField("涉及的检查结果", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "保密审查放行记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.item}：{self.reason[:40]}"


class Deliverable(models.TextChoices):
    GUIDE = "guide", "政府信息公开指南"
    DIRECTORY = "directory", "政府信息公开目录"
    ANNUAL_REPORT = "annual_report", "政府信息公开工作年度报告"
    ITEMS = "items", "主动公开的政府信息"


class Recipient(models.TextChoices):
    ARCHIVES = "archives", "国家档案馆"
    LIBRARY = "library", "公共图书馆"
    SERVICE_HALL = "service_hall", "政务服务场所"


class Delivery(models.Model):
    """One transfer of published material to a 查阅场所 (条例第二十五条): when, to whom, what, by whom."""

    agency = models.ForeignKey(
        Agency, verbose_name="机构", on_delete=models.PROTECT, related_name="deliveries"
    )
    delivered_on = models.DateField("送交日期")
    recipient = models.CharField("接收场所类别", max_length=20, choices=Recipient.choices)
    recipient_name = models.CharField("接收单位", max_length=150, help_text="如 满洲里市档案馆")
    what = models.CharField("送交内容", max_length=20, choices=Deliverable.choices)
    edition = models.CharField(
        "版本或年度", max_length=60, blank=True, help_text="如 2025年度、2026年3月修订版"
    )
    copies = models.PositiveSmallIntegerField("份数", default=1)
    delivered_by = models.CharField("经办人", max_length=60)
    received_by = models.CharField("接收人", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "送交登记"
        ordering = ["-delivered_on", "-pk"]

    def __str__(self):
        return f"{self.delivered_on} {self.get_what_display()} → {self.recipient_name}"
