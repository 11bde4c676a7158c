from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai_platform.portal"
    verbose_name = "政府信息公开网站"
