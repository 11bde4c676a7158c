from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "gongkai_platform.workspace"
    verbose_name = "工作台"
