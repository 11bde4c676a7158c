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


RECEIPT_RULES = {
    Channel.ONLINE: "通过互联网渠道提交，以双方确认之日为收到申请之日",
    Channel.COUNTER: "当面提交，以提交之日为收到申请之日",
    Channel.POST_SIGNED: "邮寄提交，以本机关签收之日为收到申请之日",
    Channel.POST_UNSIGNED: "以平信等无需签收的方式邮寄，以与申请人确认之日为收到申请之日",
    Channel.FAX: "通过传真提交，以双方确认之日为收到申请之日",
    Channel.EMAIL: "通过申请邮箱提交，以电子邮件系统接收之日为收到申请之日",
    Channel.ORAL: "口头提出并由工作机构代为填写，以提出之日为收到申请之日",
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
    RUNNING = "running", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "等待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "等待缴费"
    CLOSED = "closed", "已办结"


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    tracking_number = models.CharField("查询码", max_length=20, unique=True, editable=False)
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
    received_on = models.DateField("收到申请之日", db_index=True)
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
                | models.Q(replied_on__gte=models.F("received_on")),
                name="reply_not_before_receipt",
            ),
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.state != CaseState.CLOSED


class StepKind(models.TextChoices):
    CORRECTION_REQUESTED = "correction_requested", "发出补正告知"
    CORRECTION_RECEIVED = "correction_received", "收到补正"
    CONSULTATION_STARTED = "consultation_started", "征求意见"
    CONSULTATION_ENDED = "consultation_ended", "征求意见结束"
    EXTENSION_APPROVED = "extension_approved", "延长答复期限"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳信息处理费"
    CLOSED = "closed", "办结"


class Step(models.Model):
    """One dated thing that happened to an application; the clock is replayed from these."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("事项", max_length=24, choices=StepKind.choices)
    on = models.DateField("日期")
    party = models.CharField("被征求意见方", max_length=100, blank=True)
    workdays = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)
    received_on = models.DateField("申请人收到日期", null=True, blank=True)
    amount = models.PositiveIntegerField("金额（元）", null=True, blank=True)
    fee_method = models.CharField("计费方式", max_length=12, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理步骤"
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.on} {self.get_kind_display()}"
