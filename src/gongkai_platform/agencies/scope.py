"""One agency or many: the same counting query serves an agency's report and a jurisdiction's roll-up."""

from django.db.models import Q

from gongkai_platform.agencies.models import Agency


def of_agencies(agencies, field: str = "agency") -> Q:
    """Rows of `agencies` (an Agency, or any iterable or queryset of them) through the foreign key `field`."""
    if isinstance(agencies, Agency):
        return Q(**{field: agencies})
    return Q(**{f"{field}__in": agencies})
