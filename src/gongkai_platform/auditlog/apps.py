from django.apps import AppConfig


class AuditlogConfig(AppConfig):
    name = "gongkai_platform.auditlog"
    verbose_name = "审计日志"
