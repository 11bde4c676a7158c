"""Admin writes land in the audit log; admins are warned about a missing calendar year; DATABASE_URL parsing."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from gongkai_platform import dburl
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.workdays.models import CalendarYear, Holiday


@pytest.fixture
def admin_client_(client, db):
    admin = get_user_model().objects.create_superuser("root", password="correct-horse-battery")
    client.force_login(admin)
    return client


def test_admin_edit_of_calendar_is_audited(admin_client_, calendar):
    response = admin_client_.post(
        reverse("admin:workdays_holiday_add"), {"date": "2027-01-01", "name": "元旦"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.add")
    assert entry.object_repr.startswith("2027-01-01") and entry.user.username == "root"
    assert Holiday.objects.filter(date=date(2027, 1, 1)).exists()


def test_admin_sees_calendar_warning_when_a_year_is_missing(admin_client_, calendar):
    this_year = timezone.localdate().year
    CalendarYear.objects.filter(year=this_year).delete()
    page = admin_client_.get(reverse("admin:index")).content.decode()
    assert f"工作日历缺少{this_year}年的节假日安排" in page


def test_admin_pages_render(admin_client_, staff, tree, draft):
    draft(staff["editor"], tree["stats"])
    for name in ("catalogue_informationitem", "agencies_agency", "auditlog_auditentry", "workdays_holiday"):
        assert admin_client_.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_database_url_parsing():
    pg = dburl.parse("postgres://app:s%40cret@db.example:5433/gongkai?sslmode=require")
    assert (pg["ENGINE"], pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "django.db.backends.postgresql",
        "gongkai",
        "app",
        "s@cret",
        "db.example",
        "5433",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}
    sqlite = dburl.parse("sqlite:///srv/gongkai.db")
    assert sqlite["NAME"] == "/srv/gongkai.db" and sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with pytest.raises(ImproperlyConfigured):
        dburl.parse("mysql://x@y/z")
    with pytest.raises(ImproperlyConfigured):
        dburl.parse("postgres://x@y/")


def test_admin_user_changes_are_audited_without_password_hashes(admin_client_):
    response = admin_client_.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newclerk",
            "password1": "Zq8!long-enough-pw",
            "password2": "Zq8!long-enough-pw",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.add", object_repr="newclerk")
    assert entry.changes["password"] == "（已修改）"
    assert "pbkdf2" not in str(entry.changes)


def test_permissions_the_admin_lists_are_named_in_chinese(admin_client_, db):
    from django.contrib.auth.models import Permission

    assert Permission.objects.get(codename="add_agency").name == "可以添加机构"
    assert Permission.objects.get(codename="view_informationitem").name == "可以查看政府信息"
    assert not Permission.objects.filter(name__startswith="Can ").exists()
    user = get_user_model().objects.create_user("clerk2", password="correct-horse-battery")
    page = admin_client_.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert "可以修改机构" in page and "Can change" not in page
