from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai_platform.accounts"
    verbose_name = "账户"

    def ready(self):
        from axes.signals import user_locked_out

        from gongkai_platform.accounts.views import audit_lockout

        user_locked_out.connect(audit_lockout, dispatch_uid="gongkai-audit-lockout")
