from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "woonkans.legal"
    label = "legal"
