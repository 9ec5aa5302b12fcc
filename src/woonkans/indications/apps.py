from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicationsConfig(AppConfig):
    name = "woonkans.indications"
    label = "indications"
    verbose_name = _("Indications")

    def ready(self) -> None:
        from woonkans.households import timeline

        timeline.register("indication.issued", _("Indication issued"))
        timeline.register("indication.changed", _("Indication changed"))
        timeline.register("indication.ended", _("Indication ended"))
