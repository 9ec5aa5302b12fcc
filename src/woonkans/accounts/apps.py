from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "woonkans.accounts"
    label = "accounts"
