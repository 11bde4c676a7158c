from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai_platform.search"
    verbose_name = "全文检索"

    def ready(self):
        from gongkai_platform.catalogue import hooks
        from gongkai_platform.search import index

        hooks.connect(index.on_catalogue_event)
