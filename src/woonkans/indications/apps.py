from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicationsConfig(AppConfig):
    name = "woonkans.indications"
    label = "indications"
    verbose_name = _("Indications")
