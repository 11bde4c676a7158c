"""An agency's annual report for one year, and the Table 二 figures an agency keeps outside the platform."""

from django.conf import settings
from django.db import models

from gongkai_platform.agencies.models import Agency


class Status(models.TextChoices):
    DRAFTED = "drafted", "起草中"
    SIGNED = "signed", "已签批"
    PUBLISHED = "published", "已发布"


class Source(models.TextChoices):
    GENERATED = "generated", "平台生成"
    IMPORTED = "imported", "导入已发布报告"


def output_path(instance, filename):
    return f"annual_reports/{instance.agency.slug}/{instance.year}/{filename}"


class Scope(models.TextChoices):
    """What a 人民政府's report counts (条例 第四十九条: the 主管部门 publishes the 本级政府年度报告 by 31 March)."""

    OWN = "own", "本机关"
    LEVEL = "level", "本级政府及所属部门汇总"


class AnnualReport(models.Model):
    """Cells are keyed by the cell ids of FORMATS.md; money is kept as a decimal string so 万元 stay exact."""

    agency = models.ForeignKey(
        Agency, verbose_name="机构", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("格式", max_length=8)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFTED)
    source = models.CharField("来源", max_length=12, choices=Source.choices, default=Source.GENERATED)
    locked_on = models.DateField(
        "数据锁定日期", null=True, blank=True, help_text="锁定后不再按业务数据重新生成表格"
    )
    prose1 = models.TextField("一、总体情况", blank=True)
    prose5 = models.TextField("五、存在的主要问题及改进情况", blank=True)
    prose6 = models.TextField("六、其他需要报告的事项", blank=True)
    scope = models.CharField(
        "统计范围",
        max_length=8,
        choices=Scope.choices,
        default=Scope.OWN,
        help_text="人民政府的年度报告可汇总本级政府所属部门的数据",
    )
    # 条例 第五十条第（四）项: a 人民政府's report states these; the office enters them, the draft words them.
    assessment_units = models.PositiveIntegerField("参加考核的单位数", null=True, blank=True)
    assessment_result = models.CharField(
        "工作考核结果", max_length=200, blank=True, help_text="如：优秀8个、良好20个、合格2个"
    )
    public_reviews = models.PositiveIntegerField("社会评议次数", null=True, blank=True)
    public_review_result = models.CharField(
        "社会评议结果", max_length=200, blank=True, help_text="如：群众满意率96.5%"
    )
    accountability_count = models.PositiveIntegerField(
        "责任追究人次", null=True, blank=True, help_text="没有责任追究的填0"
    )
    accountability_result = models.CharField("责任追究情况", max_length=200, blank=True)
    cells = models.JSONField("表格数据", default=dict)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField("签批时间", null=True, blank=True)
    privacy_overrides = models.JSONField(
        "保密审查放行记录",
        default=list,
        blank=True,
        help_text="审核人确认可以公开的保密审查提示：每条记有审核人、时间、理由和所涉内容的指纹",
    )
    signed_digest = models.CharField(
        "签批内容摘要", max_length=64, blank=True, help_text="签批时报告全文的 SHA-256；发布时须一致"
    )
    published_on = models.DateField("发布日期", null=True, blank=True)
    index_number = models.CharField("索引号", max_length=64, blank=True)
    item = models.OneToOneField(
        "catalogue.InformationItem",
        verbose_name="年报栏目中的信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annual_report",
    )
    imported_name = models.CharField("导入文件名", max_length=255, blank=True)
    html_file = models.FileField("HTML", upload_to=output_path, blank=True, max_length=300)
    docx_file = models.FileField("DOCX", upload_to=output_path, blank=True, max_length=300)
    pdf_file = models.FileField("PDF", upload_to=output_path, blank=True, max_length=300)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # What checks.refresh stores after every change, so that pages read findings instead of computing them.
    rule_findings = models.JSONField("检查结果", default=list, blank=True)
    prose_print = models.JSONField("文字指纹", default=dict, blank=True)
    copies = models.JSONField(
        "内容雷同", default=list, blank=True, help_text="与本辖区其他报告或本机关上年报告雷同的部分"
    )
    checked_at = models.DateTimeField("检查时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        ordering = ["-year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_report_per_agency_year")]

    def __str__(self):
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def prose(self) -> dict[int, str]:
        return {1: self.prose1, 5: self.prose5, 6: self.prose6}


MANUAL_CELLS = {
    "2021": (
        "s2.licensing.decisions",
        "s2.penalty.decisions",
        "s2.enforcement.decisions",
        "s2.fees.amount",
    ),
    "2019": (
        "s2.licensing.last_year",
        "s2.licensing.change",
        "s2.licensing.decisions",
        "s2.other_services.last_year",
        "s2.other_services.change",
        "s2.other_services.decisions",
        "s2.penalty.last_year",
        "s2.penalty.change",
        "s2.penalty.decisions",
        "s2.enforcement.last_year",
        "s2.enforcement.change",
        "s2.enforcement.decisions",
        "s2.fees.last_year",
        "s2.fees.change",
        "s2.procurement.projects",
        "s2.procurement.amount",
    ),
}


class ManualFigure(models.Model):
    """A Table 二 figure the agency counts in another system (许可、处罚、强制 decisions, 收费 amount).

    One row per agency, year and cell; every change goes through services.set_manual_figure, which logs the old
    and new value with the user in the audit log.
    """

    agency = models.ForeignKey(
        Agency, verbose_name="机构", on_delete=models.PROTECT, related_name="manual_figures"
    )
    year = models.PositiveSmallIntegerField("年度")
    cell = models.CharField("指标", max_length=40)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    note = models.CharField("数据来源说明", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "手工填报数据"
        ordering = ["agency", "year", "cell"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "cell"], name="one_manual_figure_per_cell")
        ]

    def __str__(self):
        return f"{self.agency} {self.year} {self.cell} = {self.value}"
