"""Login throttling through the real login, admin login and password-change views.

The lock falls on (normalised user name, client address): every spelling of a name shares one counter, an
anonymous visitor locks a name only on their own address, and a forwarding header counts only when the
trusted-proxy setting names it.
"""

import threading
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai_platform.auditlog.models import AuditEntry

PASSWORD = "correct-horse-battery"
LOCKED = "已暂时锁定"
WRONG = "请输入一个正确的用户名和密码"
LIMIT = 5  # GONGKAI_LOGIN_FAILURE_LIMIT's default, the number the README promises


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("clerk", password=PASSWORD)


def login(client, password, username="clerk", url=None, **headers):
    return client.post(
        url or reverse("accounts:login"), {"username": username, "password": password}, **headers
    )


def from_address(ip):
    return Client(REMOTE_ADDR=ip)


def test_limit_is_five(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT


def test_good_password_logs_in_and_is_audited(client, user):
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="login", user=user).exists()


def test_five_failures_lock_the_name_on_that_address_even_with_the_right_password(client, user):
    for _ in range(LIMIT - 1):
        assert WRONG in login(client, "wrong").content.decode()
    fifth = login(client, "wrong")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    response = login(client, PASSWORD)
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login.locked_out").exists()


@pytest.mark.parametrize("variant", ["clerk ", " clerk", "ｃｌｅｒｋ", "CLERK", "Clerk\u3000"])
def test_every_spelling_of_the_name_shares_the_lock(user, variant):
    client = from_address("203.0.113.9")
    for _ in range(LIMIT):
        login(client, "wrong")
    assert LOCKED in login(client, PASSWORD, username=variant).content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_under_different_spellings_add_up(user):
    client = from_address("203.0.113.9")
    for spelling in ["clerk", "clerk ", "ｃｌｅｒｋ", "ｃlerk"]:
        assert WRONG in login(client, "wrong", username=spelling).content.decode()
    assert LOCKED in login(client, "wrong", username="clerk\u3000").content.decode()
    assert LOCKED in login(client, PASSWORD).content.decode()
    assert AccessAttempt.objects.get().username == "clerk"


def test_an_anonymous_visitor_cannot_lock_staff_out_from_another_address(user):
    attacker = from_address("203.0.113.9")
    for _ in range(LIMIT * 3):
        login(attacker, "wrong")
    assert LOCKED in login(attacker, PASSWORD).content.decode()
    assert login(from_address("198.51.100.7"), PASSWORD).status_code == 302


def test_one_address_guessing_many_names_does_not_lock_the_others_behind_it(user):
    office_nat = "198.51.100.1"
    for i in range(40):
        login(from_address(office_nat), "x", username=f"guess{i}")
    assert login(from_address(office_nat), PASSWORD).status_code == 302


def test_forwarding_header_is_ignored_without_the_trusted_proxy_setting(user, settings):
    settings.TRUSTED_PROXY_HEADER = ""
    client = from_address("203.0.113.9")
    for i in range(LIMIT):  # a fresh forged address each time must not buy fresh guesses
        login(client, "wrong", headers={"X-Forwarded-For": f"192.0.2.{i}"})
    response = login(client, PASSWORD, headers={"X-Forwarded-For": "192.0.2.200"})
    assert LOCKED in response.content.decode()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_trusted_proxy_header_separates_clients_behind_the_proxy(user, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"  # every request reaches the app from nginx
    for _ in range(LIMIT):
        login(from_address(proxy), "wrong", headers={"X-Forwarded-For": "203.0.113.9"})
    assert (
        LOCKED
        in login(from_address(proxy), PASSWORD, headers={"X-Forwarded-For": "203.0.113.9"}).content.decode()
    )
    # the attacker writes a victim's address in front; nginx appends the real one, which is what counts
    spoofed = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}
    assert LOCKED in login(from_address(proxy), PASSWORD, headers=spoofed).content.decode()
    staff = login(from_address(proxy), PASSWORD, headers={"X-Forwarded-For": "198.51.100.7"})
    assert staff.status_code == 302


def test_lock_ends_after_the_cool_off(user, settings):
    client = from_address("203.0.113.9")
    for _ in range(LIMIT):
        login(client, "wrong")
    assert LOCKED in login(client, PASSWORD).content.decode()
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME - timedelta(1)
    )
    assert login(client, PASSWORD).status_code == 302


def test_success_forgives_earlier_failures(user):
    client = from_address("203.0.113.9")
    for _ in range(LIMIT - 1):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="clerk").exists()


def test_admin_login_is_throttled_too(client, user):
    user.is_staff = user.is_superuser = True
    user.save()
    url = reverse("admin:login")
    for _ in range(LIMIT):
        login(client, "wrong", url=url)
    assert LOCKED in login(client, PASSWORD, url=url).content.decode()


def test_admin_unlocks_a_locked_name_and_the_unlock_is_audited(user):
    victim = from_address("198.51.100.7")
    for _ in range(LIMIT):
        login(victim, "wrong")
    assert LOCKED in login(victim, PASSWORD).content.decode()

    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    admin = Client()
    admin.force_login(root)
    changelist = reverse("admin:accounts_loginlock_changelist")
    page = admin.get(changelist).content.decode()
    assert "clerk" in page and "198.51.100.7" in page
    lock = AccessAttempt.objects.get()
    response = admin.post(changelist, {"action": "unlock", "_selected_action": [lock.pk]})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="login.unlock")
    assert entry.user == root and entry.changes["username"] == "clerk"
    assert login(victim, PASSWORD).status_code == 302


def test_password_change_form_is_throttled_under_the_same_key(user):
    client = from_address("203.0.113.9")
    client.force_login(user)
    url = reverse("accounts:password_change")
    new = {"new_password1": "another-long-secret-7", "new_password2": "another-long-secret-7"}
    for _ in range(LIMIT):
        page = client.post(url, {"old_password": "wrong", **new}).content.decode()
        assert "旧密码不正确" in page or LOCKED in page
    page = client.post(url, {"old_password": PASSWORD, **new}).content.decode()
    assert LOCKED in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # the same counter guards the login form on that address
    assert LOCKED in login(from_address("203.0.113.9"), PASSWORD).content.decode()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database refuses concurrent writers; the PostgreSQL run and the "
    "two-process test (test_production.py) run this",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_guesses_do_not_all_reach_the_password_check():
    get_user_model().objects.create_user("clerk", password=PASSWORD)
    start = threading.Barrier(20)
    pages = []

    def guess(i):
        client = from_address("203.0.113.9")
        start.wait()
        try:
            pages.append(login(client, f"guess-{i}").content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # each guess that reached the password check failed it and was counted once; the rest were refused
    checked = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
    assert 1 <= checked <= LIMIT
    assert sum(WRONG in page for page in pages) <= checked
    assert all(WRONG in page or LOCKED in page for page in pages) and len(pages) == 20
