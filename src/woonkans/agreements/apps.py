from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "woonkans.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from woonkans.households.timeline import register
        from woonkans.trajectories.machine import register_guard
        from woonkans.trajectories.models import State

        from .selectors import started_guard

        register("agreement.created", _("Agreement drafted"))
        register("agreement.changed", _("Agreement changed"))
        register("agreement.signed", _("Signature recorded on the agreement"))
        register("agreement.signed_by_all", _("Agreement signed by all parties"))
        register("agreement.extended", _("Agreement extended"))
        register("agreement.ended", _("Agreement ended early"))
        # The trajectory can only reach "started" when its agreement is signed by all parties.
        register_guard(State.STARTED, started_guard)
