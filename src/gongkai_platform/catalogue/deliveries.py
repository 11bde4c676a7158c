"""The register of deliveries (条例第二十五条: 及时向国家档案馆、公共图书馆提供主动公开的政府信息) of the 指南, the
目录 and the 年报: recorded by the agency's staff, in a transaction, with an audit entry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai_platform.agencies import permissions
from gongkai_platform.agencies.models import Agency, Role
from gongkai_platform.auditlog.services import record, snapshot
from gongkai_platform.catalogue.models import Delivery

RECORDING_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SIGNER)
FIELDS = [
    "delivered_on",
    "recipient",
    "recipient_name",
    "what",
    "edition",
    "copies",
    "delivered_by",
    "received_by",
    "note",
]


def can_record(user, agency: Agency) -> bool:
    return any(permissions.has_role(user, agency, role) for role in RECORDING_ROLES)


def recording_agencies(user):
    ids = {a.pk for role in RECORDING_ROLES for a in permissions.agencies_with_role(user, role)}
    return Agency.objects.filter(pk__in=ids)


def record_delivery(user, agency: Agency, **fields) -> Delivery:
    if not can_record(user, agency):
        raise PermissionDenied(f"您没有在“{agency.name}”登记送交的权限。")
    delivery = Delivery(agency=agency, recorded_by=user, **fields)
    if delivery.delivered_on and delivery.delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": "送交日期不能晚于今天。"})
    delivery.full_clean()
    with transaction.atomic():
        delivery.save()
        record(user, "delivery.create", delivery, snapshot(delivery, FIELDS))
    return delivery


def visible_to(user):
    return Delivery.objects.filter(agency__in=permissions.readable_agencies(user)).select_related("agency")
