"""Background tasks of the supervision app (django-tasks, database backend; run `manage.py db_worker`)."""

from django_tasks import task

from gongkai_platform.supervision import audit_jobs


@task(takes_context=True)
def run_bulk_audit(context, job_id: int) -> bool:
    """One step of a bulk audit; the step queues the next one itself, so progress is saved between steps."""
    if audit_jobs.advance(job_id, str(context.task_result.id)):
        audit_jobs.queue_step(job_id)
        return True
    return False
