"""Applications for disclosure (依申请公开) and their dated steps.

An application's clock fields (state, due dates) are a cache of `clock.compute` over its steps, refreshed by
every service that adds a step and whenever the working-day calendar changes.
"""

from django.conf import settings
from django.db import models

from gongkai_platform.agencies.models import Agency
from gongkai_platform.applications.outcomes import COLUMN_LABELS, OUTCOMES

ApplicantKind = models.TextChoices("ApplicantKind", [(k, (k, v)) for k, v in COLUMN_LABELS.items()])
Outcome = models.TextChoices("Outcome", [(k.replace(".", "_"), (k, o.title)) for k, o in OUTCOMES.items()])


class Channel(models.TextChoices):
    """How the application arrived; it decides the receipt date (条例 第三十一条)."""

    ONLINE = "online", "网上申请"
    COUNTER = "counter", "当面提交"
    POST_SIGNED = "post_signed", "邮寄（需签收）"
    POST_UNSIGNED = "post_unsigned", "邮寄（平信）"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ORAL = "oral", "口头提出（代为填写）"


# 条例 第三十一条 (2019). E-mail is an internet channel: the 2015 rule "以电子邮件系统接收之日" (国办公开办函
# 〔2015〕207号) predates the 2019 text, which fixes the day both sides confirm.
RECEIPT_RULES = {
    Channel.ONLINE: "通过互联网渠道提交，以双方确认之日为收到申请之日（第三十一条第三项）",
    Channel.COUNTER: "当面提交，以提交之日为收到申请之日（第三十一条第一项）",
    Channel.POST_SIGNED: "以邮寄方式提交，以政府信息公开工作机构签收之日为收到申请之日（第三十一条第二项）",
    Channel.POST_UNSIGNED: "以平常信函等无需签收的邮寄方式提交，以政府信息公开工作机构与申请人确认之日为收到申请之日"
    "（第三十一条第二项）",
    Channel.FAX: "通过政府信息公开工作机构的传真提交，以双方确认之日为收到申请之日（第三十一条第三项）",
    Channel.EMAIL: "通过电子邮件等互联网渠道提交，以双方确认之日为收到申请之日（第三十一条第三项）",
    Channel.ORAL: "口头提出并由政府信息公开工作机构代为填写，以提出之日为收到申请之日（第二十九条、第三十一条第一项）",
}


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文本"


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上查看"


class CaseState(models.TextChoices):
    PENDING = "pending", "待确认收到"
    RUNNING = "running", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "等待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "等待缴费"
    CLOSED = "closed", "已办结"


class NotHeldGround(models.TextChoices):
    """The two replies counted in Table 三 (四)1 本机关不掌握相关政府信息."""

    NONEXISTENT = "nonexistent", "该政府信息不存在（第三十六条第（四）项）"
    NOT_OURS = "not_ours", "不属于本机关负责公开（第三十六条第（五）项）"


WITHHELD_BASES = [(k, o.title) for k, o in OUTCOMES.items() if k.startswith("withheld.")]


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    tracking_number = models.CharField("查询码", max_length=20, unique=True, editable=False)
    number = models.CharField(
        "登记编号",
        max_length=20,
        blank=True,
        editable=False,
        help_text="收到申请时按年度编号，如 2026-YSQ-0012",
    )
    applicant_kind = models.CharField("申请人类型", max_length=12, choices=ApplicantKind.choices)
    applicant_name = models.CharField("姓名或名称", max_length=100)
    id_number = models.CharField("身份证件号码或统一社会信用代码", max_length=30)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    description = models.TextField("所需信息的名称、文号或特征性描述")
    document_number = models.CharField("文号", max_length=100, blank=True)
    delivery_form = models.CharField("信息的指定提供载体", max_length=12, choices=DeliveryForm.choices)
    delivery_method = models.CharField("获取信息的方式", max_length=12, choices=DeliveryMethod.choices)
    pieces = models.PositiveSmallIntegerField("件数", default=1, help_text="按“一事一申请”拆分后的件数")
    channel = models.CharField("提交渠道", max_length=16, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    received_on = models.DateField(
        "收到申请之日",
        null=True,
        blank=True,
        db_index=True,
        help_text="网上申请在确认收到之前为空（第三十一条）",
    )
    id_proof = models.FileField("身份证明", upload_to="applications/id/%Y/", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # cache of the clock
    state = models.CharField("状态", max_length=24, choices=CaseState.choices, default=CaseState.RUNNING)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    correction_due = models.DateField("补正期限", null=True, blank=True)
    fee_due = models.DateField("缴费期限", null=True, blank=True)
    clock_error = models.CharField("期限计算问题", max_length=300, blank=True)
    # the decision
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    reply_notes = models.TextField("答复补充说明", blank=True)
    not_held_ground = models.CharField(
        "不掌握的情形", max_length=12, choices=NotHeldGround.choices, blank=True
    )
    responsible_organ = models.CharField("负责公开该信息的机关", max_length=150, blank=True)
    responsible_contact = models.CharField("该机关的联系方式", max_length=200, blank=True)
    withheld_parts = models.TextField("不予公开的部分", blank=True)
    withheld_basis = models.CharField("不予公开部分的理由", max_length=40, choices=WITHHELD_BASES, blank=True)
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name="转办自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
    )
    catalogue_item = models.ForeignKey(
        "catalogue.InformationItem",
        verbose_name="转为主动公开的信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["agency", "state", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(outcome="") & models.Q(replied_on__isnull=True))
                | (~models.Q(outcome="") & models.Q(replied_on__isnull=False)),
                name="outcome_with_reply_date",
            ),
            models.CheckConstraint(
                condition=models.Q(replied_on__isnull=True)
                | (models.Q(received_on__isnull=False) & models.Q(replied_on__gte=models.F("received_on"))),
                name="reply_not_before_receipt",
            ),
            models.UniqueConstraint(
                fields=["agency", "number"], condition=~models.Q(number=""), name="unique_case_number"
            ),
        ]

    def __str__(self):
        return f"{self.number or self.tracking_number} {self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.state != CaseState.CLOSED

    @property
    def file_stem(self) -> str:
        """What a downloaded document of this case is named after: its register number once received."""
        return self.number or self.tracking_number


