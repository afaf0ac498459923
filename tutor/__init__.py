"""The base app: people, classes, assignments, the job rows Celery tasks work on, and skill evidence."""
