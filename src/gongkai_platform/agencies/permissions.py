"""What a user may see and do, in one place, so views and services ask the same questions.

Rules: editors, reviewers and signers act inside their own agency only; a supervisor (公开办) reads, but
does not
act on, every agency under the jurisdiction of the agency that holds the membership, including lower
jurisdictions; a superuser (system admin) reads everything. Nobody sees another agency's unpublished items
unless one of these rules grants it.
"""

from django.db.models import QuerySet

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role


def jurisdiction_subtree(root: Jurisdiction) -> set[int]:
    """Ids of `root` and every jurisdiction below it (the tree is small: one query per level)."""
    found = {root.pk}
    frontier = [root.pk]
    while frontier:
        frontier = list(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in found]
        found.update(frontier)
    return found


def agencies_with_role(user, role: str) -> QuerySet[Agency]:
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user, memberships__role=role).distinct()


def readable_agencies(user) -> QuerySet[Agency]:
    """Agencies whose unpublished items the user may read."""
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    memberships = Membership.objects.filter(user=user).select_related("agency__jurisdiction")
    own = {m.agency_id for m in memberships}
    jurisdictions: set[int] = set()
    for m in memberships:
        if m.role == Role.SUPERVISOR:
            jurisdictions |= jurisdiction_subtree(m.agency.jurisdiction)
    return Agency.objects.filter(pk__in=own) | Agency.objects.filter(jurisdiction_id__in=jurisdictions)


def has_role(user, agency: Agency, role: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(user=user, agency=agency, role=role).exists()


def can_read(user, agency: Agency) -> bool:
    return readable_agencies(user).filter(pk=agency.pk).exists()


def roles_in(user, agency: Agency) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, agency=agency).values_list("role", flat=True))
