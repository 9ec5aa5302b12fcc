from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "woonkans.api"
    label = "api"

    def ready(self):
        # Registers the OpenAPI extension for the bearer-token authentication.
        from . import schema  # noqa: F401
