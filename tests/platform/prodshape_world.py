"""The little world the two-process test needs, built in its own database by `manage.py shell` (the full demo
takes minutes on a busy machine): two agencies, their staff, and one item waiting for sign-off."""

from datetime import date

from django.contrib.auth import get_user_model

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role
from gongkai_platform.catalogue import services
from gongkai_platform.catalogue.models import Column

PASSWORD = "gongkai-demo-2026"


def build() -> None:
    users = get_user_model().objects
    users.create_superuser("admin", password=PASSWORD)
    city = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    staff = {}
    for slug, name, code in (
        ("mzl-stats", "满洲里市统计局", "11152200MB0000002"),
        ("mzl-office", "满洲里市人民政府办公室", "11152200MB0000001"),
    ):
        agency = Agency.objects.create(jurisdiction=city, name=name, slug=slug, org_code=code)
        for role in (Role.EDITOR, Role.REVIEWER, Role.SIGNER):
            user = users.create_user(f"{slug}-{role}", password=PASSWORD)
            Membership.objects.create(user=user, agency=agency, role=role)
            staff[(slug, role)] = user
    stats = Agency.objects.get(slug="mzl-stats")
    item = services.create_draft(
        staff[("mzl-stats", Role.EDITOR)],
        stats,
        column=Column.objects.get(agency=None, slug="article20-4"),
        title="满洲里市2025年国民经济和社会发展统计公报",
        body="全年地区生产总值比上年增长5.2%。",
        written_on=date(2026, 3, 2),
    )
    item = services.submit_for_review(staff[("mzl-stats", Role.EDITOR)], item)
    services.approve_review(staff[("mzl-stats", Role.REVIEWER)], item)
