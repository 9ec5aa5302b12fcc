"""Celery tasks of the case conference. Thin: they call a use case.

* ``conferences.schedule_next_meetings`` (daily at 05:30, see ``conf/celery.py``) plans
  the next meeting of every active schedule; re-running changes nothing.
"""

from __future__ import annotations

from woonkans.jobs.helpers import daily_run_key, scheduled_task

from . import services


@scheduled_task("conferences.schedule_next_meetings", run_key=daily_run_key)
def schedule_next_meetings() -> dict[str, int]:
    return {"meetings_planned": services.schedule_all()}
