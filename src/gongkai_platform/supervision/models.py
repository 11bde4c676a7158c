"""督办: a 公开办 notice to one agency about a problem it must fix, kept until an agency user answers it."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from gongkai.parsers.pages import base_name

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


QUEUED_HINT_AFTER = timedelta(minutes=5)  # a worker that runs takes a new job within seconds


class BulkAudit(models.Model):
    """批量检查: one batch of published reports a supervisor uploaded, audited in the background worker.

    The uploads wait in file storage until the worker has read them; the per-file results (`BulkAuditFile`) and
    the downloads stay until the owner deletes the job."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField("提交时间", default=timezone.now)
    finished = models.DateTimeField("完成时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    archives = models.JSONField("待解压的压缩包", default=list, blank=True)  # [[name, storage name], ...]
    total = models.PositiveIntegerField("文件总数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    error = models.TextField("错误信息", blank=True)
    summary = models.JSONField("结果摘要", default=dict, blank=True)
    result_xlsx = models.FileField("结果 XLSX", upload_to="bulk-audits/results/", blank=True)
    result_csv = models.FileField("结果 CSV（单元格编号）", upload_to="bulk-audits/results/", blank=True)
    result_csv_zh = models.FileField("结果 CSV（中文表头）", upload_to="bulk-audits/results/", blank=True)
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)  # the step queued last
    progressed = models.DateTimeField("最近进展时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量检查"
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["owner", "-created"])]

    def __str__(self):
        return f"批量检查 {self.created:%Y-%m-%d %H:%M}（{self.total}个文件）"

    @property
    def finished_work(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @cached_property
    def interrupted(self) -> bool:
        """已中断: unfinished, and no worker will move it on. Either its last step's task ended without queueing the
        next (the worker was stopped twice and the library marked the task failed, or the task row is gone), or
        the task is still marked running but no progress was saved for BULK_AUDIT_STALE_AFTER (the worker was
        killed outright: SIGKILL, the OOM killer, a lost machine). A step still waiting for a worker is not."""
        if self.finished_work:
            return False
        status = DBTaskResult.objects.filter(id=self.task_id or None).values_list("status", flat=True).first()
        if status == TaskResultStatus.READY:
            return False
        if status == TaskResultStatus.RUNNING:
            since = self.progressed or self.created
            return timezone.now() - since > settings.BULK_AUDIT_STALE_AFTER
        return True

    @property
    def waiting_long(self) -> bool:
        """Queued for more than QUEUED_HINT_AFTER: other tasks are ahead of it, or no worker is running."""
        since = self.progressed or self.created
        return self.status == self.Status.QUEUED and timezone.now() - since > QUEUED_HINT_AFTER

    @property
    def label(self) -> str:
        return "已中断" if self.interrupted else self.get_status_display()

    @property
    def stage(self) -> str:
        """What the worker is doing, as the progress page says it."""
        if self.interrupted:
            return "检查已中断"
        if self.status == self.Status.QUEUED:
            return "排队中，等待开始…"
        if self.archives:
            return "正在解压压缩包…"
        if self.status == self.Status.RUNNING and self.done >= self.total:
            return "正在比对全批报告并生成下载文件…"
        return "正在检查…" if self.status == self.Status.RUNNING else self.get_status_display()

    @property
    def tone(self) -> str:
        """The status badge's colour (components/badge.html)."""
        if self.interrupted:
            return "warn"
        return {"queued": "muted", "running": "info", "done": "ok", "failed": "danger"}[self.status]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class BulkAuditFile(models.Model):
    """One report file of a batch: waiting, audited (its report and findings stored), or refused with a reason."""

    class State(models.TextChoices):
        PENDING = "pending", "待检查"
        AUDITED = "audited", "已检查"
        REFUSED = "refused", "未检查"

    job = models.ForeignKey(
        BulkAudit, verbose_name="批量检查", on_delete=models.CASCADE, related_name="files"
    )
    position = models.PositiveIntegerField("序号")
    name = models.CharField("文件", max_length=1000)
    stored = models.CharField("存储位置", max_length=300, blank=True)  # emptied once read
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.CharField("未检查原因", max_length=200, blank=True)
    report = models.JSONField("报告", null=True, blank=True)  # Report.as_dict(), findings included
    agency = models.CharField("机构", max_length=200, blank=True)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    infos = models.PositiveIntegerField("提示", default=0)
    ocr = models.BooleanField("OCR识别", default=False)
    # a report scanned one image file per page: [[file name, storage name], ...] in page order (the storage
    # name emptied once read); `name` is then the report's (gongkai.parsers.pages.report_name), `stored` empty
    pages = models.JSONField("页面图像", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量检查文件"
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="bulk_audit_file_position")]
        indexes = [models.Index(fields=["job", "state", "position"])]

    def __str__(self):
        return self.name

    @property
    def stored_names(self) -> list[str]:
        """Where the file, or each page image of the report, waits in storage until read."""
        names = [stored for _, stored in self.pages] if self.pages else [self.stored]
        return [n for n in names if n]

    @property
    def page_names(self) -> list[str]:
        """The page images' file names, without the folder the report's name already gives."""
        return [base_name(name) for name, _ in self.pages]
