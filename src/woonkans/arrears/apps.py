from django.apps import AppConfig


class ArrearsConfig(AppConfig):
    name = "woonkans.arrears"
    label = "arrears"
