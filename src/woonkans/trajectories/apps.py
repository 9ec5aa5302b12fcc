from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    name = "woonkans.trajectories"
    label = "trajectories"
    verbose_name = _("Last-chance trajectories")

    def ready(self) -> None:
        from woonkans.households import timeline

        timeline.register("trajectory.referred", _("Referred for the last-chance trajectory"))
        timeline.register("trajectory.transition", _("Last-chance trajectory: next step"))
        timeline.register("trajectory.member", _("Last-chance trajectory: people"))
        timeline.register("trajectory.note", _("Last-chance trajectory: note"))
        timeline.register("trajectory.hold", _("Eviction route on hold or resumed"))
        timeline.register(
            "trajectory.access_ended", _("Last-chance trajectory: partners' access ended")
        )

        from woonkans.households.holds import register_hold_provider

        from .holds import trajectory_holds

        register_hold_provider(trajectory_holds)
