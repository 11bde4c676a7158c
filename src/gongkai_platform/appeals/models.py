"""The register of reviews and lawsuits, each linked to the application it challenges."""

from django.db import models
from gongkai.standard.formats import S4_COLUMNS, S4_ROWS

from gongkai_platform.applications.models import Application

Group = models.TextChoices(
    "Group", [(r.key, (r.key, f"{r.group}·{r.label}" if r.group else r.label)) for r in S4_ROWS]
)
Result = models.TextChoices(
    "Result", [(c.key, (c.key, c.label)) for c in S4_COLUMNS if c.key not in ("pending", "total")]
)


class Appeal(models.Model):
    application = models.ForeignKey(
        Application, verbose_name="所涉申请", on_delete=models.PROTECT, related_name="appeals"
    )
    group = models.CharField("类型", max_length=20, choices=Group.choices)
    case_number = models.CharField("案号", max_length=100, blank=True)
    organ = models.CharField("复议机关或法院", max_length=150)
    filed_on = models.DateField("申请或立案日期", db_index=True)
    result = models.CharField(
        "结果", max_length=12, choices=Result.choices, blank=True, help_text="尚未审结的留空"
    )
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(result="") & models.Q(concluded_on__isnull=True))
                | (~models.Q(result="") & models.Q(concluded_on__isnull=False)),
                name="appeal_result_with_date",
            ),
            models.CheckConstraint(
                condition=models.Q(concluded_on__isnull=True)
                | models.Q(concluded_on__gte=models.F("filed_on")),
                name="appeal_concluded_after_filed",
            ),
        ]

    def __str__(self):
        return f"{self.get_group_display()} {self.case_number or self.filed_on}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.result) != bool(self.concluded_on):
            raise ValidationError("结果和审结日期须同时填写；尚未审结的两项都留空。")
        if self.concluded_on and self.filed_on and self.concluded_on < self.filed_on:
            raise ValidationError("审结日期不能早于申请或立案日期。")
        if self.application_id and self.filed_on and self.filed_on < self.application.received_on:
            raise ValidationError("复议或诉讼日期不能早于所涉申请的收到日期。")
