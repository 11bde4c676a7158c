"""Delete ended bulk audits older than `--days` (default 180) with their results; run it from cron, e.g. weekly.

A batch's results are kept until their owner deletes them; this is the installation's upper bound, so stored
reports of batches nobody looks at again do not pile up in the database and the file storage."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai_platform.supervision import audit_jobs
from gongkai_platform.supervision.models import BulkAudit


class Command(BaseCommand):
    help = "删除超过保留期限的已结束批量检查及其结果"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=180, help="保留天数（默认 180）")

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        old = BulkAudit.objects.filter(
            status__in=[BulkAudit.Status.DONE, BulkAudit.Status.FAILED], created__lt=cutoff
        )
        count = 0
        for job in old.iterator():
            audit_jobs.delete(None, job)
            count += 1
        self.stdout.write(f"已删除 {count} 次批量检查（{days} 天以前提交且已结束）")
