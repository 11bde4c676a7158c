from django.core.management.base import BaseCommand, CommandError

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.annual_reports import checks, services
from gongkai_platform.annual_reports.models import AnnualReport, Source, Status
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
            agencies = Agency.objects.all()
        generated = []
        for agency in agencies.order_by("name"):
            existing = AnnualReport.objects.filter(agency=agency, year=year).first()
            if existing and (
                existing.source == Source.IMPORTED or existing.status != Status.DRAFTED or existing.locked_on
            ):
                self.stdout.write(f"{agency.name}：已有{existing.get_status_display()}的报告，跳过")
                continue
            generated.append(services.generate(agency, year, check=False))
        checks.refresh_rules(generated)  # once for the batch: a refresh per report would compare N times
        for root in {checks.root(r.agency.jurisdiction) for r in generated}:
            checks.refresh_copies(root, year)
        found = checks.stored_findings(AnnualReport.objects.filter(pk__in=[r.pk for r in generated]))
        for report in generated:
            errors = len(checks.errors(found[report.pk]))
            self.stdout.write(
                f"{report.agency.name}：已生成，错误 {errors} 处，提示 {len(found[report.pk]) - errors} 处"
            )
