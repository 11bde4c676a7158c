"""Permission names in Chinese. Django names the permissions it creates `Can add 机构` — English words the
admin shows on every user and group page — and translates nothing there, so after each migrate they are
renamed `可以添加机构`."""

from django.contrib.auth.models import Permission

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def name_in_chinese(using: str = "default", **kwargs) -> None:
    """post_migrate: rename the default permissions Django has just created (custom ones are named by us)."""
    renamed = []
    for permission in (
        Permission.objects.using(using).select_related("content_type").filter(name__startswith="Can ")
    ):
        action = permission.codename.split("_", 1)[0]
        model = permission.content_type.model_class()
        if action in ACTIONS and model is not None:
            permission.name = f"可以{ACTIONS[action]}{model._meta.verbose_name}"
            renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"], batch_size=500)
