"""The register of reviews and lawsuits about an agency's disclosure work (Table 四).

A case belongs to the agency whose act it challenges (国办公开办函〔2016〕201号: the acting organ counts it, not a
复议机关 that is co-defendant). Its subject says what it is about: an application on the platform, an application
older than the platform, proactive disclosure, or something else; only the first links to an application.
"""

from django.db import models
from gongkai.standard.formats import S4_COLUMNS, S4_ROWS

from gongkai_platform.agencies.models import Agency
from gongkai_platform.applications.models import Application

Group = models.TextChoices(
    "Group", [(r.key, (r.key, f"{r.group}·{r.label}" if r.group else r.label)) for r in S4_ROWS]
)
Result = models.TextChoices(
    "Result", [(c.key, (c.key, c.label)) for c in S4_COLUMNS if c.key not in ("pending", "total")]
)


class Subject(models.TextChoices):
    APPLICATION = "application", "依申请公开"
    PROACTIVE = "proactive", "主动公开"
    OTHER = "other", "其他"


class Appeal(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="被申请人（被告）", on_delete=models.PROTECT, related_name="appeals"
    )
    subject = models.CharField(
        "所涉事项", max_length=12, choices=Subject.choices, default=Subject.APPLICATION
    )
    application = models.ForeignKey(
        Application,
        verbose_name="所涉申请",
        on_delete=models.PROTECT,
        related_name="appeals",
        null=True,
        blank=True,
        help_text="平台上办理的申请；平台启用前的申请、主动公开或其他事项留空并填写事由",
    )
    matter = models.CharField(
        "事由",
        max_length=300,
        blank=True,
        help_text="如：不服2022年第15号申请的答复；认为未主动公开某项信息",
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
            models.CheckConstraint(
                condition=models.Q(application__isnull=True) | models.Q(subject="application"),
                name="appeal_application_only_for_its_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_group_display()} {self.case_number or self.filed_on}"

    def save(self, *args, **kwargs):
        if (
            self.agency_id is None and self.application_id is not None
        ):  # a case about an application: its agency
            self.agency_id = Application.objects.values_list("agency_id", flat=True).get(
                pk=self.application_id
            )
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.result) != bool(self.concluded_on):
            raise ValidationError("结果和审结日期须同时填写；尚未审结的两项都留空。")
        if self.concluded_on and self.filed_on and self.concluded_on < self.filed_on:
            raise ValidationError("审结日期不能早于申请或立案日期。")
        if self.application_id:
            if self.subject != Subject.APPLICATION:
                raise ValidationError("关联了申请的案件，所涉事项应为依申请公开。")
            if self.agency_id and self.agency_id != self.application.agency_id:
                raise ValidationError("被申请人应为办理所涉申请的机关。")
            if self.filed_on and self.filed_on < self.application.received_on:
                raise ValidationError("复议或诉讼日期不能早于所涉申请的收到日期。")
        elif not self.matter.strip():
            raise ValidationError("未关联平台上的申请的案件，请填写事由（所涉申请或信息）。")
