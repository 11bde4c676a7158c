from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai_platform.agencies"
    verbose_name = "机构与人员"
