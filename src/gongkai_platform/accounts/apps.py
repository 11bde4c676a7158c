from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai_platform.accounts"
    verbose_name = "账户"
