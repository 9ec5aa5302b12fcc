from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "woonkans.api"
    label = "api"
