"""Background tasks (django-tasks, database backend; run `manage.py db_worker`)."""

from django.utils import timezone
from django_tasks import task

from gongkai_platform.applications import reminders, services


@task()
def send_deadline_reminders() -> dict[str, int]:
    """Daily: first bring the cached due dates up to today (a consultation past its 15 working days stops
    pausing the clock without any new step), then remind."""
    services.refresh_open()
    return reminders.remind(timezone.localdate())


@task()
def recompute_open_applications() -> int:
    return services.refresh_open()
