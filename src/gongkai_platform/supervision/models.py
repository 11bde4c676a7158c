"""督办: a 公开办 notice to one agency about a problem it must fix, kept until an agency user answers it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai_platform.agencies.models import Agency


class Topic(models.TextChoices):
    OVERDUE_CASE = "overdue_case", "超期未答复的申请"
    STALE_COLUMN = "stale_column", "未按时更新的栏目"
    LATE_REPORT = "late_report", "年度报告未按时发布"
    REPORT_ERRORS = "report_errors", "年度报告存在错误"
    OTHER = "other", "其他"


class Notice(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="督办对象", on_delete=models.PROTECT, related_name="notices"
    )
    topic = models.CharField("督办事项", max_length=20, choices=Topic.choices)
    subject = models.CharField("标题", max_length=100)
    text = models.TextField("督办内容", max_length=5000)
    due_on = models.DateField("办理期限")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发出人", on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("发出时间", default=timezone.now)
    reply = models.TextField("办理情况", max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办"
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["agency", "answered_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(answered_at__isnull=True) & models.Q(reply=""))
                | (models.Q(answered_at__isnull=False) & ~models.Q(reply="")),
                name="notice_reply_with_time",
            )
        ]

    def __str__(self):
        return f"督办：{self.agency.display_name} · {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    def is_late(self, today=None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())
