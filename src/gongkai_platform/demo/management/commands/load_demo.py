from django.conf import settings
from django.core.management.base import BaseCommand

from gongkai_platform.agencies.models import Agency
from gongkai_platform.demo import builder


class Command(BaseCommand):
    help = "载入演示数据：五个机构、各岗位演示账户、数百条已发布信息和种子年报（已载入则跳过）"

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=300, help="每个机构生成的已发布信息条数")

    def handle(self, *args, items, **options):
        if Agency.objects.filter(slug="mzl-office").exists():
            self.stdout.write("演示数据已存在，跳过。")
            return
        builder.build(self.stdout, items_per_agency=items, base_dir=settings.BASE_DIR)
        self.stdout.write(self.style.SUCCESS("演示数据载入完成。"))