class StepKind(models.TextChoices):
    RECEIPT_CONFIRMED = "receipt_confirmed", "确认收到申请"
    CORRECTION_REQUESTED = "correction_requested", "发出补正告知"
    CORRECTION_RECEIVED = "correction_received", "收到补正"
    CONSULTATION_STARTED = "consultation_started", "征求意见"
    CONSULTATION_ENDED = "consultation_ended", "征求意见结束"
    EXTENSION_PROPOSED = "extension_proposed", "提请延长答复期限"
    EXTENSION_APPROVED = "extension_approved", "延长答复期限"
    REASONS_REQUESTED = "reasons_requested", "要求说明理由"
    REASONS_RECEIVED = "reasons_received", "收到申请人说明的理由"
    REPLY_DEFERRED = "reply_deferred", "确定延迟答复期限"
    FORWARDED = "forwarded", "转办"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳信息处理费"
    CLOSED = "closed", "办结"


class Step(models.Model):
    """One dated thing that happened to an application; the clock is replayed from these."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("事项", max_length=24, choices=StepKind.choices)
    on = models.DateField("日期")
    party = models.CharField("对方", max_length=150, blank=True, help_text="被征求意见方或转办的机关")
    workdays = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)
    received_on = models.DateField("对方收到日期", null=True, blank=True)
    until = models.DateField("延迟答复期限", null=True, blank=True)
    by_applicant = models.BooleanField("申请人在线提交", default=False)
    amount = models.PositiveIntegerField("金额（元）", null=True, blank=True)
    fee_method = models.CharField("计费方式", max_length=12, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理步骤"
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.on} {self.get_kind_display()}"


class FilePurpose(models.TextChoices):
    CORRECTION = "correction", "申请人补正材料"
    RELEASED = "released", "答复提供的政府信息"


class CaseFile(models.Model):
    """A document of a case: the applicant's correction material, or information released with the reply
    (an uploaded file, or a link to a published catalogue item)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    step = models.ForeignKey(Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="files")
    purpose = models.CharField("用途", max_length=12, choices=FilePurpose.choices)
    title = models.CharField("名称", max_length=200)
    file = models.FileField("文件", upload_to="applications/files/%Y/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    catalogue_item = models.ForeignKey(
        "catalogue.InformationItem",
        verbose_name="已主动公开的信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    redacted = models.CharField("区分处理说明", max_length=500, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请材料和答复附件"
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | models.Q(catalogue_item__isnull=False), name="file_or_item"
            )
        ]

    def __str__(self):
        return self.title


class LetterKind(models.TextChoices):
    """Each kind of letter has its own 文号 sequence per agency and year."""

    RECEIPT = "receipt", "收件回执"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期告知书"
    CONSULTATION = "consultation", "征求意见函"
    REPLY = "reply", "答复书"
    NOTICE = "notice", "告知书"
    FEE = "fee", "收费通知书"


class Sequence(models.Model):
    """The last number used per agency, year and series (a letter kind, or the case register)."""

    agency = models.ForeignKey(Agency, verbose_name="机构", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    series = models.CharField("编号序列", max_length=16)
    last = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文号与登记编号序列"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "series"], name="unique_sequence")]

    def __str__(self):
        return f"{self.agency_id} {self.year} {self.series} {self.last}"


class Letter(models.Model):
    """A numbered letter issued in a case; its text is composed from the case when rendered."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    step = models.ForeignKey(Step, null=True, blank=True, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书", max_length=16, choices=LetterKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=80)
    issued_on = models.DateField("日期")

    class Meta:
        verbose_name = verbose_name_plural = "办理文书"
        ordering = ["issued_on", "pk"]

    def __str__(self):
        return self.number

    @property
    def filename_stem(self) -> str:
        """`满洲里市统计局2026-YSQ-0012答复书`: the issuing agency, the case and what the letter is."""
        return f"{self.application.agency.name}{self.application.file_stem}{self.get_kind_display()}"


class Message(models.Model):
    """What the applicant was told, when and how (e-mail, SMS); the tracking page's timeline."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    step = models.ForeignKey(Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    email = models.CharField("发送邮箱", max_length=254, blank=True)
    phone = models.CharField("发送手机", max_length=30, blank=True)
    delivery = models.CharField("发送结果", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "告知申请人的消息"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.subject
