"""Permission names in Chinese. Django names the permissions it creates `Can add 机构` — English words the
admin shows on every user and group page — and translates nothing there, so after each migrate they are
renamed `可以添加机构`, with the model's name in Chinese (under the site's language: `migrate` may run with none
active, and third-party models such as axes' and the tasks' are named through our locale/)."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def name_in_chinese(using: str = "default", **kwargs) -> None:
    """post_migrate: (re)name the default permissions (`add_<model>` …); custom ones are named by us."""
    renamed = []
    with translation.override(settings.LANGUAGE_CODE):
        for permission in Permission.objects.using(using).select_related("content_type"):
            action, _, model_name = permission.codename.partition("_")
            model = permission.content_type.model_class()
            if action not in ACTIONS or model is None or model_name != permission.content_type.model:
                continue
            name = f"可以{ACTIONS[action]}{model._meta.verbose_name}"[:255]
            if permission.name != name:
                permission.name = name
                renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"], batch_size=500)
