from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "woonkans.households"
    label = "households"
