from django.core.management.base import BaseCommand

from gongkai_platform.annual_reports import checks


class Command(BaseCommand):
    help = "重新检查已存储的年度报告（规则检查、文字指纹和内容雷同比对），升级后运行"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, action="append", help="只检查该年度；可重复；不填则为全部年度"
        )

    def handle(self, *args, year=None, **options):
        count = checks.refresh_stored(year)
        self.stdout.write(f"已重新检查 {count} 份年度报告")
