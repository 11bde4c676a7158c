"""Users are deactivated, never deleted; what they did stays attributed to them."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.auditlog.services import record
from tests.platform.conftest import make_user

PASSWORD = "correct-horse-battery"


@pytest.fixture
def admin_client_(db):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", password=PASSWORD))
    return client


def test_a_user_cannot_be_deleted_anywhere(db):
    clerk = make_user("clerk")
    with pytest.raises(ProtectedError, match="只能停用"), transaction.atomic():
        clerk.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        get_user_model().objects.filter(pk=clerk.pk).delete()
    assert get_user_model().objects.filter(pk=clerk.pk).exists()


def test_admin_offers_deactivate_instead_of_delete(admin_client_):
    clerk = make_user("clerk")
    changelist = reverse("admin:auth_user_changelist")
    page = admin_client_.get(changelist).content.decode()
    assert 'value="deactivate"' in page and 'value="delete_selected"' not in page
    assert admin_client_.get(reverse("admin:auth_user_delete", args=[clerk.pk])).status_code == 403
    response = admin_client_.post(changelist, {"action": "delete_selected", "_selected_action": [clerk.pk]})
    assert get_user_model().objects.filter(pk=clerk.pk).exists()
    assert response.status_code in (200, 302)


def test_deactivation_keeps_history_and_ends_access(admin_client_):
    clerk = make_user("clerk")
    session = Client()
    session.force_login(clerk)
    assert session.get("/staff/").status_code == 200
    earlier = record(clerk, "catalogue.draft", clerk)

    response = admin_client_.post(
        reverse("admin:auth_user_changelist"), {"action": "deactivate", "_selected_action": [clerk.pk]}
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert entry.user.username == "root" and entry.object_id == str(clerk.pk)
    earlier.refresh_from_db()
    assert earlier.user == clerk  # what they did is still theirs

    assert session.get("/staff/").status_code == 302  # the open session ends
    login = Client().post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    assert login.status_code != 302


def test_an_admin_cannot_deactivate_themselves(admin_client_):
    root = get_user_model().objects.get(username="root")
    admin_client_.post(
        reverse("admin:auth_user_changelist"), {"action": "deactivate", "_selected_action": [root.pk]}
    )
    root.refresh_from_db()
    assert root.is_active
    assert not AuditEntry.objects.filter(action="user.deactivate").exists()


def test_reactivation_is_audited(admin_client_):
    clerk = make_user("clerk", is_active=False)
    admin_client_.post(
        reverse("admin:auth_user_changelist"), {"action": "reactivate", "_selected_action": [clerk.pk]}
    )
    clerk.refresh_from_db()
    assert clerk.is_active and AuditEntry.objects.filter(action="user.reactivate").exists()
