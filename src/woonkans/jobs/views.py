"""The jobs page for the functional administrator (functioneel beheerder)."""

from __future__ import annotations

from django.shortcuts import render

from woonkans.conf.celery import schedule
from woonkans.core.decorators import role_required
from woonkans.organisations.models import Role

from . import selectors


@role_required(Role.FUNCTIONEEL_BEHEERDER)
def job_list(request):
    last_runs = {run.task_name: run for run in selectors.last_run_per_task()}
    scheduled = schedule()
    rows = [(job.task, job.description, last_runs.pop(job.task, None)) for job in scheduled]
    # Jobs that ran but are not (or no longer) on the schedule, e.g. started by hand.
    rows += [(name, "", run) for name, run in sorted(last_runs.items())]
    return render(
        request,
        "jobs/list.html",
        {
            "status": selectors.scheduler_status(),
            "rows": rows,
            "recent_runs": selectors.recent_runs(),
            "email_counts": selectors.email_counts(),
        },
    )
