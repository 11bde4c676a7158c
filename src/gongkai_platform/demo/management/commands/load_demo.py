import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import override_settings

from gongkai_platform.agencies.models import Agency
from gongkai_platform.demo import builder


class Command(BaseCommand):
    help = (
        "载入演示数据：五个机构、各岗位演示账户、数百条已发布信息（含附件）、两年多的依申请公开案件、"
        "行政复议和诉讼、各种状态的年度报告。数据库中已有演示机构时不作任何改动。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=300, help="每个机构生成的已发布信息条数")

    def handle(self, *args, items, **options):
        """Refuses, without touching anything, when the demo agencies exist: `make run` calls it every time."""
        if Agency.objects.filter(slug__in=[a[0] for a in builder.AGENCIES]).exists():
            self.stdout.write(
                "演示数据已存在，未作改动（如需重新载入，请先运行 python manage.py flush 清空数据库）。"
            )
            return
        started = time.monotonic()
        # the demo's applicants are invented: their messages are recorded on the case, never sent; and its
        # ~145,000 queries are not each copied into DEBUG's query log (`make run` has DEBUG on: 3 % of the time)
        unsent = {"EMAIL_BACKEND": builder.UNSENT_MAIL, "GONGKAI_SMS_BACKEND": builder.UNSENT_SMS}
        with override_settings(DEBUG=False, **unsent):
            builder.build(self.stdout, items_per_agency=items, base_dir=settings.BASE_DIR)
        builder.mark_unsent()
        self.stdout.write(self.style.SUCCESS(f"演示数据载入完成，用时 {time.monotonic() - started:.0f} 秒。"))
