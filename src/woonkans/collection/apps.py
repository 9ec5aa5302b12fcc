from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "woonkans.collection"
    label = "collection"
