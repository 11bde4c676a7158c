"""Chinese names for the third-party apps the admin shows (系统管理). Texts those apps mark for translation are
translated in `gongkai_platform/locale/` (the apps ship no Chinese); the rest is set here: the tasks app's
and axes' section names, and its admin's column headers, which it writes as plain English strings."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib import admin
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "登录防护"


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = "后台任务"

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.admin import DBTaskResultAdmin
        from django_tasks_db.models import DBTaskResult

        class ChineseDBTaskResultAdmin(DBTaskResultAdmin):
            list_display = ("id", "task_label", *DBTaskResultAdmin.list_display[2:])

            @admin.display(description="任务")
            def task_label(self, obj):
                return obj.task_name

            @admin.display(description="出错信息")
            def formatted_traceback(self, obj):
                return super().formatted_traceback(obj)

            @admin.display(description="最早执行时间")
            def display_run_after(self, obj):
                return super().display_run_after(obj)

        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
        admin.site.register(DBTaskResult, ChineseDBTaskResultAdmin)
