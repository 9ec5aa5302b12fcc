from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "woonkans.signals"
    label = "signals"
