from django.core.management.base import BaseCommand

from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday


class Command(BaseCommand):
    help = "从 chinese_calendar 补充工作日历中尚未录入的年份（不覆盖已编辑的日期）"

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, years, **options):
        new = seeding.seed(CalendarYear, Holiday, AdjustedWorkday, years or None)
        self.stdout.write(f"新录入年份：{', '.join(map(str, new)) or '无'}")
