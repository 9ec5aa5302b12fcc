from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "woonkans.budgets"
    label = "budgets"
    verbose_name = _("Budget management")

    def ready(self) -> None:
        from woonkans.households import timeline

        from . import hooks
        from .timeline import KINDS

        for kind, label in KINDS.items():
            timeline.register(kind, label)
        hooks.connect()
