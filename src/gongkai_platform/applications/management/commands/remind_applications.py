"""Queue the daily reminder task; run it from cron once a working day, e.g. `0 8 * * 1-6`."""

from django.core.management.base import BaseCommand

from gongkai_platform.applications.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = "将依申请公开期限提醒任务加入后台队列"

    def handle(self, *args, **options):
        result = send_deadline_reminders.enqueue()
        self.stdout.write(f"已加入队列：{result.id}")
