from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai_platform.portal"
    verbose_name = "政府信息公开网站"

    def ready(self):
        from gongkai_platform.catalogue import hooks
        from gongkai_platform.portal import cache

        hooks.connect(cache.on_catalogue_event)
