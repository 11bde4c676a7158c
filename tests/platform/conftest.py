"""Fixtures for the platform tests: a small jurisdiction tree, agencies and one user per role."""

import os
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role
from gongkai_platform.catalogue import services, standard_columns, vocabulary
from gongkai_platform.catalogue.models import Column, Genre, Topic
from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from gongkai_platform.workdays.services import WorkCalendar
from tests.platform.browser import logged_in_page  # noqa: F401 (a fixture: only browser tests ask for it)


@pytest.fixture
def tree(db):
    city = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    county = Jurisdiction.objects.create(name="宽城满族自治县", slug="kuancheng")
    office = Agency.objects.create(
        jurisdiction=city, name="满洲里市人民政府办公室", slug="mzl-office", org_code="11152200MB0000001"
    )
    stats = Agency.objects.create(
        jurisdiction=city, name="满洲里市统计局", slug="mzl-stats", org_code="11152200MB0000002"
    )
    kc = Agency.objects.create(
        jurisdiction=county, name="宽城满族自治县人民政府办公室", slug="kc-office", org_code="13566001"
    )
    return {"city": city, "county": county, "office": office, "stats": stats, "kc": kc}


def make_user(username, agency=None, *roles, **extra):
    user = get_user_model().objects.create_user(username=username, password="correct-horse-battery", **extra)
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def staff(tree):
    stats = tree["stats"]
    return {
        "editor": make_user("editor", stats, Role.EDITOR),
        "reviewer": make_user("reviewer", stats, Role.REVIEWER),
        "signer": make_user("signer", stats, Role.SIGNER),
        "other_editor": make_user("other_editor", tree["office"], Role.EDITOR),
        "supervisor": make_user("supervisor", tree["office"], Role.SUPERVISOR),
        "county_editor": make_user("county_editor", tree["kc"], Role.EDITOR),
    }


@pytest.fixture
def column(db):
    standard_columns.ensure(Column)  # data-migration rows are gone after a transactional test's flush
    vocabulary.ensure_all(Topic, Genre)
    return Column.objects.get(agency=None, slug="article20-4")


@pytest.fixture
def calendar(db):
    seeding.seed(CalendarYear, Holiday, AdjustedWorkday)
    return WorkCalendar()


@pytest.fixture
def draft(column):
    """make a draft: draft(user, agency, **fields)"""
    return lambda user, agency, **fields: _draft(user, agency, column, **fields)


@pytest.fixture
def publish(staff):
    """take a draft of the statistics bureau through review and sign-off"""
    return lambda item: _publish(staff, item)


def _draft(user, agency, column, **fields):
    defaults = {
        "title": "满洲里市2025年国民经济和社会发展统计公报",
        "body": "全年地区生产总值比上年增长5.2%。",
        "written_on": date(2026, 3, 2),
        "topic": Topic.objects.get(parent__name="国民经济管理、国有资产监管", name="统计"),
        "genre": Genre.objects.get(parent=None, name="公报"),
    }
    return services.create_draft(user, agency, column=column, **{**defaults, **fields})


def _publish(staff, item):
    item = services.submit_for_review(staff["editor"], item)
    item = services.approve_review(staff["reviewer"], item)
    return services.sign_off(staff["signer"], item)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, so no `playwright install` download is needed."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
