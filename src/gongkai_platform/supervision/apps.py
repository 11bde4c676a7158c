from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai_platform.supervision"
    verbose_name = "公开办监督"
