from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "woonkans.tasks"
    label = "tasks"
    verbose_name = _("Tasks and due items")

    def ready(self) -> None:
        from woonkans.households import timeline
        from woonkans.trajectories.signals import transitioned

        from . import completions, receivers
        from .registry import register_completion

        timeline.register("incident.reported", _("Incident reported"))
        transitioned.connect(receivers.on_transitioned, dispatch_uid="tasks.due_items_sync")
        register_completion("evaluation", completions.evaluation_held)
