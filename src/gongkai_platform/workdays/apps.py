from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai_platform.workdays"
    verbose_name = "工作日历"
