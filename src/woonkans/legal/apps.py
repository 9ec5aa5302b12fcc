from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "woonkans.legal"
    label = "legal"
    verbose_name = _("Legal route")

    def ready(self) -> None:
        from woonkans.households import timeline

        from . import hooks
        from .timeline import KINDS

        for kind, label in KINDS.items():
            timeline.register(kind, label)
        hooks.connect()
