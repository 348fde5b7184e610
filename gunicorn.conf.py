"""gunicorn's settings for Samskab: `make run` and production alike.

gunicorn reads this file from the working directory (`gunicorn innovation.wsgi`); every value
comes from the environment, so production is the same file with other variables.

Restarts drop nothing:

* The app is loaded once, in the master, before the workers are forked (``preload_app``): a new
  worker answers at once, and WeasyPrint is not imported until a document is made.
* ``kill -HUP <master>`` forks new workers from the loaded app and lets the old ones finish what
  they are answering (up to ``graceful_timeout``); the listening socket stays open throughout, so
  no connection is refused. HUP re-reads this file but not the code: to deploy new code, start
  a new master with ``kill -USR2 <master>`` and stop the old one with ``kill -TERM <old master>``
  once the new one answers (or restart the instances behind the load balancer one at a time,
  which watches ``/healthz``).
* A worker is replaced after ``max_requests`` (± jitter, so that they do not all go at once).
"""

import os


def _int(name, default):
    return int(os.environ.get(name, default))


wsgi_app = "innovation.wsgi:application"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
# WEB_CONCURRENCY is gunicorn's own variable for the number of workers.
workers = _int("WEB_CONCURRENCY", max(2, os.cpu_count() or 1))
# Threads per worker (gthread): a slow client or a long export holds one thread, not a worker,
# and the worker keeps telling the master it is alive while it streams.
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
preload_app = True
# Seconds. A worker silent for `timeout` is killed; on a restart or a stop, workers get
# `graceful_timeout` to finish what they answer.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# No control socket in ~/.gunicorn (gunicorn 25+): signals are how Samskab is managed.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")


def when_ready(server):
    """Before the first worker is forked: the app made ready to be shared by the workers
    (``innovation.wsgi.ready_to_fork``)."""
    if preload_app:
        from innovation.wsgi import ready_to_fork

        ready_to_fork()


def pre_fork(server, worker):
    """No database connection opened in the master (while the app was loaded) may be shared
    with the workers: close it before forking."""
    from django.db import connections

    connections.close_all()
