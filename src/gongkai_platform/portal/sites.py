"""A public site is either one agency's or a jurisdiction's (every agency in it and in the areas below it)."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.agencies.permissions import jurisdiction_subtree
from gongkai_platform.catalogue import standard_columns
from gongkai_platform.catalogue.models import Column, InformationItem, State

AGENCY, AREA = "jg", "qh"  # URL prefixes: 机构, 区划


@dataclass
class Site:
    scope: str
    slug: str
    name: str
    agency: Agency | None = None
    jurisdiction: Jurisdiction | None = None

    @property
    def is_agency(self) -> bool:
        return self.scope == AGENCY

    def agencies(self) -> QuerySet[Agency]:
        if self.agency is not None:
            return Agency.objects.filter(pk=self.agency.pk)
        return Agency.objects.filter(jurisdiction_id__in=jurisdiction_subtree(self.jurisdiction))

    def items(self) -> QuerySet[InformationItem]:
        """The site's published items, newest first."""
        items = InformationItem.objects.filter(state=State.PUBLISHED)
        if self.agency is not None:
            items = items.filter(agency=self.agency)
        else:
            items = items.filter(agency__in=self.agencies())
        return items.select_related("agency", "column").order_by("-published_on", "-pk")

    def columns(self) -> QuerySet[Column]:
        """Standard columns, plus the agency's own on an agency site."""
        own = Q(agency=self.agency) if self.agency is not None else Q(pk__in=[])
        return Column.objects.filter(Q(agency=None) | own)

    def children(self, column: Column) -> QuerySet[Column]:
        """A column's sub-columns; on an agency's site without the 第二十一条 ones of other agency levels."""
        found = column.children.all()
        return found.exclude(**standard_columns.visible_to(self.agency)) if self.agency else found

    def column(self, slug: str) -> Column:
        """The column with this slug; the agency's own wins over a standard one of the same name."""
        column = self.columns().filter(slug=slug).order_by(F("agency_id").desc(nulls_last=True)).first()
        if column is None:
            raise Http404("没有这个栏目。")
        return column


def get_site(scope: str, slug: str) -> Site:
    if scope == AGENCY:
        agency = get_object_or_404(Agency.objects.select_related("jurisdiction"), slug=slug)
        return Site(scope, slug, agency.name, agency=agency, jurisdiction=agency.jurisdiction)
    jurisdiction = get_object_or_404(Jurisdiction, slug=slug)
    return Site(scope, slug, jurisdiction.name, jurisdiction=jurisdiction)


def site_of(agency: Agency) -> Site:
    return Site(AGENCY, agency.slug, agency.name, agency=agency, jurisdiction=agency.jurisdiction)
