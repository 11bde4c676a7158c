from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai_platform.accounts"
    verbose_name = "账户"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_migrate, pre_delete

        from gongkai_platform.accounts.permission_names import name_in_chinese
        from gongkai_platform.accounts.services import refuse_delete
        from gongkai_platform.accounts.views import audit_lockout
        from gongkai_platform.thirdparty import chinese_boolean_icons

        user_locked_out.connect(audit_lockout, dispatch_uid="gongkai-audit-lockout")
        post_migrate.connect(
            name_in_chinese, dispatch_uid="gongkai-permission-names"
        )  # after auth creates them
        pre_delete.connect(refuse_delete, sender=get_user_model(), dispatch_uid="gongkai-users-never-deleted")
        chinese_boolean_icons()  # the admin's 是/否 icons (the accounts app owns who sees the admin)
