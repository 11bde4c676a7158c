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
    exclude = [
        "rule_findings",
        "prose_print",
    ]  # the findings are listed below; the fingerprints are for machines
    readonly_fields = ["findings_list"]

    @admin.display(description="检查结果")
    def findings_list(self, report):
        """The stored findings as the report page says them (严重程度：说明), not as JSON."""
        if not report.rule_findings:
            return "未发现问题"
        items = [(Severity(f["severity"]).label, f["message"]) for f in report.rule_findings]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}：{}</li>", items))


@admin.register(ManualFigure)
class ManualFigureAdmin(ReadOnlyAdmin):
    """Read-only: a manual figure is entered through the report page, which refuses it once the year is locked
    and logs the old and new value."""

    list_display = ["agency", "year", "cell", "value", "entered_by", "entered_at"]
    list_filter = ["year", "cell"]
