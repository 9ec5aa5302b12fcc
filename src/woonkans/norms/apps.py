from django.apps import AppConfig


class NormsConfig(AppConfig):
    name = "woonkans.norms"
    label = "norms"
