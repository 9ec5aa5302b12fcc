from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "woonkans.demo"
    label = "demo"

    def ready(self) -> None:
        from woonkans.households import timeline

        from .constants import NOTE_KIND

        timeline.register(NOTE_KIND, _("Case note"))
