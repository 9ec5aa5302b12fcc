from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "woonkans.jobs"
    label = "jobs"
