from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "woonkans.capacity"
    label = "capacity"
    verbose_name = _("Repayment capacity")

    def ready(self) -> None:
        from woonkans.households.timeline import register

        register("capacity.calculated", _("Repayment capacity calculated"))
        register("capacity.proposed", _("Payment plan proposed"))
        register("capacity.accepted", _("Payment plan accepted"))
        register("capacity.declined", _("Payment plan declined"))
        register("capacity.withdrawn", _("Payment plan proposal withdrawn"))
