from django.core.management.base import BaseCommand, CommandError

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.annual_reports import checks, services
from gongkai_platform.annual_reports.models import AnnualReport
from gongkai_platform.supervision.access import agencies_under


class Command(BaseCommand):
    help = "按业务数据生成（或重新生成）各机构某年度的政府信息公开工作年度报告，并列出检查结果"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--jurisdiction", help="行政区划标识；不填则为全部机构")

    def handle(self, *args, year, jurisdiction=None, **options):
        if jurisdiction:
            root = Jurisdiction.objects.filter(slug=jurisdiction).first()
            if root is None:
                raise CommandError(f"没有标识为“{jurisdiction}”的行政区划")
            agencies = agencies_under(root)
        else:
            agencies = Agency.objects.select_related("jurisdiction")
        agencies = list(agencies.order_by("name"))
        try:
            result = services.generate_many(agencies, year)  # one pass for all of them
        except services.ReportError as error:
            raise CommandError(str(error)) from None
        generated = {r.agency_id: r.pk for r in result.generated}
        found = checks.stored_findings(  # as stored after the batch's copied-prose pass
            AnnualReport.objects.filter(pk__in=generated.values())
        )
        skipped = {r.agency_id: r for r in result.skipped}
        for agency in agencies:
            if agency.pk in skipped:
                self.stdout.write(f"{agency.name}：跳过，{services.skip_reason(skipped[agency.pk])}")
                continue
            report_findings = found[generated[agency.pk]]
            errors = len(checks.errors(report_findings))
            self.stdout.write(
                f"{agency.name}：已生成，错误 {errors} 处，提示 {len(report_findings) - errors} 处"
            )
        self.stdout.write(f"共生成 {len(result.generated)} 份，跳过 {len(result.skipped)} 份")
