"""The Celery application. Tasks live in each business area's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "woonkans.conf.settings")

app = Celery("woonkans")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
