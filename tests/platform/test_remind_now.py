"""The 依申请公开 staff page queues the reminder task for the worker; only administrators may."""

import pytest
from django_tasks_db.models import DBTaskResult

from tests.platform.conftest import make_user


@pytest.mark.django_db
def test_only_an_administrator_queues_the_reminders(client):
    client.force_login(make_user("clerk"))
    assert client.post("/yisqing/staff/remind/").status_code == 403
    assert not DBTaskResult.objects.exists()

    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    assert "立即发送期限提醒" in client.get("/yisqing/staff/").content.decode()
    response = client.post("/yisqing/staff/remind/", follow=True)
    assert "期限提醒已加入后台队列" in response.content.decode()
    [task] = DBTaskResult.objects.all()
    assert task.task_path.endswith("send_deadline_reminders") and task.status == "READY"
    assert client.get("/yisqing/staff/remind/").status_code == 405
