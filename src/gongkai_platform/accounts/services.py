"""Accounts are deactivated, never deleted: every audit entry, workflow step and signature keeps pointing at the
person who acted. A deactivated user cannot log in, and any session they still hold ends on its next request
(Django's ModelBackend refuses inactive users)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from gongkai_platform.auditlog.services import record


@transaction.atomic
def deactivate(actor, user, reason: str = "") -> None:
    if user.pk == actor.pk:
        raise ValidationError("不能停用自己正在使用的账户。")
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    record(actor, "user.deactivate", user, {"reason": reason})


@transaction.atomic
def reactivate(actor, user) -> None:
    if user.is_active:
        return
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(actor, "user.reactivate", user)


def refuse_delete(sender, instance, **kwargs):
    """pre_delete guard on the user model: deleting would orphan the history."""
    raise ProtectedError(
        f"用户“{instance.get_username()}”只能停用，不能删除：其操作记录必须保留。", {instance}
    )
