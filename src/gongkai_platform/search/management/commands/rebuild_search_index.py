from django.core.management.base import BaseCommand

from gongkai_platform.search import index


class Command(BaseCommand):
    help = "重建全文检索索引（批量导入数据后或修复索引时使用）"

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(f"已索引 {count} 条已发布信息。")
