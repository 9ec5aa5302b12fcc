from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "woonkans.core"
    label = "core"
