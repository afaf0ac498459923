"""The project's wiring: settings, URLs, the Celery app, WSGI and ASGI. It may import every app; no app imports it.

The Celery app is loaded with the project so that ``@shared_task`` functions bind to it.
"""

from config.celery import app as celery_app

__all__ = ["celery_app"]
