"""Two requests (or actions) at the same moment, for the tests of races: run in threads of their
own, each with its own database connection, in a transactional test
(``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``)."""

import threading
import time

from django.db import connection
from django.test import Client


def slowed(monkeypatch, owner, name, seconds=0.3):
    """``owner.name`` holds its caller a moment after it has run (its transaction still open),
    so that a second request arrives before the first commits."""
    original = getattr(owner, name)

    def slow(*args, **kwargs):
        value = original(*args, **kwargs)
        time.sleep(seconds)
        return value

    monkeypatch.setattr(owner, name, slow)


def at_once(*calls):
    """Each of ``calls`` in a thread of its own, all started at the same moment; what each
    returned (or the exception it raised), in the order of ``calls``."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(number, call):
        start.wait()
        try:
            results[number] = call()
        except Exception as error:  # noqa: BLE001 - the test looks at it
            results[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def post_as(user, url, data):
    """A POST by ``user`` signed in on a browser of their own (for ``at_once``)."""
    browser = Client()
    browser.force_login(user)
    return browser.post(url, data)
