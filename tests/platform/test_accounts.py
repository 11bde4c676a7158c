"""Login lockout after repeated failures, through the real login view and the admin login."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai_platform.accounts.models import FailedLogin
from gongkai_platform.auditlog.models import AuditEntry


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("clerk", password="correct-horse-battery")


def login(client, password, url=None):
    return client.post(url or reverse("accounts:login"), {"username": "clerk", "password": password})


def test_good_password_logs_in_and_is_audited(client, user):
    response = login(client, "correct-horse-battery")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="login", user=user).exists()


def test_lockout_after_five_failures_even_with_right_password(client, user, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert login(client, "wrong").status_code == 200
    response = login(client, "correct-horse-battery")
    assert response.status_code == 200
    assert "账户已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login.locked_out").exists()


def test_lockout_ends_when_failures_age_out(client, user, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, "wrong")
    FailedLogin.objects.update(
        at=FailedLogin.objects.first().at - settings.LOGIN_FAILURE_WINDOW - timedelta(1)
    )
    assert login(client, "correct-horse-battery").status_code == 302


def test_success_forgives_earlier_failures(client, user, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        login(client, "wrong")
    assert login(client, "correct-horse-battery").status_code == 302
    assert not FailedLogin.objects.filter(username="clerk").exists()


def test_admin_login_is_locked_out_too(client, user, settings):
    user.is_staff = user.is_superuser = True
    user.save()
    url = reverse("admin:login")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, "wrong", url)
    assert "账户已暂时锁定" in login(client, "correct-horse-battery", url).content.decode()


def test_login_requires_csrf_token(user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert login(strict, "correct-horse-battery").status_code == 403


def test_one_address_guessing_many_names_is_locked_out(client, user, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    for i in range(8):
        client.post(reverse("accounts:login"), {"username": f"guess{i}", "password": "x"})
    assert "账户已暂时锁定" in login(client, "correct-horse-battery").content.decode()


def test_other_users_are_not_locked_by_someone_elses_failures(client, user, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "someone-else", "password": "x"})
    assert login(client, "correct-horse-battery").status_code == 302
