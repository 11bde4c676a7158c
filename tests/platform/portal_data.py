"""Shared data for the search, portal and API tests: a small jurisdiction tree and published items.

Items are published through catalogue.services.publish (the import path), so the search index is filled by
the same hook as in production."""

from dataclasses import dataclass
from datetime import date

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.catalogue import services, standard_columns, vocabulary
from gongkai_platform.catalogue.models import Column, Genre, InformationItem, Topic


@dataclass
class World:
    city: Jurisdiction
    district: Jurisdiction
    office: Agency
    stats: Agency
    street: Agency

    def column(self, slug: str) -> Column:
        return Column.objects.get(agency=None, slug=slug)

    def topic(self, path: str) -> Topic:
        """A 主题分类 by its full path, e.g. `综合政务\\政务公开`."""
        top, _, child = path.partition("\\")
        return (
            Topic.objects.get(parent__name=top, name=child)
            if child
            else Topic.objects.get(parent=None, name=top)
        )

    def genre(self, name: str) -> Genre:
        return Genre.objects.get(parent=None, name=name)


def make_world() -> World:
    standard_columns.ensure(Column)  # the data migration's rows are gone after a transactional test's flush
    vocabulary.ensure_all(Topic, Genre)
    city = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    district = Jurisdiction.objects.create(name="扎赉诺尔区", slug="zhalainuoer", parent=city)
    return World(
        city=city,
        district=district,
        office=Agency.objects.create(
            jurisdiction=city, name="满洲里市人民政府办公室", slug="mzl-office", org_code="11152200MB0000001"
        ),
        stats=Agency.objects.create(
            jurisdiction=city, name="满洲里市统计局", slug="mzl-stats", org_code="11152200MB0000002"
        ),
        street=Agency.objects.create(
            jurisdiction=district, name="兴华街道办事处", slug="xinghua", org_code="11152200MB0000003"
        ),
    )


def draft(agency: Agency, column: Column, title: str, **fields) -> InformationItem:
    return InformationItem.objects.create(agency=agency, column=column, title=title, **fields)


def published(agency: Agency, column: Column, title: str, on: date = date(2025, 3, 1), **fields):
    return services.publish(None, draft(agency, column, title, **fields), on=on)
