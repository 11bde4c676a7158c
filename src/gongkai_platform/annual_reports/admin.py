from django.contrib import admin
from django.utils.html import format_html, format_html_join
from gongkai.standard.report import Severity

from gongkai_platform.annual_reports.models import AnnualReport, ManualFigure
from gongkai_platform.auditlog.admin import ReadOnlyAdmin


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    """Read-only: figures, prose, sign-off and publication go through the report services, so a published
    report shows exactly what was signed."""

    list_display = ["agency", "year", "status", "source", "locked_on", "published_on"]
    list_filter = ["year", "status", "source"]
    # the findings and copies are listed in words below; the prose fingerprints are for machines
    exclude = ["cells", "rule_findings", "copies", "prose_print"]
    readonly_fields = ["cells_list", "findings_list", "copies_list"]

    @admin.display(description="表格数据")
    def cells_list(self, report):
        """Cell id = value, a blank cell as （空） (the JSON said null)."""
        values = [f"{cell} = {'（空）' if value is None else value}" for cell, value in report.cells.items()]
        return "；".join(values) or "（无）"

    @admin.display(description="检查结果")
    def findings_list(self, report):
        """The stored findings as the report page says them (严重程度：说明), not as JSON."""
        if not report.rule_findings:
            return "未发现问题"
        items = [(Severity(f["severity"]).label, f["message"]) for f in report.rule_findings]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}：{}</li>", items))

    @admin.display(description="内容雷同")
    def copies_list(self, report):
        """Which part repeats which other report, and how much of it (第五部分：与某局2024年报告雷同 65%)."""
        if not report.copies:
            return "无"
        others = AnnualReport.objects.select_related("agency").in_bulk({m["other"] for m in report.copies})
        items = [
            (
                NUMERALS[m["section"]],
                f"{others[m['other']].agency.name}{others[m['other']].year}年报告"
                if m["other"] in others
                else "已删除的报告",
                f"{m['share']:.0%}",
            )
            for m in report.copies
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>第{}部分：与{}雷同 {}</li>", items))


NUMERALS = dict(enumerate("一二三四五六七八", start=1))


@admin.register(ManualFigure)
class ManualFigureAdmin(ReadOnlyAdmin):
    """Read-only: a manual figure is entered through the report page, which refuses it once the year is locked
    and logs the old and new value."""

    list_display = ["agency", "year", "cell", "value", "entered_by", "entered_at"]
    list_filter = ["year", "cell"]
