from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "woonkans.demo"
    label = "demo"
