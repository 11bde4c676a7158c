"""A bulk audit whose worker died: the job says 已中断 instead of 进行中 forever, its owner continues it from where
it stopped, and the results are those of an uninterrupted run. The worker is really killed (SIGKILL, on
PostgreSQL, where a second process can share the test database), or its task is left as the database backend
leaves it: claimed (RUNNING) by a worker that never comes back, or failed by a worker stopped twice."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.supervision import audit_jobs
from gongkai_platform.supervision.models import BulkAudit
from tests.platform.test_bulk_audit_jobs import as_zip, batch_files, rules, seed_uploads, supervisor, work

__all__ = ["supervisor"]  # the fixture
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits as in production


def job_of(response) -> BulkAudit:
    return BulkAudit.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def stall(job: BulkAudit) -> None:
    """Nothing saved for longer than the documented time."""
    since = timezone.now() - settings.BULK_AUDIT_STALE_AFTER - timedelta(minutes=1)
    BulkAudit.objects.filter(pk=job.pk).update(progressed=since)


def page(client, job) -> str:
    return client.get(f"/supervision/audit/{job.pk}/").content.decode()


def test_a_task_claimed_by_a_worker_that_never_returns_is_interrupted_after_the_stale_time(supervisor):
    response = supervisor.post("/supervision/audit/", {"files": [as_zip(batch_files()[:3])]})
    job = job_of(response)
    work(steps=1)  # the zip unpacked; the step that audits the files is queued
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("running", 0, 3) and not job.interrupted
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.READY
    task.claim("worker-killed-outright")  # what db_worker does as it takes the task; then it is killed
    job = BulkAudit.objects.get(pk=job.pk)
    assert not job.interrupted and "进行中" in page(supervisor, job)  # it may still be working

    stall(job)
    job = BulkAudit.objects.get(pk=job.pk)
    assert job.interrupted and job.label == "已中断"
    shown = page(supervisor, job)
    assert "检查已中断" in shown and "从中断处继续检查" in shown and 'http-equiv="refresh"' not in shown
    status = supervisor.get(f"/supervision/audit/{job.pk}/status.json").json()
    assert status["label"] == "已中断" and status["finished"] is True  # the polling page reloads to show it
    assert "已中断" in supervisor.get("/supervision/audit/").content.decode()  # the list of jobs says so too

    supervisor.post(f"/supervision/audit/{job.pk}/resume/")
    entry = AuditEntry.objects.get(action="bulk_audit.resume", object_id=str(job.pk))
    assert entry.user.username == "supervisor" and entry.changes["done"] == 0 and entry.changes["total"] == 3
    job = BulkAudit.objects.get(pk=job.pk)
    assert not job.interrupted and job.task_id != str(task.id)
    assert not audit_jobs.advance(job.pk, str(task.id))  # the lost step, were it ever to run, does nothing
    work()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.summary["reports"]) == ("done", 3, 3, 3)
    assert sorted(f.name.rsplit("/", 1)[-1] for f in job.files.all()) == [
        "报告000.md",
        "报告001.md",
        "报告002.md",
    ]
    assert all(not rules(f, "error") for f in job.files.all())  # numbers 0-2 have no planted error

    again = supervisor.post(f"/supervision/audit/{job.pk}/resume/", follow=True).content.decode()
    assert "这次检查没有中断，无需继续。" in again
    assert AuditEntry.objects.filter(action="bulk_audit.resume").count() == 1


def test_a_task_failed_by_a_worker_stopped_twice_is_interrupted_at_once(supervisor):
    job = job_of(supervisor.post("/supervision/audit/", {"files": seed_uploads(("000", "001"))}))
    task = DBTaskResult.objects.get(id=job.task_id)
    task.claim("worker-stopped")
    task.set_failed(SystemExit(1))  # db_worker's second SIGTERM: the task is marked failed, the job is not
    job = BulkAudit.objects.get(pk=job.pk)
    assert job.status == "queued" and job.interrupted
    supervisor.post(f"/supervision/audit/{job.pk}/resume/")
    work()
    job.refresh_from_db()
    assert job.status == "done" and job.done == 2
    errors = {f.name[:3]: rules(f, "error") for f in job.files.all()}
    assert errors["000"] >= {"s3.balance", "s3.total_is_sum"} and not errors["001"]  # seed 000's known errors


def test_a_job_waiting_for_a_worker_is_not_interrupted(supervisor):
    job = job_of(supervisor.post("/supervision/audit/", {"files": seed_uploads(("001",))}))
    assert "db_worker" not in page(supervisor, job)  # just queued
    stall(job)  # long in the queue (no worker running), but its task is still there to be taken
    assert not BulkAudit.objects.get(pk=job.pk).interrupted
    assert "已排队超过 5 分钟仍未开始" in page(supervisor, job) and "db_worker" in page(supervisor, job)
    response = supervisor.post(f"/supervision/audit/{job.pk}/resume/", follow=True).content.decode()
    assert "这次检查没有中断" in response and DBTaskResult.objects.count() == 1


def test_only_the_owner_may_resume(supervisor, client, staff):
    job = job_of(supervisor.post("/supervision/audit/", {"files": seed_uploads(("001",))}))
    DBTaskResult.objects.filter(id=job.task_id).delete()  # pruned: nothing will run it
    client.force_login(staff["editor"])
    assert client.post(f"/supervision/audit/{job.pk}/resume/").status_code in (403, 404)
    assert not AuditEntry.objects.filter(action="bulk_audit.resume").exists()


def lost_connections_end() -> None:
    """End the killed worker's database sessions before the row lock is let go. PostgreSQL notices a dead
    client only when it next writes to it: a statement the worker left waiting on the lock would otherwise still
    run and commit once the lock is free (the job marked running, its progress time moved to now)."""
    others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_terminate_backend(pid) {others}")
        for _ in range(100):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is read once a transaction otherwise
            cursor.execute(f"SELECT count(*) {others}")
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.1)
    raise AssertionError("the killed worker's database sessions did not end")


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database cannot be shared with a worker process; the PostgreSQL run "
    "kills a real one, and the tests above leave the task as the backend does",
)
def test_a_worker_killed_outright_leaves_the_job_interrupted_and_it_continues(supervisor, tmp_path):
    job = job_of(supervisor.post("/supervision/audit/", {"files": seed_uploads(("000", "001", "004"))}))
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "GONGKAI_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    env |= {"PYTHONPATH": str(ROOT / "src"), "GONGKAI_DB_LOCK_TIMEOUT_MS": "600000"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = (tmp_path / "worker.log").open("w")
    with transaction.atomic():
        BulkAudit.objects.select_for_update().get(pk=job.pk)  # the worker will wait on this row, mid-step
        worker = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "db_worker",
                "--interval",
                "0.1",
                "--no-startup-delay",
                "--no-reload",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )
        try:
            deadline = time.monotonic() + 120
            while DBTaskResult.objects.get(id=job.task_id).status != TaskResultStatus.RUNNING:
                assert worker.poll() is None and time.monotonic() < deadline, (
                    tmp_path / "worker.log"
                ).read_text()
                time.sleep(0.1)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
            lost_connections_end()
    assert worker.returncode == -signal.SIGKILL
    job = BulkAudit.objects.get(pk=job.pk)
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.RUNNING  # as the kill left it
    assert job.status == "queued" and job.done == 0 and not job.interrupted  # not yet known to be lost
    stall(job)
    assert "检查已中断" in page(supervisor, job)
    supervisor.post(f"/supervision/audit/{job.pk}/resume/")
    work()
    job.refresh_from_db()
    assert (job.status, job.done, job.summary["reports"], job.summary["with_errors"]) == ("done", 3, 3, 2)


def test_deleting_a_job_removes_what_an_interrupted_unpack_left_in_storage(supervisor):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    job = job_of(supervisor.post("/supervision/audit/", {"files": [as_zip(batch_files()[:2])]}))
    left = default_storage.save(
        f"bulk-audits/{job.pk}/file-0.md", ContentFile(b"# unrecorded")
    )  # then killed
    supervisor.post(f"/supervision/audit/{job.pk}/delete/")
    assert not BulkAudit.objects.exists() and not default_storage.exists(left)
    assert not list((Path(settings.MEDIA_ROOT) / "bulk-audits" / str(job.pk)).glob("*"))
