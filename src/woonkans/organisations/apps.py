from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "woonkans.organisations"
    label = "organisations"
