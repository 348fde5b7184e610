"""Settings of the task worker processes that ``test_worker.py`` starts: the test settings, with
tasks queued in the database (the test process enqueues them there too)."""

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
