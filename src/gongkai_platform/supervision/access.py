"""Who may supervise a jurisdiction: its 公开办 (a supervisor membership at or above it) and system admins."""

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role
from gongkai_platform.agencies.permissions import jurisdiction_subtree


def supervised_jurisdictions(user) -> list[Jurisdiction]:
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Jurisdiction.objects.filter(parent__isnull=True))
    roots = Membership.objects.filter(user=user, role=Role.SUPERVISOR).select_related("agency__jurisdiction")
    return sorted({m.agency.jurisdiction for m in roots}, key=lambda j: j.name)


def can_supervise(user, jurisdiction: Jurisdiction) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return any(jurisdiction.pk in jurisdiction_subtree(j) for j in supervised_jurisdictions(user))


def agencies_under(jurisdiction: Jurisdiction):
    return Agency.objects.filter(jurisdiction_id__in=jurisdiction_subtree(jurisdiction)).select_related(
        "jurisdiction"
    )
