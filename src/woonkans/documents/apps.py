from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "woonkans.documents"
    label = "documents"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from woonkans.households import timeline

        timeline.register("costs.booked", _("Collection costs after a 14-day letter"))
