"""Project package: settings, URLs, the Celery app; people, classes and assignments."""

from tutor.celery import app as celery_app

__all__ = ["celery_app"]
