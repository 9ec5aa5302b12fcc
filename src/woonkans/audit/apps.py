from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "woonkans.audit"
    label = "audit"
