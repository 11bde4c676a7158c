from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gongkai_platform.catalogue"
    verbose_name = "主动公开目录"
