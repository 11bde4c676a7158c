"""A small world for the annual-report and supervision tests: one city with a district below it, agencies in
both, the standard columns and one user per role. Plain functions, so each test module declares the fixtures
it needs without a shared conftest."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from gongkai.standard.formats import APPLICANT_COLUMNS, FORMAT_2021, outcome_rows
from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role
from gongkai_platform.catalogue import services as catalogue
from gongkai_platform.catalogue import standard_columns
from gongkai_platform.catalogue.models import Column, DocType, InformationItem

PASSWORD = "correct-horse-battery"


def make_user(username, agency=None, *roles, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def build():
    standard_columns.ensure(Column)
    city = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    district = Jurisdiction.objects.create(name="扎赉诺尔区", slug="zhalainuoer", parent=city)
    other = Jurisdiction.objects.create(name="宽城满族自治县", slug="kuancheng")
    office = Agency.objects.create(
        jurisdiction=city, name="满洲里市人民政府办公室", slug="mzl-office", org_code="11152200MB0000001"
    )
    stats = Agency.objects.create(
        jurisdiction=city, name="满洲里市统计局", slug="mzl-stats", org_code="11152200MB0000002"
    )
    street = Agency.objects.create(
        jurisdiction=district, name="扎赉诺尔区灵泉街道办事处", slug="zl-street", org_code="11152200MB0000003"
    )
    kc = Agency.objects.create(
        jurisdiction=other, name="宽城满族自治县人民政府办公室", slug="kc-office", org_code="13566001"
    )
    users = {
        "editor": make_user("editor", stats, Role.EDITOR),
        "signer": make_user("signer", stats, Role.SIGNER),
        "supervisor": make_user("supervisor", office, Role.SUPERVISOR),
        "other_editor": make_user("other_editor", office, Role.EDITOR),
        "kc_supervisor": make_user("kc_supervisor", kc, Role.SUPERVISOR),
    }
    system = make_user("system", None)
    for agency in (office, stats, street, kc):
        Membership.objects.create(user=system, agency=agency, role=Role.EDITOR)
        Membership.objects.create(user=system, agency=agency, role=Role.SIGNER)
    users["system"] = system
    return {
        "city": city,
        "district": district,
        "other": other,
        "office": office,
        "stats": stats,
        "street": street,
        "kc": kc,
        "users": users,
    }


def publish_item(
    agency, column_slug, title, published_on, doc_type=DocType.OTHER, written_on=None, column=None
):
    """A published catalogue item, made the way an import does (straight to catalogue.publish)."""
    column = column or Column.objects.get(agency=None, slug=column_slug)
    item = InformationItem.objects.create(
        agency=agency, column=column, title=title, doc_type=doc_type, written_on=written_on or published_on
    )
    catalogue.publish(None, item, on=published_on)
    return item


def random_dates(rng: random.Random, start: date, days: int) -> date:
    return start + timedelta(days=rng.randrange(days))


def make_cases(agency, rng: random.Random, n: int):
    """n applications received from October 2024 to early 2026, most replied, and some appeals on them."""
    from gongkai_platform.appeals.models import Appeal
    from gongkai_platform.applications.models import Application

    outcomes = [r.key for r in outcome_rows(FORMAT_2021)]
    cases = []
    for i in range(n):
        received = date(2024, 10, 1) + timedelta(days=rng.randrange(500))
        replied = received + timedelta(days=rng.randrange(60)) if rng.random() < 0.85 else None
        cases.append(
            Application(
                agency=agency,
                tracking_number=f"T{agency.pk}-{i:06d}",
                applicant_kind=rng.choice(APPLICANT_COLUMNS),
                applicant_name="申请人",
                id_number="110101199003070000",
                phone="0470-0000000",
                description="申请公开某项信息",
                delivery_form="electronic",
                delivery_method="email",
                channel="online",
                received_on=received,
                due_on=received + timedelta(days=28),
                outcome=rng.choice(outcomes) if replied else "",
                replied_on=replied,
                state="closed" if replied else "running",
            )
        )
    created = Application.objects.bulk_create(cases)
    appeals = []
    for app in rng.sample(created, k=min(40, len(created))):
        filed = app.received_on + timedelta(days=30 + rng.randrange(60))
        concluded = filed + timedelta(days=rng.randrange(200)) if rng.random() < 0.7 else None
        appeals.append(
            Appeal(
                application=app,
                agency_id=app.agency_id,
                group=rng.choice(["review", "suit_direct", "suit_after_review"]),
                organ="满洲里市人民政府",
                filed_on=filed,
                result=rng.choice(["upheld", "corrected", "other"]) if concluded else "",
                concluded_on=concluded,
            )
        )
    Appeal.objects.bulk_create(appeals)
    return created, appeals
