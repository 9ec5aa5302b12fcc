from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "woonkans.conferences"
    label = "conferences"
    verbose_name = _("Case conferences")

    def ready(self) -> None:
        from woonkans.households import timeline

        timeline.register("conference.decision", _("Case conference decision"))
