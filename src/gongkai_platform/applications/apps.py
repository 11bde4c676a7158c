from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai_platform.applications"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai_platform.applications import signals  # noqa: F401
