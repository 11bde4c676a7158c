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
            shown_as = {
                "id": "task_number",
                "args_kwargs": "arguments",
                "queue_name": "queue",
                "backend_name": "backend",
            }

            def get_readonly_fields(self, request, obj=None):
                return [self.shown_as.get(f, f) for f in super().get_readonly_fields(request, obj)]

            @admin.display(description="任务编号")
            def task_number(self, obj):
                return str(obj.id)

            @admin.display(description="参数")
            def arguments(self, obj):
                values = [*obj.args_kwargs.get("args", []), *obj.args_kwargs.get("kwargs", {}).values()]
                return "、".join(map(str, values)) or "（无）"

            @admin.display(description="队列")
            def queue(self, obj):
                return "默认" if obj.queue_name == "default" else obj.queue_name

            @admin.display(description="后端")
            def backend(self, obj):
                return "默认" if obj.backend_name == "default" else obj.backend_name

            @admin.display(description="任务")
            def task_label(self, obj):
                return obj.task_name

            @admin.display(description="出错信息")
            def formatted_traceback(self, obj):
                return super().formatted_traceback(obj)

            @admin.display(description="最早执行时间")
            def display_run_after(self, obj):
                return super().display_run_after(obj)

        # the change page's title and breadcrumbs name the record by str(): Django's "DBTaskResult object (…)"
        DBTaskResult.__str__ = lambda result: f"后台任务 {result.id}"
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
        admin.site.register(DBTaskResult, ChineseDBTaskResultAdmin)


BOOLEAN_ALT = {True: "是", False: "否", None: "未知"}


def chinese_boolean_icons() -> None:
    """The admin's yes/no icons read 是/否/未知 to a screen reader instead of True/False/None. Django writes that
    alt text in Python (`admin_list._boolean_icon`, used by the lists, readonly fields and inlines), not in a
    template, so no template override reaches it; the function is replaced with one that differs only in the
    alt text. It is private to Django: tests/platform/test_chinese_ui.py fails if an upgrade stops this working."""
    from django.contrib.admin.templatetags import admin_list
    from django.templatetags.static import static
    from django.utils.html import format_html

    def boolean_icon(field_val):
        icon = {True: "yes", False: "no", None: "unknown"}[field_val]
        icon_url = static(f"admin/img/icon-{icon}.svg")
        return format_html('<img src="{}" alt="{}">', icon_url, BOOLEAN_ALT[field_val])

    admin_list._boolean_icon = boolean_icon
