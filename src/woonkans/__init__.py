"""Woonkans: preventing evictions over rent arrears."""

from .conf.celery import app as celery_app

__all__ = ["celery_app"]
