"""When an admin edits the working-day calendar, every open application's due dates are recomputed."""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday


def _refresh():
    from gongkai_platform.applications.services import refresh_open

    refresh_open()


@receiver([post_save, post_delete], sender=Holiday)
@receiver([post_save, post_delete], sender=AdjustedWorkday)
@receiver([post_save, post_delete], sender=CalendarYear)
def calendar_changed(sender, **kwargs):
    """One recomputation per transaction, however many calendar rows it touched."""
    if kwargs.get("raw") or any(entry[1] is _refresh for entry in connection.run_on_commit):
        return
    transaction.on_commit(_refresh)
