"""Recording audit entries. Services call `record` explicitly in the same transaction as the write they log,
so a rolled-back write leaves no entry and a committed one always has its entry."""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai_platform.auditlog.models import AuditEntry

_PLAIN = (str, int, float, bool, type(None))  # the common case first: a batch's changes hold 200,000 of them


def _jsonable(value):
    if type(value) in _PLAIN:
        return value
    if isinstance(value, date | datetime | Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def record(user, action: str, obj: models.Model | None = None, changes: dict | None = None) -> AuditEntry:
    """Log `action` by `user` (None for the system) on `obj`; `changes` maps field to (old, new) or any
    detail."""
    entry = _entry(user, action, obj, changes)
    entry.save()
    return entry


def record_many(user, action: str, changed: list[tuple[models.Model, dict]]) -> list[AuditEntry]:
    """One entry per (object, changes), as `record` would write each, inserted in bulk (a batch job's writes)."""
    return AuditEntry.objects.bulk_create(
        [_entry(user, action, obj, changes) for obj, changes in changed], batch_size=500
    )


def _entry(user, action: str, obj: models.Model | None, changes: dict | None) -> AuditEntry:
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    return AuditEntry(
        user=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=_jsonable(changes or {}),
    )


def diff(before: dict, after: dict) -> dict:
    """Field-by-field changes between two snapshots, as {field: [old, new]}."""
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def snapshot(obj: models.Model, fields=None) -> dict:
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}
