from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "woonkans.signals"
    label = "signals"
    verbose_name = _("Early signals")

    def ready(self) -> None:
        from woonkans.households import timeline

        from .timeline import KINDS

        for kind, label in KINDS.items():
            timeline.register(kind, label)
